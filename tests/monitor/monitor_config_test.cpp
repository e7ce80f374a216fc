#include "zicht/monitor/monitor_config.hpp"

#include <gtest/gtest.h>

namespace zicht::monitor {
namespace {

TEST(MonitorConfig, TheBuiltInDefaultHasTheMonitorsTables) {
  const MonitorConfig& config = MonitorConfig::Default();
  EXPECT_EQ(config.threshold, 10);
  ASSERT_EQ(config.periods.size(), 2u);
  EXPECT_EQ(config.periods[1].name, "2017-2019");
  std::vector<std::string> ids;
  for (const TableSpec& t : config.tables) ids.push_back(t.id);
  for (const char* id : {"registered", "minors", "form_by_domestic", "sector_by_year",
                         "sector_by_period", "gender_by_age_group", "nationality",
                         "reporting_source", "number_of_sources", "unaccompanied_minors"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
}

TEST(MonitorConfig, ReadsATable) {
  auto config = ParseMonitorConfig(
      "threshold = 5\n[[tables]]\nid = \"x\"\ntitle = { en = \"X\", nl = \"Iks\" }\n"
      "rows = \"sector\"\ncolumns = \"period\"\nwhere = { exploitation_form = \"sexual\" }\n"
      "shares = true\n",
      "m.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->threshold, 5);
  const TableSpec& t = config->tables.at(0);
  EXPECT_EQ(t.rows, Dimension::kSector);
  EXPECT_EQ(t.columns, Dimension::kPeriod);
  EXPECT_EQ(t.where.at(Dimension::kExploitationForm), "sexual");
  EXPECT_EQ(t.title_nl, "Iks");
  EXPECT_TRUE(t.shares);
}

TEST(MonitorConfig, ExplainsWhatIsWrongNamingTheFileAndKey) {
  struct Case {
    const char* toml;
    const char* message;
  };
  for (const Case& c : {
           Case{"colour = 1\n", "m.toml: colour: is not a setting"},
           Case{"threshold = -1\n", "m.toml: threshold: must be a whole number"},
           Case{"[[tables]]\nrows = \"all\"\n", "m.toml: tables[0]: a table needs an id"},
           Case{"[[tables]]\nid = \"a\"\nrows = \"colour\"\n",
                "m.toml: tables[0].rows: no dimension `colour`"},
           Case{"[[tables]]\nid = \"a\"\nrows = \"source\"\nshares = true\n",
                "m.toml: tables[0].shares: shares need rows that add up"},
           Case{"[[tables]]\nid = \"a\"\nrows = \"year\"\n", "years and periods go in"},
           Case{"[[tables]]\nid = \"a\"\nrows = \"all\"\n[[tables]]\nid = \"a\"\nrows = \"all\"\n",
                "m.toml: tables[1]: a second table `a`"},
           Case{"periods = [ { name = \"p\", first = 2019, last = 2017 } ]\n",
                "m.toml: periods[0]: the first year comes after the last"},
           Case{"threshold = \n", "m.toml:1:"},
       }) {
    auto config = ParseMonitorConfig(c.toml, "m.toml");
    ASSERT_FALSE(config.ok()) << c.toml;
    EXPECT_NE(config.status().message().find(c.message), std::string::npos)
        << config.status().message();
  }
}

}  // namespace
}  // namespace zicht::monitor
