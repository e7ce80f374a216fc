// The canonical fields of a source record (docs/data-dictionary.md), and what kind each is.
//
// Thread safety: constants and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace zicht {

enum class Field {
  kSourceRecordId,
  kRegistrationDate,
  kGivenName,
  kFamilyName,
  kDateOfBirth,
  kBirthYear,
  kAgeAtRegistration,
  kMinor,
  kPersonalId,
  kPhone,
  kEmail,
  kGender,
  kNationality,
  kExploitationForm,
  kSector,
  kDomestic,
  kUnaccompaniedMinor,
  kMunicipality,
  kRegion,
};

enum class FieldKind {
  kId,          // the source's own record id
  kDate,        // a calendar date
  kIdentifier,  // identifies a person: never stored, logged or printed in clear
  kInteger,
  kBoolean,
  kCategory,  // a value from the vocabulary
  kText,      // free text kept in clear (municipality, region)
};

struct FieldInfo {
  Field field;
  std::string_view name;  // canonical column name, e.g. "date_of_birth"
  FieldKind kind;
  bool required;
  bool identifying;  // masked in every message
};

// Every canonical field, in data-dictionary order.
std::span<const FieldInfo> AllFields();
const FieldInfo& InfoOf(Field field);
std::optional<Field> FieldByName(std::string_view name);

}  // namespace zicht
