#include "simulate/population.hpp"

#include <gtest/gtest.h>

#include <set>

#include "simulate/capture.hpp"
#include "simulate/name_pools.hpp"

namespace zicht::simulate {
namespace {

PopulationParameters Nl() {
  return Preset("nl")->population;
}

TEST(Population, DrawsNewVictimsWithTheConfiguredShares) {
  const PopulationParameters params = Nl();
  Population population(params, 1, 4.0);  // about 25,000 victims
  population.AdvanceTo(2015);
  std::int64_t domestic = 0, domestic_minors = 0, cross = 0, cross_minors = 0, under15 = 0,
               minors = 0, sexual = 0, less_visible = 0, unaccompanied = 0;
  for (const Person& p : population.persons()) {
    const Covariates c = CovariatesOf(p, 2015);
    (c.domestic ? domestic : cross)++;
    (c.domestic ? domestic_minors : cross_minors) += c.minor;
    minors += c.minor;
    under15 += c.under15;
    sexual += (p.forms & kSexual) != 0;
    less_visible += c.visibility == 2;
    unaccompanied += c.unaccompanied_minor;
  }
  const YearTarget& t = TargetFor(params, 2015);
  // Counts are Poisson: sd sqrt(12,000) = 110 on 12,000; allow 4%.
  EXPECT_NEAR(domestic / 4.0, t.true_domestic, 0.04 * t.true_domestic);
  EXPECT_NEAR(cross / 4.0, t.true_total - t.true_domestic, 0.04 * (t.true_total - t.true_domestic));
  // Shares: sd of a share over 12,000 is at most 0.0046; allow 0.02.
  EXPECT_NEAR(double(domestic_minors) / domestic, params.domestic_minor_share, 0.02);
  EXPECT_NEAR(double(cross_minors) / cross, params.cross_border_minor_share, 0.02);
  EXPECT_NEAR(double(under15) / minors, params.under15_share_of_minors, 0.02);
  EXPECT_NEAR(double(less_visible) / sexual, t.true_less_visible_share, 0.02);
  EXPECT_NEAR(double(unaccompanied) / cross_minors, params.unaccompanied_share, 0.03);
}

TEST(Population, KeepsVictimsIntoTheNextYearWithThePersistence) {
  const PopulationParameters params = Nl();
  Population population(params, 2, 2.0);
  population.AdvanceTo(2016);
  std::set<std::uint64_t> before;
  for (const Person& p : population.persons()) before.insert(p.entity_id);
  population.AdvanceTo(2017);
  std::size_t stayed = 0;
  for (const Person& p : population.persons()) stayed += before.contains(p.entity_id);
  EXPECT_EQ(stayed, population.persons().size() - population.new_count());
  // sd of the share over 12,000: 0.004
  EXPECT_NEAR(double(stayed) / before.size(), params.persistence, 0.02);
  // The year's total still meets its target (sd about 1.5%).
  EXPECT_NEAR(population.persons().size() / 2.0, TargetFor(params, 2017).true_total,
              0.05 * TargetFor(params, 2017).true_total);
}

TEST(Population, IsTheSameForTheSameSeedAndDiffersForAnother) {
  const PopulationParameters params = Nl();
  Population a(params, 9, 0.2), b(params, 9, 0.2), c(params, 10, 0.2);
  a.AdvanceTo(2015);
  b.AdvanceTo(2015);
  c.AdvanceTo(2015);
  ASSERT_EQ(a.persons().size(), b.persons().size());
  for (std::size_t i = 0; i < a.persons().size(); ++i) {
    ASSERT_EQ(a.persons()[i].date_of_birth, b.persons()[i].date_of_birth);
    ASSERT_EQ(a.persons()[i].personal_id, b.persons()[i].personal_id);
  }
  bool differs = a.persons().size() != c.persons().size();
  for (std::size_t i = 0; !differs && i < a.persons().size(); ++i) {
    differs = a.persons()[i].date_of_birth != c.persons()[i].date_of_birth;
  }
  EXPECT_TRUE(differs);
}

TEST(Population, InventsPersonalNumbersThatCannotBeRealCitizenNumbers) {
  EXPECT_TRUE(PassesElevenTest(111222333));  // 9+8+7+12+10+8+9+6-3 = 66
  EXPECT_FALSE(PassesElevenTest(111222334));
  const PopulationParameters params = Nl();
  Population population(params, 3, 0.3);
  population.AdvanceTo(2019);
  ASSERT_FALSE(population.persons().empty());
  for (const Person& p : population.persons()) {
    ASSERT_GE(p.personal_id, 100000000u);
    ASSERT_LE(p.personal_id, 999999999u);
    ASSERT_FALSE(PassesElevenTest(p.personal_id));
  }
}

TEST(Population, GivesMinorsAgesThatMakeThemMinors) {
  const PopulationParameters params = Nl();
  Population population(params, 4, 0.5);
  population.AdvanceTo(2018);
  for (const Person& p : population.persons()) {
    const int age = AgeInYears(p.date_of_birth, Date{2018, 7, 1});
    ASSERT_GE(age, 11);
    ASSERT_LE(age, 64);
    if (p.unaccompanied) {
      ASSERT_FALSE(p.domestic);
    }
    if (p.forms & kSexual) {
      ASSERT_NE(p.sector, kNoSector);
    } else {
      ASSERT_EQ(p.sector, kNoSector);
    }
  }
}

}  // namespace
}  // namespace zicht::simulate
