#include "support/fake_extract.hpp"

#include <fmt/format.h>

#include <fstream>

namespace zicht::testing {

namespace {

// SplitMix64: tiny, and the same on every machine.
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
};

std::string Syllables(Rng& rng, int count) {
  static constexpr const char* kConsonants = "bdfgklmnprstvwxz";
  static constexpr const char* kVowels = "aeiouy";
  std::string word;
  for (int i = 0; i < count; ++i) {
    word += kConsonants[rng.Below(16)];
    word += kVowels[rng.Below(6)];
    word += kConsonants[rng.Below(16)];
  }
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return word;
}

}  // namespace

std::vector<FakePerson> MakeFakePeople(int count, std::uint64_t seed, int year) {
  Rng rng{seed};
  std::vector<FakePerson> people;
  people.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    FakePerson p;
    p.record_id = fmt::format("R{:07d}", i + 1);
    p.given_name = Syllables(rng, 3);
    p.family_name = Syllables(rng, 3);
    p.date_of_birth =
        fmt::format("{}-{:02d}-{:02d}", 1960 + rng.Below(45), 1 + rng.Below(12), 1 + rng.Below(28));
    p.personal_id = fmt::format("{:09d}", 100000000 + rng.Below(899999999));
    p.registration_date =
        fmt::format("{}-{:02d}-{:02d}", year, 1 + rng.Below(12), 1 + rng.Below(28));
    people.push_back(std::move(p));
  }
  return people;
}

std::filesystem::path WriteCanonicalCsv(const std::filesystem::path& path,
                                        const std::vector<FakePerson>& people) {
  std::ofstream out(path, std::ios::binary);
  out << "source_record_id,registration_date,given_name,family_name,date_of_birth,personal_id,"
         "gender,nationality,exploitation_form,sector,domestic\n";
  for (const FakePerson& p : people) {
    out << p.record_id << ',' << p.registration_date << ',' << p.given_name << ',' << p.family_name
        << ',' << p.date_of_birth << ',' << p.personal_id
        << ",female,NG,sexual,escort_hotel,cross_border\n";
  }
  return path;
}

}  // namespace zicht::testing
