// Writing the protected tables: JSON, CSV files and plain text. Every writer reads a cell
// through CellText, so no writer can show a suppressed count.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

std::string CellText(const Table& table, std::size_t r, std::size_t c) {
  if (table.is_suppressed(r, c)) return HiddenText(table, r, c);
  return std::to_string(table.count(r, c));
}

const char* UnitName(CountingUnit unit) {
  return unit == CountingUnit::kPersons ? "persons" : "records";
}

std::string Percent(double share) {
  return fmt::format("{:.1f}", 100 * share);
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string FileStem(const Table& table) {
  if (table.slice.empty()) return table.id;
  std::string slice = table.slice;
  for (char& c : slice) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return table.id + "_" + slice;
}

std::string Indented(const Heading& heading, const std::string& lang) {
  return std::string(static_cast<std::size_t>(heading.depth) * 2, ' ') +
         HeadingLabel(heading, lang);
}

}  // namespace

std::string Legend(std::int64_t threshold, CountingUnit unit, const std::string& lang) {
  if (lang == "nl") {
    return fmt::format(
        "{}: 1 tot en met {} {}. {}: verborgen zodat geen aantal onder de {} kan worden "
        "afgeleid (het aantal is {} of meer).",
        SuppressedText(threshold), threshold - 1,
        unit == CountingUnit::kPersons ? "personen" : "registraties", kSecondaryText, threshold,
        threshold);
  }
  return fmt::format(
      "{}: 1 to {} {}. {}: hidden so that no count below {} can be worked out (the count is {} "
      "or more).",
      SuppressedText(threshold), threshold - 1, UnitName(unit), kSecondaryText, threshold,
      threshold);
}

std::string MonitorToJson(const MonitorResult& result) {
  nlohmann::ordered_json out;
  out["years"] = {result.first_year, result.last_year};
  out["unit"] = UnitName(result.unit);
  out["threshold"] = result.threshold;
  out["suppressed_reads"] = SuppressedText(result.threshold);
  out["secondary_reads"] = kSecondaryText;
  out["legend"] = {{"en", Legend(result.threshold, result.unit, "en")},
                   {"nl", Legend(result.threshold, result.unit, "nl")}};
  out["protection"] = result.protection;
  out["warnings"] = result.warnings;
  auto& tables = out["tables"] = nlohmann::ordered_json::array();
  for (const Table& table : result.tables) {
    nlohmann::ordered_json t;
    t["id"] = table.id;
    t["title"] = {{"en", table.title_en}, {"nl", table.title_nl}};
    if (!table.slice.empty()) t["slice"] = table.slice;
    t["rows_by"] = DimensionName(table.rows);
    t["columns_by"] = DimensionName(table.columns);
    auto headings = [](const std::vector<Heading>& list) {
      nlohmann::ordered_json array = nlohmann::ordered_json::array();
      for (const Heading& h : list) {
        nlohmann::ordered_json j{{"key", h.key}, {"en", h.en}, {"nl", h.nl}};
        if (h.depth > 0) j["depth"] = h.depth;
        if (h.total) j["total"] = true;
        array.push_back(std::move(j));
      }
      return array;
    };
    t["rows"] = headings(table.row_headings);
    t["columns"] = headings(table.column_headings);
    auto& cells = t["counts"] = nlohmann::ordered_json::array();
    for (std::size_t r = 0; r < table.rows_count(); ++r) {
      nlohmann::ordered_json row = nlohmann::ordered_json::array();
      for (std::size_t c = 0; c < table.columns_count(); ++c) {
        if (table.is_suppressed(r, c)) {
          row.push_back(HiddenText(table, r, c));
        } else {
          row.push_back(table.count(r, c));
        }
      }
      cells.push_back(std::move(row));
    }
    if (table.has_shares) {
      auto& shares = t["shares"] = nlohmann::ordered_json::array();
      for (std::size_t r = 0; r < table.rows_count(); ++r) {
        nlohmann::ordered_json row = nlohmann::ordered_json::array();
        for (std::size_t c = 0; c < table.columns_count(); ++c) {
          const auto& share = table.shares[table.index(r, c)];
          if (share) {
            row.push_back(
                {{"share", share->value}, {"lower", share->lower}, {"upper", share->upper}});
          } else {
            row.push_back(nullptr);
          }
        }
        shares.push_back(std::move(row));
      }
    }
    tables.push_back(std::move(t));
  }
  return out.dump(2) + "\n";
}

std::string CsvFileName(const Table& table) {
  return FileStem(table) + ".csv";
}

Status WriteMonitorCsv(const MonitorResult& result, const std::filesystem::path& dir,
                       const std::string& lang) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::IoError(
        fmt::format("{}: cannot make the folder: {}", dir.string(), error.message()));
  }
  const bool nl = lang == "nl";
  for (const Table& table : result.tables) {
    const std::filesystem::path path = dir / CsvFileName(table);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(fmt::format("{}: cannot write", path.string()));
    std::vector<std::string> header{CsvField(TableTitle(table, lang))};
    for (const Heading& h : table.column_headings) {
      header.push_back(CsvField(HeadingLabel(h, lang)));
      if (table.has_shares) {
        const std::string label = HeadingLabel(h, lang);
        header.push_back(CsvField(label + (nl ? " %" : " %")));
        header.push_back(CsvField(label + (nl ? " 95%-interval onder" : " 95% interval lower")));
        header.push_back(CsvField(label + (nl ? " 95%-interval boven" : " 95% interval upper")));
      }
    }
    out << fmt::format("{}\r\n", fmt::join(header, ","));
    for (std::size_t r = 0; r < table.rows_count(); ++r) {
      std::vector<std::string> line{CsvField(HeadingLabel(table.row_headings[r], lang))};
      for (std::size_t c = 0; c < table.columns_count(); ++c) {
        line.push_back(CsvField(CellText(table, r, c)));
        if (table.has_shares) {
          const auto& share = table.shares[table.index(r, c)];
          line.push_back(share ? Percent(share->value) : "");
          line.push_back(share ? Percent(share->lower) : "");
          line.push_back(share ? Percent(share->upper) : "");
        }
      }
      out << fmt::format("{}\r\n", fmt::join(line, ","));
    }
    if (std::find(table.suppressed.begin(), table.suppressed.end(), true) !=
        table.suppressed.end()) {
      out << fmt::format("{}\r\n", CsvField(Legend(table.threshold, table.unit, lang)));
    }
    if (!out) return Status::IoError(fmt::format("{}: cannot write", path.string()));
  }
  return Status::Ok();
}

std::string MonitorToText(const MonitorResult& result, const std::string& lang) {
  std::string out;
  for (const Table& table : result.tables) {
    out += TableTitle(table, lang);
    if (!table.slice.empty()) out += ", " + table.slice;
    out += fmt::format(" ({})\n", UnitName(table.unit));
    std::size_t label_width = 0;
    for (const Heading& h : table.row_headings) {
      label_width = std::max(label_width, Indented(h, lang).size());
    }
    label_width = std::min<std::size_t>(label_width, 36);
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < table.columns_count(); ++c) {
      std::size_t width =
          std::max<std::size_t>(HeadingLabel(table.column_headings[c], lang).size(), 6);
      if (table.has_shares) width = std::max<std::size_t>(width, 22);
      widths.push_back(std::min<std::size_t>(width, 28));
    }
    out += fmt::format("  {:<{}}", "", label_width);
    for (std::size_t c = 0; c < table.columns_count(); ++c) {
      out += fmt::format(" {:>{}}", HeadingLabel(table.column_headings[c], lang), widths[c]);
    }
    out += "\n";
    for (std::size_t r = 0; r < table.rows_count(); ++r) {
      out += fmt::format("  {:<{}}", Indented(table.row_headings[r], lang), label_width);
      for (std::size_t c = 0; c < table.columns_count(); ++c) {
        std::string cell = CellText(table, r, c);
        if (table.has_shares) {
          const auto& share = table.shares[table.index(r, c)];
          if (share) {
            cell += fmt::format(" {:>5}% ({}-{})", Percent(share->value), Percent(share->lower),
                                Percent(share->upper));
          }
        }
        out += fmt::format(" {:>{}}", cell, widths[c]);
      }
      out += "\n";
    }
    out += "\n";
  }
  if (result.threshold > 1) {
    out += Legend(result.threshold, result.unit, lang) + "\n";
  } else {
    out += "Disclosure control is off: small counts are shown. Not for publication.\n";
  }
  return out;
}

}  // namespace zicht::monitor
