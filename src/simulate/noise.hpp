// How one record of a person comes out of a source: the identifiers as the source wrote
// them down (typos, swapped names, nicknames, other transliterations, wrong or missing
// dates of birth) and which fields it left empty. Every date it produces is a real day,
// not after the registration date.
//
// Thread safety: pure functions of their arguments and the generator.
#pragma once

#include <optional>
#include <string>

#include "simulate/population.hpp"
#include "zicht/core/date.hpp"
#include "zicht/simulate/parameters.hpp"
#include "zicht/simulate/rng.hpp"

namespace zicht::simulate {

struct NoisyRecord {
  std::string given_name;   // empty when missing
  std::string family_name;  // empty when missing
  std::optional<Date> date_of_birth;
  int age = 0;  // completed years at registration, as the source would write it
  bool personal_id = false;
  bool gender_known = true;
  bool nationality_known = true;
  bool forms_known = true;
  bool sector_known = true;
  bool domestic_known = true;
};

NoisyRecord MakeNoisyRecord(const Person& person, const NoiseParameters& noise,
                            const Date& registration, Rng& rng);

// One edit of a name (substitution by a keyboard neighbour, insertion, deletion or
// transposition of adjacent letters), on whole code points so that UTF-8 stays valid.
std::string Typo(const std::string& name, Rng& rng);

// A wrong date of birth of the kinds that occur in registers; returns the true date
// when the error would not give a real day or would fall after `not_after`.
enum class DateError { kDayMonthSwap, kWrongYear, kJanuaryFirst };
Date WithDateError(const Date& birth, DateError error, const Date& not_after, Rng& rng);

}  // namespace zicht::simulate
