#include "zicht/report/charts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace zicht::report {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchemaV6 = "https://vega.github.io/schema/vega-lite/v6.json";

Json Parse(const Result<std::string>& spec) {
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  if (!spec.ok()) return Json::object();
  return Json::parse(spec.value());  // throws, and fails the test, on invalid JSON
}

// Every "values" array in the specification, wherever a layer or panel carries its data.
void CollectValues(const Json& node, std::vector<Json>& out) {
  if (node.is_object()) {
    if (node.contains("data") && node["data"].contains("values"))
      out.push_back(node["data"]["values"]);
    for (const auto& [key, child] : node.items()) CollectValues(child, out);
  } else if (node.is_array()) {
    for (const auto& child : node) CollectValues(child, out);
  }
}

// A specification must never make vega fetch anything.
bool HasUrl(const Json& node) {
  if (node.is_object()) {
    if (node.contains("url")) return true;
    for (const auto& [key, child] : node.items()) {
      if (HasUrl(child)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& child : node) {
      if (HasUrl(child)) return true;
    }
  }
  return false;
}

// The common promises of charts.hpp.
void ExpectCommonShape(const Json& spec, bool container_width = true) {
  EXPECT_EQ(spec.value("$schema", ""), kSchemaV6);
  if (container_width) {
    EXPECT_EQ(spec.value("width", Json()), "container");
  }
  EXPECT_FALSE(HasUrl(spec)) << "data must be inline";
  ASSERT_TRUE(spec.contains("config"));
  EXPECT_EQ(spec["config"]["font"].get<std::string>().find("url("), std::string::npos);
  EXPECT_NE(spec.dump().find("\"tooltip\""), std::string::npos) << "every chart has tooltips";
}

const Json* RowWhere(const Json& values, const std::string& key, const std::string& value) {
  for (const auto& row : values) {
    if (row.value(key, Json()) == value) return &row;
  }
  return nullptr;
}

// ---- 1. ShareWithBand

const ShareTitles kShareTitles{"Year", "Share of minors", "95% interval", "<10"};

TEST(ShareWithBand, IsAVegaLiteV6SpecWithOneValuePerPoint) {
  const Json spec = Parse(ShareWithBand({{"2015", 0.25, 0.22, 0.28},
                                         {"2016", 0.24, std::nullopt, std::nullopt},
                                         {"2017", 0.2, 0.17, 0.23}},
                                        kShareTitles));
  ExpectCommonShape(spec);
  ASSERT_EQ(spec["data"]["values"].size(), 3u);
  EXPECT_EQ(spec["data"]["values"][0]["share"], 0.25);
  EXPECT_TRUE(spec["data"]["values"][1]["lower"].is_null());
  EXPECT_EQ(spec["encoding"]["x"]["sort"], Json({"2015", "2016", "2017"}));
  EXPECT_NE(spec.dump().find("Share of minors"), std::string::npos);
  EXPECT_NE(spec.dump().find(".0%"), std::string::npos) << "the y axis shows percent";
}

TEST(ShareWithBand, ShowsASuppressedShareAsItsLabelNeverAsANumber) {
  const Json spec = Parse(
      ShareWithBand({{"2018", std::nullopt, std::nullopt, std::nullopt}, {"2019", 0.08, 0.06, 0.1}},
                    kShareTitles));
  const Json* row = RowWhere(spec["data"]["values"], "label", "2018");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE((*row)["share"].is_null());
  EXPECT_EQ((*row)["note"], "<10");
  for (const auto& [key, value] : row->items()) EXPECT_FALSE(value.is_number()) << key;
}

TEST(ShareWithBand, RefusesSharesOutsideZeroToOneAndBrokenIntervals) {
  EXPECT_EQ(
      ShareWithBand({{"2015", 1.2, std::nullopt, std::nullopt}}, kShareTitles).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(ShareWithBand({{"2015", 0.2, 0.3, 0.1}}, kShareTitles).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ShareWithBand({{"2015", 0.2, 0.1, std::nullopt}}, kShareTitles).status().code(),
            StatusCode::kInvalidArgument);
  const Result<std::string> nan =
      ShareWithBand({{"2015", std::nan(""), std::nullopt, std::nullopt}}, kShareTitles);
  EXPECT_EQ(nan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(nan.status().message().find("2015"), std::string::npos) << nan.status().message();
}

TEST(ShareWithBand, AcceptsAnIntervalThatMissesItsEstimate) {
  // A bootstrap percentile interval need not contain the point estimate.
  EXPECT_TRUE(ShareWithBand({{"2015", 0.2, 0.21, 0.3}}, kShareTitles).ok());
}

TEST(ShareWithBand, GivesAnEmptyChartForNoPoints) {
  const Json spec = Parse(ShareWithBand({}, kShareTitles));
  EXPECT_TRUE(spec["data"]["values"].empty());
}

// ---- 2. StackedShares

const StackedSharesTitles kStackedTitles{"Share", "Period", "Visibility", "Persons"};

TEST(StackedShares, KeepsTheOrderOfGroupsAndCategoriesAndLeavesSuppressedSharesOut) {
  const Json spec = Parse(StackedShares({{"2015-2016", "less visible", 0.75, "402"},
                                         {"2015-2016", "visible", 0.25, "134"},
                                         {"2017-2019", "less visible", 0.95, "1,112"},
                                         {"2017-2019", "visible", std::nullopt, "<10"}},
                                        kStackedTitles));
  ExpectCommonShape(spec);
  const Json& values = spec["data"]["values"];
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(spec["encoding"]["y"]["sort"], Json({"2015-2016", "2017-2019"}));
  EXPECT_EQ(spec["layer"][0]["encoding"]["color"]["scale"]["domain"],
            Json({"less visible", "visible"}));
  EXPECT_TRUE(values[3]["share"].is_null());
  EXPECT_EQ(values[3]["count_text"], "<10");
  // The stack is not normalised: a suppressed share must not stretch the others to 100%.
  EXPECT_EQ(spec.dump().find("normalize"), std::string::npos);
  EXPECT_EQ(spec["transform"][0]["filter"], "isValid(datum.share)");
}

TEST(StackedShares, RefusesAShareAboveOne) {
  EXPECT_FALSE(StackedShares({{"g", "c", 1.5, ""}}, kStackedTitles).ok());
}

// ---- 3. GroupedCounts

const GroupedCountsTitles kGroupedTitles{"Form", "Persons", "Year"};

TEST(GroupedCounts, HasOneValuePerBarAndShowsSuppressedCountsOnlyAsTheirLabel) {
  const Json spec = Parse(GroupedCounts({{"sexual", "2018", 458, ""},
                                         {"sexual", "2019", 849, ""},
                                         {"other", "2018", std::nullopt, "<10"},
                                         {"other", "2019", 61, ""}},
                                        kGroupedTitles));
  ExpectCommonShape(spec);
  const Json& values = spec["data"]["values"];
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0]["count"], 458);
  EXPECT_TRUE(values[0]["label"].is_null()) << "an empty label means: show the count";
  EXPECT_TRUE(values[2]["count"].is_null());
  EXPECT_EQ(values[2]["label"], "<10");
  for (const auto& [key, value] : values[2].items()) EXPECT_FALSE(value.is_number()) << key;
  EXPECT_EQ(spec["encoding"]["x"]["sort"], Json({"sexual", "other"}));
  EXPECT_EQ(spec["encoding"]["xOffset"]["sort"], Json({"2018", "2019"}));
  // Bars are drawn only for published counts.
  EXPECT_EQ(spec["layer"][0]["mark"]["type"], "bar");
  EXPECT_EQ(spec["layer"][0]["transform"][0]["filter"], "isValid(datum.count)");
}

TEST(GroupedCounts, RefusesNegativeCountsAndSuppressedCountsWithoutALabel) {
  EXPECT_FALSE(GroupedCounts({{"a", "b", -1, ""}}, kGroupedTitles).ok());
  const Result<std::string> unlabelled =
      GroupedCounts({{"a", "b", std::nullopt, ""}}, kGroupedTitles);
  EXPECT_EQ(unlabelled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unlabelled.status().message().find("label"), std::string::npos);
}

// ---- 4. RegisteredVersusEstimated

const RegisteredEstimateTitles kRegisteredTitles{
    "Year", "Victims",    "Registered", "Estimated", "Not registered (estimated)",
    "<10",  "no estimate"};

TEST(RegisteredVersusEstimated, CarriesTheGapOnlyWhereBothFiguresArePublished) {
  const Json spec =
      Parse(RegisteredVersusEstimated({{"2018", 668, 4900.0, 3900.0, 6200.0},
                                       {"2019", std::nullopt, 5050.0, 4100.0, 6300.0},
                                       {"2017", 958, std::nullopt, std::nullopt, std::nullopt}},
                                      kRegisteredTitles));
  ExpectCommonShape(spec);
  const Json& values = spec["data"]["values"];
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0]["gap"], 4900.0 - 668.0);
  // A suppressed registered count must not be recoverable as estimate minus gap.
  EXPECT_TRUE(values[1]["registered"].is_null());
  EXPECT_TRUE(values[1]["gap"].is_null());
  EXPECT_EQ(values[1]["registered_note"], "<10");
  EXPECT_TRUE(values[2]["estimate"].is_null());
  EXPECT_EQ(values[2]["estimate_note"], "no estimate");
  EXPECT_EQ(spec["encoding"]["x"]["sort"], Json({"2018", "2019", "2017"}));
  const std::string text = spec.dump();
  for (const char* title : {"Registered", "Estimated", "Not registered (estimated)", "Victims"}) {
    EXPECT_NE(text.find(title), std::string::npos) << title;
  }
}

TEST(RegisteredVersusEstimated, RefusesAnIntervalWithOneBound) {
  EXPECT_FALSE(
      RegisteredVersusEstimated({{"2019", 10, 20.0, std::nullopt, 30.0}}, kRegisteredTitles).ok());
}

// ---- 5. Overlap

const OverlapTitles kOverlapTitles{"Persons", "Reported by", "Combination"};

TEST(Overlap, OrdersCombinationsBySizeWithSuppressedAfterShownAndZerosLast) {
  const std::vector<std::string> sets = {"police", "care", "inspectorate"};
  const Json spec = Parse(Overlap(sets,
                                  {{{"care"}, 181, ""},
                                   {{"police", "care"}, 0, ""},
                                   {{"inspectorate"}, std::nullopt, "<10"},
                                   {{"police"}, 874, ""},
                                   {{"care", "police", "inspectorate"}, 12, ""}},
                                  kOverlapTitles));
  ExpectCommonShape(spec, /*container_width=*/false);
  ASSERT_TRUE(spec.contains("hconcat"));
  ASSERT_EQ(spec["hconcat"].size(), 2u);
  const Json& bars = spec["hconcat"][1]["data"]["values"];
  ASSERT_EQ(bars.size(), 5u);
  std::vector<std::string> order;
  for (const auto& bar : bars) order.push_back(bar["name"]);
  EXPECT_EQ(order, (std::vector<std::string>{"police", "care", "police + care + inspectorate",
                                             "inspectorate", "police + care"}));
  for (std::size_t i = 0; i < bars.size(); ++i) EXPECT_EQ(bars[i]["rank"], i);
  EXPECT_TRUE(bars[3]["count"].is_null());
  EXPECT_EQ(bars[3]["label"], "<10");

  // The matrix has one cell per combination and set; members are marked.
  std::vector<Json> all;
  CollectValues(spec["hconcat"][0], all);
  ASSERT_EQ(all.size(), 2u);  // the connecting rules and the dots
  const Json& cells = all[1];
  ASSERT_EQ(cells.size(), 5u * sets.size());
  int members = 0;
  for (const auto& cell : cells) members += cell["member"].get<bool>() ? 1 : 0;
  EXPECT_EQ(members, 1 + 1 + 3 + 1 + 2);
  EXPECT_EQ(spec["hconcat"][0]["layer"][1]["encoding"]["x"]["scale"]["domain"], Json(sets));
  // Both panels share the row of each combination.
  EXPECT_EQ(spec["resolve"]["scale"]["y"], "shared");
}

TEST(Overlap, DrawsEveryCombinationInARowOfItsOwnAtAFixedWidth) {
  // Eight sets and 75 combinations (as a whole demo world has): the chart must grow in
  // height, one row each, and stay as wide as with three combinations.
  std::vector<std::string> sets;
  for (int s = 0; s < 8; ++s) sets.push_back("source " + std::to_string(s));
  std::vector<Combination> combinations;
  for (int mask = 1; mask < 256 && combinations.size() < 75; ++mask) {
    Combination c;
    for (int s = 0; s < 8; ++s) {
      if ((mask >> s) & 1) c.sets.push_back(sets[static_cast<std::size_t>(s)]);
    }
    c.count = mask % 4 == 0 ? std::optional<std::int64_t>() : std::optional<std::int64_t>(mask);
    c.label = c.count ? "" : "<10";
    combinations.push_back(c);
  }
  const Json many = Parse(Overlap(sets, combinations, kOverlapTitles));
  const Json few =
      Parse(Overlap(sets, {combinations.begin(), combinations.begin() + 3}, kOverlapTitles));
  ASSERT_TRUE(many.contains("hconcat"));
  EXPECT_EQ(many["hconcat"][1]["data"]["values"].size(), 75u);
  for (const Json* spec : {&many, &few}) {
    for (const Json& panel : (*spec)["hconcat"]) {
      EXPECT_EQ(panel["height"], Json({{"step", 18}})) << "one row of 18 px per combination";
    }
    EXPECT_EQ((*spec)["hconcat"][0]["width"], Json({{"step", 26}}));
  }
  EXPECT_EQ(many["hconcat"][1]["width"], few["hconcat"][1]["width"]);
  // Matrix (8 x 26 px) and bars together stay within a page column of about 680 px.
  EXPECT_LE(8 * 26 + many["hconcat"][1]["width"].get<int>(), 560);
  // A suppressed combination is drawn as its label, never as a number.
  for (const Json& bar : many["hconcat"][1]["data"]["values"]) {
    if (bar["count"].is_null()) {
      EXPECT_EQ(bar["label"], "<10");
    }
  }
}

TEST(Overlap, RefusesUnknownOrRepeatedSetsAndEmptyCombinations) {
  const std::vector<std::string> sets = {"police", "care"};
  const Result<std::string> unknown = Overlap(sets, {{{"border"}, 5, ""}}, kOverlapTitles);
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("border"), std::string::npos);
  EXPECT_FALSE(Overlap(sets, {{{"police", "police"}, 5, ""}}, kOverlapTitles).ok());
  EXPECT_FALSE(Overlap(sets, {{{}, 5, ""}}, kOverlapTitles).ok());
  EXPECT_FALSE(Overlap({"police", "police"}, {}, kOverlapTitles).ok());
}

// ---- 6. Histogram

const HistogramTitles kHistogramTitles{"Match weight (bits)", "Pairs", "threshold"};

TEST(Histogram, HasOneValuePerBinAndAMarkerRuleOnlyWhenAsked) {
  const std::vector<HistogramBin> bins = {
      {-4, -2, 120, ""}, {-2, 0, std::nullopt, "<10"}, {0, 2, 0, ""}, {2, 4, 33, ""}};
  const Json plain = Parse(Histogram(bins, kHistogramTitles));
  ExpectCommonShape(plain);
  std::vector<Json> values;
  CollectValues(plain, values);
  ASSERT_EQ(values.size(), 1u);
  ASSERT_EQ(values[0].size(), 4u);
  EXPECT_TRUE(values[0][1]["count"].is_null());
  EXPECT_EQ(values[0][1]["label"], "<10");
  EXPECT_EQ(plain.dump().find("threshold"), std::string::npos);

  const Json marked = Parse(Histogram(bins, kHistogramTitles, 1.5));
  values.clear();
  CollectValues(marked, values);
  ASSERT_EQ(values.size(), 3u);  // the bins, and the marker for its rule and its label
  EXPECT_EQ(values[1][0]["x"], 1.5);
  EXPECT_EQ(values[1][0]["label"], "threshold");
}

TEST(Histogram, RefusesEmptyOrOverlappingBins) {
  EXPECT_FALSE(Histogram({{1, 1, 5, ""}}, kHistogramTitles).ok());
  EXPECT_FALSE(Histogram({{0, 2, 5, ""}, {1, 3, 5, ""}}, kHistogramTitles).ok());
  EXPECT_FALSE(
      Histogram({{0, 2, 5, ""}}, kHistogramTitles, std::numeric_limits<double>::infinity()).ok());
}

// ---- 7. MAndU

const MAndUTitles kMAndUTitles{"Probability", "Comparison level", "Comparison", "m",
                               "u",           "Weight (bits)"};

TEST(MAndU, HasTwoPointsPerLevelWithTheWeightInBits) {
  const Json spec = Parse(MAndU(
      {{"family name", "exact", 0.8, 0.001}, {"family name", "else", 0.2, 0.999}}, kMAndUTitles));
  ExpectCommonShape(spec);
  std::vector<Json> values;
  CollectValues(spec, values);
  ASSERT_EQ(values.size(), 2u);
  const Json& links = values[0];
  const Json& points = values[1];
  EXPECT_EQ(links.size(), 2u);
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(points[0]["kind"], "m");
  EXPECT_EQ(points[1]["kind"], "u");
  EXPECT_NEAR(points[0]["weight"].get<double>(), std::log2(0.8 / 0.001), 1e-12);
  EXPECT_EQ(spec["layer"][1]["encoding"]["x"]["scale"]["type"], "log");
}

TEST(MAndU, NeedsProbabilitiesAboveZeroOnALogScaleOnly) {
  EXPECT_FALSE(MAndU({{"c", "l", 0.0, 0.5}}, kMAndUTitles, /*log_scale=*/true).ok());
  const Json linear = Parse(MAndU({{"c", "l", 0.0, 0.5}}, kMAndUTitles, /*log_scale=*/false));
  EXPECT_EQ(linear["layer"][1]["encoding"]["x"]["scale"]["type"], "linear");
  EXPECT_FALSE(MAndU({{"c", "l", 1.5, 0.5}}, kMAndUTitles, false).ok());
}

// ---- 8. Sensitivity

const SensitivityTitles kSensitivityTitles{"Estimated victims", "Method", "95% interval", "Note",
                                           "registered"};

TEST(Sensitivity, HasOneValuePerMethodAndAReferenceRuleWhenGiven) {
  const Json spec =
      Parse(Sensitivity({{"stepwise", 5050.0, 4100.0, 6300.0, "main"},
                         {"saturated", std::nullopt, std::nullopt, std::nullopt, "does not exist"}},
                        kSensitivityTitles, 1334.0));
  ExpectCommonShape(spec);
  std::vector<Json> values;
  CollectValues(spec, values);
  ASSERT_EQ(values.size(), 3u);
  ASSERT_EQ(values[0].size(), 2u);
  EXPECT_TRUE(values[0][1]["estimate"].is_null());
  EXPECT_EQ(values[0][1]["note"], "does not exist");
  EXPECT_EQ(values[1][0]["x"], 1334.0);
}

TEST(Sensitivity, RefusesAMethodWithoutEstimateOrNoteAndRepeatedMethods) {
  EXPECT_FALSE(
      Sensitivity({{"m", std::nullopt, std::nullopt, std::nullopt, ""}}, kSensitivityTitles).ok());
  EXPECT_FALSE(Sensitivity({{"m", 1.0, std::nullopt, std::nullopt, ""},
                            {"m", 2.0, std::nullopt, std::nullopt, ""}},
                           kSensitivityTitles)
                   .ok());
}

// ---- 9. Waterfall

const WaterfallTitles kWaterfallTitles{"Match weight (bits)", "Comparison and level", "Total",
                                       "threshold"};

TEST(Waterfall, StartsEachBarWhereTheRunningSumEndedAndEndsWithTheTotal) {
  // Prior -6.5 bits, then +8, -2.25 and +3: the bars run -6.5, 1.5, -0.75, 2.25.
  const Json spec = Parse(Waterfall({{"prior", -6.5},
                                     {"family name: exact", 8.0},
                                     {"birth date: differ", -2.25},
                                     {"gender: agree", 3.0}},
                                    kWaterfallTitles, 1.0));
  ExpectCommonShape(spec);
  std::vector<Json> values;
  CollectValues(spec, values);
  ASSERT_EQ(values.size(), 3u);  // the steps, and the threshold's rule and label
  const Json& steps = values[0];
  ASSERT_EQ(steps.size(), 5u);
  const double starts[] = {0.0, -6.5, 1.5, -0.75, 0.0};
  const double ends[] = {-6.5, 1.5, -0.75, 2.25, 2.25};
  const char* kinds[] = {"down", "up", "down", "up", "total"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(steps[i]["start"].get<double>(), starts[i]) << i;
    EXPECT_DOUBLE_EQ(steps[i]["end"].get<double>(), ends[i]) << i;
    EXPECT_EQ(steps[i]["kind"], kinds[i]) << i;
  }
  EXPECT_EQ(steps[4]["label"], "Total");
  EXPECT_EQ(values[1][0]["x"], 1.0);
  EXPECT_EQ(spec["layer"][0]["encoding"]["y"]["sort"].size(), 5u);
}

TEST(Waterfall, RefusesNoStepsRepeatedLabelsAndNumbersThatAreNotFinite) {
  EXPECT_FALSE(Waterfall({}, kWaterfallTitles, 0.0).ok());
  EXPECT_FALSE(Waterfall({{"a", 1.0}, {"a", 2.0}}, kWaterfallTitles, 0.0).ok());
  EXPECT_FALSE(Waterfall({{"Total", 1.0}}, kWaterfallTitles, 0.0).ok());
  EXPECT_FALSE(Waterfall({{"a", std::nan("")}}, kWaterfallTitles, 0.0).ok());
  EXPECT_FALSE(
      Waterfall({{"a", 1.0}}, kWaterfallTitles, std::numeric_limits<double>::infinity()).ok());
}

// ---- All builders

TEST(Charts, PutCallerTextOnlyIntoValuesAndTitlesNeverIntoExpressions) {
  // A title with quotes and a would-be expression stays a plain string.
  ShareTitles titles = kShareTitles;
  titles.y = "it's \"quoted\" ' + alert(1) + '";
  const Json spec = Parse(ShareWithBand({{"a'b", 0.5, 0.4, 0.6}}, titles));
  for (const auto& transform : spec["transform"]) {
    EXPECT_EQ(transform["calculate"].get<std::string>().find("alert"), std::string::npos);
  }
  EXPECT_EQ(spec["layer"][2]["encoding"]["y"]["title"], titles.y);
}

}  // namespace
}  // namespace zicht::report
