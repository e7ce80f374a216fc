// The parameters of a synthetic world: who the victims are (population), which
// organisation sees whom (capture), and how each organisation writes them down (noise).
// A preset fills them in for a country; `nl` is calibrated to the Dutch monitor
// (docs/simulation.md lists the figures and where each parameter comes from).
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::simulate {

// A value of a category and its relative weight.
struct WeightedValue {
  std::string value;
  double weight = 0.0;
};
using Distribution = std::vector<WeightedValue>;

// The figures a year is calibrated to. Years outside the table take the nearest year's.
struct YearTarget {
  int year = 0;
  double true_total = 0.0;               // victims in the year, registered or not (at scale 1)
  double true_domestic = 0.0;            // of whom exploited without crossing a border
  double true_less_visible_share = 0.0;  // less-visible sectors among sexual exploitation
  // What the registrations should look like; the capture intensities of the year are
  // solved so that the expected registered figures equal these.
  double registered_ratio = 0.0;               // registered persons / true total
  double registered_minor_share = 0.0;         // minors among registered persons
  double registered_less_visible_share = 0.0;  // among registered sexual exploitation
                                               // with a known sector
};

struct AgeBand {
  int min_age = 0;  // inclusive, at the middle of the first year of exploitation
  int max_age = 0;  // inclusive
  double weight = 0.0;
};

struct PopulationParameters {
  std::vector<YearTarget> targets;
  // Probability that a victim of one year is still a victim the next year.
  double persistence = 0.3;
  double domestic_minor_share = 0.5;      // among new domestic victims
  double cross_border_minor_share = 0.4;  // among new cross-border victims
  double under15_share_of_minors = 0.3;
  // Among cross-border minors: travelling without a parent (an amv).
  double unaccompanied_share = 0.5;
  std::vector<AgeBand> adult_ages;
  Distribution domestic_forms;  // sexual, labour, criminal, other
  Distribution cross_border_forms;
  Distribution minor_forms;         // replaces the above for minors
  double second_form_share = 0.05;  // victims of two forms at once
  // Gender by (primary) form of exploitation: female, male, other.
  Distribution gender_sexual;
  Distribution gender_labour;
  Distribution gender_criminal;
  Distribution gender_other;
  Distribution visible_sectors;         // within visible sectors
  Distribution less_visible_sectors;    // within less-visible sectors
  Distribution domestic_nationalities;  // ISO alpha-2 codes with a name pool
  Distribution cross_border_nationalities;
  // Unobserved heterogeneity: classes of catchability shared by every source.
  std::vector<double> latent_class_shares;
  std::vector<double> latent_class_effects;  // added to every source's log-odds
  // Which registered shares of YearTarget the year's shifts are solved for. The registered
  // ratio always is (a shift for everyone); a world whose lists must stay homogeneous
  // turns the other two off, since a shift for minors or for visible sectors is a
  // covariate effect.
  bool calibrate_minor_share = true;
  bool calibrate_less_visible_share = true;
};

// A source's capture effect that depends on another source having seen the person the
// same year: a referral (the police bring a victim to a shelter).
struct Referral {
  std::string from;     // an earlier source in WorldParameters::sources
  double effect = 0.0;  // added to the log-odds
};

// Log-odds of a source seeing a victim in a year: intercept plus the effects of the
// victim's covariates (each 0 unless the victim has the property).
struct CaptureParameters {
  double intercept = -3.0;
  double minor = 0.0;
  double under15 = 0.0;
  double female = 0.0;
  double domestic = 0.0;
  double non_dutch = 0.0;
  double unaccompanied_minor = 0.0;
  double age_25_plus = 0.0;
  double sexual = 0.0;
  double labour = 0.0;
  double criminal = 0.0;
  double other_form = 0.0;
  double visible_sector = 0.0;         // sexual exploitation in a visible sector
  double less_visible_sector = 0.0;    // sexual exploitation in a less-visible sector
  double heterogeneity_loading = 1.0;  // multiplies the latent class effect
  std::vector<Referral> referrals;
};

// Identifier noise of one source. Rates are probabilities per record.
struct NoiseParameters {
  double duplicate = 0.05;        // another record of the same person in the same year
  double typo = 0.04;             // per name: one edit (substitution, insertion,
                                  // deletion or transposition)
  double swap_names = 0.01;       // given and family name exchanged
  double nickname = 0.02;         // a short form of the given name
  double transliteration = 0.10;  // another spelling of a non-Dutch name
  double missing_given = 0.01;
  double missing_family = 0.02;
  double missing_dob = 0.03;
  double missing_category = 0.03;  // gender, nationality, form, sector, domestic, each
  double dob_day_month_swap = 0.01;
  double dob_wrong_year = 0.01;
  double dob_january_first = 0.01;  // an unknown date written as 1 January
  double personal_id = 0.0;         // the personal number is recorded (layouts with the column)
  double age_error = 0.05;          // age off by one or two (layouts with age, not birth date)
};

struct SourceParameters {
  std::string name;  // a source kind of config/vocabulary.toml
  CaptureParameters capture;
  NoiseParameters noise;
};

struct WorldParameters {
  std::string preset;
  std::string scenario = "preset";  // scenarios.hpp
  PopulationParameters population;
  // In the order in which capture is decided: a referral names an earlier source.
  std::vector<SourceParameters> sources;

  // Explains the first parameter out of range (shares outside [0, 1], a distribution
  // without weight, a nationality without a name pool, a referral from a later source).
  Status Validate() const;

  // Multiplies every noise rate by `factor` (capped at 1).
  void ScaleNoise(double factor);
};

// The presets by name ("nl"). Errors: NotFound naming the known presets.
Result<WorldParameters> Preset(const std::string& name);
std::vector<std::string> PresetNames();

}  // namespace zicht::simulate
