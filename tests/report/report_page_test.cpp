// The report's page in each language, from a small hand-made ReportData: every text a reader
// sees on the Dutch page is Dutch, including what the estimate and the linkage name for
// programs (methods, models, warnings, comparison levels).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zicht/report/html_page.hpp"
#include "zicht/report/report.hpp"

namespace zicht::report {
namespace {

using Json = nlohmann::json;

monitor::Table RegisteredTable() {
  monitor::Table table;
  table.id = "registered";
  table.title_en = "Registered presumed victims";
  table.title_nl = "Geregistreerde vermoedelijke slachtoffers";
  monitor::Heading all;
  all.key = "total";
  all.en = "All persons";
  all.nl = "Alle personen";
  all.total = true;
  table.row_headings = {all};
  for (const char* year : {"2018", "2019"}) {
    monitor::Heading h;
    h.key = h.en = h.nl = year;
    table.column_headings.push_back(h);
  }
  table.counts = {120, 95};
  table.threshold = 10;
  return table;
}

YearEstimate Average(const std::string& label) {
  YearEstimate e;
  e.label = label;
  e.method = "average (AIC)";
  e.observed = 95;
  e.has_estimate = true;
  e.estimate = 310;
  e.lower = 180;
  e.upper = 640;
  e.model = "12 models, best [police:care] (weight 0.410)";
  e.generating_terms = {{"police", "care"}};
  e.models_averaged = 12;
  e.top_weight = 0.41;
  e.warnings = {
      "a model average has no single likelihood: the interval is the model-averaged "
      "log-normal interval of Buckland, Burnham and Augustin (1997)",
      "models within 2 AIC units of the best give estimates from 899 to 2053: the choice of "
      "model matters more than the interval shows"};
  return e;
}

YearEstimate Fitted(const std::string& method) {
  YearEstimate e;
  e.label = method;
  e.method = method;
  e.observed = 95;
  e.has_estimate = true;
  e.estimate = 280;
  e.lower = 170;
  e.upper = 520;
  e.model = "police:care";
  e.generating_terms = {{"police", "care"}};
  return e;
}

YearEstimate Without(const std::string& label, const std::string& method,
                     const std::string& reason) {
  YearEstimate e;
  e.label = label;
  e.method = method;
  e.observed = 95;
  e.reason = reason;
  return e;
}

ReportData HandMadeData() {
  ReportData data;
  data.monitor.first_year = 2018;
  data.monitor.last_year = 2019;
  data.monitor.threshold = 10;
  data.monitor.tables = {RegisteredTable()};
  data.lists = {"police", "care"};
  data.list_sources = {{"police", "border_police"}, {"care_provider"}};
  data.estimates = {Average("2018"),
                    Without("2019", "average (AIC)",
                            "the maximum-likelihood estimate does not exist for this model: no "
                            "table of strictly positive counts has the same margins")};
  YearEstimate latent = Fitted("latent-class");
  latent.generating_terms.clear();
  latent.warnings = {
      "the chains have not mixed; do not quote this estimate (R-hat 1.210, needs <= 1.1; "
      "effective sample size 120 bulk and 300 tail, needs >= 400): run more iterations"};
  data.sensitivity = {Fitted("stepwise"),
                      Fitted("aic"),
                      Fitted("bic"),
                      Average("average (AIC)"),
                      Without("average (BIC)", "average (BIC)", "something unforeseen went wrong"),
                      latent};
  data.source_kinds = {"police", "care_provider", "shelter_reception"};
  data.overlap = {{{"police"}, 50, false, ""},
                  {{"care_provider"}, 30, false, ""},
                  {{"police", "care_provider"}, 0, true, "x"},
                  {{"shelter_reception"}, 0, true, "<10"}};
  data.linkage.linked = true;
  data.linkage.threshold = 0.65;
  data.linkage.threshold_weight = std::log2(0.65 / 0.35);
  data.linkage.records = 260;
  data.linkage.persons = 190;
  data.linkage.weights = {{-4, -2, 400, false}, {-2, 0, 120, false}, {0, 2, 3, true}};
  data.linkage.levels = {{"family_name", "exact", 0.8, 0.001},
                         {"family_name", "dice >= 0.9", 0.1, 0.004},
                         {"family_name", "different", 0.1, 0.995},
                         {"registration_date", "within 30 days", 0.5, 0.05},
                         {"registration_date", "more than 730 days apart", 0.1, 0.6},
                         {"gender", "agree", 0.97, 0.5},
                         {"gender", "disagree", 0.03, 0.5}};
  return data;
}

// ---- What a reader sees: text nodes, title and aria-label attributes, and the strings a
// chart shows (titles, descriptions, data values, legend domains).

void ChartStrings(const Json& node, const std::string& key, std::string& out) {
  if (node.is_object()) {
    for (const auto& [k, child] : node.items()) {
      if (k != "config" && k != "$schema") ChartStrings(child, k, out);
    }
  } else if (node.is_array()) {
    for (const auto& child : node) ChartStrings(child, key, out);
  } else if (node.is_string()) {
    // Strings under these keys are shown; others (fields, marks, expressions) are not.
    static const std::vector<std::string> kShown = {
        "title",           "description",   "values", "domain",   "name",  "label",
        "method",          "note",          "set",    "first",    "last",  "level",
        "comparison",      "row",           "kind",   "category", "group", "count_text",
        "registered_note", "estimate_note", "year"};
    if (std::find(kShown.begin(), kShown.end(), key) != kShown.end()) {
      out += node.get<std::string>() + "\n";
    }
  }
}

std::string Between(const std::string& text, const std::string& open, const std::string& close) {
  const std::size_t start = text.find(open);
  if (start == std::string::npos) return "";
  const std::size_t end = text.find(close, start + open.size());
  return text.substr(start + open.size(), end - start - open.size());
}

std::string Unescape(std::string text) {
  const std::vector<std::pair<std::string, std::string>> entities = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + plain.size())) {
      text.replace(at, entity.size(), plain);
    }
  }
  return text;
}

std::string VisibleText(const std::string& html) {
  std::string out;
  std::size_t at = 0;
  while (at < html.size()) {
    const std::size_t tag = html.find('<', at);
    out += Unescape(html.substr(at, tag - at));
    if (tag == std::string::npos) break;
    const std::size_t end = html.find('>', tag);
    const std::string element = html.substr(tag, end - tag + 1);
    for (const std::string attribute : {" title=\"", " aria-label=\""}) {
      const std::string value = Between(element, attribute, "\"");
      if (!value.empty()) out += "\n" + Unescape(value) + "\n";
    }
    at = end + 1;
    for (const std::string skipped : {"<script", "<style"}) {
      if (element.starts_with(skipped)) {
        at = html.find("</" + skipped.substr(1), at);
      }
    }
    out += "\n";
  }
  const std::string charts =
      Between(html, "<script type=\"application/json\" id=\"zicht-charts\">", "</script>");
  const Json page = Json::parse(charts);
  for (const Json& chart : page["charts"]) ChartStrings(chart["spec"], "", out);
  return out;
}

std::string PageText(const std::string& lang) {
  const Result<Page> page = BuildReportPage(HandMadeData(), Vocabulary::Default(), lang);
  EXPECT_TRUE(page.ok()) << page.status().message();
  if (!page.ok()) return "";
  const Result<std::string> html = RenderPage(*page);
  EXPECT_TRUE(html.ok()) << html.status().message();
  return html.ok() ? VisibleText(*html) : "";
}

// `phrase` as a whole word (or words): not inside a longer word.
bool HasWords(const std::string& text, const std::string& phrase) {
  const auto is_letter = [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (std::size_t at = text.find(phrase); at != std::string::npos;
       at = text.find(phrase, at + 1)) {
    const bool starts = at == 0 || !is_letter(text[at - 1]);
    const bool ends = at + phrase.size() >= text.size() || !is_letter(text[at + phrase.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// English that the English page shows, from the estimate, the linkage and the page itself.
const std::vector<std::string> kEnglishOnTheEnglishPage = {
    "average over models (AIC)",
    "stepwise selection",
    "best model by AIC",
    "latent classes (LCMCR)",
    "models, best",
    "a model average has no single likelihood",
    "models within 2 AIC units",
    "the chains have not mixed",
    "does not exist for this model",
    "something unforeseen went wrong",
    "family name",
    "registration date",
    "exact",
    "different",
    "within 30 days",
    "more than 730 days apart",
    "agree",
    "disagree",
    "Registered",
    "Estimated victims",
    "Persons",
    "Combination",
    "Match weight (bits)",
    "Comparison level",
    "95% interval",
    "weight",
    "interactions",
    "Police",
};

TEST(ReportPage, TheEnglishPageShowsTheEnglishThatTheDutchOneMustNot) {
  const std::string english = PageText("en");
  for (const std::string& phrase : kEnglishOnTheEnglishPage) {
    EXPECT_TRUE(HasWords(english, phrase)) << "the English page lacks \"" << phrase << "\"";
  }
}

TEST(ReportPage, TheDutchPageShowsNoEnglish) {
  const std::string dutch = PageText("nl");
  ASSERT_FALSE(dutch.empty());
  std::vector<std::string> english = kEnglishOnTheEnglishPage;
  // The program's own names must not reach the reader either.
  for (const char* name :
       {"average (AIC)", "average (BIC)", "stepwise", "aic", "bic", "latent-class", "family_name",
        "registration_date", "dice", "police", "care", "care_provider", "main effects"}) {
    english.push_back(name);
  }
  for (const std::string& phrase : english) {
    EXPECT_FALSE(HasWords(dutch, phrase)) << "English on the Dutch page: \"" << phrase << "\"";
  }
}

TEST(ReportPage, TheDutchPageWordsMethodsModelsWarningsAndLevelsInDutch) {
  const std::string dutch = PageText("nl");
  for (const char* phrase : {
           "gemiddelde over modellen (AIC)",
           "gemiddelde over modellen (BIC)",
           "stapsgewijs gekozen model",
           "beste model naar AIC",
           "beste model naar BIC",
           "latente klassen (LCMCR)",
           "12 modellen, beste: A × B (gewicht 0,410)",
           "interacties: A × B",
           "modellen binnen 2 AIC-eenheden van het beste geven schattingen van 899 tot 2053",
           "de ketens zijn niet gemengd",
           "R-hat 1,210",
           "de meest aannemelijke schatting bestaat niet voor dit model",
           "deze methode geeft voor deze gegevens geen schatting",
           "A (Politie, Koninklijke Marechaussee), B (Zorgorganisatie)",
           "achternaam · precies gelijk",
           "achternaam · Dice ≥ 0,9",
           "achternaam · verschillend",
           "registratiedatum · binnen 30 dagen",
           "registratiedatum · meer dan 730 dagen uit elkaar",
           "geslacht · gelijk",
           "geslacht · ongelijk",
           "koppelkans minstens 0,65",
           "95%-betrouwbaarheidsinterval",
           "Geregistreerd",
           "Combinatie",
           "alle 4 combinaties",
       }) {
    EXPECT_NE(dutch.find(phrase), std::string::npos) << "the Dutch page lacks \"" << phrase << "\"";
  }
}

TEST(ReportPage, ShowsAHiddenOverlapCountOnlyAsItsMark) {
  for (const std::string lang : {"en", "nl"}) {
    const Result<Page> page = BuildReportPage(HandMadeData(), Vocabulary::Default(), lang);
    ASSERT_TRUE(page.ok()) << page.status().message();
    const Chart* overlap = nullptr;
    for (const Section& section : page->sections) {
      for (const Chart& chart : section.charts) {
        if (chart.id == "source-overlap") overlap = &chart;
      }
    }
    ASSERT_NE(overlap, nullptr);
    const Json spec = Json::parse(overlap->vega_lite_json);
    const Json& bars = spec["hconcat"][1]["data"]["values"];
    ASSERT_EQ(bars.size(), 4u) << "every combination is drawn";
    std::vector<std::string> marks;
    for (const Json& bar : bars) {
      if (bar["count"].is_null()) marks.push_back(bar["label"]);
    }
    EXPECT_EQ(marks, (std::vector<std::string>{"x", "<10"}));
  }
}

// The clerical review's precision and recall show with the linkage where there are labels,
// rounded to three decimals in the page's language; the number of reviewed pairs only from
// the threshold up, as every count.
std::string LinkageHtml(const ReportData& data, const std::string& lang) {
  const Result<Page> page = BuildReportPage(data, Vocabulary::Default(), lang);
  EXPECT_TRUE(page.ok()) << page.status().message();
  std::string html;
  if (!page.ok()) return html;
  for (const Section& section : page->sections) {
    if (section.id != "linkage") continue;
    html += section.intro_html;
    for (const std::string& block : section.html_blocks) html += block;
  }
  return html;
}

TEST(ReportPage, ShowsTheReviewsPrecisionAndRecallWhereThereAreLabels) {
  ReportData data = HandMadeData();
  EXPECT_EQ(LinkageHtml(data, "en").find("clerical review"), std::string::npos);
  data.linkage.review =
      LinkDiagnostics::Review{79, LinkDiagnostics::Share{0.66304, 0.21112, 0.93535},
                              LinkDiagnostics::Share{0.93846, 0.33349, 0.99785}};
  const std::string english = LinkageHtml(data, "en");
  EXPECT_NE(english.find("precision of the linkage&#39;s own decisions at 0.663 (95% interval "
                         "0.211 to 0.935)"),
            std::string::npos)
      << english;
  EXPECT_NE(english.find("recall at 0.938 (0.333 to 0.998)"), std::string::npos) << english;
  EXPECT_NE(english.find("79 pairs were reviewed."), std::string::npos) << english;
  const std::string dutch = LinkageHtml(data, "nl");
  EXPECT_NE(dutch.find("0,663 (95%-betrouwbaarheidsinterval 0,211 tot 0,935)"), std::string::npos)
      << dutch;
  EXPECT_NE(dutch.find("volledigheid op 0,938 (0,333 tot 0,998)"), std::string::npos) << dutch;
  data.linkage.review->pairs = 7;
  data.linkage.review->recall.reset();
  const std::string few = LinkageHtml(data, "en");
  EXPECT_EQ(few.find("pairs were reviewed"), std::string::npos) << few;
  EXPECT_NE(few.find("recall at no estimate"), std::string::npos) << few;
}

}  // namespace
}  // namespace zicht::report
