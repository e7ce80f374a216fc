#include "zicht/monitor/tables.hpp"

#include <gtest/gtest.h>

#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

Registration Reg(std::int64_t person, const std::string& source, Date date) {
  Registration r;
  r.unit_id = person;
  r.source = source;
  r.source_kind = source;
  r.registration_date = date;
  r.gender = "unknown";
  r.nationality = "unknown";
  r.exploitation_forms = {"unknown"};
  r.sector = "unknown";
  r.domestic = "unknown";
  return r;
}

MonitorConfig OneTable(const std::string& toml) {
  auto config = ParseMonitorConfig(
      "periods = [ { name = \"2018-2019\", first = 2018, last = 2019 } ]\n" + toml, "test.toml");
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? *config : MonitorConfig{};
}

const Table& Only(const std::vector<Table>& tables) {
  EXPECT_EQ(tables.size(), 1u);
  return tables.front();
}

std::int64_t Cell(const Table& t, const std::string& row, const std::string& column) {
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    for (std::size_t c = 0; c < t.columns_count(); ++c) {
      if (t.row_headings[r].key == row && t.column_headings[c].key == column) return t.count(r, c);
    }
  }
  ADD_FAILURE() << "no cell " << row << " x " << column;
  return -1;
}

std::vector<Table> Build(const std::vector<Registration>& registrations,
                         const MonitorConfig& config, int first = 2018, int last = 2019) {
  TableOptions options;
  options.first_year = first;
  options.last_year = last;
  auto tables = BuildTables(registrations, config, Vocabulary::Default(), options);
  EXPECT_TRUE(tables.ok()) << tables.status().message();
  return tables.ok() ? *tables : std::vector<Table>{};
}

TEST(BuildTables, CountsAPersonOncePerYearAndOncePerPeriod) {
  std::vector<Registration> regs = {Reg(1, "police", {2018, 3, 1}), Reg(1, "care", {2018, 9, 1}),
                                    Reg(1, "police", {2019, 2, 1}), Reg(2, "police", {2019, 5, 1})};
  const auto by_year =
      Build(regs, OneTable("[[tables]]\nid = \"t\"\nrows = \"all\"\ncolumns = \"year\"\n"));
  EXPECT_EQ(Cell(Only(by_year), "total", "2018"), 1);
  EXPECT_EQ(Cell(Only(by_year), "total", "2019"), 2);
  const auto by_period =
      Build(regs, OneTable("[[tables]]\nid = \"t\"\nrows = \"all\"\ncolumns = \"period\"\n"));
  EXPECT_EQ(Cell(Only(by_period), "total", "2018-2019"), 2);
}

TEST(BuildTables, NamesAPeriodCutByTheYearsByWhatItCovers) {
  std::vector<Registration> regs = {Reg(1, "police", {2019, 3, 1})};
  auto config = ParseMonitorConfig(
      "periods = [ { name = \"2017-2019\", first = 2017, last = 2019 } ]\n"
      "[[tables]]\nid = \"t\"\nrows = \"all\"\ncolumns = \"period\"\n",
      "test.toml");
  ASSERT_TRUE(config.ok());
  const auto tables = Build(regs, *config, 2018, 2019);
  EXPECT_EQ(Cell(Only(tables), "total", "2018-2019"), 1);
  const auto whole = Build(regs, *config, 2015, 2019);
  EXPECT_EQ(Cell(Only(whole), "total", "2017-2019"), 1);
}

TEST(BuildTables, TakesTheValueMostRegistrationsGiveAndOnATieTheEarliest) {
  auto a = Reg(1, "police", {2019, 1, 1});
  a.gender = "male";
  auto b = Reg(1, "care", {2019, 2, 1});
  b.gender = "female";
  auto c = Reg(1, "shelter", {2019, 3, 1});
  c.gender = "female";
  auto d = Reg(2, "police", {2019, 4, 1});
  d.gender = "male";
  auto e = Reg(2, "care", {2019, 3, 1});  // earlier, so it wins the tie
  e.gender = "female";
  auto f = Reg(3, "care", {2019, 3, 1});  // unknown does not vote
  auto g = Reg(3, "police", {2019, 5, 1});
  g.gender = "male";
  const auto tables =
      Build({a, b, c, d, e, f, g},
            OneTable("[[tables]]\nid = \"t\"\nrows = \"gender\"\ncolumns = \"year\"\n"));
  const Table& t = Only(tables);
  EXPECT_EQ(Cell(t, "female", "2019"), 2);
  EXPECT_EQ(Cell(t, "male", "2019"), 1);
  EXPECT_EQ(Cell(t, "unknown", "2019"), 0);
  EXPECT_EQ(Cell(t, "total", "2019"), 3);
}

TEST(BuildTables, CountsEveryFormOfAPersonSoFormsNeedNotAddUp) {
  auto a = Reg(1, "police", {2019, 1, 1});
  a.exploitation_forms = {"sexual"};
  a.domestic = "domestic";
  auto b = Reg(1, "care", {2019, 2, 1});
  b.exploitation_forms = {"labour", "criminal"};
  auto c = Reg(2, "police", {2019, 4, 1});
  c.domestic = "cross_border";
  const auto tables =
      Build({a, b, c}, OneTable("[[tables]]\nid = \"t\"\nrows = \"exploitation_form\"\n"
                                "columns = \"domestic\"\n"));
  const Table& t = Only(tables);
  EXPECT_EQ(Cell(t, "sexual", "domestic"), 1);
  EXPECT_EQ(Cell(t, "labour", "domestic"), 1);
  EXPECT_EQ(Cell(t, "criminal", "total"), 1);
  EXPECT_EQ(Cell(t, "unknown", "cross_border"), 1);
  EXPECT_EQ(Cell(t, "total", "total"), 2);
  // Only the columns add up (domestic, cross-border, unknown to the total), in every row.
  for (const privacy::Relation& relation : t.relations) {
    EXPECT_EQ(relation.parts.size(), 3u);
  }
  EXPECT_EQ(t.relations.size(), t.rows_count());
}

TEST(BuildTables, GroupsSectorsUnderTheirVisibilityAndSelectsWithWhere) {
  auto a = Reg(1, "police", {2019, 1, 1});
  a.exploitation_forms = {"sexual"};
  a.sector = "window";
  auto b = Reg(2, "police", {2019, 1, 1});
  b.exploitation_forms = {"sexual"};
  b.sector = "escort_hotel";
  auto c = Reg(3, "police", {2019, 1, 1});
  c.exploitation_forms = {"sexual"};
  c.sector = "home";
  auto d = Reg(4, "police", {2019, 1, 1});
  d.exploitation_forms = {"labour"};
  const auto tables =
      Build({a, b, c, d}, OneTable("[[tables]]\nid = \"t\"\nrows = \"sector\"\ncolumns = \"year\"\n"
                                   "where = { exploitation_form = \"sexual\" }\nshares = true\n"));
  const Table& t = Only(tables);
  EXPECT_EQ(Cell(t, "visible", "2019"), 1);
  EXPECT_EQ(Cell(t, "less_visible", "2019"), 2);
  EXPECT_EQ(Cell(t, "total", "2019"), 3);
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    if (t.row_headings[r].key == "less_visible") {
      EXPECT_NEAR(t.shares[t.index(r, 1)]->value, 2.0 / 3.0, 1e-12);
      EXPECT_EQ(t.row_headings[r].depth, 0);
    }
    if (t.row_headings[r].key == "home") {
      EXPECT_EQ(t.row_headings[r].depth, 1);
    }
  }
  // visible = its three sectors, less visible = its six, total = visible + less visible +
  // unknown; in each of the two year columns.
  EXPECT_EQ(t.relations.size(), 6u);
}

TEST(BuildTables, PlacesMinorsByAgeBandAndAMinorWithoutAnAgeApart) {
  auto a = Reg(1, "chat", {2019, 1, 1});
  a.minor = true;  // the chat knows only "under 18"
  auto b = Reg(1, "police", {2019, 2, 1});
  b.minor = true;
  b.age = 14;
  auto c = Reg(2, "chat", {2019, 1, 1});
  c.minor = true;
  auto d = Reg(3, "police", {2019, 1, 1});
  d.minor = false;
  d.age = 30;
  auto e = Reg(4, "police", {2019, 1, 1});
  e.minor = true;
  e.age = 16;
  const auto tables =
      Build({a, b, c, d, e, Reg(5, "police", {2019, 1, 1})},
            OneTable("[[tables]]\nid = \"t\"\nrows = \"minor\"\ncolumns = \"year\"\n"
                     "shares = true\n"));
  const Table& t = Only(tables);
  EXPECT_EQ(Cell(t, "minor", "2019"), 3);
  EXPECT_EQ(Cell(t, "under_15", "2019"), 1);
  EXPECT_EQ(Cell(t, "15_17", "2019"), 1);
  EXPECT_EQ(Cell(t, "age_unknown", "2019"), 1);
  EXPECT_EQ(Cell(t, "adult", "2019"), 1);
  EXPECT_EQ(Cell(t, "unknown", "2019"), 1);
  // Shares are of the known: 3 minors of 4 persons whose status is known.
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    if (t.row_headings[r].key == "minor") {
      EXPECT_DOUBLE_EQ(t.shares[t.index(r, 1)]->value, 0.75);
    }
  }
}

TEST(BuildTables, CountsRecordsWhenAskedEachOnItsOwn) {
  std::vector<Registration> regs = {Reg(1, "police", {2019, 3, 1}), Reg(2, "care", {2019, 9, 1})};
  TableOptions options;
  options.first_year = options.last_year = 2019;
  options.unit = CountingUnit::kRecords;
  auto tables = BuildTables(
      regs, OneTable("[[tables]]\nid = \"t\"\nrows = \"source_count\"\ncolumns = \"year\"\n"),
      Vocabulary::Default(), options);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(Cell(Only(*tables), "1", "2019"), 2);
}

TEST(BuildTables, RefusesAWhereValueThatIsNotAValueOfItsDimension) {
  TableOptions options;
  options.first_year = options.last_year = 2019;
  auto tables =
      BuildTables({Reg(1, "police", {2019, 1, 1})},
                  OneTable("[[tables]]\nid = \"t\"\nrows = \"all\"\nwhere = { gender = \"f\" }\n"),
                  Vocabulary::Default(), options);
  ASSERT_FALSE(tables.ok());
  EXPECT_NE(tables.status().message().find("`f` is not a value of gender"), std::string::npos);
}

TEST(Protect, HidesSmallCountsAndTheSharesTheyWouldGiveAway) {
  std::vector<Registration> regs;
  std::int64_t id = 0;
  // 2019: 30 adults, 4 minors; the minors' share would give the 4 back.
  for (int i = 0; i < 30; ++i) {
    auto r = Reg(++id, "police", {2019, 1, 1});
    r.minor = false;
    regs.push_back(r);
  }
  for (int i = 0; i < 4; ++i) {
    auto r = Reg(++id, "police", {2019, 1, 1});
    r.minor = true;
    r.age = 12;
    regs.push_back(r);
  }
  auto tables = Build(
      regs,
      OneTable("[[tables]]\nid = \"t\"\nrows = \"minor\"\ncolumns = \"year\"\nshares = true\n"),
      2019, 2019);
  Table& t = tables.front();
  ASSERT_TRUE(Protect(t, 10).ok());
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    const std::string& key = t.row_headings[r].key;
    if (key == "minor" || key == "under_15") {
      EXPECT_TRUE(t.is_suppressed(r, 0)) << key;
      EXPECT_FALSE(t.shares[t.index(r, 0)].has_value()) << key;
    }
    if (key == "15_17" || key == "age_unknown" || key == "unknown") {
      EXPECT_FALSE(t.is_suppressed(r, 0)) << key;
    }
  }
  // The adults (30) would give the minors away as total - adults - unknown: one of them
  // must go too.
  bool adults_or_total_hidden = false;
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    const std::string& key = t.row_headings[r].key;
    if ((key == "adult" || key == "total") && t.is_suppressed(r, 0)) adults_or_total_hidden = true;
  }
  EXPECT_TRUE(adults_or_total_hidden);

  MonitorResult result;
  result.threshold = 10;
  result.tables = {t};
  const std::string json = MonitorToJson(result);
  EXPECT_NE(json.find("\"<10\""), std::string::npos);
  EXPECT_EQ(json.find("\n        4,"), std::string::npos);
  EXPECT_EQ(MonitorToText(result, "en").find(" 4 "), std::string::npos);
}

TEST(Protect, WithThresholdZeroShowsEverything) {
  auto tables =
      Build({Reg(1, "police", {2019, 1, 1})},
            OneTable("[[tables]]\nid = \"t\"\nrows = \"all\"\ncolumns = \"year\"\n"), 2019, 2019);
  ASSERT_TRUE(Protect(tables.front(), 0).ok());
  EXPECT_FALSE(tables.front().is_suppressed(0, 0));
}

}  // namespace
}  // namespace zicht::monitor
