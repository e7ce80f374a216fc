#include "simulate/capture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace zicht::simulate {
namespace {

TEST(CaptureModel, CalibratesTheExpectedRegisteredFiguresToTheTargets) {
  const WorldParameters world = *Preset("nl");
  const CaptureModel model(world);
  Population population(world.population, 1, 1.0);
  for (int year = 2015; year <= 2019; ++year) {
    population.AdvanceTo(year);
    const YearTarget& t = TargetFor(world.population, year);
    const YearShifts shifts = model.Calibrate(t, population.persons(), year);
    ASSERT_TRUE(shifts.converged) << year;
    const ExpectedRegistration e = model.Expected(population.persons(), year, shifts);
    EXPECT_NEAR(e.persons / population.persons().size(), t.registered_ratio, 1e-6) << year;
    EXPECT_NEAR(e.minors / e.persons, t.registered_minor_share, 1e-6) << year;
    EXPECT_NEAR(e.less_visible / e.sexual_known_sector, t.registered_less_visible_share, 1e-6)
        << year;
  }
}

TEST(CaptureModel, DrawsRegistrationsAsOftenAsItExpects) {
  const WorldParameters world = *Preset("nl");
  const CaptureModel model(world);
  Population population(world.population, 2, 2.0);
  population.AdvanceTo(2019);
  const YearShifts shifts =
      model.Calibrate(TargetFor(world.population, 2019), population.persons(), 2019);
  const ExpectedRegistration e = model.Expected(population.persons(), 2019, shifts);
  Rng rng(5);
  double registered = 0;
  for (const Person& p : population.persons())
    registered += model.Draw(CovariatesOf(p, 2019), shifts, rng) != 0;
  // Binomial-like count of about 2,700: sd about 45; allow 4 sd.
  EXPECT_NEAR(registered, e.persons, 4 * std::sqrt(e.persons));
}

TEST(CaptureModel, MakesAShelterMoreLikelyAfterThePolice) {
  const WorldParameters world = *Preset("nl");
  const CaptureModel model(world);
  std::size_t police = 0, shelter = 0;
  for (std::size_t s = 0; s < world.sources.size(); ++s) {
    if (world.sources[s].name == "police") police = s;
    if (world.sources[s].name == "shelter_reception") shelter = s;
  }
  Covariates c;
  c.non_dutch = true;
  c.forms = kSexual;
  c.visibility = 2;
  c.latent_class = 1;
  Rng rng(6);
  double with_police = 0, without_police = 0, police_count = 0;
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint32_t seen = model.Draw(c, YearShifts{}, rng);
    const bool by_police = seen & (1u << police);
    police_count += by_police;
    (by_police ? with_police : without_police) += (seen & (1u << shelter)) != 0;
  }
  const double p_with = with_police / police_count;
  const double p_without = without_police / (kDraws - police_count);
  // The referral adds 1.5 to the log-odds: at these small probabilities about 4.5 times.
  EXPECT_GT(p_with, 3.0 * p_without);
}

TEST(CaptureModel, SeesTheUnobservedCatchableClassMoreOften) {
  const WorldParameters world = *Preset("nl");
  const CaptureModel model(world);
  Covariates hidden, exposed;
  hidden.latent_class = 0;
  exposed.latent_class = 2;
  for (std::size_t s = 0; s < world.sources.size(); ++s) {
    EXPECT_LT(model.BaseLogit(s, hidden), model.BaseLogit(s, exposed)) << world.sources[s].name;
  }
}

}  // namespace
}  // namespace zicht::simulate
