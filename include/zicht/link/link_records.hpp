// The records as linkage sees them: a struct of arrays, one entry per record, holding only
// what comparisons and blocking read. Keyed hashes are cut to their first 64 bits (ample
// for equality among millions of values) and Bloom filters sit in one contiguous array,
// so that the inner loops run over flat memory. 0 stands for a missing value throughout.
//
// Thread safety: immutable after building; read from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/record.hpp"
#include "zicht/core/status.hpp"
#include "zicht/store/store.hpp"

namespace zicht::link {

struct LinkRecords {
  std::size_t size = 0;
  std::size_t bloom_words = 0;  // words per filter (16 for the default 1,024 bits)

  std::vector<std::int64_t> record_id;
  std::vector<std::int64_t> person_id;  // from an earlier linkage; 0 when never linked
  std::vector<std::string> source;
  std::vector<std::string> source_record_id;

  std::vector<std::uint64_t> given_bloom;  // size * bloom_words; all zero when missing
  std::vector<std::uint64_t> family_bloom;
  std::vector<int> given_bits;  // population counts of the filters; 0 when missing
  std::vector<int> family_bits;

  // Name tokens: the tokens of record i are tokens[offset[i] .. offset[i + 1]).
  std::vector<std::uint32_t> given_token_offset;  // size + 1 entries
  std::vector<std::uint64_t> given_tokens;
  std::vector<std::uint32_t> family_token_offset;
  std::vector<std::uint64_t> family_tokens;
  // Name-variant groups of the given name (Kasia and Katarzyna share one), as the tokens.
  std::vector<std::uint32_t> given_variant_offset;  // size + 1 entries
  std::vector<std::uint64_t> given_variants;
  std::vector<std::uint64_t> given_key;   // the field's token set as one value (for equality
  std::vector<std::uint64_t> family_key;  // and term frequencies); 0 when missing
  std::vector<std::uint64_t> full_name;   // keyed hash of all tokens sorted

  std::vector<std::uint64_t> date_of_birth;
  std::vector<std::uint64_t> date_of_birth_swapped;
  std::vector<std::uint64_t> dob_month_day;
  std::vector<std::uint64_t> dob_year_month;
  std::vector<std::uint64_t> dob_year_day;
  std::vector<std::uint64_t> personal_id;
  std::vector<std::uint64_t> phone;
  std::vector<std::uint64_t> email;
  std::vector<std::int16_t> birth_year;           // 0 when unknown
  std::vector<std::uint8_t> birth_year_from_age;  // 1: registration year minus age, +-1
  // The days on which the person may have been born, as far as the clear fields tell:
  // an age at a registration date leaves one year, narrowed by the birth year where both
  // are known (a date of birth is stored as its year and the age it gives). kNoDay when
  // neither an age nor a birth year is known.
  std::vector<std::int32_t> born_from_day;
  std::vector<std::int32_t> born_to_day;
  std::vector<std::uint16_t> gender;           // code from `categories`; 0 unknown
  std::vector<std::uint16_t> nationality;      // code; 0 unknown
  std::vector<std::uint16_t> sector;           // code; 0 unknown
  std::vector<std::uint16_t> domestic;         // code; 0 unknown
  std::vector<std::uint16_t> forms;            // exploitation forms, one bit per form; 0 unknown
  std::vector<std::int32_t> registration_day;  // days since 1970-01-01; kNoDay when unknown

  static constexpr std::int32_t kNoDay = INT32_MIN;

  const std::uint64_t* GivenBloom(std::size_t i) const {
    return given_bloom.data() + i * bloom_words;
  }
  const std::uint64_t* FamilyBloom(std::size_t i) const {
    return family_bloom.data() + i * bloom_words;
  }
};

// Builds the arrays incrementally, one record at a time.
class LinkRecordsBuilder {
 public:
  void Add(const Record& record);
  LinkRecords Finish();

 private:
  LinkRecords records_;
  std::vector<std::string> categories_ = {""};  // code -> gender or nationality value
  // A small code per (field, category); 0 for unknown.
  std::uint16_t Code(std::string_view field, const std::string& category);
  std::vector<std::string> forms_ = {};  // bit -> exploitation form
};

// The first 64 bits of a keyed hash, never 0 (0 means missing).
std::uint64_t ShortHash(const Digest& digest);

// Reads every record of the store. `progress` (may be empty) hears the count read so far.
Result<LinkRecords> LoadLinkRecords(store::Store& store,
                                    const std::function<void(std::size_t)>& progress = {});

}  // namespace zicht::link
