#include "simulate/capture.hpp"

#include <cmath>

#include "simulate/name_pools.hpp"
#include "zicht/simulate/distributions.hpp"

namespace zicht::simulate {

namespace {

std::uint32_t CellKey(const Covariates& c) {
  return static_cast<std::uint32_t>(c.minor) | static_cast<std::uint32_t>(c.under15) << 1 |
         static_cast<std::uint32_t>(c.female) << 2 | static_cast<std::uint32_t>(c.domestic) << 3 |
         static_cast<std::uint32_t>(c.non_dutch) << 4 |
         static_cast<std::uint32_t>(c.unaccompanied_minor) << 5 |
         static_cast<std::uint32_t>(c.age_25_plus) << 6 | static_cast<std::uint32_t>(c.forms) << 7 |
         static_cast<std::uint32_t>(c.visibility) << 11 |
         static_cast<std::uint32_t>(c.latent_class) << 13;
}

double Shift(const Covariates& c, const YearShifts& shifts) {
  return shifts.overall + (c.minor ? shifts.minor : 0.0) +
         (c.visibility == 1 ? shifts.visible : 0.0);
}

// Finds x in [low, high] with f(x) = 0 for an increasing f, by the Illinois variant of
// regula falsi; returns false if f does not change sign on the interval.
template <typename F>
bool SolveIncreasing(F f, double low, double high, double& x) {
  double f_low = f(low);
  double f_high = f(high);
  if (f_low > 0.0) {
    x = low;
    return false;
  }
  if (f_high < 0.0) {
    x = high;
    return false;
  }
  int side = 0;
  for (int i = 0; i < 200; ++i) {
    x = (low * f_high - high * f_low) / (f_high - f_low);
    const double fx = f(x);
    if (std::fabs(fx) < 1e-12 || high - low < 1e-12) return true;
    if (fx < 0.0) {
      low = x;
      f_low = fx;
      if (side == -1) f_high /= 2.0;
      side = -1;
    } else {
      high = x;
      f_high = fx;
      if (side == 1) f_low /= 2.0;
      side = 1;
    }
  }
  return true;
}

}  // namespace

Covariates CovariatesOf(const Person& person, int year) {
  Covariates c;
  const int age = AgeInYears(person.date_of_birth, Date{year, 7, 1});
  c.minor = age < 18;
  c.under15 = age < 15;
  c.age_25_plus = age >= 25;
  c.female = person.gender == Gender::kFemale;
  c.domestic = person.domestic;
  c.non_dutch = NamePools::Get().countries()[person.country].code != "NL";
  c.unaccompanied_minor = person.unaccompanied && c.minor;
  c.forms = person.forms;
  c.visibility = person.sector == kNoSector ? 0 : IsVisibleSector(person.sector) ? 1 : 2;
  c.latent_class = person.latent_class;
  return c;
}

CaptureModel::CaptureModel(const WorldParameters& world) : world_(world) {
  for (const SourceParameters& s : world.sources) {
    std::vector<std::pair<std::size_t, double>> refs;
    for (const Referral& r : s.capture.referrals) {
      for (std::size_t j = 0; j < world.sources.size(); ++j) {
        if (world.sources[j].name == r.from) refs.emplace_back(j, r.effect);
      }
    }
    referrals_.push_back(std::move(refs));
  }
}

double CaptureModel::BaseLogit(std::size_t s, const Covariates& c) const {
  const CaptureParameters& p = world_.sources[s].capture;
  double x = p.intercept;
  if (c.minor) x += p.minor;
  if (c.under15) x += p.under15;
  if (c.female) x += p.female;
  if (c.domestic) x += p.domestic;
  if (c.non_dutch) x += p.non_dutch;
  if (c.unaccompanied_minor) x += p.unaccompanied_minor;
  if (c.age_25_plus) x += p.age_25_plus;
  if (c.forms & kSexual) x += p.sexual;
  if (c.forms & kLabour) x += p.labour;
  if (c.forms & kCriminal) x += p.criminal;
  if (c.forms & kOtherForm) x += p.other_form;
  if (c.visibility == 1) x += p.visible_sector;
  if (c.visibility == 2) x += p.less_visible_sector;
  x += p.heterogeneity_loading * world_.population.latent_class_effects[c.latent_class];
  return x;
}

std::vector<CaptureModel::Cell> CaptureModel::Tabulate(const std::vector<Person>& persons,
                                                       int year) const {
  std::vector<std::int64_t> index(1u << 15, -1);
  std::vector<Cell> cells;
  for (const Person& person : persons) {
    const Covariates c = CovariatesOf(person, year);
    std::int64_t& slot = index[CellKey(c)];
    if (slot < 0) {
      slot = static_cast<std::int64_t>(cells.size());
      Cell cell;
      cell.covariates = c;
      for (std::size_t s = 0; s < world_.sources.size(); ++s) {
        cell.odds.push_back(Exp(BaseLogit(s, c)));
      }
      cells.push_back(std::move(cell));
    }
    cells[static_cast<std::size_t>(slot)].count += 1.0;
  }
  return cells;
}

ExpectedRegistration CaptureModel::ExpectedOver(const std::vector<Cell>& cells,
                                                const YearShifts& shifts) const {
  // The odds of a cell times exp(shift): one Exp per kind of shift, not per cell.
  double factor[2][2];
  for (int minor = 0; minor < 2; ++minor) {
    for (int visible = 0; visible < 2; ++visible) {
      factor[minor][visible] =
          Exp(shifts.overall + (minor ? shifts.minor : 0.0) + (visible ? shifts.visible : 0.0));
    }
  }
  ExpectedRegistration e;
  for (const Cell& cell : cells) {
    const double f = factor[cell.covariates.minor][cell.covariates.visibility == 1];
    double none = 1.0;
    for (double odds : cell.odds) none /= 1.0 + odds * f;  // 1 - p = 1 / (1 + odds)
    const double registered = cell.count * (1.0 - none);
    e.persons += registered;
    if (cell.covariates.minor) e.minors += registered;
    if ((cell.covariates.forms & kSexual) && cell.covariates.visibility != 0) {
      e.sexual_known_sector += registered;
      if (cell.covariates.visibility == 2) e.less_visible += registered;
    }
  }
  return e;
}

ExpectedRegistration CaptureModel::Expected(const std::vector<Person>& persons, int year,
                                            const YearShifts& shifts) const {
  return ExpectedOver(Tabulate(persons, year), shifts);
}

YearShifts CaptureModel::Calibrate(const YearTarget& target, const std::vector<Person>& persons,
                                   int year) const {
  const std::vector<Cell> cells = Tabulate(persons, year);
  YearShifts shifts;
  if (cells.empty()) return shifts;
  const auto total = static_cast<double>(persons.size());
  constexpr double kBound = 15.0;
  bool ok = true;
  for (int round = 0; round < 100; ++round) {
    const YearShifts before = shifts;
    ok = SolveIncreasing(
        [&](double a) {
          YearShifts t = shifts;
          t.overall = a;
          return ExpectedOver(cells, t).persons / total - target.registered_ratio;
        },
        -kBound, kBound, shifts.overall);
    ok = (!world_.population.calibrate_minor_share ||
          SolveIncreasing(
              [&](double m) {
                YearShifts t = shifts;
                t.minor = m;
                const ExpectedRegistration e = ExpectedOver(cells, t);
                return e.minors / e.persons - target.registered_minor_share;
              },
              -kBound, kBound, shifts.minor)) &&
         ok;
    ok = (!world_.population.calibrate_less_visible_share ||
          SolveIncreasing(
              [&](double v) {  // more visible capture, fewer less-visible: negate
                YearShifts t = shifts;
                t.visible = -v;
                const ExpectedRegistration e = ExpectedOver(cells, t);
                return e.sexual_known_sector > 0.0 ? e.less_visible / e.sexual_known_sector -
                                                         target.registered_less_visible_share
                                                   : 0.0;
              },
              -kBound, kBound, shifts.visible)) &&
         ok;
    if (world_.population.calibrate_less_visible_share) shifts.visible = -shifts.visible;
    if (std::fabs(shifts.overall - before.overall) < 1e-8 &&
        std::fabs(shifts.minor - before.minor) < 1e-8 &&
        std::fabs(shifts.visible - before.visible) < 1e-8) {
      break;
    }
  }
  shifts.converged = ok;
  return shifts;
}

std::uint32_t CaptureModel::Draw(const Covariates& c, const YearShifts& shifts, Rng& rng) const {
  const double shift = Shift(c, shifts);
  std::uint32_t seen = 0;
  for (std::size_t s = 0; s < world_.sources.size(); ++s) {
    double x = BaseLogit(s, c) + shift;
    for (const auto& [from, effect] : referrals_[s]) {
      if (seen & (1u << from)) x += effect;
    }
    if (rng.Uniform() < Logistic(x)) seen |= 1u << s;
  }
  return seen;
}

}  // namespace zicht::simulate
