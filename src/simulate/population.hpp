// The true victims, year by year: who they are (covariates, names, date of birth) and
// which of them are still victims the next year.
//
// Thread safety: a Population is used by one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/simulate/distributions.hpp"
#include "zicht/simulate/parameters.hpp"

namespace zicht::simulate {

enum FormBit : std::uint8_t { kSexual = 1, kLabour = 2, kCriminal = 4, kOtherForm = 8 };
enum class Gender : std::uint8_t { kFemale = 0, kMale = 1, kOther = 2 };

// The sectors of sexual exploitation, visible ones first (vocabulary names).
inline constexpr std::array<std::string_view, 9> kSectors = {
    "window",         "brothel_club",  "private_house",  // visible
    "street",         "home",          "escort_hotel",
    "massage_beauty", "webcam_online", "other"};  // less visible
inline constexpr std::uint8_t kFirstLessVisibleSector = 3;
inline constexpr std::uint8_t kNoSector = 255;
inline constexpr std::array<std::string_view, 4> kFormNames = {"sexual", "labour", "criminal",
                                                               "other"};
inline constexpr std::array<std::string_view, 3> kGenderNames = {"female", "male", "other"};

struct Person {
  std::uint64_t entity_id = 0;
  Date date_of_birth;
  std::uint32_t personal_id = 0;  // nine digits that fail the Dutch eleven-test
  std::uint16_t first_year = 0;
  std::uint16_t given_name = 0;   // index into the country's female or male pool
  std::uint16_t family_name = 0;  // index into the country's family pool
  std::uint8_t country = 0;       // index into NamePools::countries()
  Gender gender = Gender::kFemale;
  std::uint8_t forms = 0;  // FormBit flags
  std::uint8_t sector = kNoSector;
  std::uint8_t latent_class = 0;
  bool domestic = false;
  bool unaccompanied = false;  // travelled without a parent (meaningful while a minor)
  bool male_name = false;      // given name from the male pool
};

bool IsVisibleSector(std::uint8_t sector);
// The form names of `forms`, in vocabulary order.
std::vector<std::string_view> FormNames(std::uint8_t forms);
// The person's given name as written in their country.
const std::string& GivenNameOf(const Person& person);
// Whether the nine digits pass the eleven-test of Dutch citizen service numbers.
bool PassesElevenTest(std::uint32_t number);

// The target of `year`, or of the nearest year in the table.
const YearTarget& TargetFor(const PopulationParameters& parameters, int year);

class Population {
 public:
  // `parameters` must be valid and outlive the population.
  Population(const PopulationParameters& parameters, std::uint64_t seed, double scale);

  // Moves to `year` (the first call starts the world): each current victim stays with
  // probability `persistence` if `year` is the next year, and new victims are added so
  // that the expected totals equal the year's targets times the scale.
  void AdvanceTo(int year);

  int year() const { return year_; }
  const std::vector<Person>& persons() const { return persons_; }
  // How many of persons() were new this year (they come after the survivors).
  std::size_t new_count() const { return new_count_; }

 private:
  // A distribution over values, drawn as indices into a table of names.
  struct Draw {
    Categorical categorical;
    std::vector<std::size_t> index;  // categorical index -> table index
  };
  Draw MakeDraw(const Distribution& d, std::span<const std::string_view> table) const;
  Person NewPerson(bool domestic, int year);

  const PopulationParameters& parameters_;
  Categorical adult_band_;
  Draw domestic_forms_, cross_border_forms_, minor_forms_;
  Draw genders_[4];
  Draw visible_sectors_, less_visible_sectors_;
  Categorical domestic_countries_, cross_border_countries_;
  std::vector<std::uint8_t> domestic_country_index_, cross_border_country_index_;
  Categorical latent_class_;
  std::uint64_t seed_;
  double scale_;
  int year_ = 0;
  std::uint64_t next_entity_id_ = 1;
  std::vector<Person> persons_;
  std::size_t new_count_ = 0;
};

// Stream keys for Rng::Stream, one per kind of draw.
enum StreamKey : std::uint64_t {
  kStreamNewCount = 1,
  kStreamPerson = 2,
  kStreamSurvival = 3,
  kStreamCapture = 4,
  kStreamRecord = 5,
};

}  // namespace zicht::simulate
