#include "zicht/report/html_page.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/web_assets.hpp"
#include "zicht/report/charts.hpp"

namespace zicht::report {
namespace {

using Json = nlohmann::json;

constexpr const char* kTinySpec =
    R"({"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"values": [{"a": 1}]},
        "mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}}})";

Page SamplePage() {
  Page page;
  page.title = "Victim monitor 2019";
  page.subtitle = "Registered and estimated";
  page.key_figures = {{"Registered", "1,334", "2019"}, {"Minors", "8%", ""}};
  page.sections = {
      {"registered",
       "Registered victims",
       "<p>Linked into persons.</p>",
       {{"minors", "Share of minors", "With its interval.", kTinySpec},
        {"forms", "Forms", "", kTinySpec}},
       {"<table><tr><td>952</td></tr></table>"}},
      {"estimate", "Estimated victims", "", {{"dark", "Dark number", "The gap.", kTinySpec}}, {}}};
  page.footer_html = "<p>zicht</p>";
  return page;
}

std::string Render(const Page& page) {
  const Result<std::string> html = RenderPage(page);
  EXPECT_TRUE(html.ok()) << html.status().message();
  return html.ok() ? html.value() : std::string();
}

// The page without the three bundles, whose code holds URL and markup strings of its own.
std::string WithoutBundles(std::string html) {
  for (const internal::WebAsset* asset :
       {&internal::Vega(), &internal::VegaLite(), &internal::VegaEmbed()}) {
    const std::size_t at = html.find(asset->script);
    if (at != std::string::npos) html.erase(at, asset->script.size());
  }
  return html;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// The JSON in <script type="application/json" id="zicht-charts">, as the page's script reads it.
Json ChartsJson(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"zicht-charts\">";
  const std::size_t begin = html.find(open);
  if (begin == std::string::npos) return Json();
  const std::size_t start = begin + open.size();
  return Json::parse(html.substr(start, html.find("</script>", start) - start));
}

// The text of every executable inline <script> (those without a type).
std::vector<std::string> InlineScripts(const std::string& html) {
  std::vector<std::string> scripts;
  for (std::size_t at = html.find("<script>"); at != std::string::npos;
       at = html.find("<script>", at + 1)) {
    const std::size_t start = at + 8;
    scripts.push_back(html.substr(start, html.find("</script>", start) - start));
  }
  return scripts;
}

std::string Sha256Base64(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::array<unsigned char, 128> base64{};
  const int written = EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(length));
  return std::string(reinterpret_cast<const char*>(base64.data()), written);
}

TEST(RenderPage, GivesEveryChartItsOwnDiv) {
  const std::string html = Render(SamplePage());
  for (const char* id : {"minors", "forms", "dark"}) {
    EXPECT_NE(html.find("<div class=\"chart\" id=\"" + std::string(id) + "\"></div>"),
              std::string::npos)
        << id;
  }
  const Json charts = ChartsJson(html);
  ASSERT_EQ(charts["charts"].size(), 3u);
  EXPECT_EQ(charts["charts"][2]["id"], "dark");
  EXPECT_EQ(charts["charts"][2]["spec"]["mark"], "point");
}

TEST(RenderPage, HasTheTitlesKeyFiguresContentsBlocksAndFooter) {
  const std::string html = Render(SamplePage());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_NE(html.find("<title>Victim monitor 2019</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Victim monitor 2019</h1>"), std::string::npos);
  EXPECT_NE(html.find("Registered and estimated"), std::string::npos);
  EXPECT_NE(html.find("<dd class=\"kf-value\">1,334</dd>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#registered\">Registered victims</a>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#dark\">Dark number</a>"), std::string::npos);
  EXPECT_NE(html.find("Figure 3"), std::string::npos);
  EXPECT_NE(html.find("<table><tr><td>952</td></tr></table>"), std::string::npos);
  EXPECT_NE(html.find("<p>Linked into persons.</p>"), std::string::npos);
  EXPECT_NE(html.find("<footer class=\"colophon\"><div class=\"wrap\"><p>zicht</p>"),
            std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(RenderPage, InlinesVegaVegaLiteAndVegaEmbed) {
  const std::string html = Render(SamplePage());
  const std::vector<std::string> scripts = InlineScripts(html);
  ASSERT_EQ(scripts.size(), 4u);  // the three bundles, in load order, and the page's own
  const std::array<const internal::WebAsset*, 3> assets = {&internal::Vega(), &internal::VegaLite(),
                                                           &internal::VegaEmbed()};
  const std::array<const char*, 3> globals = {").vega={}", ").vegaLite={}", ".vegaEmbed="};
  for (std::size_t i = 0; i < assets.size(); ++i) {
    EXPECT_EQ(scripts[i], assets[i]->script) << assets[i]->name;
    EXPECT_GT(assets[i]->script.size(), 50'000u) << assets[i]->name;
    EXPECT_NE(assets[i]->script.find(globals[i]), std::string::npos) << assets[i]->name;
    EXPECT_EQ(assets[i]->script.find("sourceMappingURL"), std::string::npos) << assets[i]->name;
    EXPECT_NE(html.find(std::string(assets[i]->name) + " " + std::string(assets[i]->version)),
              std::string::npos);
  }
  EXPECT_EQ(internal::Vega().version.substr(0, 2), "6.");
  EXPECT_EQ(internal::VegaLite().version.substr(0, 2), "6.");
  EXPECT_EQ(internal::VegaEmbed().version.substr(0, 2), "7.");
}

TEST(RenderPage, LoadsNothingFromOutsideThePage) {
  // The bundles hold URL strings in their code; what matters is that the page asks for none.
  const std::string html = Lower(WithoutBundles(Render(SamplePage())));
  ASSERT_LT(html.size(), 40'000u) << "the bundles were not found to be left out";
  for (const char* pattern : {"<script src", "<link", "@import", "url(http", "url(//", "src=\"http",
                              "href=\"http", "src=\"//", "<iframe", "<img"}) {
    EXPECT_EQ(html.find(pattern), std::string::npos) << pattern;
  }
}

TEST(RenderPage, AllowsOnlyItsOwnScriptsByHashAndNoNetwork) {
  const std::string html = Render(SamplePage());
  // Plain searching: std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
  const std::string meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  const std::size_t at = html.find(meta);
  ASSERT_NE(at, std::string::npos);
  const std::size_t begin = at + meta.size();
  const std::size_t end = html.find('"', begin);
  ASSERT_NE(end, std::string::npos);
  const std::string csp = html.substr(begin, end - begin);
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("connect-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("img-src data:"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << "vega runs with its interpreter";
  const std::string script_src = csp.substr(
      csp.find("script-src"), csp.find(';', csp.find("script-src")) - csp.find("script-src"));
  EXPECT_EQ(script_src.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(script_src.find("http"), std::string::npos);
  // Each executable script is allowed by the hash of its exact text, and nothing else is.
  const std::vector<std::string> scripts = InlineScripts(html);
  EXPECT_EQ(Count(script_src, "'sha256-"), scripts.size());
  for (const std::string& script : scripts) {
    EXPECT_NE(script_src.find("'sha256-" + Sha256Base64(script) + "'"), std::string::npos);
  }
}

TEST(RenderPage, OffersOnlyImageExportInTheActionsMenu) {
  const std::string html = Render(SamplePage());
  EXPECT_NE(html.find("actions: { export: { svg: true, png: true }, source: false, "
                      "compiled: false, editor: false }"),
            std::string::npos);
  EXPECT_NE(html.find("ast: true"), std::string::npos);
  EXPECT_NE(html.find("Save as SVG"), std::string::npos);
}

TEST(RenderPage, EscapesAHostileTitleEverywhere) {
  Page page = SamplePage();
  page.title = "<script>alert('x')</script> & \"more\"";
  page.subtitle = "</title><img src=x onerror=alert(1)>";
  page.key_figures[0].label = "<b>bold</b>";
  page.sections[0].title = "<i>section</i>";
  page.sections[0].charts[0].title = "<svg onload=alert(1)>";
  page.sections[0].charts[0].caption = "a < b";
  const std::string html = WithoutBundles(Render(page));
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("<i>section"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                      "&quot;more&quot;</title>"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("<figcaption>a &lt; b</figcaption>"), std::string::npos);
}

TEST(RenderPage, ChartJsonCannotEndItsScriptElement) {
  Page page = SamplePage();
  const std::string hostile = "</script><script>alert(1)</script><!-- & -->";
  Json spec = Json::parse(kTinySpec);
  spec["title"] = hostile;
  spec["data"]["values"][0]["name"] = "</SCRIPT>";
  page.sections[0].charts[0].vega_lite_json = spec.dump();
  const std::string html = Render(page);
  // Only the page's own five script elements end: the JSON one, three bundles, the bootstrap.
  EXPECT_EQ(Count(Lower(html), "</script"), 5u);
  EXPECT_EQ(Count(html, "<!--"), 1u) << "only the license notice";
  EXPECT_NE(html.find("\\u003c/script\\u003e"), std::string::npos);
  // The browser's JSON.parse gets the text back unchanged.
  const Json charts = ChartsJson(html);
  EXPECT_EQ(charts["charts"][0]["spec"]["title"], hostile);
  EXPECT_EQ(charts["charts"][0]["spec"]["data"]["values"][0]["name"], "</SCRIPT>");
}

TEST(RenderPage, GivesAChartWithoutDescriptionItsTitleAndCaption) {
  Page page = SamplePage();
  Json described = Json::parse(kTinySpec);
  described["description"] = "own";
  page.sections[0].charts[1].vega_lite_json = described.dump();
  const Json charts = ChartsJson(Render(page));
  EXPECT_EQ(charts["charts"][0]["spec"]["description"], "Share of minors. With its interval.");
  EXPECT_EQ(charts["charts"][1]["spec"]["description"], "own");
}

TEST(RenderPage, SpeaksDutchForLangNl) {
  Page page = SamplePage();
  page.lang = "nl";
  const std::string html = Render(page);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
  EXPECT_NE(html.find(">Inhoud</h2>"), std::string::npos);
  EXPECT_NE(html.find(">Kerncijfers</h2>"), std::string::npos);
  EXPECT_NE(html.find("Figuur 1"), std::string::npos);
  const Json data = ChartsJson(html);
  EXPECT_EQ(data["i18n"]["SVG_ACTION"], "Opslaan als SVG");
  EXPECT_EQ(data["formatLocale"]["decimal"], ",");
  EXPECT_EQ(data["formatLocale"]["thousands"], ".");

  page.lang = "en-GB";
  const Json english = ChartsJson(Render(page));
  EXPECT_EQ(english["i18n"]["SVG_ACTION"], "Save as SVG");
  EXPECT_TRUE(english["formatLocale"].is_null());
}

TEST(RenderPage, RefusesBadOrRepeatedIds) {
  const auto code_for = [](const std::string& section_id, const std::string& chart_id) {
    Page page = SamplePage();
    page.sections[0].id = section_id;
    page.sections[0].charts[0].id = chart_id;
    return RenderPage(page).status();
  };
  EXPECT_TRUE(code_for("registered", "minors").ok());
  for (const auto& [section, chart] : std::vector<std::pair<std::string, std::string>>{
           {"", "minors"},
           {"registered", "1st"},
           {"registered", "a b"},
           {"registered", "x\"onclick=\"y"},
           {"registered", "zicht-charts"},
           {"registered", "forms"},    // another chart's id
           {"estimate", "minors"}}) {  // another section's id
    const Status status = code_for(section, chart);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << section << " / " << chart;
  }
  EXPECT_NE(code_for("registered", "forms").message().find("\"forms\" is used twice"),
            std::string::npos);
}

TEST(RenderPage, RefusesChartJsonThatIsNotAnObject) {
  for (const char* json : {"", "{", "[1, 2]", "\"spec\"", "{\"a\": 1} trailing"}) {
    Page page = SamplePage();
    page.sections[1].charts[0].vega_lite_json = json;
    const Result<std::string> html = RenderPage(page);
    EXPECT_EQ(html.status().code(), StatusCode::kInvalidArgument) << json;
    EXPECT_NE(html.status().message().find("\"dark\""), std::string::npos);
  }
}

TEST(RenderPage, RefusesALangThatIsNotALanguageTag) {
  for (const char* lang : {"", "e", "english", "en\" onload=\"x", "en-", "nl--NL"}) {
    Page page = SamplePage();
    page.lang = lang;
    EXPECT_EQ(RenderPage(page).status().code(), StatusCode::kInvalidArgument) << lang;
  }
}

TEST(RenderPage, RendersAPageWithoutSectionsOrFigures) {
  Page page;
  page.title = "Empty";
  const std::string html = Render(page);
  EXPECT_EQ(html.find("<nav"), std::string::npos);
  EXPECT_EQ(html.find("class=\"chart\""), std::string::npos);
  EXPECT_TRUE(ChartsJson(html)["charts"].empty());
}

TEST(RenderPage, EmbedsEveryKindOfChartFromTheBuilders) {
  Page page = SamplePage();
  const Result<std::string> share =
      ShareWithBand({{"2019", 0.08, 0.06, 0.1}}, {"Year", "Share", "95%", "<10"});
  ASSERT_TRUE(share.ok());
  page.sections[0].charts[0].vega_lite_json = share.value();
  const Json charts = ChartsJson(Render(page));
  EXPECT_EQ(charts["charts"][0]["spec"]["$schema"],
            "https://vega.github.io/schema/vega-lite/v6.json");
}

TEST(EscapeHtml, ReplacesTheFiveSpecialCharactersAndKeepsUtf8) {
  EXPECT_EQ(EscapeHtml("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &#39; f");
  EXPECT_EQ(EscapeHtml("Zoë – €1.334 ≥ 10"), "Zoë – €1.334 ≥ 10");
  EXPECT_EQ(EscapeHtml(""), "");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");
}

}  // namespace
}  // namespace zicht::report
