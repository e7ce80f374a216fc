// Made-up extracts for whole-program tests: names are random syllables, dates of birth
// random days, so that no fixture ever holds a real person and every identifier is rare
// enough to be searched for in the bytes of a store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zicht::testing {

struct FakePerson {
  std::string record_id;
  std::string given_name;
  std::string family_name;
  std::string date_of_birth;  // YYYY-MM-DD
  std::string personal_id;
  std::string registration_date;
};

// `count` people with identifiers drawn from `seed`; registrations in `year`.
std::vector<FakePerson> MakeFakePeople(int count, std::uint64_t seed, int year = 2019);

// Writes them as a CSV with the canonical header; returns the path.
std::filesystem::path WriteCanonicalCsv(const std::filesystem::path& path,
                                        const std::vector<FakePerson>& people);

}  // namespace zicht::testing
