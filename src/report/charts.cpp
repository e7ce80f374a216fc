#include "zicht/report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace zicht::report {
namespace {

// Ordered, so that a specification reads in the order it was written ("$schema" first).
using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://vega.github.io/schema/vega-lite/v6.json";

// The report's colours. The palette is dark enough for white labels on every colour and
// stays apart for the common forms of colour blindness (after Okabe & Ito).
constexpr std::string_view kPrimary = "#1d4e89";
constexpr std::string_view kAccent = "#b23a1e";
constexpr std::string_view kPale = "#aac4e2";
constexpr std::string_view kPaleAccent = "#f2c6b8";
constexpr std::string_view kMuted = "#6b7280";
constexpr std::string_view kEmptyDot = "#d9dee5";

// Shared by every chart and carried in each specification, so an exported or copied
// specification looks the same outside the page. Only fonts every system has: the page
// loads no font.
const Json& Config() {
  static const Json kConfig = Json::parse(R"json({
    "background": "#ffffff",
    "font": "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    "padding": 4,
    "view": {"stroke": null},
    "axis": {
      "labelColor": "#374151", "labelFontSize": 12,
      "titleColor": "#1f2937", "titleFontSize": 12, "titleFontWeight": 600, "titlePadding": 8,
      "gridColor": "#e5e7eb", "domainColor": "#9ca3af", "tickColor": "#9ca3af"
    },
    "legend": {
      "orient": "top", "labelColor": "#374151", "labelFontSize": 12, "labelLimit": 260,
      "titleColor": "#1f2937", "titleFontSize": 12, "titleFontWeight": 600
    },
    "range": {"category": ["#1d4e89", "#c26a00", "#1b7f5f", "#8e3b74", "#4f6d8a", "#a23b2a",
                           "#6a5d00", "#2f7fbf"]},
    "text": {"fontSize": 11, "color": "#1f2937"},
    "point": {"size": 64},
    "bar": {"color": "#1d4e89"}
  })json");
  return kConfig;
}

// A specification is written as a Vega-Lite template in which some string values are
// placeholders "{{name}}"; Fill replaces each with a JSON value (data, titles, orders).
// Caller text only ever lands in data values and titles this way, never inside a vega
// expression, so no escaping of expression strings is needed.
void Fill(Json& node, const std::map<std::string, Json>& fills, std::set<std::string>& used) {
  if (node.is_string()) {
    const auto& text = node.get_ref<const std::string&>();
    if (text.size() > 4 && text.starts_with("{{") && text.ends_with("}}")) {
      const std::string name = text.substr(2, text.size() - 4);
      const auto it = fills.find(name);
      if (it == fills.end()) {
        throw std::logic_error("chart template has no fill for " + name);
      }
      used.insert(name);
      node = it->second;
    }
    return;
  }
  if (node.is_structured()) {
    for (auto& child : node) {
      Fill(child, fills, used);
    }
  }
}

// Parses a template, fills it, and puts "$schema" first and the shared config last. A
// template or fill that does not fit is a bug in this file, hence an exception.
Json FromTemplate(std::string_view text, const std::map<std::string, Json>& fills) {
  Json body = Json::parse(text);
  std::set<std::string> used;
  Fill(body, fills, used);
  for (const auto& [name, value] : fills) {
    if (!used.contains(name)) {
      throw std::logic_error("chart template does not use " + name);
    }
  }
  Json spec = Json::object();
  spec["$schema"] = kSchema;
  for (auto& [key, value] : body.items()) {
    spec[key] = std::move(value);
  }
  spec["config"] = Config();
  return spec;
}

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// The height of a chart with one band per row. A "step" height would do the same, but
// Vega-Lite then warns about the "fit-x" autosize that width "container" needs.
Json BandHeight(std::size_t rows, int step) {
  return static_cast<int>(std::max<std::size_t>(rows, 1)) * step;
}

Json NullIfEmpty(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

// The distinct values of `key` in order of first appearance: the order axes and legends use.
template <typename Row, typename Key>
Json FirstAppearance(const std::vector<Row>& rows, Key key) {
  Json order = Json::array();
  std::set<std::string> seen;
  for (const Row& row : rows) {
    const std::string& value = key(row);
    if (seen.insert(value).second) {
      order.push_back(value);
    }
  }
  return order;
}

// ---- Checks of the contracts in charts.hpp. `what` names the item, e.g. `point 3 ("2017")`.

std::string Item(std::string_view kind, std::size_t index, std::string_view name) {
  return std::string(kind) + " " + std::to_string(index + 1) + " (\"" + std::string(name) + "\")";
}

Status CheckFinite(double value, const std::string& what, std::string_view field) {
  if (!std::isfinite(value)) {
    return Status::InvalidArgument(what + ": " + std::string(field) + " is not a finite number");
  }
  return Status::Ok();
}

Status CheckFinite(const std::optional<double>& value, const std::string& what,
                   std::string_view field) {
  return value ? CheckFinite(*value, what, field) : Status::Ok();
}

Status CheckShare(const std::optional<double>& value, const std::string& what,
                  std::string_view field) {
  ZICHT_RETURN_IF_ERROR(CheckFinite(value, what, field));
  if (value && (*value < 0 || *value > 1)) {
    return Status::InvalidArgument(what + ": " + std::string(field) + " " + std::to_string(*value) +
                                   " is not a share between 0 and 1");
  }
  return Status::Ok();
}

Status CheckInterval(const std::optional<double>& lower, const std::optional<double>& upper,
                     const std::string& what) {
  if (lower.has_value() != upper.has_value()) {
    return Status::InvalidArgument(what + ": an interval needs both bounds or neither");
  }
  ZICHT_RETURN_IF_ERROR(CheckFinite(lower, what, "lower bound"));
  ZICHT_RETURN_IF_ERROR(CheckFinite(upper, what, "upper bound"));
  if (lower && *lower > *upper) {
    return Status::InvalidArgument(what + ": the interval's lower bound is above its upper bound");
  }
  return Status::Ok();
}

Status CheckCount(const std::optional<std::int64_t>& count, const std::string& label,
                  const std::string& what) {
  if (count && *count < 0) {
    return Status::InvalidArgument(what + ": a count cannot be negative");
  }
  if (!count && label.empty()) {
    return Status::InvalidArgument(what + ": a suppressed count needs a label, such as \"<10\"");
  }
  return Status::Ok();
}

Result<std::string> Dump(const Json& spec) {
  // Caller text that is not valid UTF-8 is replaced rather than failing the whole report.
  return spec.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---- 1. ShareWithBand

constexpr std::string_view kShareWithBand = R"json({
  "width": "container",
  "height": 280,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "data": {"values": "{{values}}"},
  "transform": [
    {"calculate": "isValid(datum.share) ? format(datum.share, '.1%') : datum.note", "as": "share_text"},
    {"calculate": "isValid(datum.lower) ? format(datum.lower, '.1%') + ' – ' + format(datum.upper, '.1%') : ''", "as": "interval_text"}
  ],
  "encoding": {
    "x": {"field": "label", "type": "ordinal", "sort": "{{order}}", "title": "{{x}}",
          "axis": {"labelAngle": 0}},
    "tooltip": [
      {"field": "label", "title": "{{x}}"},
      {"field": "share_text", "title": "{{y}}"},
      {"field": "interval_text", "title": "{{interval}}"}
    ]
  },
  "layer": [
    {
      "mark": {"type": "area", "invalid": "break-paths-show-domains"},
      "encoding": {
        "y": {"field": "lower", "type": "quantitative", "title": "{{y}}", "axis": {"format": ".0%"}},
        "y2": {"field": "upper"},
        "color": {"datum": "{{interval}}", "title": null,
                  "scale": {"domain": ["{{y}}", "{{interval}}"], "range": ["{{primary}}", "{{pale}}"]}}
      }
    },
    {
      "transform": [{"filter": "isValid(datum.lower)"}],
      "mark": {"type": "rule", "strokeWidth": 8, "color": "{{pale}}"},
      "encoding": {
        "y": {"field": "lower", "type": "quantitative", "title": "{{y}}"},
        "y2": {"field": "upper"}
      }
    },
    {
      "mark": {"type": "line", "strokeWidth": 2.5, "invalid": "break-paths-show-domains",
               "point": {"filled": true, "size": 70}},
      "encoding": {
        "y": {"field": "share", "type": "quantitative", "title": "{{y}}", "axis": {"format": ".0%"}},
        "color": {"datum": "{{y}}"}
      }
    },
    {
      "transform": [{"filter": "!isValid(datum.share)"}],
      "mark": {"type": "text", "baseline": "bottom", "dy": -4, "color": "{{muted}}"},
      "encoding": {"y": {"datum": 0}, "text": {"field": "note"}}
    }
  ]
})json";

}  // namespace

Result<std::string> ShareWithBand(const std::vector<SharePoint>& points,
                                  const ShareTitles& titles) {
  Json values = Json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const SharePoint& p = points[i];
    const std::string what = Item("point", i, p.label);
    ZICHT_RETURN_IF_ERROR(CheckShare(p.share, what, "share"));
    ZICHT_RETURN_IF_ERROR(CheckInterval(p.lower, p.upper, what));
    ZICHT_RETURN_IF_ERROR(CheckShare(p.lower, what, "lower bound"));
    ZICHT_RETURN_IF_ERROR(CheckShare(p.upper, what, "upper bound"));
    if (!p.share && titles.suppressed.empty()) {
      return Status::InvalidArgument(what + ": a suppressed share needs titles.suppressed");
    }
    values.push_back({{"label", p.label},
                      {"share", OrNull(p.share)},
                      {"lower", OrNull(p.lower)},
                      {"upper", OrNull(p.upper)},
                      {"note", p.share ? Json(nullptr) : Json(titles.suppressed)}});
  }
  return Dump(FromTemplate(
      kShareWithBand, {{"values", std::move(values)},
                       {"order", FirstAppearance(
                                     points, [](const SharePoint& p) -> auto& { return p.label; })},
                       {"x", titles.x},
                       {"y", titles.y},
                       {"interval", titles.interval},
                       {"primary", kPrimary},
                       {"pale", kPale},
                       {"muted", kMuted}}));
}

// ---- 2. StackedShares

namespace {

// The stack is computed explicitly (not by the bar's own stacking) so that the share labels
// can sit in the middle of their segments, and so that a suppressed share is left out
// instead of being stacked as zero and shifting its neighbours' labels.
constexpr std::string_view kStackedShares = R"json({
  "width": "container",
  "height": "{{height}}",
  "autosize": {"type": "fit-x", "contains": "padding"},
  "data": {"values": "{{values}}"},
  "transform": [
    {"filter": "isValid(datum.share)"},
    {"stack": "share", "groupby": ["group"], "sort": [{"field": "order", "order": "ascending"}],
     "as": ["x0", "x1"]},
    {"calculate": "format(datum.share, '.0%')", "as": "share_text"},
    {"calculate": "(datum.x0 + datum.x1) / 2", "as": "x_mid"}
  ],
  "encoding": {
    "y": {"field": "group", "type": "nominal", "sort": "{{group_order}}", "title": "{{group}}"},
    "tooltip": [
      {"field": "group", "title": "{{group}}"},
      {"field": "category", "title": "{{category}}"},
      {"field": "share", "type": "quantitative", "title": "{{share}}", "format": ".1%"},
      {"field": "count_text", "title": "{{count}}"}
    ]
  },
  "layer": [
    {
      "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1.5, "height": {"band": 0.72}},
      "encoding": {
        "x": {"field": "x0", "type": "quantitative", "title": "{{share}}",
              "scale": {"domain": [0, 1]}, "axis": {"format": ".0%"}},
        "x2": {"field": "x1"},
        "color": {"field": "category", "type": "nominal", "title": "{{category}}",
                  "scale": {"domain": "{{category_order}}"}}
      }
    },
    {
      "transform": [{"filter": "datum.share >= 0.06"}],
      "mark": {"type": "text", "color": "#ffffff", "fontWeight": 600, "fontSize": 12},
      "encoding": {
        "x": {"field": "x_mid", "type": "quantitative"},
        "text": {"field": "share_text"}
      }
    }
  ]
})json";

}  // namespace

Result<std::string> StackedShares(const std::vector<ShareOfGroup>& rows,
                                  const StackedSharesTitles& titles) {
  const Json categories = FirstAppearance(
      rows, [](const ShareOfGroup& r) -> auto& { return r.category; });
  Json values = Json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ShareOfGroup& r = rows[i];
    const std::string what = Item("row", i, r.group + " / " + r.category);
    ZICHT_RETURN_IF_ERROR(CheckShare(r.share, what, "share"));
    std::size_t order = 0;
    while (categories[order] != r.category) {
      ++order;
    }
    values.push_back({{"group", r.group},
                      {"category", r.category},
                      {"share", OrNull(r.share)},
                      {"count_text", r.count_text},
                      {"order", order}});
  }
  Json groups = FirstAppearance(
      rows, [](const ShareOfGroup& r) -> auto& { return r.group; });
  const Json height = BandHeight(groups.size(), 44);
  return Dump(FromTemplate(kStackedShares, {{"values", std::move(values)},
                                            {"height", height},
                                            {"group_order", std::move(groups)},
                                            {"category_order", categories},
                                            {"group", titles.group},
                                            {"category", titles.category},
                                            {"share", titles.share},
                                            {"count", titles.count}}));
}

// ---- 3. GroupedCounts

namespace {

constexpr std::string_view kGroupedCounts = R"json({
  "width": "container",
  "height": 300,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "data": {"values": "{{values}}"},
  "transform": [
    {"calculate": "isValid(datum.count) ? datum.count : 0", "as": "label_y"},
    {"calculate": "datum.label ? datum.label : format(datum.count, ',d')", "as": "label_text"}
  ],
  "encoding": {
    "x": {"field": "category", "type": "nominal", "sort": "{{category_order}}", "title": "{{category}}",
          "axis": {"labelAngle": 0, "labelLimit": 160}},
    "xOffset": {"field": "group", "type": "nominal", "sort": "{{group_order}}"},
    "tooltip": [
      {"field": "category", "title": "{{category}}"},
      {"field": "group", "title": "{{group}}"},
      {"field": "label_text", "title": "{{count}}"}
    ]
  },
  "layer": [
    {
      "transform": [{"filter": "isValid(datum.count)"}],
      "mark": {"type": "bar"},
      "encoding": {
        "y": {"field": "count", "type": "quantitative", "title": "{{count}}", "axis": {"format": ",d"}},
        "color": {"field": "group", "type": "nominal", "title": "{{group}}",
                  "scale": {"domain": "{{group_order}}"}}
      }
    },
    {
      "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 10},
      "encoding": {
        "y": {"field": "label_y", "type": "quantitative", "title": "{{count}}"},
        "text": {"field": "label_text"},
        "color": {"condition": {"test": "isValid(datum.count)", "value": "#374151"},
                  "value": "{{muted}}"}
      }
    }
  ]
})json";

}  // namespace

Result<std::string> GroupedCounts(const std::vector<GroupedCount>& rows,
                                  const GroupedCountsTitles& titles) {
  Json values = Json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const GroupedCount& r = rows[i];
    ZICHT_RETURN_IF_ERROR(
        CheckCount(r.count, r.label, Item("row", i, r.category + " / " + r.group)));
    values.push_back({{"category", r.category},
                      {"group", r.group},
                      {"count", OrNull(r.count)},
                      {"label", NullIfEmpty(r.label)}});
  }
  return Dump(FromTemplate(
      kGroupedCounts,
      {{"values", std::move(values)},
       {"category_order", FirstAppearance(
                              rows, [](const GroupedCount& r) -> auto& { return r.category; })},
       {"group_order", FirstAppearance(
                           rows, [](const GroupedCount& r) -> auto& { return r.group; })},
       {"category", titles.category},
       {"group", titles.group},
       {"count", titles.count},
       {"muted", kMuted}}));
}

// ---- 4. RegisteredVersusEstimated

namespace {

constexpr std::string_view kRegisteredVersusEstimated = R"json({
  "width": "container",
  "height": 320,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "data": {"values": "{{values}}"},
  "transform": [
    {"calculate": "isValid(datum.registered) ? format(datum.registered, ',d') : datum.registered_note", "as": "registered_text"},
    {"calculate": "!isValid(datum.estimate) ? datum.estimate_note : format(datum.estimate, ',.0f') + (isValid(datum.lower) ? ' (' + format(datum.lower, ',.0f') + ' – ' + format(datum.upper, ',.0f') + ')' : '')", "as": "estimate_text"},
    {"calculate": "isValid(datum.gap) ? format(datum.gap, ',.0f') : ''", "as": "gap_text"}
  ],
  "encoding": {
    "x": {"field": "year", "type": "ordinal", "sort": "{{order}}", "title": "{{year}}",
          "axis": {"labelAngle": 0}},
    "tooltip": [
      {"field": "year", "title": "{{year}}"},
      {"field": "registered_text", "title": "{{registered}}"},
      {"field": "estimate_text", "title": "{{estimate}}"},
      {"field": "gap_text", "title": "{{dark_number}}"}
    ]
  },
  "layer": [
    {
      "transform": [{"filter": "isValid(datum.registered)"}],
      "mark": {"type": "bar", "width": {"band": 0.62}},
      "encoding": {
        "y": {"field": "registered", "type": "quantitative", "title": "{{persons}}",
              "axis": {"format": ",d"}},
        "color": {"datum": "{{registered}}", "title": null,
                  "scale": {"domain": ["{{registered}}", "{{dark_number}}", "{{estimate}}"],
                            "range": ["{{primary}}", "{{pale_accent}}", "{{accent}}"]}}
      }
    },
    {
      "transform": [{"filter": "isValid(datum.gap) && datum.gap > 0"}],
      "mark": {"type": "bar", "width": {"band": 0.62}, "stroke": "{{accent}}", "strokeWidth": 1,
               "strokeDash": [4, 3]},
      "encoding": {
        "y": {"field": "registered", "type": "quantitative", "title": "{{persons}}"},
        "y2": {"field": "estimate"},
        "color": {"datum": "{{dark_number}}"}
      }
    },
    {
      "transform": [{"filter": "isValid(datum.lower)"}],
      "mark": {"type": "rule", "strokeWidth": 2, "color": "{{accent}}"},
      "encoding": {
        "y": {"field": "lower", "type": "quantitative", "title": "{{persons}}"},
        "y2": {"field": "upper"}
      }
    },
    {
      "transform": [{"filter": "isValid(datum.lower)"}, {"fold": ["lower", "upper"], "as": ["bound", "bound_value"]}],
      "mark": {"type": "tick", "thickness": 2, "size": 14, "color": "{{accent}}"},
      "encoding": {
        "y": {"field": "bound_value", "type": "quantitative", "title": "{{persons}}"}
      }
    },
    {
      "transform": [{"filter": "isValid(datum.estimate)"}],
      "mark": {"type": "point", "filled": true, "size": 90, "opacity": 1},
      "encoding": {
        "y": {"field": "estimate", "type": "quantitative", "title": "{{persons}}"},
        "color": {"datum": "{{estimate}}"}
      }
    },
    {
      "transform": [{"filter": "!isValid(datum.registered)"}],
      "mark": {"type": "text", "baseline": "bottom", "dy": -3, "color": "{{muted}}"},
      "encoding": {"y": {"datum": 0}, "text": {"field": "registered_note"}}
    },
    {
      "transform": [{"filter": "!isValid(datum.estimate)"},
                    {"calculate": "isValid(datum.registered) ? datum.registered : 0", "as": "note_y"}],
      "mark": {"type": "text", "baseline": "bottom", "dy": -18, "fontSize": 10,
               "fontStyle": "italic", "color": "{{muted}}"},
      "encoding": {"y": {"field": "note_y", "type": "quantitative", "title": "{{persons}}"},
                   "text": {"field": "estimate_note"}}
    }
  ]
})json";

}  // namespace

Result<std::string> RegisteredVersusEstimated(const std::vector<RegisteredEstimate>& years,
                                              const RegisteredEstimateTitles& titles) {
  Json values = Json::array();
  for (std::size_t i = 0; i < years.size(); ++i) {
    const RegisteredEstimate& y = years[i];
    const std::string what = Item("year", i, y.year);
    ZICHT_RETURN_IF_ERROR(CheckCount(y.registered, titles.suppressed, what));
    ZICHT_RETURN_IF_ERROR(CheckFinite(y.estimate, what, "estimate"));
    ZICHT_RETURN_IF_ERROR(CheckInterval(y.lower, y.upper, what));
    // The dark number exists only where both figures do: a suppressed registered count must
    // not be recoverable as estimate minus gap.
    Json gap = nullptr;
    if (y.registered && y.estimate) {
      gap = *y.estimate - static_cast<double>(*y.registered);
    }
    values.push_back({{"year", y.year},
                      {"registered", OrNull(y.registered)},
                      {"registered_note", y.registered ? Json(nullptr) : Json(titles.suppressed)},
                      {"estimate", OrNull(y.estimate)},
                      {"estimate_note", y.estimate ? Json(nullptr) : Json(titles.no_estimate)},
                      {"lower", OrNull(y.lower)},
                      {"upper", OrNull(y.upper)},
                      {"gap", std::move(gap)}});
  }
  Json spec = FromTemplate(
      kRegisteredVersusEstimated,
      {{"values", std::move(values)},
       {"order", FirstAppearance(
                     years, [](const RegisteredEstimate& y) -> auto& { return y.year; })},
       {"year", titles.year},
       {"persons", titles.persons},
       {"registered", titles.registered},
       {"estimate", titles.estimate},
       {"dark_number", titles.dark_number},
       {"primary", kPrimary},
       {"accent", kAccent},
       {"pale_accent", kPaleAccent},
       {"muted", kMuted}});
  // The last layer notes the years without an estimate; with none, its empty field would
  // give the y scale an infinite extent (a warning in the console).
  const bool every_year_estimated =
      std::all_of(years.begin(), years.end(),
                  [](const RegisteredEstimate& y) { return y.estimate.has_value(); });
  if (every_year_estimated && spec.contains("layer") && !spec["layer"].empty()) {
    spec["layer"].erase(spec["layer"].size() - 1);
  }
  return Dump(std::move(spec));
}

// ---- 5. Overlap

namespace {

// One row per combination, so that the chart grows in height, not in width, however many
// combinations there are: on the left a dot matrix (a column per set, a filled dot where the
// combination includes it), on the right the combination's size as a bar with its label.
// Both panels place combination i in row i of one shared y scale with a fixed step; that is
// why this chart has fixed widths instead of the container's (Vega-Lite cannot fit a
// concatenation to a container). The widths stay well inside a page column.
constexpr std::string_view kOverlap = R"json({
  "autosize": {"type": "pad"},
  "spacing": 10,
  "resolve": {"scale": {"y": "shared"}},
  "hconcat": [
    {
      "width": {"step": 26},
      "height": {"step": 18},
      "encoding": {
        "y": {"field": "rank", "type": "ordinal", "axis": null}
      },
      "layer": [
        {
          "data": {"values": "{{links}}"},
          "mark": {"type": "rule", "strokeWidth": 2.5, "color": "{{primary}}"},
          "encoding": {
            "x": {"field": "first", "type": "nominal", "title": "{{sets}}",
                  "scale": {"domain": "{{set_order}}"}},
            "x2": {"field": "last"}
          }
        },
        {
          "data": {"values": "{{cells}}"},
          "transform": [
            {"calculate": "datum.label ? datum.label : format(datum.count, ',d')", "as": "label_text"}
          ],
          "mark": {"type": "circle", "size": 90, "opacity": 1},
          "encoding": {
            "x": {"field": "set", "type": "nominal", "title": "{{sets}}",
                  "scale": {"domain": "{{set_order}}"},
                  "axis": {"orient": "top", "labelAngle": -50, "labelAlign": "left",
                           "labelLimit": 200, "domain": false, "ticks": false, "labelPadding": 6}},
            "color": {"condition": {"test": "datum.member", "value": "{{primary}}"},
                      "value": "{{empty_dot}}"},
            "tooltip": [
              {"field": "name", "title": "{{combination}}"},
              {"field": "label_text", "title": "{{count}}"}
            ]
          }
        }
      ]
    },
    {
      "width": "{{bars_width}}",
      "height": {"step": 18},
      "data": {"values": "{{combinations}}"},
      "transform": [
        {"calculate": "isValid(datum.count) ? datum.count : 0", "as": "label_x"},
        {"calculate": "datum.label ? datum.label : format(datum.count, ',d')", "as": "label_text"}
      ],
      "encoding": {
        "y": {"field": "rank", "type": "ordinal", "axis": null},
        "tooltip": [
          {"field": "name", "title": "{{combination}}"},
          {"field": "label_text", "title": "{{count}}"}
        ]
      },
      "layer": [
        {
          "transform": [{"filter": "isValid(datum.count)"}],
          "mark": {"type": "bar", "height": {"band": 0.7}, "color": "{{primary}}"},
          "encoding": {
            "x": {"field": "count", "type": "quantitative", "title": "{{count}}",
                  "axis": {"format": ",d", "orient": "top", "tickCount": 4}}
          }
        },
        {
          "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
          "encoding": {
            "x": {"field": "label_x", "type": "quantitative", "title": "{{count}}"},
            "text": {"field": "label_text"},
            "color": {"condition": {"test": "isValid(datum.count)", "value": "#374151"},
                      "value": "{{muted}}"}
          }
        }
      ]
    }
  ]
})json";

// Room for the bars and, right of the longest, its label.
constexpr int kOverlapBarsWidth = 300;

}  // namespace

Result<std::string> Overlap(const std::vector<std::string>& set_names,
                            const std::vector<Combination>& combinations,
                            const OverlapTitles& titles) {
  std::map<std::string, std::size_t> set_index;
  for (std::size_t i = 0; i < set_names.size(); ++i) {
    if (!set_index.emplace(set_names[i], i).second) {
      return Status::InvalidArgument(Item("set", i, set_names[i]) + ": named twice");
    }
  }
  struct Row {
    std::size_t input;
    std::vector<std::size_t> members;  // indices into set_names, ascending
    std::string name;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < combinations.size(); ++i) {
    const Combination& c = combinations[i];
    Row row{i, {}, {}};
    for (const std::string& set : c.sets) {
      const auto it = set_index.find(set);
      if (it == set_index.end()) {
        return Status::InvalidArgument(Item("combination", i, set) +
                                       ": this set is not among the set names");
      }
      row.members.push_back(it->second);
    }
    std::sort(row.members.begin(), row.members.end());
    if (row.members.empty() ||
        std::adjacent_find(row.members.begin(), row.members.end()) != row.members.end()) {
      return Status::InvalidArgument(Item("combination", i, "") +
                                     ": a combination needs at least one set, each named once");
    }
    for (std::size_t m : row.members) {
      if (!row.name.empty()) {
        row.name += " + ";
      }
      row.name += set_names[m];
    }
    ZICHT_RETURN_IF_ERROR(CheckCount(c.count, c.label, Item("combination", i, row.name)));
    rows.push_back(std::move(row));
  }
  // Largest first; a suppressed size lies between 1 and the threshold, so below every shown
  // nonzero count and above zero. Ties keep their input order.
  const auto rank_key = [&combinations](const Row& row) -> double {
    const auto& count = combinations[row.input].count;
    if (!count) {
      return 0.5;
    }
    return *count == 0 ? 0.0 : static_cast<double>(*count) + 1.0;
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const Row& a, const Row& b) { return rank_key(a) > rank_key(b); });

  Json bars = Json::array();
  Json links = Json::array();
  Json cells = Json::array();
  for (std::size_t rank = 0; rank < rows.size(); ++rank) {
    const Row& row = rows[rank];
    const Combination& c = combinations[row.input];
    bars.push_back({{"rank", rank},
                    {"name", row.name},
                    {"count", OrNull(c.count)},
                    {"label", NullIfEmpty(c.label)}});
    links.push_back({{"rank", rank},
                     {"first", set_names[row.members.front()]},
                     {"last", set_names[row.members.back()]}});
    for (std::size_t s = 0; s < set_names.size(); ++s) {
      cells.push_back({{"rank", rank},
                       {"set", set_names[s]},
                       {"member", std::binary_search(row.members.begin(), row.members.end(), s)},
                       {"name", row.name},
                       {"count", OrNull(c.count)},
                       {"label", NullIfEmpty(c.label)}});
    }
  }
  Json set_order = Json::array();
  for (const std::string& name : set_names) {
    set_order.push_back(name);
  }
  return Dump(FromTemplate(kOverlap, {{"combinations", std::move(bars)},
                                      {"links", std::move(links)},
                                      {"cells", std::move(cells)},
                                      {"set_order", std::move(set_order)},
                                      {"bars_width", kOverlapBarsWidth},
                                      {"count", titles.count},
                                      {"sets", titles.sets},
                                      {"combination", titles.combination},
                                      {"primary", kPrimary},
                                      {"muted", kMuted},
                                      {"empty_dot", kEmptyDot}}));
}

// ---- 6. Histogram

namespace {

constexpr std::string_view kHistogram = R"json({
  "width": "container",
  "height": 260,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "layer": [
    {
      "data": {"values": "{{bins}}"},
      "transform": [
        {"calculate": "format(datum.start, ',~g') + ' – ' + format(datum.end, ',~g')", "as": "range_text"},
        {"calculate": "isValid(datum.count) ? format(datum.count, ',d') : datum.label", "as": "count_text"},
        {"calculate": "(datum.start + datum.end) / 2", "as": "mid"}
      ],
      "encoding": {
        "tooltip": [
          {"field": "range_text", "title": "{{x}}"},
          {"field": "count_text", "title": "{{count}}"}
        ]
      },
      "layer": [
        {
          "transform": [{"filter": "isValid(datum.count)"}],
          "mark": {"type": "bar", "binSpacing": 1, "color": "{{primary}}"},
          "encoding": {
            "x": {"field": "start", "type": "quantitative", "bin": {"binned": true}, "title": "{{x}}"},
            "x2": {"field": "end"},
            "y": {"field": "count", "type": "quantitative", "title": "{{count}}", "axis": {"format": ",d"}}
          }
        },
        {
          "transform": [{"filter": "!isValid(datum.count)"}],
          "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": 10, "color": "{{muted}}"},
          "encoding": {
            "x": {"field": "mid", "type": "quantitative", "title": "{{x}}"},
            "y": {"datum": 0},
            "text": {"field": "label"}
          }
        }
      ]
    }
  ]
})json";

// A vertical rule with its label at the top, for a threshold or a reference value.
constexpr std::string_view kMarkerLayers = R"json([
  {
    "data": {"values": "{{marker}}"},
    "mark": {"type": "rule", "color": "{{accent}}", "strokeWidth": 1.5, "strokeDash": [5, 4]},
    "encoding": {"x": {"field": "x", "type": "quantitative", "title": "{{x}}"}}
  },
  {
    "data": {"values": "{{marker}}"},
    "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 4, "dy": 2,
             "color": "{{accent}}", "fontWeight": 600},
    "encoding": {"x": {"field": "x", "type": "quantitative", "title": "{{x}}"},
                 "y": {"value": 0}, "text": {"field": "label"}}
  }
])json";

Json MarkerLayers(double at, const std::string& label, const std::string& axis_title) {
  Json layers = Json::parse(kMarkerLayers);
  std::set<std::string> used;
  Fill(layers,
       {{"marker", Json::array({{{"x", at}, {"label", label}}})},
        {"accent", kAccent},
        {"x", axis_title}},
       used);
  return layers;
}

}  // namespace

Result<std::string> Histogram(const std::vector<HistogramBin>& bins, const HistogramTitles& titles,
                              std::optional<double> marker) {
  Json values = Json::array();
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const HistogramBin& b = bins[i];
    const std::string what = Item("bin", i, std::to_string(b.start));
    ZICHT_RETURN_IF_ERROR(CheckFinite(b.start, what, "start"));
    ZICHT_RETURN_IF_ERROR(CheckFinite(b.end, what, "end"));
    if (!(b.start < b.end)) {
      return Status::InvalidArgument(what + ": a bin must end after it starts");
    }
    if (i > 0 && b.start < bins[i - 1].end) {
      return Status::InvalidArgument(what + ": bins must be in order and must not overlap");
    }
    ZICHT_RETURN_IF_ERROR(CheckCount(b.count, b.label, what));
    values.push_back({{"start", b.start},
                      {"end", b.end},
                      {"count", OrNull(b.count)},
                      {"label", NullIfEmpty(b.label)}});
  }
  if (marker) {
    ZICHT_RETURN_IF_ERROR(CheckFinite(*marker, "the marker", "its position"));
  }
  Json spec = FromTemplate(kHistogram, {{"bins", std::move(values)},
                                        {"x", titles.x},
                                        {"count", titles.count},
                                        {"primary", kPrimary},
                                        {"muted", kMuted}});
  if (marker) {
    for (auto& layer : MarkerLayers(*marker, titles.marker, titles.x)) {
      spec["layer"].push_back(std::move(layer));
    }
  }
  return Dump(spec);
}

// ---- 7. MAndU

namespace {

constexpr std::string_view kMAndU = R"json({
  "width": "container",
  "height": "{{height}}",
  "autosize": {"type": "fit-x", "contains": "padding"},
  "encoding": {
    "y": {"field": "row", "type": "nominal", "sort": "{{row_order}}", "title": "{{level}}",
          "axis": {"labelLimit": 300}}
  },
  "layer": [
    {
      "data": {"values": "{{links}}"},
      "mark": {"type": "rule", "color": "#9ca3af", "strokeWidth": 2},
      "encoding": {
        "x": {"field": "u", "type": "quantitative", "title": "{{probability}}",
              "scale": "{{scale}}"},
        "x2": {"field": "m"}
      }
    },
    {
      "data": {"values": "{{points}}"},
      "mark": {"type": "point", "filled": true, "size": 80, "opacity": 1},
      "encoding": {
        "x": {"field": "p", "type": "quantitative", "title": "{{probability}}",
              "scale": "{{scale}}"},
        "color": {"field": "kind", "type": "nominal", "title": null,
                  "scale": {"domain": ["{{m}}", "{{u}}"], "range": ["{{primary}}", "{{accent}}"]}},
        "tooltip": [
          {"field": "comparison", "title": "{{comparison}}"},
          {"field": "level", "title": "{{level}}"},
          {"field": "m", "type": "quantitative", "title": "{{m}}", "format": ".3~g"},
          {"field": "u", "type": "quantitative", "title": "{{u}}", "format": ".3~g"},
          {"field": "weight", "type": "quantitative", "title": "{{weight}}", "format": "+.2f"}
        ]
      }
    }
  ]
})json";

}  // namespace

Result<std::string> MAndU(const std::vector<MAndUPoint>& levels, const MAndUTitles& titles,
                          bool log_scale) {
  Json points = Json::array();
  Json links = Json::array();
  Json rows = Json::array();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const MAndUPoint& l = levels[i];
    const std::string row = l.comparison + " · " + l.level;
    const std::string what = Item("level", i, row);
    ZICHT_RETURN_IF_ERROR(CheckShare(l.m, what, "m"));
    ZICHT_RETURN_IF_ERROR(CheckShare(l.u, what, "u"));
    if (log_scale && (l.m <= 0 || l.u <= 0)) {
      return Status::InvalidArgument(what + ": a log scale needs m and u above 0");
    }
    if (!seen.insert(row).second) {
      return Status::InvalidArgument(what + ": listed twice");
    }
    rows.push_back(row);
    // A probability of 0 has no finite weight; it stays without one rather than infinite.
    const Json weight = l.m > 0 && l.u > 0 ? Json(std::log2(l.m / l.u)) : Json(nullptr);
    links.push_back({{"row", row}, {"m", l.m}, {"u", l.u}});
    for (const auto& [kind, p] : {std::pair{titles.m, l.m}, std::pair{titles.u, l.u}}) {
      points.push_back({{"row", row},
                        {"comparison", l.comparison},
                        {"level", l.level},
                        {"kind", kind},
                        {"p", p},
                        {"m", l.m},
                        {"u", l.u},
                        {"weight", weight}});
    }
  }
  Json scale = log_scale ? Json{{"type", "log"}} : Json{{"type", "linear"}, {"domain", {0, 1}}};
  const Json height = BandHeight(rows.size(), 26);
  Json spec = FromTemplate(kMAndU, {{"points", std::move(points)},
                                    {"links", std::move(links)},
                                    {"height", height},
                                    {"row_order", std::move(rows)},
                                    {"scale", std::move(scale)},
                                    {"probability", titles.probability},
                                    {"level", titles.level},
                                    {"comparison", titles.comparison},
                                    {"m", titles.m},
                                    {"u", titles.u},
                                    {"weight", titles.weight},
                                    {"primary", kPrimary},
                                    {"accent", kAccent}});
  return Dump(spec);
}

// ---- 8. Sensitivity

namespace {

constexpr std::string_view kSensitivity = R"json({
  "width": "container",
  "height": "{{height}}",
  "autosize": {"type": "fit-x", "contains": "padding"},
  "layer": [
    {
      "data": {"values": "{{methods}}"},
      "transform": [
        {"calculate": "isValid(datum.estimate) ? format(datum.estimate, ',.0f') : datum.note", "as": "estimate_text"},
        {"calculate": "isValid(datum.lower) ? format(datum.lower, ',.0f') + ' – ' + format(datum.upper, ',.0f') : ''", "as": "interval_text"}
      ],
      "encoding": {
        "y": {"field": "method", "type": "nominal", "sort": "{{method_order}}", "title": "{{method}}",
              "axis": {"labelLimit": 280}},
        "tooltip": [
          {"field": "method", "title": "{{method}}"},
          {"field": "estimate_text", "title": "{{estimate}}"},
          {"field": "interval_text", "title": "{{interval}}"},
          {"field": "note", "title": "{{note}}"}
        ]
      },
      "layer": [
        {
          "transform": [{"filter": "isValid(datum.lower)"}],
          "mark": {"type": "rule", "strokeWidth": 2.5, "color": "{{primary}}"},
          "encoding": {
            "x": {"field": "lower", "type": "quantitative", "title": "{{estimate}}",
                  "scale": {"zero": false}, "axis": {"format": ",d"}},
            "x2": {"field": "upper"}
          }
        },
        {
          "transform": [{"filter": "isValid(datum.estimate)"}],
          "mark": {"type": "point", "filled": true, "size": 90, "opacity": 1, "color": "{{primary}}"},
          "encoding": {
            "x": {"field": "estimate", "type": "quantitative", "title": "{{estimate}}",
                  "scale": {"zero": false}}
          }
        },
        {
          "transform": [{"filter": "!isValid(datum.estimate)"}],
          "mark": {"type": "text", "align": "left", "fontStyle": "italic", "color": "{{muted}}"},
          "encoding": {"x": {"value": 4}, "text": {"field": "note"}}
        }
      ]
    }
  ]
})json";

}  // namespace

Result<std::string> Sensitivity(const std::vector<MethodEstimate>& methods,
                                const SensitivityTitles& titles, std::optional<double> reference) {
  Json values = Json::array();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    const MethodEstimate& m = methods[i];
    const std::string what = Item("method", i, m.method);
    ZICHT_RETURN_IF_ERROR(CheckFinite(m.estimate, what, "estimate"));
    ZICHT_RETURN_IF_ERROR(CheckInterval(m.lower, m.upper, what));
    if (!seen.insert(m.method).second) {
      return Status::InvalidArgument(what + ": listed twice");
    }
    if (!m.estimate && m.note.empty()) {
      return Status::InvalidArgument(what +
                                     ": a method without an estimate needs a note saying why");
    }
    values.push_back({{"method", m.method},
                      {"estimate", OrNull(m.estimate)},
                      {"lower", OrNull(m.lower)},
                      {"upper", OrNull(m.upper)},
                      {"note", NullIfEmpty(m.note)}});
  }
  if (reference) {
    ZICHT_RETURN_IF_ERROR(CheckFinite(*reference, "the reference", "its value"));
  }
  Json spec = FromTemplate(
      kSensitivity,
      {{"height", BandHeight(methods.size(), 36)},
       {"methods", std::move(values)},
       {"method_order", FirstAppearance(
                            methods, [](const MethodEstimate& m) -> auto& { return m.method; })},
       {"method", titles.method},
       {"estimate", titles.estimate},
       {"interval", titles.interval},
       {"note", titles.note},
       {"primary", kPrimary},
       {"muted", kMuted}});
  if (reference) {
    for (auto& layer : MarkerLayers(*reference, titles.reference, titles.estimate)) {
      layer["encoding"]["x"]["scale"] = {{"zero", false}};
      spec["layer"].push_back(std::move(layer));
    }
  }
  return Dump(spec);
}

// ---- 9. Waterfall

namespace {

constexpr std::string_view kWaterfall = R"json({
  "width": "container",
  "height": "{{height}}",
  "autosize": {"type": "fit-x", "contains": "padding"},
  "layer": [
    {
      "data": {"values": "{{steps}}"},
      "transform": [
        {"calculate": "format(datum.weight, '+.2f')", "as": "weight_text"},
        {"calculate": "format(datum.end, '.2f')", "as": "sum_text"}
      ],
      "mark": {"type": "bar", "height": {"band": 0.7}},
      "encoding": {
        "y": {"field": "label", "type": "nominal", "sort": "{{order}}", "title": "{{step}}",
              "axis": {"labelLimit": 320}},
        "x": {"field": "start", "type": "quantitative", "title": "{{weight}}"},
        "x2": {"field": "end"},
        "color": {"field": "kind", "type": "nominal", "legend": null,
                  "scale": {"domain": ["up", "down", "total"],
                            "range": ["{{primary}}", "{{accent}}", "{{muted}}"]}},
        "tooltip": [
          {"field": "label", "title": "{{step}}"},
          {"field": "weight_text", "title": "{{weight}}"},
          {"field": "sum_text", "title": "{{total}}"}
        ]
      }
    }
  ]
})json";

}  // namespace

Result<std::string> Waterfall(const std::vector<WaterfallBar>& steps, const WaterfallTitles& titles,
                              double threshold_weight) {
  if (steps.empty()) return Status::InvalidArgument("a waterfall needs at least one step");
  ZICHT_RETURN_IF_ERROR(CheckFinite(threshold_weight, "the threshold", "its weight"));
  Json values = Json::array();
  std::set<std::string> seen;
  double sum = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const WaterfallBar& step = steps[i];
    const std::string what = Item("step", i, step.label);
    ZICHT_RETURN_IF_ERROR(CheckFinite(step.weight, what, "weight"));
    if (step.label.empty() || step.label == titles.total || !seen.insert(step.label).second) {
      return Status::InvalidArgument(what + ": each step needs a label of its own");
    }
    values.push_back({{"label", step.label},
                      {"weight", step.weight},
                      {"start", sum},
                      {"end", sum + step.weight},
                      {"kind", step.weight >= 0 ? "up" : "down"}});
    sum += step.weight;
  }
  values.push_back(
      {{"label", titles.total}, {"weight", sum}, {"start", 0.0}, {"end", sum}, {"kind", "total"}});
  Json order = Json::array();
  for (const Json& v : values) order.push_back(v["label"]);
  Json spec = FromTemplate(kWaterfall, {{"height", BandHeight(values.size(), 24)},
                                        {"steps", std::move(values)},
                                        {"order", std::move(order)},
                                        {"weight", titles.weight},
                                        {"step", titles.step},
                                        {"total", titles.total},
                                        {"primary", kPrimary},
                                        {"accent", kAccent},
                                        {"muted", kMuted}});
  for (auto& layer : MarkerLayers(threshold_weight, titles.threshold, titles.weight)) {
    spec["layer"].push_back(std::move(layer));
  }
  return Dump(spec);
}

}  // namespace zicht::report
