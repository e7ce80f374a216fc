// Each source's own layout: its column headers (Dutch or English), delimiter, date
// formats, labels for the categories, how it writes a missing value and its record
// ids; and the mapping file (docs/mapping.md) that tells `zicht ingest` how to read it.
//
// Thread safety: layouts are immutable values.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/core/fields.hpp"

namespace zicht::simulate {

struct LayoutColumn {
  Field field;
  std::string header;
};

struct Layout {
  std::string source;  // source kind
  char delimiter = ',';
  std::string date_format = "%Y-%m-%d";
  std::map<Field, std::string> date_formats;  // per date field, overriding date_format
  std::string list_separator = "|";
  std::string missing;    // written for a value not given
  std::string id_prefix;  // record id = prefix + year + counter
  bool id_has_year = true;
  int id_digits = 6;
  std::string nationality_style = "alpha2";  // alpha2, alpha3, name_nl, name_en
  std::vector<LayoutColumn> columns;
  // canonical value -> the source's label, per category or boolean field
  std::map<Field, std::map<std::string, std::string>> labels;

  bool Has(Field field) const;
  // The source's label for a canonical value (the value itself if it has none).
  const std::string& Label(Field field, const std::string& canonical) const;
  std::string FormatDate(Field field, const Date& date) const;
  std::string RecordId(int year, std::uint64_t counter) const;
  // The nationality as this source writes it.
  std::string Nationality(std::size_t country) const;
};

// The layout of a source kind; a source without a layout of its own gets one with the
// canonical field names.
Layout LayoutFor(const std::string& source);

// Formats a date with %Y, %y, %m, %d and literal characters (zero-padded fields).
std::string FormatDate(const Date& date, std::string_view format);

// The mapping file for `layout`, in the format of docs/mapping.md.
std::string MappingToml(const Layout& layout);

}  // namespace zicht::simulate
