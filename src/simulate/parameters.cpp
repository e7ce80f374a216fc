#include "zicht/simulate/parameters.hpp"

#include <fmt/format.h>

#include <set>

#include "simulate/name_pools.hpp"
#include "zicht/core/vocabulary.hpp"

namespace zicht::simulate {

namespace {

Status CheckShare(double value, const std::string& name) {
  if (!(value >= 0.0 && value <= 1.0)) {
    return Status::InvalidArgument(fmt::format("{} must be between 0 and 1", name));
  }
  return Status::Ok();
}

// Every value must be one of `allowed` (if given), every weight >= 0, and some > 0.
Status CheckDistribution(const Distribution& d, const std::string& name,
                         const std::set<std::string>& allowed) {
  double total = 0.0;
  for (const WeightedValue& v : d) {
    if (!(v.weight >= 0.0) || v.weight > 1e12) {
      return Status::InvalidArgument(
          fmt::format("{}: the weight of '{}' must be >= 0", name, v.value));
    }
    if (!allowed.empty() && !allowed.contains(v.value)) {
      return Status::InvalidArgument(
          fmt::format("{}: '{}' is not one of {}", name, v.value, fmt::join(allowed, ", ")));
    }
    total += v.weight;
  }
  if (!(total > 0.0))
    return Status::InvalidArgument(fmt::format("{} needs a positive weight", name));
  return Status::Ok();
}

std::set<std::string> SectorsOf(std::string_view visibility) {
  std::set<std::string> out;
  for (const Category& c : Vocabulary::Default().CategoriesOf(Field::kSector)) {
    if (c.visibility == visibility) out.insert(c.name);
  }
  return out;
}

}  // namespace

Status WorldParameters::Validate() const {
  const PopulationParameters& p = population;
  if (p.targets.empty())
    return Status::InvalidArgument("population.targets must name at least one year");
  for (const YearTarget& t : p.targets) {
    const std::string where = fmt::format("population.targets[{}]", t.year);
    if (!(t.true_total > 0.0) || !(t.true_domestic >= 0.0) || t.true_domestic > t.true_total) {
      return Status::InvalidArgument(where +
                                     ": need true_total > 0 and 0 <= true_domestic <= true_total");
    }
    ZICHT_RETURN_IF_ERROR(
        CheckShare(t.true_less_visible_share, where + ".true_less_visible_share"));
    for (auto [value, name] :
         {std::pair{t.registered_ratio, "registered_ratio"},
          {t.registered_minor_share, "registered_minor_share"},
          {t.registered_less_visible_share, "registered_less_visible_share"}}) {
      if (!(value > 0.0 && value < 1.0)) {
        return Status::InvalidArgument(
            fmt::format("{}.{} must be strictly between 0 and 1", where, name));
      }
    }
  }
  for (auto [value, name] : {std::pair{p.persistence, "population.persistence"},
                             {p.domestic_minor_share, "population.domestic_minor_share"},
                             {p.cross_border_minor_share, "population.cross_border_minor_share"},
                             {p.under15_share_of_minors, "population.under15_share_of_minors"},
                             {p.unaccompanied_share, "population.unaccompanied_share"},
                             {p.second_form_share, "population.second_form_share"}}) {
    ZICHT_RETURN_IF_ERROR(CheckShare(value, name));
  }
  if (p.adult_ages.empty()) return Status::InvalidArgument("population.adult_ages is empty");
  for (const AgeBand& band : p.adult_ages) {
    if (band.min_age < 18 || band.max_age < band.min_age || band.max_age > 90 ||
        !(band.weight >= 0.0)) {
      return Status::InvalidArgument(
          "population.adult_ages: each band needs 18 <= min <= max <= 90");
    }
  }
  const std::set<std::string> forms = {"sexual", "labour", "criminal", "other"};
  const std::set<std::string> genders = {"female", "male", "other"};
  std::set<std::string> countries;
  for (const Country& c : NamePools::Get().countries()) countries.insert(c.code);
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.domestic_forms, "population.domestic_forms", forms));
  ZICHT_RETURN_IF_ERROR(
      CheckDistribution(p.cross_border_forms, "population.cross_border_forms", forms));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.minor_forms, "population.minor_forms", forms));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.gender_sexual, "population.gender_sexual", genders));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.gender_labour, "population.gender_labour", genders));
  ZICHT_RETURN_IF_ERROR(
      CheckDistribution(p.gender_criminal, "population.gender_criminal", genders));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.gender_other, "population.gender_other", genders));
  ZICHT_RETURN_IF_ERROR(
      CheckDistribution(p.visible_sectors, "population.visible_sectors", SectorsOf("visible")));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.less_visible_sectors, "population.less_visible_sectors",
                                          SectorsOf("less_visible")));
  ZICHT_RETURN_IF_ERROR(
      CheckDistribution(p.domestic_nationalities, "population.domestic_nationalities", countries));
  ZICHT_RETURN_IF_ERROR(CheckDistribution(p.cross_border_nationalities,
                                          "population.cross_border_nationalities", countries));
  if (p.latent_class_shares.empty() ||
      p.latent_class_shares.size() != p.latent_class_effects.size() ||
      p.latent_class_shares.size() > 4) {
    return Status::InvalidArgument(
        "population.latent_class_shares and latent_class_effects need the same length, 1 to 4");
  }
  Distribution classes;
  for (double share : p.latent_class_shares) classes.push_back({"class", share});
  ZICHT_RETURN_IF_ERROR(CheckDistribution(classes, "population.latent_class_shares", {}));

  if (sources.empty()) return Status::InvalidArgument("sources: a world needs at least one source");
  if (sources.size() > 16) return Status::InvalidArgument("sources: at most 16 sources");
  std::set<std::string> seen;
  for (const SourceParameters& s : sources) {
    if (Vocabulary::Default().FindSourceKind(s.name) == nullptr) {
      return Status::InvalidArgument(
          fmt::format("sources: '{}' is not a source kind of the vocabulary", s.name));
    }
    if (!seen.insert(s.name).second) {
      return Status::InvalidArgument(fmt::format("sources: '{}' appears twice", s.name));
    }
    for (const Referral& r : s.capture.referrals) {
      if (!seen.contains(r.from) || r.from == s.name) {
        return Status::InvalidArgument(
            fmt::format("sources.{}: a referral must come from a source listed before it, not '{}'",
                        s.name, r.from));
      }
    }
    const NoiseParameters& n = s.noise;
    const std::string where = "sources." + s.name + ".noise";
    for (auto [value, name] : {std::pair{n.duplicate, "duplicate"},
                               {n.typo, "typo"},
                               {n.swap_names, "swap_names"},
                               {n.nickname, "nickname"},
                               {n.transliteration, "transliteration"},
                               {n.missing_given, "missing_given"},
                               {n.missing_family, "missing_family"},
                               {n.missing_dob, "missing_dob"},
                               {n.missing_category, "missing_category"},
                               {n.dob_day_month_swap, "dob_day_month_swap"},
                               {n.dob_wrong_year, "dob_wrong_year"},
                               {n.dob_january_first, "dob_january_first"},
                               {n.personal_id, "personal_id"},
                               {n.age_error, "age_error"}}) {
      ZICHT_RETURN_IF_ERROR(CheckShare(value, where + "." + name));
    }
    if (n.duplicate > 0.9) return Status::InvalidArgument(where + ".duplicate must be at most 0.9");
  }
  return Status::Ok();
}

}  // namespace zicht::simulate
