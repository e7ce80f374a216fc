// Random small worlds of registrations for the disclosure tests: persons registered one
// to four times over 2017-2019 by random sources with random categories, many unknown.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "zicht/monitor/registrations.hpp"

namespace zicht::monitor::testing {

template <typename T>
inline const T& Pick(std::mt19937_64& rng, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

// A world of `persons` persons, each registered one to four times over 2017-2019 by
// random sources with random categories, many of them unknown. With `same_year`, all of a
// person's registrations fall in one year (so that some persons are registered by four
// or more organisations in a year).
inline std::vector<Registration> RandomWorld(std::mt19937_64& rng, int persons,
                                             bool same_year = false) {
  const std::vector<std::string> sources = {"police", "border_police", "care_provider",
                                            "online_chat", "shelter_reception"};
  const std::vector<std::string> genders = {"female", "male", "unknown"};
  const std::vector<std::string> nationalities = {"NL", "NG", "PL", "RO", "UG", "unknown"};
  const std::vector<std::string> forms = {"sexual", "labour", "criminal", "other", "unknown"};
  const std::vector<std::string> sectors = {"window", "home", "escort_hotel", "street", "unknown"};
  const std::vector<std::string> domestic = {"domestic", "cross_border", "unknown"};
  std::uniform_int_distribution<int> copies(1, 4), year(2017, 2019), day(1, 28), month(1, 12),
      age(8, 45);
  std::bernoulli_distribution half(0.5), often(0.8);
  std::vector<Registration> out;
  for (int p = 1; p <= persons; ++p) {
    const int n = copies(rng);
    const int person_year = year(rng);
    for (int i = 0; i < n; ++i) {
      Registration r;
      r.unit_id = p;
      r.source = Pick(rng, sources);
      r.source_kind = r.source;
      r.registration_date = {same_year ? person_year : year(rng), month(rng), day(rng)};
      if (often(rng)) {
        r.age = age(rng);
        r.minor = *r.age < 18;
        if (*r.minor && half(rng)) r.unaccompanied_minor = half(rng);
      }
      r.gender = Pick(rng, genders);
      r.nationality = Pick(rng, nationalities);
      r.exploitation_forms = {Pick(rng, forms)};
      if (half(rng)) r.exploitation_forms.push_back(Pick(rng, forms));
      r.sector = r.exploitation_forms.front() == "sexual" ? Pick(rng, sectors) : "unknown";
      r.domestic = Pick(rng, domestic);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace zicht::monitor::testing
