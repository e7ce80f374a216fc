#include "ingest/row_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace zicht::ingest {

namespace {

constexpr size_t kMaxLabelInMessage = 40;

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// A category label may be named in a message (labels are not identifiers), cut short so
// that a column mapped by mistake cannot spill a whole cell.
std::string Quoted(std::string_view label) {
  if (label.size() <= kMaxLabelInMessage) return fmt::format("'{}'", label);
  return fmt::format("'{}...'", label.substr(0, kMaxLabelInMessage));
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

}  // namespace

Result<RowParser> RowParser::Create(const std::vector<std::string>& header, const Mapping& mapping,
                                    const Vocabulary& vocabulary, std::string file_name,
                                    std::vector<Violation>& violations) {
  RowParser parser(mapping, vocabulary, std::move(file_name));
  parser.header_size_ = header.size();
  parser.today_ = Today();
  const size_t field_count = AllFields().size();
  parser.column_of_field_.assign(field_count, -1);
  parser.column_names_.resize(field_count);

  const size_t before = violations.size();
  std::map<std::string, int> position;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Trim(header[i]);
    if (name.empty()) continue;
    if (!position.emplace(name, static_cast<int>(i)).second) {
      violations.push_back({parser.file_name_, 1, name, "the header names this column twice"});
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
    parser.column_names_[index] = wanted.empty() ? std::string(info.name) : wanted;
    const auto found = wanted.empty() ? position.end() : position.find(wanted);
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
  if (mapping.columns.empty()) {
    // Without a mapping every column must be a canonical field, so a typo is caught
    // instead of silently dropping a column.
    for (const auto& [name, index] : position) {
      if (!FieldByName(name)) {
        violations.push_back(
            {parser.file_name_, 1, name,
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
                      privacy::ClearIdentifiers& clear, std::vector<Violation>& violations) const {
  const size_t before = violations.size();
  const auto fail = [&](Field field, std::string rule) {
    violations.push_back(
        {file_name_, row, column_names_[static_cast<size_t>(field)], std::move(rule)});
  };
  if (fields.size() != header_size_) {
    violations.push_back(
        {file_name_, row, "",
         fmt::format("row has {} fields where the header has {}", fields.size(), header_size_)});
    return false;
  }
  // The cell of a field, or nullopt when the field is absent or its cell means "missing".
  const auto cell = [&](Field field) -> std::optional<std::string_view> {
    const int column = column_of_field_[static_cast<size_t>(field)];
    if (column < 0) return std::nullopt;
    const std::string& value = fields[static_cast<size_t>(column)];
    if (mapping_->IsMissing(value)) return std::nullopt;
    return std::string_view(value);
  };
  const auto date = [&](Field field) -> std::optional<Date> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    auto parsed = ParseDate(Trim(*text), mapping_->DateFormatFor(field));
    if (!parsed.ok()) {
      fail(field, fmt::format("{} {}", InfoOf(field).name, parsed.status().message()));
      return std::nullopt;
    }
    return *parsed;
  };
  const auto category = [&](Field field) -> std::string {
    const auto text = cell(field);
    if (!text) return std::string(Vocabulary::kUnknown);
    std::string value = mapping_->Translate(field, *text);
    if (field == Field::kNationality && value.size() == 2) {
      std::transform(value.begin(), value.end(), value.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    if (!vocabulary_->Contains(field, value)) {
      fail(field, fmt::format("{} is not a value of {} in the vocabulary ({}); map it in the "
                              "mapping's [values.{}]",
                              Quoted(Trim(*text)), InfoOf(field).name,
                              AllowedValues(vocabulary_->CategoriesOf(field)), InfoOf(field).name));
    }
    return value;
  };
  const auto boolean = [&](Field field) -> std::optional<bool> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    const std::string value = mapping_->Translate(field, *text);
    if (value == Vocabulary::kUnknown) return std::nullopt;
    const auto parsed = ParseBoolean(value);
    if (!parsed) {
      fail(field, fmt::format("{} is not yes/no (true, false, yes, no, 1, 0); map it in the "
                              "mapping's [values.{}]",
                              Quoted(Trim(*text)), InfoOf(field).name));
    }
    return parsed;
  };
  const auto integer = [&](Field field) -> std::optional<int> {
    const auto text = cell(field);
    if (!text) return std::nullopt;
    const auto parsed = ParseInt(Trim(*text));
    if (!parsed) fail(field, fmt::format("{} is not a whole number", InfoOf(field).name));
    return parsed;
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
    fail(Field::kRegistrationDate, "registration_date is in the future");
  }

  // Identifiers stay in `clear`, which never leaves ingest.
  clear = privacy::ClearIdentifiers{};
  clear.given_name = text(Field::kGivenName);
  clear.family_name = text(Field::kFamilyName);
  clear.personal_id = text(Field::kPersonalId);
  clear.phone = text(Field::kPhone);
  clear.email = text(Field::kEmail);
  clear.date_of_birth = date(Field::kDateOfBirth);

  // Age: from the date of birth, else a birth year or a given age; each checked against
  // the others where more than one is given.
  record.birth_year.reset();
  record.age.reset();
  const int max_age = vocabulary_->max_plausible_age();
  if (clear.date_of_birth) {
    record.birth_year = clear.date_of_birth->year;
    if (*clear.date_of_birth > today_) {
      fail(Field::kDateOfBirth, "date_of_birth is in the future");
    } else if (registration) {
      if (*clear.date_of_birth > *registration) {
        fail(Field::kDateOfBirth, "date_of_birth is after the registration_date");
      } else {
        record.age = AgeInYears(*clear.date_of_birth, *registration);
      }
    }
  }
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
      fail(Field::kAgeAtRegistration,
           fmt::format("age_at_registration is outside 0 to {}", max_age));
    } else if (record.age && *record.age != *age) {
      fail(Field::kAgeAtRegistration, "age_at_registration disagrees with date_of_birth");
    } else {
      record.age = *age;
    }
  }
  if (record.age && *record.age > max_age) {
    fail(Field::kDateOfBirth, fmt::format("age at registration is above {}", max_age));
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
    std::string_view rest = *forms;
    const std::string& separator = mapping_->list_separator;
    while (true) {
      const size_t cut = rest.find(separator);
      const std::string_view part = rest.substr(0, cut);
      const std::string value = mapping_->Translate(Field::kExploitationForm, part);
      if (!vocabulary_->Contains(Field::kExploitationForm, value)) {
        fail(Field::kExploitationForm,
             fmt::format("{} is not a value of exploitation_form in the vocabulary ({}); map it "
                         "in the mapping's [values.exploitation_form]",
                         Quoted(Trim(part)),
                         AllowedValues(vocabulary_->CategoriesOf(Field::kExploitationForm))));
      } else if (std::find(record.exploitation_forms.begin(), record.exploitation_forms.end(),
                           value) == record.exploitation_forms.end()) {
        record.exploitation_forms.push_back(value);
      }
      if (cut == std::string_view::npos) break;
      rest.remove_prefix(cut + separator.size());
    }
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
