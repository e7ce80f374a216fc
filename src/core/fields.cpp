#include "zicht/core/fields.hpp"

#include <array>

namespace zicht {

namespace {

// Dates of birth identify a person as much as names do, so they are masked too.
constexpr std::array kFields = {
    FieldInfo{Field::kSourceRecordId, "source_record_id", FieldKind::kId, true, false},
    FieldInfo{Field::kRegistrationDate, "registration_date", FieldKind::kDate, true, false},
    FieldInfo{Field::kGivenName, "given_name", FieldKind::kIdentifier, false, true},
    FieldInfo{Field::kFamilyName, "family_name", FieldKind::kIdentifier, false, true},
    FieldInfo{Field::kDateOfBirth, "date_of_birth", FieldKind::kDate, false, true},
    FieldInfo{Field::kBirthYear, "birth_year", FieldKind::kInteger, false, false},
    FieldInfo{Field::kAgeAtRegistration, "age_at_registration", FieldKind::kInteger, false, false},
    FieldInfo{Field::kMinor, "minor", FieldKind::kBoolean, false, false},
    FieldInfo{Field::kPersonalId, "personal_id", FieldKind::kIdentifier, false, true},
    FieldInfo{Field::kPhone, "phone", FieldKind::kIdentifier, false, true},
    FieldInfo{Field::kEmail, "email", FieldKind::kIdentifier, false, true},
    FieldInfo{Field::kGender, "gender", FieldKind::kCategory, false, false},
    FieldInfo{Field::kNationality, "nationality", FieldKind::kCategory, false, false},
    FieldInfo{Field::kExploitationForm, "exploitation_form", FieldKind::kCategory, false, false},
    FieldInfo{Field::kSector, "sector", FieldKind::kCategory, false, false},
    FieldInfo{Field::kDomestic, "domestic", FieldKind::kCategory, false, false},
    FieldInfo{Field::kUnaccompaniedMinor, "unaccompanied_minor", FieldKind::kBoolean, false, false},
    FieldInfo{Field::kMunicipality, "municipality", FieldKind::kText, false, false},
    FieldInfo{Field::kRegion, "region", FieldKind::kText, false, false},
};

}  // namespace

std::span<const FieldInfo> AllFields() {
  return kFields;
}

const FieldInfo& InfoOf(Field field) {
  return kFields[static_cast<size_t>(field)];
}

std::optional<Field> FieldByName(std::string_view name) {
  for (const auto& info : kFields) {
    if (info.name == name) return info.field;
  }
  return std::nullopt;
}

}  // namespace zicht
