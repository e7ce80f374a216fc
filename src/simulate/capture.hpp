// Which sources see a victim in a year. Each source's log-odds is a linear function of
// the victim's covariates, plus the victim's latent class of catchability (shared by all
// sources: unobserved heterogeneity), plus referral effects from sources decided before
// it (dependence), plus the year's three calibrated shifts (overall, minors, visible
// sectors) that make the expected registered figures equal the year's targets.
//
// Thread safety: a CaptureModel is immutable after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "simulate/population.hpp"
#include "zicht/simulate/parameters.hpp"
#include "zicht/simulate/rng.hpp"

namespace zicht::simulate {

// What capture depends on, taken on 1 July of the year.
struct Covariates {
  bool minor = false;
  bool under15 = false;
  bool female = false;
  bool domestic = false;
  bool non_dutch = false;
  bool unaccompanied_minor = false;
  bool age_25_plus = false;
  std::uint8_t forms = 0;
  std::uint8_t visibility = 0;  // 0 no sector, 1 visible, 2 less visible
  std::uint8_t latent_class = 0;
};

Covariates CovariatesOf(const Person& person, int year);

// The year's shifts of every source's log-odds.
struct YearShifts {
  double overall = 0.0;
  double minor = 0.0;    // for minors
  double visible = 0.0;  // for sexual exploitation in a visible sector
  bool converged = false;
};

// Expected registered figures for a set of shifts.
struct ExpectedRegistration {
  double persons = 0.0;
  double minors = 0.0;
  double sexual_known_sector = 0.0;
  double less_visible = 0.0;
};

class CaptureModel {
 public:
  // `world` must be valid and outlive the model.
  explicit CaptureModel(const WorldParameters& world);

  // The log-odds of source `s` without shifts and referrals.
  double BaseLogit(std::size_t s, const Covariates& c) const;

  // Solves the year's shifts so that, in expectation over `persons`, registered persons
  // are target.registered_ratio of the true total, and the minor and less-visible shares
  // among them are the targets. Registration in any source does not depend on referrals
  // (a referral needs an earlier capture), so the expectation is exact:
  // P(registered) = 1 - prod_s (1 - p_s without referrals).
  YearShifts Calibrate(const YearTarget& target, const std::vector<Person>& persons,
                       int year) const;

  ExpectedRegistration Expected(const std::vector<Person>& persons, int year,
                                const YearShifts& shifts) const;

  // Draws the sources that see the person: bit s set for world.sources[s].
  std::uint32_t Draw(const Covariates& c, const YearShifts& shifts, Rng& rng) const;

 private:
  struct Cell {
    Covariates covariates;
    double count = 0.0;
    std::vector<double> odds;  // per source: exp(log-odds without shifts and referrals)
  };
  std::vector<Cell> Tabulate(const std::vector<Person>& persons, int year) const;
  ExpectedRegistration ExpectedOver(const std::vector<Cell>& cells, const YearShifts& shifts) const;

  const WorldParameters& world_;
  // referrals_[s]: (earlier source index, effect)
  std::vector<std::vector<std::pair<std::size_t, double>>> referrals_;
};

}  // namespace zicht::simulate
