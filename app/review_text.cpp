#include "review_text.hpp"

#include <fmt/format.h>

namespace zicht::app {

namespace {

std::string Proportion(const char* name, const link::ProportionEstimate& p) {
  if (!p.defined)
    return fmt::format("{} not estimated (no reviewed pair in its denominator)", name);
  return fmt::format(
      "{} {:.3f} (95% interval {:.3f} to {:.3f}; {} reviewed pairs, effective {:.1f})", name,
      p.estimate, p.lower, p.upper, p.pairs, p.effective_n);
}

nlohmann::json ProportionJson(const link::ProportionEstimate& p) {
  if (!p.defined) return nullptr;
  return {{"estimate", p.estimate},
          {"lower", p.lower},
          {"upper", p.upper},
          {"pairs", p.pairs},
          {"effective_n", p.effective_n}};
}

}  // namespace

std::string ReviewSummaryText(const link::ReviewSummary& s, const std::string& indent) {
  std::string out = fmt::format("{}labels held: {} ({} match, {} non-match, {} unsure)\n", indent,
                                s.labels, s.matches, s.non_matches, s.unsure);
  if (s.labels == 0) return out;
  out += fmt::format("{}estimated from sample {}: {} labels", indent, s.sample, s.sample_labels);
  if (s.other_sample_labels > 0) {
    out += fmt::format(" ({} labels of other samples fix their pairs but are left out)",
                       s.other_sample_labels);
  }
  out += "\n";
  if (s.without_decision > 0) {
    out += fmt::format(
        "{}{} reviewed pairs left out: their records were not both in the store when last "
        "linked\n",
        indent, s.without_decision);
  }
  out += fmt::format("{}  {}\n", indent, Proportion("precision", s.estimate.precision));
  out += fmt::format("{}  {}\n", indent, Proportion("recall   ", s.estimate.recall));
  out += fmt::format(
      "{}  of the linkage's own decisions, over the {} scored pairs of the {} strata reviewed "
      "(weighted back by the sampling design; Wilson intervals at Kish's effective size)\n",
      indent, s.estimate.pairs_represented, s.estimate.strata);
  return out;
}

nlohmann::json ReviewSummaryJson(const link::ReviewSummary& s) {
  return {{"labels", s.labels},
          {"matches", s.matches},
          {"non_matches", s.non_matches},
          {"unsure", s.unsure},
          {"sample", s.sample},
          {"sample_labels", s.sample_labels},
          {"other_sample_labels", s.other_sample_labels},
          {"without_decision", s.without_decision},
          {"reviewed", s.estimate.reviewed},
          {"reviewed_matches", s.estimate.matches},
          {"strata", s.estimate.strata},
          {"pairs_represented", s.estimate.pairs_represented},
          {"estimated_matches", s.estimate.estimated_matches},
          {"precision", ProportionJson(s.estimate.precision)},
          {"recall", ProportionJson(s.estimate.recall)}};
}

}  // namespace zicht::app
