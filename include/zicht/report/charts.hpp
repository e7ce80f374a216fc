// Vega-Lite chart builders for the report.
//
// Each builder is a pure function from plain data to a Vega-Lite v6 specification as JSON
// text, ready for Chart::vega_lite_json (html_page.hpp). The specifications carry their data
// inline ("values", never a URL), fill the width of their container (but Overlap, whose
// two panels side by side share one row per combination), have tooltips, use the report's
// colours, and name only fonts every system has, so they render offline and look alike.
//
// Every axis, legend and tooltip title is the caller's text (`...Titles` structs), so the
// same builder serves an English and a Dutch report. Percentages are shares in 0..1 and are
// shown as percent.
//
// Disclosure: a count or share that the monitor suppressed is std::nullopt here. It goes
// into the specification as null with the caller's label for it (e.g. "<10"), and the chart
// shows that label; no number for it reaches the JSON.
//
// Errors: InvalidArgument, saying which item is wrong, for input that breaks a contract
// below (a share outside 0..1, an interval with only one bound or with reversed bounds, a
// value that is not finite, a negative count, an unknown set name, a suppressed value
// without the label that stands for it). An interval need not contain its estimate: a
// bootstrap percentile interval may not. An empty series is valid and gives an empty chart.
//
// Thread safety: pure functions; safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::report {

// 1. A share over time, e.g. the share of minors per year, as a line with points and the
// 95% interval as a band. Points are drawn in the order given.
struct SharePoint {
  std::string label;            // x, e.g. the year "2015"
  std::optional<double> share;  // 0..1; nullopt when suppressed (the line breaks there)
  std::optional<double> lower;  // the interval, 0..1, both or neither, lower <= upper
  std::optional<double> upper;
};
struct ShareTitles {
  std::string x;           // "Year"
  std::string y;           // "Share of minors"
  std::string interval;    // "95% interval"
  std::string suppressed;  // shown where a share is suppressed, e.g. "<10"
};
Result<std::string> ShareWithBand(const std::vector<SharePoint>& points, const ShareTitles& titles);

// 2. 100% stacked horizontal bars: per group (e.g. period "2015-2016") the shares of its
// categories (e.g. visible, less visible). Groups and categories keep the order of first
// appearance. A suppressed share leaves its part of the bar empty rather than stretching
// the others.
struct ShareOfGroup {
  std::string group;
  std::string category;
  std::optional<double> share;  // 0..1; nullopt when suppressed
  std::string count_text;       // for the tooltip, e.g. "412" or "<10"
};
struct StackedSharesTitles {
  std::string share;     // x axis, "Share"
  std::string group;     // y axis, "Period"
  std::string category;  // legend, "Visibility of the sector"
  std::string count;     // tooltip, "Persons"
};
Result<std::string> StackedShares(const std::vector<ShareOfGroup>& rows,
                                  const StackedSharesTitles& titles);

// 3. Grouped bars: per category (x, e.g. exploitation form) one bar per group (colour, e.g.
// year). A suppressed count gets no bar, only its label at the baseline.
struct GroupedCount {
  std::string category;
  std::string group;
  std::optional<std::int64_t> count;  // >= 0; nullopt when suppressed
  std::string label;  // shown on the bar, e.g. "<10" when suppressed; empty: the count itself
};
struct GroupedCountsTitles {
  std::string category;  // x axis
  std::string count;     // y axis
  std::string group;     // legend
};
Result<std::string> GroupedCounts(const std::vector<GroupedCount>& rows,
                                  const GroupedCountsTitles& titles);

// 4. Registered against estimated victims per year: a bar for the registered count, the
// estimate as a point with its interval, and the gap between them (the dark number) as a
// pale bar from the registered count up to the estimate.
struct RegisteredEstimate {
  std::string year;
  std::optional<std::int64_t> registered;  // nullopt when suppressed
  std::optional<double> estimate;          // nullopt when no estimate exists (the model does not)
  std::optional<double> lower;             // the estimate's interval, both or neither
  std::optional<double> upper;
};
struct RegisteredEstimateTitles {
  std::string year;         // x axis
  std::string persons;      // y axis, "Victims"
  std::string registered;   // legend entry, "Registered"
  std::string estimate;     // legend entry and tooltip (with the interval), "Estimated"
  std::string dark_number;  // legend entry, "Not registered (estimated)"
  std::string suppressed;   // label where the registered count is suppressed, "<10"
  std::string no_estimate;  // shown above a year without estimate, "no estimate"
};
Result<std::string> RegisteredVersusEstimated(const std::vector<RegisteredEstimate>& years,
                                              const RegisteredEstimateTitles& titles);

// 5. The overlap of lists (sources) in UpSet style, one row per combination: on the left a
// dot matrix with one column per set and a filled dot where the combination includes it, on
// the right the combination's size as a horizontal bar with its label ("<10" where it is
// suppressed). Every combination is drawn; the chart grows in height with their number and
// keeps a fixed width (about 330 px plus 26 px per set and the set names), so it fits a page
// column without scrolling. Combinations are ordered by size, largest first; suppressed ones
// (whose size is between 1 and the threshold) come after every shown nonzero count, zeros
// last.
struct Combination {
  std::vector<std::string> sets;      // names from `set_names`, at least one, each once
  std::optional<std::int64_t> count;  // >= 0; nullopt when suppressed
  std::string label;  // shown above the bar, "<10" when suppressed; empty: the count
};
struct OverlapTitles {
  std::string count;        // axis of the bars, "Persons"
  std::string sets;         // axis of the matrix's columns, "Reported by"
  std::string combination;  // tooltip, "Combination"
};
Result<std::string> Overlap(const std::vector<std::string>& set_names,
                            const std::vector<Combination>& combinations,
                            const OverlapTitles& titles);

// 6. A histogram over given bins, e.g. match weights in bits. Bins must not overlap
// (start < end, and each starts at or after the previous one's end). A suppressed bin is
// marked by its label at the baseline. An optional marker draws a vertical rule, e.g. at
// the match threshold.
struct HistogramBin {
  double start = 0;
  double end = 0;
  std::optional<std::int64_t> count;  // >= 0; nullopt when suppressed
  std::string label;                  // shown for a suppressed bin, e.g. "<10"
};
struct HistogramTitles {
  std::string x;       // "Match weight (bits)"
  std::string count;   // "Pairs"
  std::string marker;  // label of the marker rule, "Threshold"
};
Result<std::string> Histogram(const std::vector<HistogramBin>& bins, const HistogramTitles& titles,
                              std::optional<double> marker = std::nullopt);

// 7. The m and u probabilities of every comparison level, one row per level grouped by
// comparison (in the order given), m and u as two coloured points joined by a line whose
// length on a log scale is the level's weight. Probabilities are in 0..1, and above 0 when
// `log_scale`.
struct MAndUPoint {
  std::string comparison;  // e.g. "family name"
  std::string level;       // e.g. "Dice >= 0.9"
  double m = 0;
  double u = 0;
};
struct MAndUTitles {
  std::string probability;  // x axis, "Probability"
  std::string level;        // y axis, "Comparison level"
  std::string comparison;   // tooltip, "Comparison"
  std::string m;            // legend entry, "m (among matches)"
  std::string u;            // legend entry, "u (among non-matches)"
  std::string weight;       // tooltip, "Weight (bits)"
};
Result<std::string> MAndU(const std::vector<MAndUPoint>& levels, const MAndUTitles& titles,
                          bool log_scale = true);

// 8. One estimate by several methods (sensitivity analysis): per method a point with its
// interval as a rule, in the order given. A method without an estimate shows its note
// instead. An optional reference draws a vertical rule, e.g. at the registered count.
struct MethodEstimate {
  std::string method;
  std::optional<double> estimate;  // nullopt when this method gives none
  std::optional<double> lower;     // both or neither
  std::optional<double> upper;
  std::string note;  // tooltip, or shown when there is no estimate
};
struct SensitivityTitles {
  std::string estimate;   // x axis, "Estimated victims"
  std::string method;     // y axis, "Method"
  std::string interval;   // tooltip, "95% interval"
  std::string note;       // tooltip, "Note"
  std::string reference;  // label of the reference rule, "Registered"
};
Result<std::string> Sensitivity(const std::vector<MethodEstimate>& methods,
                                const SensitivityTitles& titles,
                                std::optional<double> reference = std::nullopt);

// 9. The waterfall of one pair's match weight: the prior's log-odds, then each
// comparison's weight at the level the pair reached, as bars that start where the
// running sum before them ended, and the total as a last bar from zero. A vertical rule
// marks the threshold weight. Steps in the order given; each label once.
struct WaterfallBar {
  std::string label;  // e.g. "prior" or "family name: Dice >= 0.9"
  double weight = 0;  // bits, added to the running sum
};
struct WaterfallTitles {
  std::string weight;     // x axis, "Match weight (bits)"
  std::string step;       // y axis, "Comparison and level"
  std::string total;      // label of the last bar, "Total"
  std::string threshold;  // label of the rule, "Threshold"
};
Result<std::string> Waterfall(const std::vector<WaterfallBar>& steps, const WaterfallTitles& titles,
                              double threshold_weight);

}  // namespace zicht::report
