#include "zicht/report/html_page.hpp"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "report/web_assets.hpp"

namespace zicht::report {
namespace {

using Json = nlohmann::ordered_json;

// The page's own words. Dutch for "nl" (and "nl-BE", ...), English otherwise.
struct Words {
  std::string_view contents;
  std::string_view key_figures;
  std::string_view figure;
  std::string_view no_script;
  std::string_view chart_failed;
  Json vega_embed_i18n;  // labels of vega-embed's actions menu
  Json format_locale;    // d3-format locale for numbers in the charts; null: vega's en-US
};

Words WordsFor(std::string_view lang) {
  const std::string_view primary = lang.substr(0, lang.find('-'));
  if (primary == "nl" || primary == "NL") {
    return {"Inhoud",
            "Kerncijfers",
            "Figuur",
            "De grafieken in dit rapport hebben JavaScript nodig. De tabellen zijn ook "
            "zonder leesbaar.",
            "Deze grafiek kon niet worden getekend:",
            {{"CLICK_TO_VIEW_ACTIONS", "Klik voor opslaan als afbeelding"},
             {"PNG_ACTION", "Opslaan als PNG"},
             {"SVG_ACTION", "Opslaan als SVG"}},
            {{"decimal", ","},
             {"thousands", "."},
             {"grouping", Json::array({3})},
             {"currency", Json::array({"€\u00a0", ""})}}};
  }
  return {"Contents",
          "Key figures",
          "Figure",
          "The charts in this report need JavaScript. The tables can be read without it.",
          "This chart could not be drawn:",
          {{"CLICK_TO_VIEW_ACTIONS", "Click to save as an image"},
           {"PNG_ACTION", "Save as PNG"},
           {"SVG_ACTION", "Save as SVG"}},
          nullptr};
}

// Ids become HTML ids and URL fragments; a conservative form keeps them valid in both and
// in CSS selectors. "zicht-" is the page's own.
bool IsValidId(std::string_view id) {
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id.front()))) {
    return false;
  }
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return false;
    }
  }
  return !id.starts_with("zicht-");
}

// BCP 47 in outline: a 2-3 letter language and optional subtags, e.g. "nl", "en-GB".
bool IsPlausibleLang(std::string_view lang) {
  std::size_t start = 0;
  bool first = true;
  while (start <= lang.size()) {
    std::size_t end = lang.find('-', start);
    if (end == std::string_view::npos) {
      end = lang.size();
    }
    const std::string_view part = lang.substr(start, end - start);
    if (first ? (part.size() < 2 || part.size() > 3) : (part.empty() || part.size() > 8)) {
      return false;
    }
    for (char c : part) {
      const auto u = static_cast<unsigned char>(c);
      if (first ? !std::isalpha(u) : !std::isalnum(u)) {
        return false;
      }
    }
    first = false;
    start = end + 1;
  }
  return true;
}

// JSON that can sit inside <script type="application/json">. "<", ">" and "&" occur in JSON
// text only inside strings, where \u escapes mean the same, so replacing them everywhere
// keeps the value and leaves no "</script" or "<!--" for the HTML parser to find.
std::string ScriptJson(const Json& value) {
  const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 64);
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// 'sha256-<base64>' for the Content-Security-Policy's script-src: the browser runs an inline
// script only if the hash of its exact text is listed.
std::string CspHash(std::string_view script) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(script.data(), script.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    // Only an OpenSSL without SHA-256 gets here: a broken installation, not a user error.
    throw std::runtime_error("OpenSSL could not compute SHA-256");
  }
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> base64{};
  const int written = EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(length));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64.data()), written) + "'";
}

// Renders every chart once the bundles have loaded. Charts are independent: one that fails
// shows why in its place and the others still draw. <html data-charts> tells a test (or a
// print script) when all are done. The expression interpreter (ast) lets vega run under a
// policy without 'unsafe-eval'; the loader refuses everything, so a specification that asks
// for a URL fails loudly instead of reaching for the network.
constexpr std::string_view kBootstrap = R"js((() => {
  'use strict';
  const root = document.documentElement;
  const page = JSON.parse(document.getElementById('zicht-charts').textContent);
  const refuse = () => Promise.reject(new Error('this report loads nothing from outside the page'));
  const options = {
    renderer: 'svg',
    ast: true,
    actions: { export: { svg: true, png: true }, source: false, compiled: false, editor: false },
    i18n: page.i18n,
    loader: { load: refuse, sanitize: refuse, http: refuse, file: refuse },
    tooltip: { theme: 'light' },
    scaleFactor: { png: 2 },
  };
  if (page.formatLocale) options.formatLocale = page.formatLocale;
  const views = {};
  window.zichtViews = views;
  const jobs = page.charts.map(async (chart) => {
    const element = document.getElementById(chart.id);
    try {
      const result = await vegaEmbed(element, chart.spec, { ...options, downloadFileName: chart.id });
      views[chart.id] = result.view;
    } catch (error) {
      element.classList.add('chart-failed');
      element.textContent = page.failed + ' ' + error.message;
      console.error('zicht: chart ' + chart.id + ': ' + error.message);
      throw error;
    }
  });
  Promise.allSettled(jobs).then((results) => {
    root.dataset.charts = results.every((r) => r.status === 'fulfilled') ? 'ready' : 'failed';
  });
})();)js";

constexpr std::string_view kStyle = R"css(
:root {
  color-scheme: light;
  --ink: #1f2937; --muted: #5b6472; --rule: #d7dce3; --accent: #1d4e89; --wash: #f4f6f9;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
* { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--sans); color: var(--ink); background: #fff;
       line-height: 1.55; font-size: 1rem; }
.wrap { max-width: 62rem; margin: 0 auto; padding: 0 1.5rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
.masthead { border-top: 6px solid var(--accent); background: var(--wash);
            border-bottom: 1px solid var(--rule); padding: 2.25rem 0 1.75rem; }
.masthead h1 { margin: 0; font-size: 2rem; line-height: 1.2; font-weight: 700;
               letter-spacing: -0.01em; }
.masthead .subtitle { margin: 0.5rem 0 0; color: var(--muted); font-size: 1.125rem; max-width: 48rem; }
main.wrap { padding-top: 1.5rem; padding-bottom: 2rem; }
.key-figures-heading { margin-top: 0.5rem; }
h2 { font-size: 1.5rem; line-height: 1.25; margin: 2.5rem 0 0.75rem; font-weight: 700; }
h3 { font-size: 1.075rem; line-height: 1.35; margin: 0 0 0.75rem; font-weight: 650; }
p { margin: 0 0 0.9rem; max-width: 48rem; }
.key-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12.5rem, 1fr));
               gap: 0.9rem; margin: 0.5rem 0 0; padding: 0; }
.key-figures .kf { border: 1px solid var(--rule); border-top: 4px solid var(--accent);
                   border-radius: 4px; padding: 0.9rem 1rem 0.8rem; background: #fff; }
.key-figures dt { font-size: 0.875rem; color: var(--muted); font-weight: 600; }
.key-figures dd { margin: 0; }
.key-figures .kf-value { font-size: 1.9rem; font-weight: 700; line-height: 1.2;
                         margin-top: 0.2rem; font-variant-numeric: tabular-nums; }
.key-figures .kf-note { font-size: 0.8125rem; color: var(--muted); margin-top: 0.2rem; }
.toc { margin: 2.25rem 0 0; padding: 1rem 1.25rem; border: 1px solid var(--rule);
       border-radius: 4px; background: var(--wash); }
.toc h2 { margin: 0 0 0.4rem; font-size: 1rem; text-transform: uppercase;
          letter-spacing: 0.06em; color: var(--muted); }
.toc ol { margin: 0; padding-left: 1.4rem; }
.toc ol ol { padding-left: 1.1rem; list-style: none; font-size: 0.9rem; }
.toc li { margin: 0.15rem 0; }
.toc a { text-decoration: none; }
.toc a:hover { text-decoration: underline; }
section.part { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
section.part > h2 { margin-top: 1.5rem; }
.intro { margin-bottom: 1rem; }
figure { margin: 1.5rem 0 2rem; padding: 1rem 1rem 0.75rem; border: 1px solid var(--rule);
         border-radius: 4px; background: #fff; break-inside: avoid; }
.figure-number { color: var(--accent); font-weight: 700; margin-right: 0.4em; }
.chart { width: 100%; min-height: 12rem; overflow-x: auto; scroll-margin-top: 5rem; }
.chart.chart-failed { min-height: 0; padding: 0.75rem; color: #8a1c1c; background: #fdf2f2;
                      border: 1px solid #f0c4c4; border-radius: 4px; }
figcaption { margin-top: 0.6rem; color: var(--muted); font-size: 0.875rem; max-width: 48rem; }
.block { margin: 1.25rem 0; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums;
        margin: 0.5rem 0 1rem; min-width: 50%; }
caption { text-align: left; font-weight: 650; padding-bottom: 0.4rem; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 650; }
td.num, th.num { text-align: right; }
.colophon { border-top: 1px solid var(--rule); background: var(--wash); color: var(--muted);
            font-size: 0.875rem; padding: 1.25rem 0 2rem; }
.noscript { background: #fff8e1; border-bottom: 1px solid #f0d98a; padding: 0.6rem 0; }
.vega-embed { width: 100%; }
.vega-embed summary { opacity: 0.55; }
.vega-embed:hover summary, .vega-embed summary:focus { opacity: 1; }
@media (max-width: 40rem) {
  .wrap { padding: 0 1rem; }
  .masthead h1 { font-size: 1.6rem; }
  figure { padding: 0.75rem 0.5rem 0.5rem; }
}
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10.5pt; }
  .wrap { max-width: none; padding: 0; }
  .masthead { background: none; border-top: 0; padding: 0 0 0.75rem; }
  .toc { background: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  figure { border: 0; padding: 0; }
  .key-figures .kf { break-inside: avoid; }
  .vega-embed details { display: none; }
  .vega-embed.has-actions { padding-right: 0; }
  .chart { overflow: visible; min-height: 0; }
  .chart svg { max-width: 100%; height: auto; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  .colophon { background: none; }
}
)css";

struct Bundle {
  const internal::WebAsset* asset;
  std::string hash;
};

// The bundles and their hashes are the same for every page; hashing 800 kB once is enough.
const std::array<Bundle, 3>& Bundles() {
  static const std::array<Bundle, 3> kBundles = [] {
    std::array<Bundle, 3> bundles{Bundle{&internal::Vega(), {}}, Bundle{&internal::VegaLite(), {}},
                                  Bundle{&internal::VegaEmbed(), {}}};
    for (Bundle& b : bundles) {
      b.hash = CspHash(b.asset->script);
    }
    return bundles;
  }();
  return kBundles;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> RenderPage(const Page& page) {
  if (!IsPlausibleLang(page.lang)) {
    return Status::InvalidArgument("the page's language \"" + page.lang +
                                   "\" is not a language tag such as \"en\" or \"nl\"");
  }
  const Words words = WordsFor(page.lang);

  // Every id is checked, and every chart's JSON parsed, before anything is written.
  std::set<std::string> ids;
  const auto claim = [&ids](const std::string& id, std::string_view kind) -> Status {
    if (!IsValidId(id)) {
      return Status::InvalidArgument(
          std::string(kind) + " id \"" + id +
          "\" must start with a letter and hold only letters, digits, '-' and '_' (and not "
          "start with \"zicht-\")");
    }
    if (!ids.insert(id).second) {
      return Status::InvalidArgument(std::string(kind) + " id \"" + id + "\" is used twice");
    }
    return Status::Ok();
  };
  Json charts = Json::array();
  for (const Section& section : page.sections) {
    ZICHT_RETURN_IF_ERROR(claim(section.id, "section"));
    for (const Chart& chart : section.charts) {
      ZICHT_RETURN_IF_ERROR(claim(chart.id, "chart"));
      Json spec = Json::parse(chart.vega_lite_json, nullptr, /*allow_exceptions=*/false);
      if (!spec.is_object()) {
        return Status::InvalidArgument("chart \"" + chart.id +
                                       "\": its Vega-Lite specification is not a JSON object");
      }
      if (!spec.contains("description")) {
        spec["description"] =
            chart.caption.empty() ? chart.title : chart.title + ". " + chart.caption;
      }
      charts.push_back({{"id", chart.id}, {"spec", std::move(spec)}});
    }
  }
  const Json page_data = {{"charts", std::move(charts)},
                          {"i18n", words.vega_embed_i18n},
                          {"formatLocale", words.format_locale},
                          {"failed", words.chart_failed}};

  const auto& bundles = Bundles();
  std::string script_hashes;
  for (const Bundle& b : bundles) {
    script_hashes += b.hash + " ";
  }
  script_hashes += CspHash(kBootstrap);
  // Nothing may be fetched: no connection, no remote script, style, font, image or frame.
  // Styles must be allowed inline because vega and vega-embed set style attributes and add
  // a <style> element; scripts are allowed only by hash (no 'unsafe-inline', no
  // 'unsafe-eval'), images only as data: URLs (the PNG export).
  const std::string csp = "default-src 'none'; script-src " + script_hashes +
                          "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
                          "connect-src 'none'; base-uri 'none'; form-action 'none'";

  std::string html;
  html.reserve(std::size_t{900} * 1024);
  html += "<!DOCTYPE html>\n<html lang=\"" + EscapeHtml(page.lang) + "\">\n<head>\n";
  html += "<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n";
  html += "<meta name=\"generator\" content=\"zicht";
  for (const Bundle& b : bundles) {
    html += std::string(", ") + std::string(b.asset->name) + " " + std::string(b.asset->version);
  }
  html += "\">\n<title>" + EscapeHtml(page.title) + "</title>\n";
  html += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  html += "<noscript><div class=\"noscript\"><div class=\"wrap\">" + std::string(words.no_script) +
          "</div></div></noscript>\n";

  html +=
      "<header class=\"masthead\"><div class=\"wrap\">\n<h1>" + EscapeHtml(page.title) + "</h1>\n";
  if (!page.subtitle.empty()) {
    html += "<p class=\"subtitle\">" + EscapeHtml(page.subtitle) + "</p>\n";
  }
  html += "</div></header>\n<main class=\"wrap\" id=\"zicht-main\">\n";

  if (!page.key_figures.empty()) {
    html += "<h2 class=\"key-figures-heading\">" + std::string(words.key_figures) +
            "</h2>\n<dl class=\"key-figures\">\n";
    for (const KeyFigure& figure : page.key_figures) {
      html += "<div class=\"kf\"><dt>" + EscapeHtml(figure.label) + "</dt><dd class=\"kf-value\">" +
              EscapeHtml(figure.value) + "</dd>";
      if (!figure.note.empty()) {
        html += "<dd class=\"kf-note\">" + EscapeHtml(figure.note) + "</dd>";
      }
      html += "</div>\n";
    }
    html += "</dl>\n";
  }

  if (!page.sections.empty()) {
    html += "<nav class=\"toc\" aria-labelledby=\"zicht-contents\">\n<h2 id=\"zicht-contents\">" +
            std::string(words.contents) + "</h2>\n<ol>\n";
    for (const Section& section : page.sections) {
      html += "<li><a href=\"#" + section.id + "\">" + EscapeHtml(section.title) + "</a>";
      if (!section.charts.empty()) {
        html += "<ol>";
        for (const Chart& chart : section.charts) {
          html += "<li><a href=\"#" + chart.id + "\">" + EscapeHtml(chart.title) + "</a></li>";
        }
        html += "</ol>";
      }
      html += "</li>\n";
    }
    html += "</ol>\n</nav>\n";
  }

  int figure_number = 0;
  for (const Section& section : page.sections) {
    html += "<section class=\"part\" id=\"" + section.id + "\">\n<h2>" + EscapeHtml(section.title) +
            "</h2>\n";
    if (!section.intro_html.empty()) {
      html += "<div class=\"intro\">" + section.intro_html + "</div>\n";
    }
    for (const Chart& chart : section.charts) {
      html += "<figure>\n<h3><span class=\"figure-number\">" + std::string(words.figure) + " " +
              std::to_string(++figure_number) + "</span>" + EscapeHtml(chart.title) +
              "</h3>\n<div class=\"chart\" id=\"" + chart.id + "\"></div>\n";
      if (!chart.caption.empty()) {
        html += "<figcaption>" + EscapeHtml(chart.caption) + "</figcaption>\n";
      }
      html += "</figure>\n";
    }
    for (const std::string& block : section.html_blocks) {
      html += "<div class=\"block\">" + block + "</div>\n";
    }
    html += "</section>\n";
  }
  html += "</main>\n";
  if (!page.footer_html.empty()) {
    html +=
        "<footer class=\"colophon\"><div class=\"wrap\">" + page.footer_html + "</div></footer>\n";
  }

  html += "<script type=\"application/json\" id=\"zicht-charts\">" + ScriptJson(page_data) +
          "</script>\n";
  // The license notice the bundles' BSD-3-Clause license asks to be kept with them.
  html +=
      "<!-- vega, vega-lite and vega-embed: Copyright (c) 2015-2023, University of Washington "
      "Interactive Data Lab, BSD-3-Clause license; they include d3 modules, Copyright Mike "
      "Bostock, ISC license. -->\n";
  for (const Bundle& b : bundles) {
    // The exact text between the tags is what the CSP hash covers: nothing may be added.
    html += "<script>" + std::string(b.asset->script) + "</script>\n";
  }
  html += "<script>" + std::string(kBootstrap) + "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace zicht::report
