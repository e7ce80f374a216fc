// The presets. Every figure of the `nl` preset is explained in docs/simulation.md.
#include <fmt/format.h>

#include <algorithm>

#include "zicht/simulate/parameters.hpp"

namespace zicht::simulate {

namespace {

WorldParameters Netherlands() {
  WorldParameters world;
  world.preset = "nl";
  PopulationParameters& p = world.population;
  // year, true total, true domestic, true less-visible share, registered/true,
  // registered minor share, registered less-visible share.
  p.targets = {
      {2015, 6250, 3000, 0.82, 0.22, 0.25, 0.75}, {2016, 6000, 3000, 0.83, 0.20, 0.24, 0.75},
      {2017, 5700, 3000, 0.86, 0.21, 0.20, 0.89}, {2018, 5300, 3000, 0.87, 0.21, 0.09, 0.89},
      {2019, 5000, 3000, 0.88, 0.27, 0.08, 0.89},
  };
  p.persistence = 0.3;
  p.domestic_minor_share = 0.5;
  p.cross_border_minor_share = 0.4;
  p.under15_share_of_minors = 0.3;
  p.unaccompanied_share = 0.5;
  p.adult_ages = {{18, 24, 0.40}, {25, 34, 0.35}, {35, 49, 0.20}, {50, 64, 0.05}};
  p.domestic_forms = {{"sexual", 0.60}, {"labour", 0.08}, {"criminal", 0.27}, {"other", 0.05}};
  p.cross_border_forms = {{"sexual", 0.55}, {"labour", 0.33}, {"criminal", 0.08}, {"other", 0.04}};
  p.minor_forms = {{"sexual", 0.70}, {"labour", 0.03}, {"criminal", 0.25}, {"other", 0.02}};
  p.second_form_share = 0.05;
  p.gender_sexual = {{"female", 0.93}, {"male", 0.065}, {"other", 0.005}};
  p.gender_labour = {{"female", 0.30}, {"male", 0.695}, {"other", 0.005}};
  p.gender_criminal = {{"female", 0.35}, {"male", 0.645}, {"other", 0.005}};
  p.gender_other = {{"female", 0.60}, {"male", 0.395}, {"other", 0.005}};
  p.visible_sectors = {{"window", 0.40}, {"brothel_club", 0.30}, {"private_house", 0.30}};
  p.less_visible_sectors = {{"street", 0.05},        {"home", 0.30},
                            {"escort_hotel", 0.30},  {"massage_beauty", 0.10},
                            {"webcam_online", 0.15}, {"other", 0.10}};
  p.domestic_nationalities = {{"NL", 0.88}, {"MA", 0.03}, {"PL", 0.02}, {"RO", 0.02}, {"NG", 0.01},
                              {"SY", 0.01}, {"HU", 0.01}, {"BG", 0.01}, {"UA", 0.01}};
  p.cross_border_nationalities = {{"NG", 0.35}, {"RO", 0.09}, {"PL", 0.08}, {"UG", 0.07},
                                  {"BG", 0.06}, {"HU", 0.05}, {"ER", 0.05}, {"VN", 0.05},
                                  {"SY", 0.04}, {"MA", 0.04}, {"CN", 0.04}, {"UA", 0.04},
                                  {"AL", 0.03}, {"NL", 0.01}};
  p.latent_class_shares = {0.50, 0.35, 0.15};
  p.latent_class_effects = {-1.0, 0.0, 1.2};

  auto source = [&](std::string name) -> SourceParameters& {
    world.sources.push_back({});
    world.sources.back().name = std::move(name);
    return world.sources.back();
  };
  {
    SourceParameters& s = source("police");
    CaptureParameters& c = s.capture;
    c.intercept = -1.6;
    c.minor = -0.3;
    c.domestic = -0.6;
    c.non_dutch = 0.3;
    c.sexual = 0.3;
    c.visible_sector = 1.0;
    c.labour = -0.8;
    c.criminal = 0.2;
    c.other_form = -0.5;
    s.noise.duplicate = 0.08;
    s.noise.personal_id = 0.6;
  }
  {
    SourceParameters& s = source("border_police");
    s.capture.intercept = -5.5;
    s.capture.domestic = -3.0;
    s.capture.non_dutch = 1.0;
    s.capture.labour = 0.3;
    s.noise.duplicate = 0.02;
    s.noise.personal_id = 0.8;
    s.noise.transliteration = 0.15;
  }
  {
    SourceParameters& s = source("labour_inspectorate");
    s.capture.intercept = -6.5;
    s.capture.labour = 4.0;
    s.capture.criminal = 1.0;
    s.capture.sexual = -1.0;
    s.noise.personal_id = 0.5;
  }
  {
    SourceParameters& s = source("online_chat");
    CaptureParameters& c = s.capture;
    c.intercept = -5.8;
    c.minor = 1.8;
    c.under15 = 0.3;
    c.female = 1.0;
    c.less_visible_sector = 1.0;
    c.age_25_plus = -1.0;
    c.domestic = 0.8;
    c.heterogeneity_loading = 0.5;
    s.noise.typo = 0.06;
    s.noise.nickname = 0.30;
    s.noise.missing_given = 0.05;
    s.noise.missing_family = 0.70;
    s.noise.missing_category = 0.15;
    s.noise.duplicate = 0.10;
  }
  {
    SourceParameters& s = source("care_provider");
    CaptureParameters& c = s.capture;
    c.intercept = -3.6;
    c.minor = 0.4;
    c.female = 0.4;
    c.domestic = 0.3;
    c.less_visible_sector = 0.5;
    c.referrals = {{"online_chat", 1.5}, {"police", 0.5}};
    s.noise.duplicate = 0.06;
    s.noise.nickname = 0.05;
  }
  {
    SourceParameters& s = source("guardianship");
    s.capture.intercept = -7.0;
    s.capture.unaccompanied_minor = 6.0;
    s.capture.referrals = {{"border_police", 1.5}, {"police", 0.5}};
    s.noise.personal_id = 0.9;
    s.noise.transliteration = 0.15;
  }
  {
    SourceParameters& s = source("shelter_reception");
    CaptureParameters& c = s.capture;
    c.intercept = -4.6;
    c.non_dutch = 0.8;
    c.female = 0.3;
    c.referrals = {{"police", 1.5}, {"border_police", 1.5}, {"labour_inspectorate", 1.0}};
    s.noise.personal_id = 0.7;
    s.noise.transliteration = 0.15;
    s.noise.duplicate = 0.08;
  }
  {
    SourceParameters& s = source("other");
    s.capture.intercept = -4.8;
    s.noise.missing_dob = 0.10;
    s.noise.missing_category = 0.10;
  }
  return world;
}

}  // namespace

std::vector<std::string> PresetNames() {
  return {"nl"};
}

Result<WorldParameters> Preset(const std::string& name) {
  if (name == "nl") return Netherlands();
  return Status::NotFound(
      fmt::format("no preset '{}'; the presets are: {}", name, fmt::join(PresetNames(), ", ")));
}

void WorldParameters::ScaleNoise(double factor) {
  for (SourceParameters& s : sources) {
    NoiseParameters& n = s.noise;
    for (double* rate :
         {&n.duplicate, &n.typo, &n.swap_names, &n.nickname, &n.transliteration, &n.missing_given,
          &n.missing_family, &n.missing_dob, &n.missing_category, &n.dob_day_month_swap,
          &n.dob_wrong_year, &n.dob_january_first, &n.age_error}) {
      *rate = std::min(1.0, *rate * factor);
    }
  }
}

}  // namespace zicht::simulate
