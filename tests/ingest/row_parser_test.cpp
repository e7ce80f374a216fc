// Every validation rule of a row, on hand-made rows with obviously made-up identifiers.
#include "ingest/row_parser.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace zicht::ingest {
namespace {

const std::vector<std::string> kHeader = {
    "source_record_id", "registration_date",  "given_name",          "family_name",
    "date_of_birth",    "birth_year",         "age_at_registration", "minor",
    "gender",           "nationality",        "exploitation_form",   "sector",
    "domestic",         "unaccompanied_minor"};

// A valid row; tests change one cell at a time.
std::vector<std::string> ValidRow() {
  return {"R1", "2019-03-01", "Xaq", "Vrelt van", "2003-05-10", "",         "",
          "",   "female",     "NL",  "sexual",    "window",     "domestic", ""};
}

size_t Column(const std::string& name) {
  for (size_t i = 0; i < kHeader.size(); ++i) {
    if (kHeader[i] == name) return i;
  }
  return kHeader.size();
}

class RowParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("ZICHT_TODAY", "2020-06-30", 1);
    mapping_.origin = "(canonical header)";
    std::vector<Violation> header_violations;
    auto parser =
        RowParser::Create(kHeader, mapping_, Vocabulary::Default(), "f.csv", header_violations);
    ASSERT_TRUE(parser.ok()) << parser.status().message();
    parser_ = std::make_unique<RowParser>(std::move(parser).value());
  }
  void TearDown() override { unsetenv("ZICHT_TODAY"); }

  // Parses ValidRow() with `column` set to `value`; returns the violations.
  std::vector<Violation> With(const std::string& column, const std::string& value) {
    auto row = ValidRow();
    row[Column(column)] = value;
    return ParseRow(row);
  }
  std::vector<Violation> ParseRow(const std::vector<std::string>& row) {
    std::vector<Violation> violations;
    ok_ = parser_->Parse(7, row, record_, clear_, violations);
    return violations;
  }
  static bool Mentions(const std::vector<Violation>& violations, const std::string& column,
                       const std::string& text) {
    for (const auto& v : violations) {
      if (v.column == column && v.rule.find(text) != std::string::npos && v.row == 7 &&
          v.file == "f.csv") {
        return true;
      }
    }
    return false;
  }

  Mapping mapping_;
  std::unique_ptr<RowParser> parser_;
  Record record_;
  privacy::ClearIdentifiers clear_;
  bool ok_ = false;
};

TEST_F(RowParserTest, AcceptsAValidRowAndDerivesAge) {
  EXPECT_TRUE(ParseRow(ValidRow()).empty());
  EXPECT_TRUE(ok_);
  EXPECT_EQ(record_.source_record_id, "R1");
  EXPECT_EQ(record_.registration_date, (Date{2019, 3, 1}));
  EXPECT_EQ(record_.birth_year, 2003);
  EXPECT_EQ(record_.age, 15);
  EXPECT_EQ(record_.minor, true);
  EXPECT_EQ(record_.exploitation_forms, std::vector<std::string>{"sexual"});
  EXPECT_EQ(clear_.given_name, "Xaq");
  EXPECT_EQ(clear_.date_of_birth, (Date{2003, 5, 10}));
}

TEST_F(RowParserTest, RequiresRecordIdAndRegistrationDate) {
  EXPECT_TRUE(Mentions(With("source_record_id", " "), "source_record_id", "required"));
  EXPECT_TRUE(Mentions(With("registration_date", ""), "registration_date", "required"));
  EXPECT_FALSE(ok_);
}

TEST_F(RowParserTest, RejectsDatesThatDoNotExist) {
  EXPECT_TRUE(Mentions(With("registration_date", "2019-02-29"), "registration_date",
                       "not a day of the calendar"));
  EXPECT_TRUE(Mentions(With("date_of_birth", "2003-13-10"), "date_of_birth", "not a day"));
  EXPECT_TRUE(Mentions(With("date_of_birth", "10-05-2003"), "date_of_birth",
                       "does not match the date format"));
}

TEST_F(RowParserTest, RejectsImplausibleDates) {
  EXPECT_TRUE(Mentions(With("registration_date", "2021-01-01"), "registration_date", "future"));
  EXPECT_TRUE(Mentions(With("date_of_birth", "2020-07-01"), "date_of_birth", "future"));
  EXPECT_TRUE(Mentions(With("date_of_birth", "2019-03-02"), "date_of_birth",
                       "after the registration_date"));
  EXPECT_TRUE(Mentions(With("date_of_birth", "1918-01-01"), "date_of_birth", "above 100"));
  EXPECT_TRUE(With("date_of_birth", "2019-03-01").empty());  // a newborn is age 0
}

TEST_F(RowParserTest, ByDefaultAnInvalidDateOfBirthRejectsTheRow) {
  ASSERT_EQ(mapping_.invalid_date_of_birth, InvalidDateOfBirth::kReject);
  auto row = ValidRow();
  for (const char* value : {"2003-02-31", "2003-00-10", "2020-07-01", "2019-03-02"}) {
    SCOPED_TRACE(value);
    row[Column("date_of_birth")] = value;
    std::vector<Violation> violations;
    bool dropped = true;
    EXPECT_FALSE(parser_->Parse(7, row, record_, clear_, violations, &dropped));
    EXPECT_FALSE(dropped);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].column, "date_of_birth");
  }
}

// invalid_date_of_birth = "missing": a date of birth that breaks one of its rules is
// dropped and the row kept.
class RowParserDropsInvalidDateOfBirthTest : public RowParserTest {
 protected:
  void SetUp() override {
    mapping_.invalid_date_of_birth = InvalidDateOfBirth::kMissing;
    RowParserTest::SetUp();
  }
  // Parses ValidRow() with the changes; returns whether the date of birth was dropped.
  bool Dropped(const std::vector<std::pair<std::string, std::string>>& cells) {
    auto row = ValidRow();
    for (const auto& [column, value] : cells) row[Column(column)] = value;
    std::vector<Violation> violations;
    bool dropped = false;
    ok_ = parser_->Parse(7, row, record_, clear_, violations, &dropped);
    violations_ = violations;
    return dropped;
  }
  std::vector<Violation> violations_;
};

TEST_F(RowParserDropsInvalidDateOfBirthTest, KeepsTheRowWithoutAMalformedDate) {
  for (const char* value : {"2003-02-31", "2003-00-10", "2003-13-10", "10-05-2003"}) {
    SCOPED_TRACE(value);
    EXPECT_TRUE(Dropped({{"date_of_birth", value}}));
    EXPECT_TRUE(ok_);
    EXPECT_TRUE(violations_.empty());
    EXPECT_FALSE(clear_.date_of_birth.has_value());
    EXPECT_FALSE(record_.birth_year.has_value());
    EXPECT_FALSE(record_.age.has_value());
    EXPECT_FALSE(record_.minor.has_value());
    EXPECT_EQ(clear_.given_name, "Xaq");  // the other identifiers stay
    EXPECT_EQ(record_.source_record_id, "R1");
  }
}

TEST_F(RowParserDropsInvalidDateOfBirthTest, KeepsTheRowWithoutAnImplausibleDate) {
  // In the future, after the registration date, an age above 100.
  for (const char* value : {"2020-07-01", "2019-03-02", "1918-01-01"}) {
    SCOPED_TRACE(value);
    EXPECT_TRUE(Dropped({{"date_of_birth", value}}));
    EXPECT_TRUE(ok_);
    EXPECT_TRUE(violations_.empty());
    EXPECT_FALSE(clear_.date_of_birth.has_value());
    EXPECT_FALSE(record_.birth_year.has_value());
    EXPECT_FALSE(record_.age.has_value());
  }
}

TEST_F(RowParserDropsInvalidDateOfBirthTest, KeepsAValidDate) {
  EXPECT_FALSE(Dropped({}));
  EXPECT_TRUE(ok_);
  EXPECT_EQ(clear_.date_of_birth, (Date{2003, 5, 10}));
  EXPECT_EQ(record_.age, 15);
  EXPECT_FALSE(Dropped({{"date_of_birth", ""}}));  // not given is not dropped
  EXPECT_TRUE(ok_);
}

TEST_F(RowParserDropsInvalidDateOfBirthTest, AgeComesFromTheOtherColumnsInstead) {
  EXPECT_TRUE(Dropped({{"date_of_birth", "2003-02-31"}, {"age_at_registration", "15"}}));
  EXPECT_TRUE(ok_);
  EXPECT_EQ(record_.age, 15);
  EXPECT_EQ(record_.minor, true);
  // A birth year that disagrees with the dropped date is no longer checked against it.
  EXPECT_TRUE(Dropped({{"date_of_birth", "2020-07-01"}, {"birth_year", "2003"}}));
  EXPECT_TRUE(ok_);
  EXPECT_EQ(record_.birth_year, 2003);
}

TEST_F(RowParserDropsInvalidDateOfBirthTest, OtherRulesStillRejectTheRow) {
  // A valid date that disagrees with the birth year: the birth year's rule.
  EXPECT_FALSE(Dropped({{"birth_year", "2002"}}));
  EXPECT_FALSE(ok_);
  EXPECT_TRUE(Mentions(violations_, "birth_year", "disagrees"));
  // A dropped date does not save a row that breaks another rule.
  EXPECT_TRUE(Dropped({{"date_of_birth", "2003-02-31"}, {"gender", "vrouw"}}));
  EXPECT_FALSE(ok_);
  ASSERT_EQ(violations_.size(), 1u);
  EXPECT_EQ(violations_[0].column, "gender");
}

TEST_F(RowParserTest, ChecksAgeFieldsAgainstEachOther) {
  EXPECT_TRUE(Mentions(With("birth_year", "2002"), "birth_year", "disagrees"));
  EXPECT_TRUE(Mentions(With("age_at_registration", "16"), "age_at_registration", "disagrees"));
  EXPECT_TRUE(Mentions(With("age_at_registration", "101"), "age_at_registration", "outside"));
  EXPECT_TRUE(Mentions(With("age_at_registration", "x"), "age_at_registration", "whole number"));
  EXPECT_TRUE(Mentions(With("minor", "no"), "minor", "disagrees"));
  EXPECT_TRUE(With("minor", "yes").empty());
}

TEST_F(RowParserTest, ChecksMinorAgainstBirthYearWhenNoDateOfBirth) {
  auto row = ValidRow();
  row[Column("date_of_birth")] = "";
  row[Column("birth_year")] = "1990";
  row[Column("minor")] = "true";
  EXPECT_TRUE(Mentions(ParseRow(row), "minor", "disagrees with birth_year"));
  row[Column("birth_year")] = "2001";  // 17 or 18 on 2019-03-01: cannot tell
  EXPECT_TRUE(ParseRow(row).empty());
  row[Column("birth_year")] = "1850";
  row[Column("minor")] = "";
  EXPECT_TRUE(Mentions(ParseRow(row), "birth_year", "outside 0 to 100"));
}

TEST_F(RowParserTest, RequiresVocabularyValues) {
  auto violations = With("gender", "vrouw");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rule,
            "is not a value of gender in the vocabulary (female, male, other, unknown); map the "
            "source's label onto one in the mapping's [values.gender]");
  EXPECT_TRUE(Mentions(With("sector", "harbour"), "sector", "not a value of sector"));
  EXPECT_TRUE(Mentions(With("domestic", "abroad"), "domestic", "not a value of domestic"));
  EXPECT_TRUE(Mentions(With("nationality", "XY"), "nationality", "not a value of nationality"));
  EXPECT_TRUE(With("nationality", "nl").empty());  // two letters are upper-cased
  // Two unknown values in one list: one violation, naming neither.
  const auto forms = With("exploitation_form", "sexual|slavery|serfdom");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_TRUE(Mentions(forms, "exploitation_form",
                       "holds a value that is not a value of exploitation_form in the vocabulary"));
  EXPECT_EQ(forms[0].rule.find("slavery"), std::string::npos);
  EXPECT_EQ(forms[0].rule.find("serfdom"), std::string::npos);
}

TEST_F(RowParserTest, ReadsSeveralExploitationForms) {
  EXPECT_TRUE(With("exploitation_form", "sexual|criminal|sexual").empty());
  EXPECT_EQ(record_.exploitation_forms, (std::vector<std::string>{"sexual", "criminal"}));
  EXPECT_TRUE(With("exploitation_form", "").empty());
  EXPECT_EQ(record_.exploitation_forms, std::vector<std::string>{"unknown"});
}

TEST_F(RowParserTest, UnaccompaniedMinorMustBeAMinor) {
  auto row = ValidRow();
  row[Column("date_of_birth")] = "1990-01-01";
  row[Column("unaccompanied_minor")] = "yes";
  EXPECT_TRUE(Mentions(ParseRow(row), "unaccompanied_minor", "not a minor"));
}

TEST_F(RowParserTest, RaggedRowIsOneViolation) {
  auto row = ValidRow();
  row.pop_back();
  auto violations = ParseRow(row);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rule, "row has 13 fields where the header has 14");
}

TEST_F(RowParserTest, MessagesNeverContainIdentifyingValues) {
  auto row = ValidRow();
  row[Column("given_name")] = "Qwyzzle";
  row[Column("family_name")] = "Brompf";
  row[Column("date_of_birth")] = "2020-07-01";  // in the future: a violation on the DOB
  row[Column("gender")] = "x";
  auto violations = ParseRow(row);
  ASSERT_FALSE(violations.empty());
  for (const auto& v : violations) {
    const std::string text = v.ToString();
    EXPECT_EQ(text.find("Qwyzzle"), std::string::npos);
    EXPECT_EQ(text.find("Brompf"), std::string::npos);
    EXPECT_EQ(text.find("2020-07-01"), std::string::npos);
    EXPECT_EQ(text.find("2020"), std::string::npos) << text;
  }
}

TEST(RowParserHeader, NamesMissingRequiredAndUnknownColumns) {
  Mapping identity;
  std::vector<Violation> violations;
  auto parser = RowParser::Create({"source_record_id", "given_nam"}, identity,
                                  Vocabulary::Default(), "f.csv", violations);
  EXPECT_FALSE(parser.ok());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].ToString(),
            "f.csv:1:registration_date: required column for registration_date is missing from "
            "the header");
  // A header cell that the layout does not name is the file's content: named by position.
  EXPECT_EQ(violations[1].ToString(),
            "f.csv:1:column 2: is not a canonical field; rename it or give a mapping file "
            "(--mapping)");
}

// A file without its header row: the first data row is read as the header. Its cells are a
// person's details and must not come back as column names.
const std::vector<std::string> kDataRowAsHeader = {"A-7",
                                                   "2019-05-06",
                                                   "Johanna",
                                                   "Verbeek",
                                                   "1987-03-14",
                                                   "+31612345678",
                                                   "j.verbeek@example.org",
                                                   "123456782"};

void ExpectNoCellOfTheDataRow(const std::vector<Violation>& violations) {
  for (const Violation& v : violations) {
    const std::string text = v.ToString();
    for (const std::string& cell : kDataRowAsHeader) {
      EXPECT_EQ(text.find(cell), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("1987"), std::string::npos) << text;
    EXPECT_EQ(text.find("Johanna"), std::string::npos) << text;
  }
}

TEST(RowParserHeader, AMissingHeaderRowIsSaidOnceAndNoCellIsRepeated) {
  Mapping identity;
  std::vector<Violation> violations;
  EXPECT_FALSE(
      RowParser::Create(kDataRowAsHeader, identity, Vocabulary::Default(), "f.csv", violations)
          .ok());
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].ToString(),
            "f.csv:1:source_record_id: required column for source_record_id is missing from the "
            "header");
  EXPECT_EQ(violations[1].column, "registration_date");
  EXPECT_EQ(violations[2].ToString(),
            "f.csv:1: the first row names no canonical field; does the file lack its header "
            "row? The first row must name the columns (docs/data-dictionary.md), or give a "
            "mapping file (--mapping)");
  ExpectNoCellOfTheDataRow(violations);
}

TEST(RowParserHeader, AMissingHeaderRowUnderAMappingIsSaidOnce) {
  Mapping mapping;
  mapping.origin = "m.toml";
  mapping.columns = {{Field::kSourceRecordId, "Nummer"},
                     {Field::kRegistrationDate, "Datum"},
                     {Field::kGivenName, "Voornaam"}};
  std::vector<Violation> violations;
  EXPECT_FALSE(
      RowParser::Create(kDataRowAsHeader, mapping, Vocabulary::Default(), "f.csv", violations)
          .ok());
  ASSERT_EQ(violations.size(), 4u);
  EXPECT_EQ(violations[0].column, "Nummer");
  EXPECT_EQ(violations[1].column, "Datum");
  EXPECT_EQ(violations[2].ToString(),
            "f.csv:1:Voornaam: column mapped to given_name by m.toml is missing from the header");
  EXPECT_EQ(violations[3].ToString(),
            "f.csv:1: the first row names none of the columns that m.toml maps; does the file "
            "lack its header row?");
  ExpectNoCellOfTheDataRow(violations);
}

TEST(RowParserHeader, AColumnNamedTwiceIsNamedByPositionUnlessTheLayoutNamesIt) {
  Mapping mapping;
  mapping.origin = "m.toml";
  mapping.columns = {{Field::kSourceRecordId, "Nummer"}, {Field::kRegistrationDate, "Datum"}};
  std::vector<Violation> violations;
  EXPECT_FALSE(RowParser::Create({"Nummer", "Verbeek", "Datum", "Verbeek", "Nummer"}, mapping,
                                 Vocabulary::Default(), "f.csv", violations)
                   .ok());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].ToString(),
            "f.csv:1:column 4: the header names this column twice (also column 2)");
  EXPECT_EQ(violations[1].ToString(),
            "f.csv:1:Nummer: the header names this column twice (also column 1)");
}

TEST(RowParserHeader, UsesTheMappingsColumnNamesInMessages) {
  Mapping mapping;
  mapping.origin = "m.toml";
  mapping.columns = {{Field::kSourceRecordId, "Nummer"},
                     {Field::kRegistrationDate, "Datum"},
                     {Field::kGender, "Geslacht"}};
  mapping.date_format = "%d-%m-%Y";
  std::vector<Violation> violations;
  auto parser = RowParser::Create({"Nummer", "Datum", "Geslacht", "Extra"}, mapping,
                                  Vocabulary::Default(), "p.csv", violations);
  ASSERT_TRUE(parser.ok());
  Record record;
  privacy::ClearIdentifiers clear;
  EXPECT_FALSE(
      parser->Parse(2, {"A1", "31-02-2019", "female", "ignored"}, record, clear, violations));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].ToString(),
            "p.csv:2:Datum: registration_date is not a day of the calendar");
}

// A one-off extract without registration dates or forms of exploitation: the mapping
// gives them as constants.
class RowParserConstantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("ZICHT_TODAY", "2020-06-30", 1);
    mapping_.origin = "m.toml";
    mapping_.date_format = "%d-%m-%Y";
    mapping_.columns = {{Field::kSourceRecordId, "Nummer"},
                        {Field::kDateOfBirth, "Geboren"},
                        {Field::kMinor, "Minderjarig"}};
    mapping_.constants = {{Field::kRegistrationDate, "01-03-2019"},
                          {Field::kExploitationForm, "Seksueel"},
                          {Field::kUnaccompaniedMinor, "no"}};
    mapping_.values[Field::kExploitationForm] = {{"Seksueel", "sexual"}};
  }
  void TearDown() override { unsetenv("ZICHT_TODAY"); }

  Result<RowParser> Create(const std::vector<std::string>& header) {
    violations_.clear();
    return RowParser::Create(header, mapping_, Vocabulary::Default(), "p.csv", violations_);
  }

  Mapping mapping_;
  std::vector<Violation> violations_;
  Record record_;
  privacy::ClearIdentifiers clear_;
};

TEST_F(RowParserConstantsTest, GiveEveryRowTheirValueWithoutAColumn) {
  auto parser = Create({"Nummer", "Geboren", "Minderjarig"});
  ASSERT_TRUE(parser.ok()) << (violations_.empty() ? "" : violations_[0].ToString());
  for (const char* id : {"A1", "A2"}) {
    EXPECT_TRUE(parser->Parse(2, {id, "10-05-2003", ""}, record_, clear_, violations_));
    EXPECT_EQ(record_.source_record_id, id);
    EXPECT_EQ(record_.registration_date, (Date{2019, 3, 1}));
    EXPECT_EQ(record_.exploitation_forms, std::vector<std::string>{"sexual"});
    EXPECT_EQ(record_.unaccompanied_minor, false);
    EXPECT_EQ(record_.age, 15);  // from the constant registration date
  }
  EXPECT_TRUE(violations_.empty());
  EXPECT_EQ(parser->ColumnName(Field::kRegistrationDate), "constants.registration_date");
}

TEST_F(RowParserConstantsTest, RowsAreCheckedAgainstTheConstants) {
  auto parser = Create({"Nummer", "Geboren", "Minderjarig"});
  ASSERT_TRUE(parser.ok());
  EXPECT_FALSE(parser->Parse(2, {"A1", "02-03-2019", ""}, record_, clear_, violations_));
  ASSERT_EQ(violations_.size(), 1u);
  EXPECT_EQ(violations_[0].ToString(),
            "p.csv:2:Geboren: date_of_birth is after the registration_date");

  mapping_.constants[Field::kUnaccompaniedMinor] = "yes";
  parser = Create({"Nummer", "Geboren", "Minderjarig"});
  ASSERT_TRUE(parser.ok());
  EXPECT_FALSE(parser->Parse(3, {"A2", "01-01-1990", ""}, record_, clear_, violations_));
  ASSERT_EQ(violations_.size(), 1u);
  EXPECT_EQ(violations_[0].ToString(),
            "p.csv:3:constants.unaccompanied_minor: unaccompanied_minor is set for a person "
            "who is not a minor");
}

TEST_F(RowParserConstantsTest, ABadConstantRefusesTheFileOnceNotEveryRow) {
  mapping_.constants[Field::kExploitationForm] = "Arbeid";
  auto parser = Create({"Nummer", "Geboren", "Minderjarig"});
  EXPECT_FALSE(parser.ok());
  ASSERT_EQ(violations_.size(), 1u);
  EXPECT_EQ(violations_[0].row, 1);
  EXPECT_NE(violations_[0].rule.find("m.toml: constants.exploitation_form: holds a value that is "
                                     "not a value of exploitation_form"),
            std::string::npos)
      << violations_[0].rule;
}

TEST_F(RowParserConstantsTest, AColumnForAConstantFieldIsRefused) {
  Mapping identity;
  identity.origin = "m.toml";
  identity.constants = {{Field::kRegistrationDate, "2019-03-01"}};
  std::vector<Violation> violations;
  auto parser = RowParser::Create({"source_record_id", "registration_date"}, identity,
                                  Vocabulary::Default(), "f.csv", violations);
  EXPECT_FALSE(parser.ok());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].column, "registration_date");
  EXPECT_NE(violations[0].rule.find("given as a constant by m.toml"), std::string::npos);
}

TEST(CheckConstants, HoldsAConstantToTheRulesOfACell) {
  Mapping mapping;
  mapping.origin = "m.toml";
  mapping.constants = {{Field::kNationality, "nl"}, {Field::kGender, "V"}};
  mapping.values[Field::kGender] = {{"V", "female"}};
  EXPECT_TRUE(CheckConstants(mapping, Vocabulary::Default()).ok());
  mapping.constants[Field::kBirthYear] = "19x0";
  const Status status = CheckConstants(mapping, Vocabulary::Default());
  EXPECT_EQ(status.code(), StatusCode::kConfigError);
  EXPECT_EQ(status.message(), "m.toml: constants.birth_year: birth_year is not a whole number");
  mapping.constants = {{Field::kGivenName, "Xaq"}};
  EXPECT_FALSE(CheckConstants(mapping, Vocabulary::Default()).ok());
}

}  // namespace
}  // namespace zicht::ingest
