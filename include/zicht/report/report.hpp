// `zicht report`: the self-contained report (index.html, with charts and tables) and the
// tables as CSV and JSON beside it, from a linked store. Everything in it has been through
// disclosure control (docs/disclosure.md).
//
// Thread safety: uses the store from one thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/report/html_page.hpp"
#include "zicht/report/report_data.hpp"
#include "zicht/store/store.hpp"

namespace zicht::report {

// The page in "en" or "nl". Errors: InvalidArgument for another language; those of the
// chart builders.
Result<Page> BuildReportPage(const ReportData& data, const Vocabulary& vocabulary,
                             const std::string& lang);

// Writes a report table as HTML: headings in `lang`, a suppressed count as "<10", shares
// as percentages with their interval.
std::string TableHtml(const monitor::Table& table, const std::string& lang);

struct ReportSummary {
  std::filesystem::path index_html;
  std::filesystem::path tables_dir;
  std::size_t charts = 0;
  std::size_t tables = 0;
  std::size_t suppressed_cells = 0;
  std::size_t page_bytes = 0;
  std::vector<std::string> warnings;
  // Tables an earlier report wrote into the same folder that this one no longer writes,
  // removed (by the earlier report's tables/manifest.json; no other file is touched).
  std::vector<std::filesystem::path> removed;
  std::string BriefReport() const;
};

// Gathers the data, draws the page and writes out_dir/index.html, out_dir/tables/*.csv,
// out_dir/tables/monitor.json and out_dir/tables/manifest.json (the files it wrote), and
// removes the files of an earlier report's manifest that it no longer writes. Errors:
// IoError; those of GatherReportData and BuildReportPage.
Result<ReportSummary> WriteReport(store::Store& store, const Vocabulary& vocabulary,
                                  const ReportOptions& options,
                                  const std::filesystem::path& out_dir, const std::string& lang);

}  // namespace zicht::report
