#include "simulate/population.hpp"

#include <algorithm>

#include "simulate/name_pools.hpp"
#include "zicht/simulate/distributions.hpp"

namespace zicht::simulate {

namespace {

std::vector<double> WeightsOf(const Distribution& d) {
  std::vector<double> w;
  for (const WeightedValue& v : d) w.push_back(v.weight);
  return w;
}

std::size_t IndexIn(std::span<const std::string_view> names, std::string_view value) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == value) return i;
  }
  return 0;  // parameters are validated: not reached for valid input
}

}  // namespace

bool IsVisibleSector(std::uint8_t sector) {
  return sector < kFirstLessVisibleSector;
}

std::vector<std::string_view> FormNames(std::uint8_t forms) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kFormNames.size(); ++i) {
    if (forms & (1u << i)) out.push_back(kFormNames[i]);
  }
  return out;
}

const std::string& GivenNameOf(const Person& person) {
  const Country& c = NamePools::Get().countries()[person.country];
  const NameList& list = person.male_name ? c.male : c.female;
  return list.names[person.given_name];
}

bool PassesElevenTest(std::uint32_t number) {
  // 9 d1 + 8 d2 + ... + 2 d8 - d9 must be a multiple of 11.
  int sum = -static_cast<int>(number % 10);
  number /= 10;
  for (int weight = 2; weight <= 9; ++weight) {
    sum += weight * static_cast<int>(number % 10);
    number /= 10;
  }
  return sum % 11 == 0;
}

const YearTarget& TargetFor(const PopulationParameters& parameters, int year) {
  const YearTarget* best = &parameters.targets.front();
  for (const YearTarget& t : parameters.targets) {
    if (std::abs(t.year - year) < std::abs(best->year - year)) best = &t;
  }
  return *best;
}

Population::Draw Population::MakeDraw(const Distribution& d,
                                      std::span<const std::string_view> table) const {
  Draw draw;
  draw.categorical = Categorical(WeightsOf(d));
  for (const WeightedValue& v : d) draw.index.push_back(IndexIn(table, v.value));
  return draw;
}

Population::Population(const PopulationParameters& parameters, std::uint64_t seed, double scale)
    : parameters_(parameters), seed_(seed), scale_(scale) {
  std::vector<double> band_weights;
  for (const AgeBand& band : parameters.adult_ages) band_weights.push_back(band.weight);
  adult_band_ = Categorical(band_weights);
  domestic_forms_ = MakeDraw(parameters.domestic_forms, kFormNames);
  cross_border_forms_ = MakeDraw(parameters.cross_border_forms, kFormNames);
  minor_forms_ = MakeDraw(parameters.minor_forms, kFormNames);
  genders_[0] = MakeDraw(parameters.gender_sexual, kGenderNames);
  genders_[1] = MakeDraw(parameters.gender_labour, kGenderNames);
  genders_[2] = MakeDraw(parameters.gender_criminal, kGenderNames);
  genders_[3] = MakeDraw(parameters.gender_other, kGenderNames);
  visible_sectors_ = MakeDraw(parameters.visible_sectors, kSectors);
  less_visible_sectors_ = MakeDraw(parameters.less_visible_sectors, kSectors);
  const NamePools& pools = NamePools::Get();
  domestic_countries_ = Categorical(WeightsOf(parameters.domestic_nationalities));
  for (const WeightedValue& v : parameters.domestic_nationalities) {
    domestic_country_index_.push_back(
        static_cast<std::uint8_t>(pools.IndexOf(v.value).value_or(0)));
  }
  cross_border_countries_ = Categorical(WeightsOf(parameters.cross_border_nationalities));
  for (const WeightedValue& v : parameters.cross_border_nationalities) {
    cross_border_country_index_.push_back(
        static_cast<std::uint8_t>(pools.IndexOf(v.value).value_or(0)));
  }
  latent_class_ = Categorical(parameters.latent_class_shares);
}

void Population::AdvanceTo(int year) {
  const bool continues = year_ != 0 && year == year_ + 1;
  const YearTarget& target = TargetFor(parameters_, year);
  double domestic_mean = target.true_domestic;
  double cross_mean = target.true_total - target.true_domestic;
  std::vector<Person> next;
  if (continues) {
    const YearTarget& previous = TargetFor(parameters_, year_);
    domestic_mean -= parameters_.persistence * previous.true_domestic;
    cross_mean -= parameters_.persistence * (previous.true_total - previous.true_domestic);
    for (const Person& p : persons_) {
      Rng rng =
          Rng::Stream(seed_, {kStreamSurvival, p.entity_id, static_cast<std::uint64_t>(year)});
      if (rng.Bernoulli(parameters_.persistence)) next.push_back(p);
    }
  }
  Rng counts = Rng::Stream(seed_, {kStreamNewCount, static_cast<std::uint64_t>(year)});
  const std::int64_t new_domestic = Poisson(counts, std::max(0.0, domestic_mean) * scale_);
  const std::int64_t new_cross = Poisson(counts, std::max(0.0, cross_mean) * scale_);
  new_count_ = static_cast<std::size_t>(new_domestic + new_cross);
  next.reserve(next.size() + new_count_);
  for (std::int64_t i = 0; i < new_domestic; ++i) next.push_back(NewPerson(true, year));
  for (std::int64_t i = 0; i < new_cross; ++i) next.push_back(NewPerson(false, year));
  persons_ = std::move(next);
  year_ = year;
}

Person Population::NewPerson(bool domestic, int year) {
  const PopulationParameters& p = parameters_;
  Person person;
  person.entity_id = next_entity_id_++;
  person.first_year = static_cast<std::uint16_t>(year);
  person.domestic = domestic;
  Rng rng = Rng::Stream(seed_, {kStreamPerson, person.entity_id});

  const bool minor = rng.Bernoulli(domestic ? p.domestic_minor_share : p.cross_border_minor_share);
  const bool under15 = minor && rng.Bernoulli(p.under15_share_of_minors);
  int age = 0;
  if (under15) {
    age = rng.Between(11, 14);
  } else if (minor) {
    age = rng.Between(15, 17);
  } else {
    const AgeBand& band = p.adult_ages[adult_band_.Sample(rng)];
    age = rng.Between(band.min_age, band.max_age);
  }
  // Born so that the age on 1 July of `year` is exactly `age`.
  const long anchor = Date{year - age, 7, 1}.DaysSinceEpoch();
  person.date_of_birth = Date::FromDaysSinceEpoch(anchor - static_cast<long>(rng.Below(365)));
  person.unaccompanied = !domestic && minor && rng.Bernoulli(p.unaccompanied_share);

  const Draw& forms = minor ? minor_forms_ : domestic ? domestic_forms_ : cross_border_forms_;
  const std::size_t primary = forms.index[forms.categorical.Sample(rng)];
  person.forms = static_cast<std::uint8_t>(1u << primary);
  if (rng.Bernoulli(p.second_form_share)) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      const std::size_t second = forms.index[forms.categorical.Sample(rng)];
      if (second != primary) {
        person.forms |= static_cast<std::uint8_t>(1u << second);
        break;
      }
    }
  }
  const Draw& genders = genders_[primary];
  person.gender = static_cast<Gender>(genders.index[genders.categorical.Sample(rng)]);

  if (person.forms & kSexual) {
    const bool less_visible = rng.Bernoulli(TargetFor(p, year).true_less_visible_share);
    const Draw& sectors = less_visible ? less_visible_sectors_ : visible_sectors_;
    person.sector = static_cast<std::uint8_t>(sectors.index[sectors.categorical.Sample(rng)]);
  }

  person.country = domestic ? domestic_country_index_[domestic_countries_.Sample(rng)]
                            : cross_border_country_index_[cross_border_countries_.Sample(rng)];
  const Country& country = NamePools::Get().countries()[person.country];
  // A person of another gender carries a name from either pool.
  person.male_name =
      person.gender == Gender::kMale || (person.gender == Gender::kOther && rng.Bernoulli(0.5));
  const NameList& given = person.male_name ? country.male : country.female;
  person.given_name = static_cast<std::uint16_t>(given.draw.Sample(rng));
  person.family_name = static_cast<std::uint16_t>(country.family.draw.Sample(rng));
  person.latent_class = static_cast<std::uint8_t>(latent_class_.Sample(rng));
  do {
    person.personal_id = static_cast<std::uint32_t>(100000000 + rng.Below(900000000));
  } while (PassesElevenTest(person.personal_id));
  return person;
}

}  // namespace zicht::simulate
