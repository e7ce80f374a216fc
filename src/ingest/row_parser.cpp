#include "ingest/row_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace zicht::ingest {

namespace {

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::string AllowedValues(const std::vector<Category>& categories) {
  std::string list;
  constexpr size_t kShown = 12;
  for (size_t i = 0; i < categories.size() && i < kShown; ++i) {
    if (i > 0) list += ", ";
    list += categories[i].name;
  }
  if (categories.size() > kShown) list += ", ...";
  return list;
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::optional<bool> ParseBoolean(std::string_view value) {
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
  return std::nullopt;
}

// Readers of one cell's text, shared by the rows and the mapping's constants so that a
// constant is held to exactly the rules of a cell. Each calls fail(rule) for every rule
// the text breaks. A rule never quotes the text: a column mapped onto the wrong field
// would put a name or a date of birth into every message.

template <typename Fail>
std::optional<Date> ReadDate(Field field, std::string_view text, const Mapping& mapping,
                             Fail&& fail) {
  auto parsed = ParseDate(Trim(text), mapping.DateFormatFor(field));
  if (!parsed.ok()) {
    fail(fmt::format("{} {}", InfoOf(field).name, parsed.status().message()));
    return std::nullopt;
  }
  return *parsed;
}

template <typename Fail>
std::string ReadCategory(Field field, std::string_view text, const Mapping& mapping,
                         const Vocabulary& vocabulary, Fail&& fail) {
  std::string value = mapping.Translate(field, text);
  if (field == Field::kNationality && value.size() == 2) {
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  if (!vocabulary.Contains(field, value)) {
    fail(fmt::format(
        "is not a value of {} in the vocabulary ({}); map the source's label onto one in the "
        "mapping's [values.{}]",
        InfoOf(field).name, AllowedValues(vocabulary.CategoriesOf(field)), InfoOf(field).name));
  }
  return value;
}

// Appends each form of a list to `forms`, once. A list with several unknown values breaks
// the rule once: the message could not tell them apart without quoting them.
template <typename Fail>
void ReadExploitationForms(std::string_view text, const Mapping& mapping,
                           const Vocabulary& vocabulary, std::vector<std::string>& forms,
                           Fail&& fail) {
  const std::string& separator = mapping.list_separator;
  bool unknown = false;
  while (true) {
    const size_t cut = text.find(separator);
    const std::string_view part = text.substr(0, cut);
    const std::string value = mapping.Translate(Field::kExploitationForm, part);
    if (!vocabulary.Contains(Field::kExploitationForm, value)) {
      unknown = true;
    } else if (std::find(forms.begin(), forms.end(), value) == forms.end()) {
      forms.push_back(value);
    }
    if (cut == std::string_view::npos) break;
    text.remove_prefix(cut + separator.size());
  }
  if (unknown) {
    fail(fmt::format(
        "holds a value that is not a value of exploitation_form in the vocabulary ({}; several "
        "separated by '{}'); map the source's label onto one in the mapping's "
        "[values.exploitation_form]",
        AllowedValues(vocabulary.CategoriesOf(Field::kExploitationForm)), separator));
  }
}

// nullopt for "unknown" and for text that is not yes/no.
template <typename Fail>
std::optional<bool> ReadBoolean(Field field, std::string_view text, const Mapping& mapping,
                                Fail&& fail) {
  const std::string value = mapping.Translate(field, text);
  if (value == Vocabulary::kUnknown) return std::nullopt;
  const auto parsed = ParseBoolean(value);
  if (!parsed) {
    fail(
        fmt::format("is not yes/no (true, false, yes, no, 1, 0); map the source's label onto one "
                    "in the mapping's [values.{}]",
                    InfoOf(field).name));
  }
  return parsed;
}

template <typename Fail>
std::optional<int> ReadInteger(Field field, std::string_view text, Fail&& fail) {
  const auto parsed = ParseInt(Trim(text));
  if (!parsed) fail(fmt::format("{} is not a whole number", InfoOf(field).name));
  return parsed;
}

std::string RegistrationInTheFuture() {
  return "registration_date is in the future";
}

std::string AgeOutOfRange(int max_age) {
  return fmt::format("age_at_registration is outside 0 to {}", max_age);
}

std::string ConstantName(Field field) {
  return fmt::format("constants.{}", InfoOf(field).name);
}

// Whether the mapping or the canonical layout names a column `name`, and how a message
// names the header cell `name` at `index`. The header is the file's content
// (a file without a header row has a person's details there), so its text is repeated
// only where the mapping or the canonical layout names the column, and is then the
// layout's text; any other cell is named by its position.
bool LayoutNames(const std::string& name, const Mapping& mapping) {
  if (FieldByName(name)) return true;
  return std::any_of(mapping.columns.begin(), mapping.columns.end(),
                     [&](const auto& column) { return column.second == name; });
}

std::string HeaderLabel(const std::string& name, size_t index, const Mapping& mapping) {
  return LayoutNames(name, mapping) ? name : fmt::format("column {}", index + 1);
}

}  // namespace

Status CheckConstants(const Mapping& mapping, const Vocabulary& vocabulary) {
  const Date today = Today();
  for (const auto& [field, value] : mapping.constants) {
    std::string broken;  // the first rule the constant breaks
    const auto fail = [&](std::string rule) {
      if (broken.empty()) broken = std::move(rule);
    };
    const FieldInfo& info = InfoOf(field);
    if (info.identifying || field == Field::kSourceRecordId) {
      // ParseMapping refuses these keys with a reason; a hand-made mapping gets this.
      fail("identifies a person or a record, so it cannot be a constant");
    } else if (mapping.IsMissing(value)) {
      fail("is a value that means \"not given\" ([file] missing); leave the field out instead");
    } else if (field == Field::kExploitationForm) {
      std::vector<std::string> forms;
      ReadExploitationForms(value, mapping, vocabulary, forms, fail);
    } else {
      switch (info.kind) {
        case FieldKind::kDate:
          if (const auto date = ReadDate(field, value, mapping, fail);
              date && field == Field::kRegistrationDate && *date > today) {
            fail(RegistrationInTheFuture());
          }
          break;
        case FieldKind::kInteger:
          if (const auto number = ReadInteger(field, value, fail);
              number && field == Field::kAgeAtRegistration &&
              (*number < 0 || *number > vocabulary.max_plausible_age())) {
            fail(AgeOutOfRange(vocabulary.max_plausible_age()));
          }
          break;
        case FieldKind::kBoolean:
          ReadBoolean(field, value, mapping, fail);
          break;
        case FieldKind::kCategory:
          ReadCategory(field, value, mapping, vocabulary, fail);
          break;
        case FieldKind::kId:
        case FieldKind::kIdentifier:
        case FieldKind::kText:
          break;
      }
    }
    if (!broken.empty()) {
      return Status::ConfigError(
          fmt::format("{}: {}: {}", mapping.origin, ConstantName(field), broken));
    }
  }
  return Status::Ok();
}

Result<RowParser> RowParser::Create(const std::vector<std::string>& header, const Mapping& mapping,
                                    const Vocabulary& vocabulary, std::string file_name,
                                    std::vector<Violation>& violations) {
  RowParser parser(mapping, vocabulary, std::move(file_name));
  parser.header_size_ = header.size();
  parser.today_ = Today();
  const size_t field_count = AllFields().size();
  parser.column_of_field_.assign(field_count, -1);
  parser.column_names_.resize(field_count);
  parser.constant_of_field_.resize(field_count);

  const size_t before = violations.size();
  if (Status s = CheckConstants(mapping, vocabulary); !s.ok()) {
    violations.push_back({parser.file_name_, 1, "", s.message()});
  }
  std::map<std::string, int> position;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Trim(header[i]);
    if (name.empty()) continue;
    if (const auto [first, added] = position.emplace(name, static_cast<int>(i)); !added) {
      violations.push_back(
          {parser.file_name_, 1, HeaderLabel(name, i, mapping),
           fmt::format("the header names this column twice (also column {})", first->second + 1)});
    }
  }
  for (const FieldInfo& info : AllFields()) {
    const size_t index = static_cast<size_t>(info.field);
    std::string wanted;
    if (mapping.columns.empty()) {
      wanted = std::string(info.name);
    } else if (const auto it = mapping.columns.find(info.field); it != mapping.columns.end()) {
      wanted = it->second;
    }
    const auto found = wanted.empty() ? position.end() : position.find(wanted);
    if (const auto constant = mapping.constants.find(info.field);
        constant != mapping.constants.end()) {
      parser.column_names_[index] = ConstantName(info.field);
      parser.constant_of_field_[index] = constant->second;
      if (found != position.end()) {
        violations.push_back({parser.file_name_, 1, wanted,
                              fmt::format("column for {} is given as a constant by {}; a field "
                                          "takes a column or a constant, not both",
                                          info.name, mapping.origin)});
      }
      continue;
    }
    parser.column_names_[index] = wanted.empty() ? std::string(info.name) : wanted;
    if (found != position.end()) {
      parser.column_of_field_[index] = found->second;
    } else if (info.required) {
      violations.push_back(
          {parser.file_name_, 1, parser.column_names_[index],
           fmt::format("required column for {} is missing from the header", info.name)});
    } else if (!mapping.columns.empty() && !wanted.empty()) {
      violations.push_back({parser.file_name_, 1, wanted,
                            fmt::format("column mapped to {} by {} is missing from the header",
                                        info.name, mapping.origin)});
    }
  }
  // Not one cell of the first row that the layout names: most likely the header row is
  // missing and the first row is data. One message says so instead of one per cell.
  const bool names_nothing = std::none_of(position.begin(), position.end(), [&](const auto& entry) {
    return LayoutNames(entry.first, mapping);
  });
  if (names_nothing) {
    violations.push_back(
        {parser.file_name_, 1, "",
         mapping.columns.empty()
             ? "the first row names no canonical field; does the file lack its header row? "
               "The first row must name the columns (docs/data-dictionary.md), or give a "
               "mapping file (--mapping)"
             : fmt::format("the first row names none of the columns that {} maps; does the file "
                           "lack its header row?",
                           mapping.origin)});
  } else if (mapping.columns.empty()) {
    // Without a mapping every column must be a canonical field, so a typo is caught
    // instead of silently dropping a column.
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string name = Trim(header[i]);
      if (!name.empty() && !FieldByName(name) && position.at(name) == static_cast<int>(i)) {
        violations.push_back(
            {parser.file_name_, 1, HeaderLabel(name, i, mapping),
             "is not a canonical field; rename it or give a mapping file (--mapping)"});
      }
    }
  }
  if (violations.size() != before) {
    return Status::InvalidData(fmt::format("{}: the header does not fit", parser.file_name_));
  }
  return parser;
}

bool RowParser::Parse(std::int64_t row, const std::vector<std::string>& fields, Record& record,
                      privacy::ClearIdentifiers& clear, std::vector<Violation>& violations,
                      bool* date_of_birth_dropped) const {
  const size_t before = violations.size();
  if (date_of_birth_dropped != nullptr) *date_of_birth_dropped = false;
  const auto fail = [&](Field field, std::string rule) {
    violations.push_back(
        {file_name_, row, column_names_[static_cast<size_t>(field)], std::move(rule)});
  };
  // The sink of a cell reader: the rules it reports are violations of `field`.
  const auto fail_on = [&fail](Field field) {
    return [&fail, field](std::string rule) { fail(field, std::move(rule)); };
  };
  if (fields.size() != header_size_) {
    violations.push_back(
        {file_name_, row, "",
         fmt::format("row has {} fields where the header has {}", fields.size(), header_size_)});
    return false;
  }
  // The cell of a field (its constant, if it has one), or nullopt when the field is
  // absent or its cell means "missing".
  const auto cell = [&](Field field) -> std::optional<std::string_view> {
    const size_t index = static_cast<size_t>(field);
    if (const auto& constant = constant_of_field_[index]) return std::string_view(*constant);
    const int column = column_of_field_[index];
    if (column < 0) return std::nullopt;
    const std::string& value = fields[static_cast<size_t>(column)];
    if (mapping_->IsMissing(value)) return std::nullopt;
    return std::string_view(value);
  };
  const auto date = [&](Field field) -> std::optional<Date> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    return ReadDate(field, *text, *mapping_, fail_on(field));
  };
  const auto category = [&](Field field) -> std::string {
    const auto text = cell(field);
    if (!text) return std::string(Vocabulary::kUnknown);
    return ReadCategory(field, *text, *mapping_, *vocabulary_, fail_on(field));
  };
  const auto boolean = [&](Field field) -> std::optional<bool> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    return ReadBoolean(field, *text, *mapping_, fail_on(field));
  };
  const auto integer = [&](Field field) -> std::optional<int> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    return ReadInteger(field, *text, fail_on(field));
  };
  const auto text = [&](Field field) -> std::string {
    const auto value = cell(field);
    return value ? Trim(*value) : std::string{};
  };

  // Identity of the record.
  record.source_record_id = text(Field::kSourceRecordId);
  if (record.source_record_id.empty()) {
    fail(Field::kSourceRecordId, "required field source_record_id is missing");
  }
  const auto registration = date(Field::kRegistrationDate);
  if (!registration && !cell(Field::kRegistrationDate)) {
    fail(Field::kRegistrationDate, "required field registration_date is missing");
  }
  if (registration && *registration > today_) {
    fail(Field::kRegistrationDate, RegistrationInTheFuture());
  }

  // Identifiers stay in `clear`, which never leaves ingest.
  clear = privacy::ClearIdentifiers{};
  clear.given_name = text(Field::kGivenName);
  clear.family_name = text(Field::kFamilyName);
  clear.personal_id = text(Field::kPersonalId);
  clear.phone = text(Field::kPhone);
  clear.email = text(Field::kEmail);

  // The date of birth's own rules: a day of the calendar in the date format, not in the
  // future, not after the registration date, an age within the limit. A date that breaks
  // one is a violation, or with invalid_date_of_birth = "missing" dropped as not given
  // (the row then takes its age from the other fields, if any).
  const int max_age = vocabulary_->max_plausible_age();
  std::vector<std::string> date_of_birth_rules;
  const auto date_of_birth_fail = [&date_of_birth_rules](std::string rule) {
    date_of_birth_rules.push_back(std::move(rule));
  };
  std::optional<Date> date_of_birth;
  std::optional<int> age_from_date_of_birth;
  if (const auto value = cell(Field::kDateOfBirth)) {
    date_of_birth = ReadDate(Field::kDateOfBirth, *value, *mapping_, date_of_birth_fail);
  }
  if (date_of_birth) {
    if (*date_of_birth > today_) {
      date_of_birth_fail("date_of_birth is in the future");
    } else if (registration) {
      if (*date_of_birth > *registration) {
        date_of_birth_fail("date_of_birth is after the registration_date");
      } else {
        age_from_date_of_birth = AgeInYears(*date_of_birth, *registration);
        if (*age_from_date_of_birth > max_age) {
          date_of_birth_fail(fmt::format("age at registration is above {}", max_age));
        }
      }
    }
  }
  if (!date_of_birth_rules.empty() &&
      mapping_->invalid_date_of_birth == InvalidDateOfBirth::kMissing) {
    date_of_birth.reset();
    age_from_date_of_birth.reset();
    if (date_of_birth_dropped != nullptr) *date_of_birth_dropped = true;
  } else {
    for (std::string& rule : date_of_birth_rules) fail(Field::kDateOfBirth, std::move(rule));
  }
  clear.date_of_birth = date_of_birth;

  // Age: from the date of birth, else a birth year or a given age; each checked against
  // the others where more than one is given.
  record.birth_year.reset();
  record.age = age_from_date_of_birth;
  if (date_of_birth) record.birth_year = date_of_birth->year;
  if (const auto birth_year = integer(Field::kBirthYear)) {
    if (record.birth_year && *record.birth_year != *birth_year) {
      fail(Field::kBirthYear, "birth_year disagrees with date_of_birth");
    } else if (registration &&
               (*birth_year > registration->year || *birth_year < registration->year - max_age)) {
      fail(Field::kBirthYear,
           fmt::format("birth_year gives an age at registration outside 0 to {}", max_age));
    }
    record.birth_year = *birth_year;
  }
  if (const auto age = integer(Field::kAgeAtRegistration)) {
    if (*age < 0 || *age > max_age) {
      fail(Field::kAgeAtRegistration, AgeOutOfRange(max_age));
    } else if (record.age && *record.age != *age) {
      fail(Field::kAgeAtRegistration, "age_at_registration disagrees with date_of_birth");
    } else {
      record.age = *age;
    }
  }

  record.minor = boolean(Field::kMinor);
  const int majority = vocabulary_->age_of_majority();
  if (record.age) {
    const bool is_minor = *record.age < majority;
    if (record.minor && *record.minor != is_minor) {
      fail(Field::kMinor, fmt::format("minor flag disagrees with the age at registration ({} {})",
                                      is_minor ? "below" : "at or above", majority));
    }
    record.minor = is_minor;
  } else if (record.minor && record.birth_year && registration) {
    // Age from the birth year alone is (year difference) or one less.
    const int oldest = registration->year - *record.birth_year;
    const int youngest = oldest - 1;
    if ((*record.minor && youngest >= majority) || (!*record.minor && oldest < majority)) {
      fail(Field::kMinor, "minor flag disagrees with birth_year");
    }
  } else if (!record.minor && record.birth_year && registration) {
    const int oldest = registration->year - *record.birth_year;
    if (oldest < majority) record.minor = true;
    if (oldest - 1 >= majority) record.minor = false;
  }

  // Categories.
  record.gender = category(Field::kGender);
  record.nationality = category(Field::kNationality);
  record.domestic = category(Field::kDomestic);
  record.sector = category(Field::kSector);
  record.exploitation_forms.clear();
  if (const auto forms = cell(Field::kExploitationForm)) {
    ReadExploitationForms(*forms, *mapping_, *vocabulary_, record.exploitation_forms,
                          fail_on(Field::kExploitationForm));
  }
  if (record.exploitation_forms.empty())
    record.exploitation_forms.emplace_back(Vocabulary::kUnknown);

  record.unaccompanied_minor = boolean(Field::kUnaccompaniedMinor);
  if (record.unaccompanied_minor.value_or(false) && record.minor && !*record.minor) {
    fail(Field::kUnaccompaniedMinor, "unaccompanied_minor is set for a person who is not a minor");
  }
  record.municipality = text(Field::kMunicipality);
  record.region = text(Field::kRegion);
  if (registration) record.registration_date = *registration;
  return violations.size() == before;
}

}  // namespace zicht::ingest
