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
        BadMapping{"UnknownSection", kColumns + "[colours]\nx = 1\n", "colours"},
        BadMapping{"UnknownSourceKind", "[source]\nkind = \"army\"\n" + kColumns, "source.kind"},
        BadMapping{"NoColumns", "[file]\ndelimiter = \";\"\n", "columns: is missing"},
        BadMapping{"SyntaxError", "[columns\n", "m.toml:1:"}),
    [](const ::testing::TestParamInfo<BadMapping>& info) { return info.param.name; });

}  // namespace
}  // namespace zicht::ingest
