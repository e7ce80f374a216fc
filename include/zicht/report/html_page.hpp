// The report as one self-contained HTML page.
//
// RenderPage writes the whole index.html: the CSS inline, the vega, vega-lite and
// vega-embed bundles inline (the versions web/package-lock.json pins, compiled into the
// library), every chart's Vega-Lite specification as inline JSON, and a small script that
// renders each chart with vegaEmbed into its own <div class="chart" id="...">. The page
// opens from file:// with no network at all: its Content-Security-Policy allows no
// connection, no remote script, style, font or image, and it lists the SHA-256 of each of
// its own inline scripts, so a script that slips into caller-supplied HTML does not run.
// Each chart's actions menu offers SVG and PNG export only (not vega-embed's links to the
// online editor). The page has a table of contents and prints cleanly (the SVG charts are
// scaled to the printed column). When every chart is drawn, <html data-charts> becomes
// "ready" ("failed" if one could not be, with the reason in its place and on the console),
// and window.zichtViews holds the vega views by chart id: hooks for tests and print tools.
//
// The page's own words (the contents heading, the export menu) are English, or Dutch when
// `lang` is "nl"; numbers in the charts follow the same locale (1,334 and 25%, or 1.334 and
// 25%). Everything else is the caller's text, in the caller's language.
//
// Thread safety: RenderPage and EscapeHtml are pure functions of their arguments; safe to
// call from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::report {

// One chart: a Vega-Lite specification (see charts.hpp for builders) with its heading and
// caption. `id` becomes the HTML id of the chart's <div>; it must be unique on the page
// (also against section ids), match [A-Za-z][A-Za-z0-9_-]* and not start with "zicht-",
// which the page keeps for its own elements. Title and caption are text.
struct Chart {
  std::string id;
  std::string title;
  std::string caption;
  std::string vega_lite_json;  // a JSON object; data inline ("values"), never a URL
};

// A headline figure shown near the top, e.g. {"Registered presumed victims", "1,334",
// "2019, persons after linkage"}. All three are text.
struct KeyFigure {
  std::string label;
  std::string value;
  std::string note;
};

// A section of the page, listed in the table of contents. `id` follows the rules of
// Chart::id. `intro_html` and `html_blocks` (tables, notes) are inserted as they are:
// they must already be valid, escaped HTML (build text into them with EscapeHtml). A
// <script> in them does not run (the page's policy allows only its own scripts), and an
// element that loads from a URL is blocked. The charts come first, then the blocks.
struct Section {
  std::string id;
  std::string title;
  std::string intro_html;
  std::vector<Chart> charts;
  std::vector<std::string> html_blocks;
};

struct Page {
  std::string lang = "en";  // BCP 47 tag for <html lang>, e.g. "en" or "nl"
  std::string title;
  std::string subtitle;
  std::vector<KeyFigure> key_figures;
  std::vector<Section> sections;
  std::string footer_html;  // inserted as it is, like Section::intro_html
};

// The complete HTML document for `page`.
//
// Fails with InvalidArgument, naming the offending id, when an id is empty, malformed or
// used twice, when a chart's vega_lite_json is not a JSON object, or when `lang` is not a
// plausible language tag. The chart JSON is re-serialised with "<", ">" and "&" as \u
// escapes, so no text inside it can end the <script> element that carries it; every plain
// text field is escaped with EscapeHtml. A chart whose specification has no "description"
// gets its title and caption as one, which vega puts on the chart's SVG for screen readers.
Result<std::string> RenderPage(const Page& page);

// `text` with &, <, >, " and ' replaced by character references, safe both as element
// content and inside a quoted attribute value. Bytes are otherwise passed through (the
// page is UTF-8).
std::string EscapeHtml(std::string_view text);

}  // namespace zicht::report
