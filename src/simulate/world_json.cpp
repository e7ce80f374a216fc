#include "simulate/world_json.hpp"

#include "simulate/layouts.hpp"
#include "zicht/core/fields.hpp"

namespace zicht::simulate {

namespace {

using Json = nlohmann::ordered_json;

Json DistributionToJson(const Distribution& d) {
  Json out = Json::object();
  for (const WeightedValue& v : d) out[v.value] = v.weight;
  return out;
}

Json LayoutToJson(const Layout& layout) {
  Json out;
  out["delimiter"] = std::string(1, layout.delimiter);
  out["date_format"] = layout.date_format;
  for (const auto& [field, format] : layout.date_formats) {
    out["date_formats"][std::string(InfoOf(field).name)] = format;
  }
  out["list_separator"] = layout.list_separator;
  out["missing"] = layout.missing;
  out["nationality"] = layout.nationality_style;
  Json columns = Json::object();
  for (const LayoutColumn& c : layout.columns)
    columns[std::string(InfoOf(c.field).name)] = c.header;
  out["columns"] = columns;
  return out;
}

}  // namespace

Json ParametersToJson(const WorldParameters& world) {
  const PopulationParameters& p = world.population;
  Json pop;
  Json targets = Json::array();
  for (const YearTarget& t : p.targets) {
    targets.push_back({{"year", t.year},
                       {"true_total", t.true_total},
                       {"true_domestic", t.true_domestic},
                       {"true_less_visible_share", t.true_less_visible_share},
                       {"registered_ratio", t.registered_ratio},
                       {"registered_minor_share", t.registered_minor_share},
                       {"registered_less_visible_share", t.registered_less_visible_share}});
  }
  pop["targets"] = targets;
  pop["persistence"] = p.persistence;
  pop["domestic_minor_share"] = p.domestic_minor_share;
  pop["cross_border_minor_share"] = p.cross_border_minor_share;
  pop["under15_share_of_minors"] = p.under15_share_of_minors;
  pop["unaccompanied_share"] = p.unaccompanied_share;
  Json ages = Json::array();
  for (const AgeBand& b : p.adult_ages) {
    ages.push_back({{"min_age", b.min_age}, {"max_age", b.max_age}, {"weight", b.weight}});
  }
  pop["adult_ages"] = ages;
  pop["domestic_forms"] = DistributionToJson(p.domestic_forms);
  pop["cross_border_forms"] = DistributionToJson(p.cross_border_forms);
  pop["minor_forms"] = DistributionToJson(p.minor_forms);
  pop["second_form_share"] = p.second_form_share;
  pop["gender_sexual"] = DistributionToJson(p.gender_sexual);
  pop["gender_labour"] = DistributionToJson(p.gender_labour);
  pop["gender_criminal"] = DistributionToJson(p.gender_criminal);
  pop["gender_other"] = DistributionToJson(p.gender_other);
  pop["visible_sectors"] = DistributionToJson(p.visible_sectors);
  pop["less_visible_sectors"] = DistributionToJson(p.less_visible_sectors);
  pop["domestic_nationalities"] = DistributionToJson(p.domestic_nationalities);
  pop["cross_border_nationalities"] = DistributionToJson(p.cross_border_nationalities);
  pop["latent_class_shares"] = p.latent_class_shares;
  pop["latent_class_effects"] = p.latent_class_effects;
  pop["calibrate_minor_share"] = p.calibrate_minor_share;
  pop["calibrate_less_visible_share"] = p.calibrate_less_visible_share;

  Json sources = Json::array();
  for (const SourceParameters& s : world.sources) {
    const CaptureParameters& c = s.capture;
    Json capture = {{"intercept", c.intercept},
                    {"minor", c.minor},
                    {"under15", c.under15},
                    {"female", c.female},
                    {"domestic", c.domestic},
                    {"non_dutch", c.non_dutch},
                    {"unaccompanied_minor", c.unaccompanied_minor},
                    {"age_25_plus", c.age_25_plus},
                    {"sexual", c.sexual},
                    {"labour", c.labour},
                    {"criminal", c.criminal},
                    {"other_form", c.other_form},
                    {"visible_sector", c.visible_sector},
                    {"less_visible_sector", c.less_visible_sector},
                    {"heterogeneity_loading", c.heterogeneity_loading}};
    Json referrals = Json::array();
    for (const Referral& r : c.referrals)
      referrals.push_back({{"from", r.from}, {"effect", r.effect}});
    capture["referrals"] = referrals;
    const NoiseParameters& n = s.noise;
    Json noise = {{"duplicate", n.duplicate},
                  {"typo", n.typo},
                  {"swap_names", n.swap_names},
                  {"nickname", n.nickname},
                  {"transliteration", n.transliteration},
                  {"missing_given", n.missing_given},
                  {"missing_family", n.missing_family},
                  {"missing_dob", n.missing_dob},
                  {"missing_category", n.missing_category},
                  {"dob_day_month_swap", n.dob_day_month_swap},
                  {"dob_wrong_year", n.dob_wrong_year},
                  {"dob_january_first", n.dob_january_first},
                  {"personal_id", n.personal_id},
                  {"age_error", n.age_error}};
    sources.push_back({{"name", s.name},
                       {"capture", capture},
                       {"noise", noise},
                       {"layout", LayoutToJson(LayoutFor(s.name))}});
  }
  return {{"preset", world.preset},
          {"scenario", world.scenario},
          {"population", pop},
          {"sources", sources}};
}

Json YearSummaryToJson(const YearSummary& y) {
  Json out = {{"year", y.year},
              {"true_total", y.true_total},
              {"true_new", y.true_new},
              {"true_domestic", y.true_domestic},
              {"true_minors", y.true_minors},
              {"true_domestic_minors", y.true_domestic_minors},
              {"true_under15", y.true_under15},
              {"true_sexual", y.true_sexual},
              {"true_less_visible", y.true_less_visible},
              {"registered", y.registered},
              {"registered_domestic", y.registered_domestic},
              {"registered_minors", y.registered_minors},
              {"registered_sexual", y.registered_sexual},
              {"registered_less_visible", y.registered_less_visible},
              {"records", y.records},
              {"persons_by_source", y.persons_by_source},
              {"records_by_source", y.records_by_source},
              {"calibration",
               {{"overall", y.shift_overall},
                {"minor", y.shift_minor},
                {"visible", y.shift_visible},
                {"converged", y.calibrated}}}};
  return out;
}

}  // namespace zicht::simulate
