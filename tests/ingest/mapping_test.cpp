#include "zicht/ingest/mapping.hpp"

#include <gtest/gtest.h>

namespace zicht::ingest {
namespace {

const Vocabulary& Vocab() {
  return Vocabulary::Default();
}

constexpr const char* kPoliceMapping = R"toml(
[source]
kind = "police"

[file]
delimiter = ";"
date_format = "%d-%m-%Y"
missing = ["", "onbekend"]

[columns]
source_record_id = "Registratienummer"
registration_date = "Datum melding"
given_name = "Voornaam"
gender = "Geslacht"
exploitation_form = "Vorm"

[date_formats]
date_of_birth = "%Y%m%d"

[values.gender]
"V" = "female"
"M" = "male"

[values.exploitation_form]
"Seksuele uitbuiting" = "sexual"
)toml";

TEST(ParseMapping, ReadsEverySection) {
  auto mapping = ParseMapping(kPoliceMapping, "police.toml", Vocab());
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  EXPECT_EQ(mapping->source_kind, "police");
  EXPECT_EQ(mapping->delimiter, ';');
  EXPECT_EQ(mapping->columns.at(Field::kRegistrationDate), "Datum melding");
  EXPECT_EQ(mapping->DateFormatFor(Field::kRegistrationDate), "%d-%m-%Y");
  EXPECT_EQ(mapping->DateFormatFor(Field::kDateOfBirth), "%Y%m%d");
  EXPECT_TRUE(mapping->IsMissing(" onbekend "));
  EXPECT_FALSE(mapping->IsMissing("V"));
}

TEST(ParseMapping, TranslatesLabelsExactlyThenIgnoringCase) {
  auto mapping = ParseMapping(kPoliceMapping, "police.toml", Vocab());
  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->Translate(Field::kGender, "V"), "female");
  EXPECT_EQ(mapping->Translate(Field::kGender, " v "), "female");
  EXPECT_EQ(mapping->Translate(Field::kExploitationForm, "seksuele UITBUITING"), "sexual");
  EXPECT_EQ(mapping->Translate(Field::kGender, "female"), "female");  // passes through
  EXPECT_EQ(mapping->Translate(Field::kNationality, " NL"), "NL");
}

constexpr const char* kOneOffExtract = R"toml(
[file]
date_format = "%d-%m-%Y"
missing = ["", "onbekend"]

[columns]
source_record_id = "Nummer"
gender = "Geslacht"

[constants]
registration_date = "01-01-2020"
exploitation_form = "Seksuele uitbuiting|labour"
minor = "Ja"
region = " Oost-Nederland "

[values.exploitation_form]
"Seksuele uitbuiting" = "sexual"

[values.minor]
"Ja" = "yes"
)toml";

TEST(ParseMapping, ReadsConstantsAsCellsOfTheirFields) {
  auto mapping = ParseMapping(kOneOffExtract, "extract.toml", Vocab());
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  // Kept as written; the row parser reads them as it reads a cell.
  EXPECT_EQ(mapping->constants.at(Field::kRegistrationDate), "01-01-2020");
  EXPECT_EQ(mapping->constants.at(Field::kExploitationForm), "Seksuele uitbuiting|labour");
  EXPECT_EQ(mapping->constants.at(Field::kMinor), "Ja");
  EXPECT_EQ(mapping->constants.at(Field::kRegion), " Oost-Nederland ");
  EXPECT_FALSE(mapping->columns.contains(Field::kRegistrationDate));
}

TEST(ParseMapping, InvalidDateOfBirthIsRejectUnlessSetToMissing) {
  const std::string columns = "[columns]\nsource_record_id = \"id\"\nregistration_date = \"d\"\n";
  auto by_default = ParseMapping(columns, "m.toml", Vocab());
  ASSERT_TRUE(by_default.ok()) << by_default.status().message();
  EXPECT_EQ(by_default->invalid_date_of_birth, InvalidDateOfBirth::kReject);
  auto reject =
      ParseMapping("[file]\ninvalid_date_of_birth = \"reject\"\n" + columns, "m.toml", Vocab());
  ASSERT_TRUE(reject.ok()) << reject.status().message();
  EXPECT_EQ(reject->invalid_date_of_birth, InvalidDateOfBirth::kReject);
  auto missing =
      ParseMapping("[file]\ninvalid_date_of_birth = \"missing\"\n" + columns, "m.toml", Vocab());
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_EQ(missing->invalid_date_of_birth, InvalidDateOfBirth::kMissing);
}

struct BadMapping {
  const char* name;
  std::string text;
  const char* expected;  // part of the message
};

class ParseMappingRejects : public ::testing::TestWithParam<BadMapping> {};

TEST_P(ParseMappingRejects, NamesTheKeyAndTheRule) {
  auto mapping = ParseMapping(GetParam().text, "m.toml", Vocab());
  ASSERT_FALSE(mapping.ok());
  EXPECT_NE(mapping.status().message().find(GetParam().expected), std::string::npos)
      << mapping.status().message();
  EXPECT_EQ(mapping.status().code(), StatusCode::kConfigError);
}

const std::string kColumns = "[columns]\nsource_record_id = \"id\"\nregistration_date = \"d\"\n";

INSTANTIATE_TEST_SUITE_P(
    EveryRule, ParseMappingRejects,
    ::testing::Values(
        BadMapping{"UnknownField", kColumns + "eye_colour = \"x\"\n",
                   "m.toml: columns.eye_colour: is not a canonical field"},
        BadMapping{"MissingRequired", "[columns]\nsource_record_id = \"id\"\n",
                   "must map the required field registration_date"},
        BadMapping{"ColumnTwice", kColumns + "given_name = \"d\"\n", "already mapped"},
        BadMapping{"BadDelimiter", "[file]\ndelimiter = \"|\"\n" + kColumns, "file.delimiter"},
        BadMapping{"BadDateFormat", "[file]\ndate_format = \"%d.%b.%Y\"\n" + kColumns,
                   "file.date_format"},
        BadMapping{"DateFormatForNonDate", kColumns + "[date_formats]\ngender = \"%Y\"\n",
                   "date_formats.gender: is not a date field"},
        BadMapping{"LabelOntoUnknownValue", kColumns + "[values.gender]\n\"V\" = \"woman\"\n",
                   "'woman' is not a value of gender"},
        BadMapping{"LabelsForIdentifier", kColumns + "[values.given_name]\n\"A\" = \"b\"\n",
                   "values.given_name"},
        BadMapping{"InvalidDateOfBirthUnknownValue",
                   "[file]\ninvalid_date_of_birth = \"drop\"\n" + kColumns,
                   "m.toml: file.invalid_date_of_birth: must be \"reject\" or \"missing\""},
        BadMapping{"InvalidDateOfBirthNotAString",
                   "[file]\ninvalid_date_of_birth = true\n" + kColumns,
                   "m.toml: file.invalid_date_of_birth: must be \"reject\" or \"missing\""},
        BadMapping{"UnknownSection", kColumns + "[colours]\nx = 1\n", "colours"},
        BadMapping{"UnknownSourceKind", "[source]\nkind = \"army\"\n" + kColumns, "source.kind"},
        BadMapping{"NoColumns", "[file]\ndelimiter = \";\"\n", "columns: is missing"},
        BadMapping{"SyntaxError", "[columns\n", "m.toml:1:"},
        BadMapping{"ConstantForUnknownField", kColumns + "[constants]\neye_colour = \"x\"\n",
                   "m.toml: constants.eye_colour: is not a canonical field"},
        BadMapping{"ConstantAndColumn",
                   kColumns + "[constants]\nregistration_date = \"2020-01-01\"\n",
                   "m.toml: constants.registration_date: is also mapped in [columns]"},
        BadMapping{"ConstantForIdentifyingField",
                   kColumns + "[constants]\ndate_of_birth = \"2000-01-01\"\n",
                   "m.toml: constants.date_of_birth: identifies a person"},
        BadMapping{"ConstantForEmail", kColumns + "[constants]\nemail = \"x@example.org\"\n",
                   "m.toml: constants.email: identifies a person"},
        BadMapping{"ConstantRecordId",
                   "[columns]\nregistration_date = \"d\"\n[constants]\nsource_record_id = \"1\"\n",
                   "m.toml: constants.source_record_id: tells the rows apart"},
        BadMapping{"ConstantNotAString",
                   "[columns]\nsource_record_id = \"id\"\n[constants]\nregistration_date = "
                   "2020-01-01\n",
                   "m.toml: constants.registration_date: must be a string"},
        BadMapping{"ConstantDateNotInTheFieldsFormat",
                   "[file]\ndate_format = \"%d-%m-%Y\"\n[columns]\nsource_record_id = "
                   "\"id\"\n[constants]\nregistration_date = \"2020-01-01\"\n",
                   "m.toml: constants.registration_date: registration_date does not match the "
                   "date format %d-%m-%Y"},
        BadMapping{"ConstantDateNotInTheCalendar",
                   "[columns]\nsource_record_id = \"id\"\n[constants]\nregistration_date = "
                   "\"2019-02-29\"\n",
                   "m.toml: constants.registration_date: registration_date is not a day"},
        BadMapping{"ConstantRegistrationInTheFuture",
                   "[columns]\nsource_record_id = \"id\"\n[constants]\nregistration_date = "
                   "\"2999-01-01\"\n",
                   "m.toml: constants.registration_date: registration_date is in the future"},
        BadMapping{
            "ConstantNotInTheVocabulary", kColumns + "[constants]\ngender = \"vrouw\"\n",
            "m.toml: constants.gender: is not a value of gender in the vocabulary (female, male"},
        BadMapping{"ConstantLabelOntoNothing",
                   kColumns + "[constants]\nexploitation_form = \"sexual|Arbeid\"\n",
                   "m.toml: constants.exploitation_form: holds a value that is not a value of "
                   "exploitation_form"},
        BadMapping{"ConstantNotYesNo", kColumns + "[constants]\nminor = \"perhaps\"\n",
                   "m.toml: constants.minor: is not yes/no"},
        BadMapping{"ConstantAgeOutOfRange",
                   kColumns + "[constants]\nage_at_registration = \"130\"\n",
                   "m.toml: constants.age_at_registration: age_at_registration is outside 0 to "
                   "100"},
        BadMapping{"ConstantMeaningMissing", kColumns + "[constants]\nregion = \"\"\n",
                   "m.toml: constants.region: is a value that means \"not given\""}),
    [](const ::testing::TestParamInfo<BadMapping>& info) { return info.param.name; });

}  // namespace
}  // namespace zicht::ingest
