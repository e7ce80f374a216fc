#include "zicht/report/report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace zicht::report {
namespace {

// The list of files a report wrote into its tables folder, so that the next report into
// the same folder removes those of its own it no longer writes (a table of a year that is
// no longer in the range) and nothing else.
constexpr const char* kManifest = "manifest.json";

std::set<std::string> EarlierFiles(const std::filesystem::path& tables_dir) {
  std::set<std::string> files;
  std::ifstream in(tables_dir / kManifest, std::ios::binary);
  if (!in) return files;
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (!manifest.is_object() || manifest.value("written_by", "") != "zicht report" ||
      !manifest.contains("files") || !manifest["files"].is_array()) {
    return files;
  }
  for (const auto& name : manifest["files"]) {
    if (!name.is_string()) continue;
    const std::string file = name.get<std::string>();
    // Only plain names in this folder: a manifest never reaches outside it.
    if (file.empty() || file.find('/') != std::string::npos ||
        file.find('\\') != std::string::npos || file == "." || file == "..") {
      continue;
    }
    files.insert(file);
  }
  return files;
}

}  // namespace

std::string ReportSummary::BriefReport() const {
  return fmt::format(
      "{} ({} charts, {} tables, {} cells hidden by disclosure control, {:.1f} MB); "
      "the tables as CSV and JSON in {}{}",
      index_html.string(), charts, tables, suppressed_cells, static_cast<double>(page_bytes) / 1e6,
      tables_dir.string(),
      removed.empty() ? ""
                      : fmt::format("; {} tables of an earlier report removed", removed.size()));
}

Result<ReportSummary> WriteReport(store::Store& store, const Vocabulary& vocabulary,
                                  const ReportOptions& options,
                                  const std::filesystem::path& out_dir, const std::string& lang) {
  auto data = GatherReportData(store, vocabulary, options);
  if (!data.ok()) return data.status();
  if (options.progress) options.progress("page");
  auto page = BuildReportPage(*data, vocabulary, lang);
  if (!page.ok()) return page.status();
  auto html = RenderPage(*page);
  if (!html.ok()) return html.status();

  ReportSummary summary;
  summary.index_html = out_dir / "index.html";
  summary.tables_dir = out_dir / "tables";
  std::error_code error;
  std::filesystem::create_directories(summary.tables_dir, error);
  if (error) {
    return Status::IoError(fmt::format("{}: cannot make the folder: {}",
                                       summary.tables_dir.string(), error.message()));
  }
  const std::set<std::string> earlier = EarlierFiles(summary.tables_dir);
  ZICHT_RETURN_IF_ERROR(monitor::WriteMonitorCsv(data->monitor, summary.tables_dir, lang));
  const auto write = [](const std::filesystem::path& path, const std::string& text) -> Status {
    // Written beside, then renamed: a reader never opens half a report.
    const std::filesystem::path partial = path.string() + ".partial";
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out) return Status::IoError(fmt::format("{}: cannot write", partial.string()));
    }
    std::error_code rename_error;
    std::filesystem::rename(partial, path, rename_error);
    if (rename_error) {
      return Status::IoError(
          fmt::format("{}: cannot write: {}", path.string(), rename_error.message()));
    }
    return Status::Ok();
  };
  ZICHT_RETURN_IF_ERROR(
      write(summary.tables_dir / "monitor.json", monitor::MonitorToJson(data->monitor)));
  ZICHT_RETURN_IF_ERROR(write(summary.index_html, *html));

  std::set<std::string> written{"monitor.json"};
  for (const monitor::Table& table : data->monitor.tables) {
    written.insert(monitor::CsvFileName(table));
  }
  nlohmann::json manifest{{"written_by", "zicht report"}, {"files", written}};
  ZICHT_RETURN_IF_ERROR(write(summary.tables_dir / kManifest, manifest.dump(2) + "\n"));
  for (const std::string& file : earlier) {
    if (written.count(file) != 0) continue;
    std::error_code remove_error;
    const std::filesystem::path stale = summary.tables_dir / file;
    if (std::filesystem::is_regular_file(stale, remove_error)) {
      std::filesystem::remove(stale, remove_error);
      if (!remove_error) summary.removed.push_back(stale);
    }
  }

  summary.page_bytes = html->size();
  summary.tables = data->monitor.tables.size();
  for (const Section& section : page->sections) summary.charts += section.charts.size();
  for (const monitor::Table& table : data->monitor.tables) {
    for (bool hidden : table.suppressed) summary.suppressed_cells += hidden ? 1 : 0;
  }
  summary.warnings = data->monitor.warnings;
  for (const std::string& note : data->estimate_notes) summary.warnings.push_back(note);
  return summary;
}

}  // namespace zicht::report
