// Records for the linkage tests: hand-made ones whose encodings are crafted directly (a
// Digest whose first 64 bits are a chosen value, Bloom filters with chosen bits), and a
// simulated population of made-up people (syllable names from MakeFakePeople) who appear
// one to three times with known errors, encoded with the real IdentifierEncoder, so that
// the truth (which records are one person) is known.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "support/fake_extract.hpp"
#include "zicht/core/date.hpp"
#include "zicht/core/record.hpp"
#include "zicht/link/evaluation.hpp"
#include "zicht/link/link_records.hpp"
#include "zicht/privacy/encoder.hpp"
#include "zicht/privacy/key.hpp"
#include "zicht/store/store.hpp"

namespace zicht::link::fixtures {

// A digest whose ShortHash is `value` (value != 0).
inline Digest DigestOf(std::uint64_t value) {
  Digest digest{};
  std::memcpy(digest.data(), &value, sizeof value);
  digest[15] = 0xee;  // the rest of the digest is not read by linkage
  return digest;
}

// A 1,024-bit filter (16 words) with the given bits set.
inline BloomBits BitsOf(std::initializer_list<int> bits) {
  BloomBits filter(16, 0);
  for (int bit : bits) filter[static_cast<std::size_t>(bit) / 64] |= std::uint64_t{1} << (bit % 64);
  return filter;
}

// A filter with bits [first, first + count) set.
inline BloomBits BitRange(int first, int count) {
  BloomBits filter(16, 0);
  for (int bit = first; bit < first + count; ++bit) {
    filter[static_cast<std::size_t>(bit) / 64] |= std::uint64_t{1} << (bit % 64);
  }
  return filter;
}

// A record with every identifier missing and the categories unknown.
inline Record EmptyRecord(const std::string& source, const std::string& id) {
  Record r;
  r.source = source;
  r.source_record_id = id;
  r.registration_date = {2019, 6, 1};
  r.gender = "unknown";
  r.nationality = "unknown";
  r.exploitation_forms = {"unknown"};
  r.sector = "unknown";
  r.domestic = "unknown";
  return r;
}

inline LinkRecords Build(const std::vector<Record>& records) {
  LinkRecordsBuilder builder;
  for (const Record& r : records) builder.Add(r);
  return builder.Finish();
}

inline privacy::PseudonymKey TestKey() {
  std::array<std::uint8_t, privacy::PseudonymKey::kBytes> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(11 + 7 * i);
  return privacy::PseudonymKey::FromBytes(bytes);
}

// SplitMix64 with uniform doubles: the same stream on every standard library (the
// distributions of <random> are not).
struct Rng {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
};

struct PopulationOptions {
  int people = 300;
  std::uint64_t seed = 7;
  int max_copies = 3;             // each person appears 1..max_copies times, uniformly
  double name_typo = 0.15;        // per record and name: one letter replaced
  double names_swapped = 0.03;    // per record: given and family name exchanged
  double dob_missing = 0.1;       // per record
  double age_only = 0.0;          // of the records without a date of birth: give the age
  double dob_swapped = 0.05;      // per record: day and month exchanged, when that is a date
  double dob_year_typo = 0.03;    // per record: the year one off
  double personal_id = 0.4;       // per record: the person's id given
  double personal_id_typo = 0.0;  // per given id: one digit of it replaced
  double phone = 0.3;             // per record: a phone given
  double phone_changed = 0.2;     // a given phone is a new one, not the person's
  double email = 0.2;             // per record: the person's e-mail given
  double gender_unknown = 0.1;
  double gender_wrong = 0.03;
  double nationality_unknown = 0.1;
  double nationality_wrong = 0.05;  // one of the other nationalities
};

struct Population {
  std::vector<Record> records;
  std::vector<int> entity;  // the true person of each record
  TruthMap truth;
};

inline std::string Typo(Rng& rng, std::string name) {
  const std::size_t at = 1 + static_cast<std::size_t>(rng.Below(static_cast<int>(name.size()) - 1));
  char replacement = name[at];
  while (replacement == name[at]) replacement = static_cast<char>('a' + rng.Below(26));
  name[at] = replacement;
  return name;
}

inline Date ParseIso(const std::string& text) {
  auto date = ParseDate(text);
  return date.ok() ? *date : Date{};
}

// Made-up people, each registered 1..max_copies times by one of three sources, with the
// errors `options` gives, in shuffled order.
inline Population SimulatePopulation(const PopulationOptions& options) {
  Rng rng{options.seed};
  const auto people = testing::MakeFakePeople(options.people, options.seed * 31 + 5);
  static const char* const kSources[] = {"police", "shelter", "ngo"};
  static const char* const kNationalities[] = {"NG", "RO", "BG", "VN", "NL"};
  privacy::IdentifierEncoder encoder(TestKey(), privacy::BloomOptions{});
  struct Draft {
    Record record;
    int entity;
  };
  std::vector<Draft> drafts;
  for (int p = 0; p < options.people; ++p) {
    const testing::FakePerson& person = people[static_cast<std::size_t>(p)];
    const Date dob = ParseIso(person.date_of_birth);
    const std::string gender = rng.Chance(0.5) ? "female" : "male";
    const int nationality = rng.Below(5);
    const std::string phone = fmt::format("+00 555 {:07d}", rng.Below(10'000'000));
    const int copies = 1 + rng.Below(options.max_copies);
    for (int copy = 0; copy < copies; ++copy) {
      Record r = EmptyRecord(kSources[rng.Below(3)], "");
      r.registration_date = {2019, 1 + rng.Below(12), 1 + rng.Below(28)};
      privacy::ClearIdentifiers clear;
      clear.given_name =
          rng.Chance(options.name_typo) ? Typo(rng, person.given_name) : person.given_name;
      clear.family_name =
          rng.Chance(options.name_typo) ? Typo(rng, person.family_name) : person.family_name;
      if (rng.Chance(options.names_swapped)) std::swap(clear.given_name, clear.family_name);
      if (rng.Chance(options.dob_missing)) {
        if (rng.Chance(options.age_only)) r.age = AgeInYears(dob, r.registration_date);
      } else {
        Date written = dob;
        if (rng.Chance(options.dob_swapped) && dob.day <= 12 && dob.day != dob.month) {
          written = {dob.year, dob.day, dob.month};
        } else if (rng.Chance(options.dob_year_typo)) {
          written.year += rng.Chance(0.5) ? 1 : -1;
          if (!written.IsValid()) written = dob;
        }
        clear.date_of_birth = written;
        r.birth_year = written.year;
        r.age = AgeInYears(written, r.registration_date);
      }
      if (rng.Chance(options.personal_id)) {
        clear.personal_id = person.personal_id;
        if (rng.Chance(options.personal_id_typo) && !clear.personal_id.empty()) {
          std::string& id = clear.personal_id;
          const std::size_t at = static_cast<std::size_t>(rng.Below(static_cast<int>(id.size())));
          id[at] = id[at] == '9' ? '0' : static_cast<char>(id[at] + 1);
        }
      }
      if (rng.Chance(options.phone)) {
        clear.phone = rng.Chance(options.phone_changed)
                          ? fmt::format("+00 555 {:07d}", rng.Below(10'000'000))
                          : phone;
      }
      if (rng.Chance(options.email)) clear.email = fmt::format("p{}@example.invalid", p);
      if (rng.Chance(options.gender_unknown)) {
        r.gender = "unknown";
      } else if (rng.Chance(options.gender_wrong)) {
        r.gender = gender == "female" ? "male" : "female";
      } else {
        r.gender = gender;
      }
      if (rng.Chance(options.nationality_unknown)) {
        r.nationality = "unknown";
      } else if (rng.Chance(options.nationality_wrong)) {
        r.nationality = kNationalities[(nationality + 1 + rng.Below(4)) % 5];
      } else {
        r.nationality = kNationalities[nationality];
      }
      r.identifiers = encoder.Encode(clear);
      drafts.push_back({std::move(r), p});
    }
  }
  for (std::size_t i = drafts.size(); i > 1; --i) {  // Fisher-Yates
    std::swap(drafts[i - 1], drafts[static_cast<std::size_t>(rng.Below(static_cast<int>(i)))]);
  }
  Population out;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    drafts[i].record.source_record_id = fmt::format("X{:06d}", i + 1);
    out.truth[{drafts[i].record.source, drafts[i].record.source_record_id}] =
        std::to_string(drafts[i].entity);
    out.entity.push_back(drafts[i].entity);
    out.records.push_back(std::move(drafts[i].record));
  }
  return out;
}

// Writes records through the store's ingest staging API, one ingest per source.
inline Status StoreRecords(store::Store& store, const std::vector<Record>& records,
                           const std::string& batch = "a") {
  std::map<std::string, std::vector<const Record*>> by_source;
  for (const Record& r : records) by_source[r.source].push_back(&r);
  for (const auto& [source, list] : by_source) {
    ZICHT_RETURN_IF_ERROR(store.Begin());
    ZICHT_RETURN_IF_ERROR(store.UpsertSource(source, ""));
    ZICHT_RETURN_IF_ERROR(store.BeginStaging());
    std::int64_t row = 1;
    for (const Record* r : list) ZICHT_RETURN_IF_ERROR(store.StageRecord(++row, *r));
    store::IngestLogEntry entry;
    entry.source = source;
    entry.file_name = source + "-" + batch + ".csv";
    entry.content_sha256 = "sha-" + source + "-" + batch;
    entry.year_min = entry.year_max = 2019;
    entry.rows_read = entry.rows_written = static_cast<std::int64_t>(list.size());
    auto id = store.CommitStaged(entry, {});
    if (!id.ok()) return id.status();
    ZICHT_RETURN_IF_ERROR(store.Commit());
  }
  return Status::Ok();
}

}  // namespace zicht::link::fixtures
