// The monitor's tables on a simulated world linked by its truth, against the same figures
// counted straight from truth.csv. The world has no noise, so every record carries its
// person's true categories, and the only rule the expected figures need is the documented
// one for a person with several registrations in a year: the value most of them carry, a
// tie to the earliest (tables.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "monitor/monitor_world.hpp"
#include "support/test_support.hpp"
#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

using testing::TruthRow;

// Rows of one person in one year, in registration order.
using PersonYears = std::map<std::pair<int, std::string>, std::vector<const TruthRow*>>;

class MonitorOnTruth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new zicht::testing::TempDir();
    world_ = new testing::LinkedWorld(testing::MakeLinkedWorld(dir_->path(), 11, 0.2, 0.0));
    auto store = store::OpenSqliteStore(world_->db);
    ASSERT_TRUE(store.ok());
    MonitorOptions options;
    options.threshold = 0;  // the raw counts, to compare
    // Which sources record which categories: a layout without a column leaves it unknown
    // on every record of that source, and the world has no other missing values.
    recorded_ = new std::set<std::pair<std::string, std::string>>();
    const Status visited = (*store)->ForEachRecord([](const Record& r) {
      auto note = [&](const char* column, bool known) {
        if (known) recorded_->insert({r.source, column});
      };
      note("gender", r.gender != "unknown");
      note("nationality", r.nationality != "unknown");
      note("domestic", r.domestic != "unknown");
      note("exploitation_form", r.exploitation_forms != std::vector<std::string>{"unknown"});
      note("sector", r.sector != "unknown");
      note("visibility", r.sector != "unknown");
      note("minor", r.minor.has_value());
      note("under_15", r.age.has_value());
      note("age_group", r.age.has_value());
      note("unaccompanied_minor", r.unaccompanied_minor.has_value());
      return Status::Ok();
    });
    ASSERT_TRUE(visited.ok());
    auto result = RunMonitor(**store, Vocabulary::Default(), options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    result_ = new MonitorResult(*std::move(result));
    // The age group of each row from its true age at registration.
    for (TruthRow& row : world_->truth) {
      row["age_group"] = Vocabulary::Default().AgeGroupOf(std::stoi(row.at("age_at_registration")));
    }
    person_years_ = new PersonYears();
    for (const TruthRow& row : world_->truth) {
      (*person_years_)[{std::stoi(row.at("year")), row.at("entity_id")}].push_back(&row);
    }
    for (auto& [key, rows] : *person_years_) {
      std::stable_sort(rows.begin(), rows.end(), [](const TruthRow* a, const TruthRow* b) {
        return a->at("registration_date") < b->at("registration_date");
      });
    }
  }
  static void TearDownTestSuite() {
    delete person_years_;
    delete recorded_;
    delete result_;
    delete world_;
    delete dir_;
  }

  static const Table& TableOf(const std::string& id, const std::string& slice = "") {
    for (const Table& t : result_->tables) {
      if (t.id == id && t.slice == slice) return t;
    }
    ADD_FAILURE() << "no table " << id << " " << slice;
    return result_->tables.front();
  }
  static std::int64_t Cell(const Table& t, const std::string& row, const std::string& column) {
    for (std::size_t r = 0; r < t.rows_count(); ++r) {
      for (std::size_t c = 0; c < t.columns_count(); ++c) {
        if (t.row_headings[r].key == row && t.column_headings[c].key == column)
          return t.count(r, c);
      }
    }
    ADD_FAILURE() << t.id << ": no cell " << row << " x " << column;
    return -1;
  }
  // The documented rule, written again here: most rows, then earliest.
  static std::string Majority(const std::vector<const TruthRow*>& rows, const std::string& column) {
    std::map<std::string, std::pair<int, std::string>> tally;  // value -> count, first date
    for (const TruthRow* row : rows) {
      const std::string& value = row->at(column);
      if (value.empty() || !Records(*row, column)) continue;
      auto& entry = tally[value];
      if (entry.first == 0) entry.second = row->at("registration_date");
      ++entry.first;
    }
    std::string best;
    for (const auto& [value, entry] : tally) {
      if (best.empty() || entry.first > tally[best].first ||
          (entry.first == tally[best].first && entry.second < tally[best].second)) {
        best = value;
      }
    }
    return best.empty() ? "unknown" : best;
  }
  static bool Records(const TruthRow& row, const std::string& column) {
    return recorded_->count({row.at("source"), column}) > 0;
  }
  static std::vector<std::string> Forms(const TruthRow& row) {
    std::vector<std::string> forms;
    if (!Records(row, "exploitation_form")) return forms;
    std::string form;
    std::istringstream in(row.at("exploitation_form"));
    while (std::getline(in, form, '|')) forms.push_back(form);
    return forms;
  }

  static zicht::testing::TempDir* dir_;
  static testing::LinkedWorld* world_;
  static MonitorResult* result_;
  static PersonYears* person_years_;
  static std::set<std::pair<std::string, std::string>>* recorded_;
};

zicht::testing::TempDir* MonitorOnTruth::dir_ = nullptr;
testing::LinkedWorld* MonitorOnTruth::world_ = nullptr;
MonitorResult* MonitorOnTruth::result_ = nullptr;
PersonYears* MonitorOnTruth::person_years_ = nullptr;
std::set<std::pair<std::string, std::string>>* MonitorOnTruth::recorded_ = nullptr;

TEST_F(MonitorOnTruth, CountsEachRegisteredPersonOncePerYear) {
  std::map<int, std::int64_t> expected;
  for (const auto& [key, rows] : *person_years_) ++expected[key.first];
  ASSERT_EQ(expected.size(), 5u);
  const Table& t = TableOf("registered");
  for (const auto& [year, count] : expected) {
    EXPECT_EQ(Cell(t, "total", std::to_string(year)), count) << year;
    EXPECT_GT(count, 100) << "the world is big enough to mean something";
  }
}

TEST_F(MonitorOnTruth, CountsMinorsUnder15sAndTheirSharesWithWilsonIntervals) {
  std::map<int, std::map<std::string, std::int64_t>> expected;
  for (const auto& [key, rows] : *person_years_) {
    const std::string minor = Majority(rows, "minor");
    auto& year = expected[key.first];
    ++year[minor == "true" ? "minor" : minor == "false" ? "adult" : "unknown"];
    if (minor == "true") {
      std::vector<const TruthRow*> minor_rows;
      for (const TruthRow* row : rows) {
        if (row->at("minor") == "true" && Records(*row, "minor")) minor_rows.push_back(row);
      }
      const std::string under_15 = Majority(minor_rows, "under_15");
      ++year[under_15 == "true" ? "under_15" : under_15 == "false" ? "15_17" : "age_unknown"];
    }
  }
  const Table& t = TableOf("minors");
  ASSERT_TRUE(t.has_shares);
  for (const auto& [year, counts] : expected) {
    const std::string column = std::to_string(year);
    for (const std::string row : {"minor", "adult", "under_15", "15_17", "age_unknown"}) {
      const auto it = counts.find(row);
      EXPECT_EQ(Cell(t, row, column), it == counts.end() ? 0 : it->second) << row << " " << year;
    }
    const auto unknown = counts.find("unknown");
    EXPECT_EQ(Cell(t, "unknown", column), unknown == counts.end() ? 0 : unknown->second);
    const std::int64_t minors = counts.at("minor");
    const std::int64_t known = minors + counts.at("adult");
    const Share expected_share = WilsonInterval(minors, known);
    for (std::size_t r = 0; r < t.rows_count(); ++r) {
      if (t.row_headings[r].key != "minor") continue;
      for (std::size_t c = 0; c < t.columns_count(); ++c) {
        if (t.column_headings[c].key != column) continue;
        const auto& share = t.shares[t.index(r, c)];
        ASSERT_TRUE(share.has_value());
        EXPECT_DOUBLE_EQ(share->value, static_cast<double>(minors) / static_cast<double>(known));
        EXPECT_DOUBLE_EQ(share->lower, expected_share.lower);
        EXPECT_DOUBLE_EQ(share->upper, expected_share.upper);
      }
    }
  }
}

TEST_F(MonitorOnTruth, CountsEveryFormOfAPersonByDomesticOrCrossBorder) {
  for (int year = 2015; year <= 2019; ++year) {
    std::map<std::pair<std::string, std::string>, std::int64_t> expected;
    std::map<std::string, std::int64_t> persons;
    for (const auto& [key, rows] : *person_years_) {
      if (key.first != year) continue;
      const std::string domestic = Majority(rows, "domestic");
      std::set<std::string> forms;
      for (const TruthRow* row : rows) {
        for (const std::string& form : Forms(*row)) forms.insert(form);
      }
      if (forms.empty()) forms.insert("unknown");
      for (const std::string& form : forms) {
        ++expected[{form, domestic}];
        ++expected[{form, "total"}];
      }
      ++persons[domestic];
      ++persons["total"];
    }
    const Table& t = TableOf("form_by_domestic", std::to_string(year));
    for (const std::string form : {"sexual", "labour", "criminal", "other", "unknown"}) {
      for (const std::string domestic : {"domestic", "cross_border", "total"}) {
        const std::int64_t want = expected[std::make_pair(form, domestic)];
        EXPECT_EQ(Cell(t, form, domestic), want) << year << " " << form << " " << domestic;
      }
    }
    EXPECT_EQ(Cell(t, "total", "total"), persons["total"]);
    EXPECT_EQ(Cell(t, "total", "domestic"), persons["domestic"]);
  }
}

TEST_F(MonitorOnTruth, CountsSexualExploitationBySectorWithinVisibilityPerYearAndPeriod) {
  for (const auto& [table, buckets] : std::vector<
           std::pair<std::string, std::vector<std::pair<std::string, std::pair<int, int>>>>>{
           {"sector_by_year", {{"2015", {2015, 2015}}, {"2019", {2019, 2019}}}},
           {"sector_by_period", {{"2015-2016", {2015, 2016}}, {"2017-2019", {2017, 2019}}}}}) {
    for (const auto& [column, range] : buckets) {
      // A period counts a person once, with the values of all their rows in the period.
      std::map<std::string, std::vector<const TruthRow*>> rows_of;
      for (const auto& [key, rows] : *person_years_) {
        if (key.first < range.first || key.first > range.second) continue;
        auto& all = rows_of[key.second];
        all.insert(all.end(), rows.begin(), rows.end());
      }
      std::map<std::string, std::int64_t> expected;
      for (auto& [entity, rows] : rows_of) {
        std::stable_sort(rows.begin(), rows.end(), [](const TruthRow* a, const TruthRow* b) {
          return a->at("registration_date") < b->at("registration_date");
        });
        bool sexual = false;
        for (const TruthRow* row : rows) {
          for (const std::string& form : Forms(*row)) sexual = sexual || form == "sexual";
        }
        if (!sexual) continue;
        const std::string sector = Majority(rows, "sector");
        ++expected[sector];
        // A sector's visibility is the vocabulary's, whichever rows said it.
        const Category* known = Vocabulary::Default().Find(Field::kSector, sector);
        ++expected[sector == "unknown" ? "unknown" : known->visibility];
        ++expected["total"];
      }
      const Table& t = TableOf(table);
      for (const std::string row :
           {"window", "brothel_club", "private_house", "street", "home", "escort_hotel",
            "massage_beauty", "webcam_online", "visible", "less_visible", "total"}) {
        const std::int64_t want = expected[row];
        EXPECT_EQ(Cell(t, row, column), want) << table << " " << row << " " << column;
      }
    }
  }
}

TEST_F(MonitorOnTruth, CountsReportingSourcesAndHowManySawEachPerson) {
  const Table& kinds = TableOf("reporting_source");
  const Table& number = TableOf("number_of_sources");
  for (int year = 2015; year <= 2019; ++year) {
    std::map<std::string, std::int64_t> by_source, by_number;
    for (const auto& [key, rows] : *person_years_) {
      if (key.first != year) continue;
      std::set<std::string> sources;
      for (const TruthRow* row : rows) sources.insert(row->at("source"));
      for (const std::string& s : sources) ++by_source[s];
      ++by_number[sources.size() >= 3 ? "3+" : std::to_string(sources.size())];
    }
    const std::string column = std::to_string(year);
    // The simulated sources are named after their kinds.
    for (const auto& [source, count] : by_source) EXPECT_EQ(Cell(kinds, source, column), count);
    for (const std::string n : {"1", "2", "3+"}) {
      EXPECT_EQ(Cell(number, n, column), by_number[n]) << n << " " << year;
    }
  }
}

TEST_F(MonitorOnTruth, CountsTheLargestNationalitiesAndTheRest) {
  std::map<std::string, std::set<std::string>> entities_of;  // nationality -> entities
  for (const TruthRow& row : world_->truth)
    entities_of[row.at("nationality")].insert(row.at("entity_id"));
  const Table& t = TableOf("nationality");
  std::int64_t in_top = 0;
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    const std::string& key = t.row_headings[r].key;
    if (key == "other" || key == "unknown" || key == "total") continue;
    ++in_top;
    std::map<int, std::set<std::string>> per_year;
    for (const auto& [pk, rows] : *person_years_) {
      if (Majority(rows, "nationality") == key) per_year[pk.first].insert(pk.second);
    }
    for (const auto& [year, entities] : per_year) {
      EXPECT_EQ(Cell(t, key, std::to_string(year)), static_cast<std::int64_t>(entities.size()));
    }
  }
  EXPECT_EQ(in_top, 10);
  for (int year = 2015; year <= 2019; ++year) {
    const std::string column = std::to_string(year);
    std::int64_t sum = 0;
    for (std::size_t r = 0; r < t.rows_count(); ++r) {
      if (!t.row_headings[r].total) sum += Cell(t, t.row_headings[r].key, column);
    }
    EXPECT_EQ(sum, Cell(t, "total", column));
  }
  // Nigeria and the Netherlands lead the nl world, as in the Dutch monitor.
  EXPECT_EQ(t.row_headings[0].key == "NG" || t.row_headings[0].key == "NL", true);
}

TEST_F(MonitorOnTruth, CountsGenderByAgeGroup) {
  for (int year = 2015; year <= 2019; ++year) {
    std::map<std::pair<std::string, std::string>, std::int64_t> expected;
    for (const auto& [key, rows] : *person_years_) {
      if (key.first != year) continue;
      const std::string group = Majority(rows, "age_group"), gender = Majority(rows, "gender");
      ++expected[{group, gender}];
      ++expected[{group, "total"}];
      ++expected[{"total", gender}];
    }
    const Table& t = TableOf("gender_by_age_group", std::to_string(year));
    std::int64_t checked = 0;
    for (const AgeGroup& group : Vocabulary::Default().age_groups()) {
      for (const std::string gender : {"female", "male", "total"}) {
        const std::int64_t want = expected[std::make_pair(group.name, gender)];
        EXPECT_EQ(Cell(t, group.name, gender), want) << year << " " << group.name << " " << gender;
        checked += want;
      }
    }
    EXPECT_GT(checked, 100);
    for (const std::string gender : {"female", "male"}) {
      const std::int64_t want = expected[std::make_pair(std::string("total"), gender)];
      EXPECT_EQ(Cell(t, "total", gender), want);
    }
  }
}

TEST_F(MonitorOnTruth, CountsUnaccompaniedMinorsAmongMinors) {
  const Table& t = TableOf("unaccompanied_minors");
  for (int year = 2015; year <= 2019; ++year) {
    std::int64_t yes = 0, minors = 0;
    for (const auto& [key, rows] : *person_years_) {
      if (key.first != year || Majority(rows, "minor") != "true") continue;
      ++minors;
      if (Majority(rows, "unaccompanied_minor") == "true") ++yes;
    }
    EXPECT_EQ(Cell(t, "yes", std::to_string(year)), yes) << year;
    EXPECT_EQ(Cell(t, "total", std::to_string(year)), minors) << year;
  }
}

TEST_F(MonitorOnTruth, EveryRelationOfEveryTableHolds) {
  for (const Table& t : result_->tables) {
    for (const privacy::Relation& relation : t.relations) {
      std::int64_t sum = 0;
      for (std::size_t part : relation.parts) sum += t.counts[part];
      EXPECT_EQ(t.counts[relation.total], sum) << t.id << " " << t.slice;
    }
  }
}

TEST_F(MonitorOnTruth, PublishedTablesShowNoCountBelowTheThresholdAndHideWhatWouldGiveOneAway) {
  auto store = store::OpenSqliteStore(world_->db);
  ASSERT_TRUE(store.ok());
  auto published = RunMonitor(**store, Vocabulary::Default(), MonitorOptions{});
  ASSERT_TRUE(published.ok());
  std::size_t suppressed = 0;
  for (const Table& t : published->tables) {
    for (std::size_t i = 0; i < t.counts.size(); ++i) {
      if (t.counts[i] > 0 && t.counts[i] < 10) {
        EXPECT_TRUE(t.suppressed[i]) << t.id;
      }
      if (t.suppressed[i]) ++suppressed;
      if (t.has_shares && t.suppressed[i]) {
        EXPECT_FALSE(t.shares[i].has_value());
      }
    }
    privacy::SuppressionSummary summary;
    for (std::size_t i = 0; i < t.counts.size(); ++i) {
      summary.cells.push_back(t.suppressed[i] ? privacy::CellState::kSecondary
                                              : privacy::CellState::kShown);
    }
    EXPECT_TRUE(privacy::ExposedCells(t.counts, t.relations, summary, 10).empty()) << t.id;
  }
  EXPECT_GT(suppressed, 0u) << "a fifth of the Netherlands has small cells";
  const std::string json = MonitorToJson(*published);
  EXPECT_NE(json.find("\"<10\""), std::string::npos);
}

}  // namespace
}  // namespace zicht::monitor
