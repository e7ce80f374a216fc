// Comparison vectors: for a pair of records, one level per comparison (names by Dice on
// their Bloom filters at several thresholds, dates of birth by exact, swapped and birth-
// year agreement, keyed hashes by exact agreement, categories by agreement). Level 0 is
// always "missing": one of the two records lacks the value, and the comparison then
// counts neither for nor against a match.
//
// Thread safety: a Comparator is immutable; Compare may run on many threads at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/link/link_config.hpp"
#include "zicht/link/link_records.hpp"

namespace zicht::link {

// Four bits per comparison, comparison c in bits 4c..4c+3: at most 16 comparisons of at
// most 16 levels each.
using Gamma = std::uint64_t;
inline constexpr std::size_t kMaxComparisons = 16;
inline constexpr int kMaxLevels = 16;

inline int LevelOf(Gamma gamma, std::size_t comparison) {
  return static_cast<int>((gamma >> (4 * comparison)) & 0xf);
}
// `gamma` with comparison c at `level` (which must be below kMaxLevels).
inline Gamma WithLevel(Gamma gamma, std::size_t comparison, int level) {
  const int shift = static_cast<int>(4 * comparison);
  return (gamma & ~(Gamma{0xf} << shift)) | (static_cast<Gamma>(level) << shift);
}

struct ComparisonLevels {
  ComparisonSpec spec;
  std::vector<std::string> labels;  // labels[0] == "missing"
  int exact_level = -1;             // the level of exact agreement on the value (-1 if none)
  bool term_frequency = false;      // whether exact agreement is adjusted by the value's frequency
};

class Comparator {
 public:
  Comparator(const LinkRecords& records, const LinkConfig& config);

  const std::vector<ComparisonLevels>& comparisons() const { return comparisons_; }
  const LinkRecords& records() const { return records_; }

  // The comparison vector of records a and b (indices into the LinkRecords).
  Gamma Compare(std::uint32_t a, std::uint32_t b) const;
  // The level of comparison c alone.
  int Level(std::size_t c, std::uint32_t a, std::uint32_t b) const;

  // Asks the CPU to fetch what Compare reads of `record`: candidate pairs visit their second
  // records in no useful order.
  void Prefetch(std::uint32_t record) const;

  // The value that exact agreement on comparison c agrees on, for term frequencies
  // (0 when the record lacks it).
  std::uint64_t ExactValue(std::size_t c, std::uint32_t record) const;

 private:
  // What Compare reads of one record, in two cache lines (the Bloom filters aside): a pair's
  // second record is a cache miss, and in the LinkRecords' arrays every field of it would
  // be one of its own.
  struct alignas(64) Row {
    std::uint64_t given_key, family_key;  // 0 when the name is missing
    std::uint64_t date_of_birth, date_of_birth_swapped;
    std::uint64_t dob_month_day, dob_year_month, dob_year_day;
    std::uint64_t personal_id, phone, email;
    std::int32_t born_from_day, born_to_day, registration_day;
    std::int16_t birth_year;
    std::uint16_t given_bits, family_bits;
    std::uint16_t gender, nationality, sector, domestic, forms;
    // One bit per name token (of 32, by its hash): a name's tokens can only be among the
    // other's when its bits are, which spares most pairs the look at the token lists.
    std::uint32_t given_signature, family_signature;
    std::uint32_t variant_signature;  // the same for the given name's variant groups
  };
  static_assert(sizeof(Row) == 128);

  int NameLevel(bool given, std::uint32_t a, std::uint32_t b) const;
  bool SharesVariant(std::uint32_t a, std::uint32_t b) const;
  int DateOfBirthLevel(std::uint32_t a, std::uint32_t b) const;
  int BirthYearLevel(std::uint32_t a, std::uint32_t b) const;
  int FormsLevel(std::uint32_t a, std::uint32_t b) const;
  int RegistrationLevel(std::uint32_t a, std::uint32_t b) const;

  const LinkRecords& records_;
  std::vector<Row> rows_;
  std::vector<ComparisonLevels> comparisons_;
  std::vector<double> dice_thresholds_;
};

}  // namespace zicht::link
