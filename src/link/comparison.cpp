#include "zicht/link/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "zicht/link/dice.hpp"

namespace zicht::link {

namespace {

// Levels of the exact-or-not comparisons.
constexpr int kMissing = 0;
constexpr int kAgree = 1;
constexpr int kDisagree = 2;

// Date-of-birth levels.
constexpr int kDobExact = 1;
constexpr int kDobSwapped = 2;
constexpr int kDobOnePartWrong = 3;
constexpr int kDobSameYear = 4;
constexpr int kDobYearOff1 = 5;
constexpr int kDobYearOff2 = 6;
// Birth-year levels, for pairs without two dates (one has only an age, or only a year).
constexpr int kYearsAgree = 1;
constexpr int kYearsOff1 = 2;
constexpr int kYearsOff2 = 3;

// Registration-date levels: the days between the two registrations.
constexpr int kRegistrationLevels[] = {30, 120, 365, 730};

// Exploitation-form levels.
constexpr int kFormsSame = 1;
constexpr int kFormsOverlap = 2;
constexpr int kFormsDisjoint = 3;

int ExactLevel(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return kMissing;
  return a == b ? kAgree : kDisagree;
}

// Whether every token of [a, a_end) is among [b, b_end) (and there is one at least).
bool Within(const std::uint64_t* a, const std::uint64_t* a_end, const std::uint64_t* b,
            const std::uint64_t* b_end) {
  if (a == a_end) return false;
  for (const std::uint64_t* x = a; x != a_end; ++x) {
    if (std::find(b, b_end, *x) == b_end) return false;
  }
  return true;
}

// One token set within the other: a whole name moved to the other field. Sharing a single
// token is not enough: "de Wit" and "de Jong" share the particle "de".
bool OneWithinOther(const std::uint64_t* a, const std::uint64_t* a_end, const std::uint64_t* b,
                    const std::uint64_t* b_end) {
  return Within(a, a_end, b, b_end) || Within(b, b_end, a, a_end);
}

}  // namespace

Comparator::Comparator(const LinkRecords& records, const LinkConfig& config)
    : records_(records), dice_thresholds_(config.name_dice_thresholds) {
  for (const ComparisonSpec& spec : config.comparisons) {
    ComparisonLevels levels;
    levels.spec = spec;
    levels.labels = {"missing"};
    switch (spec.kind) {
      case ComparisonKind::kGivenName:
      case ComparisonKind::kFamilyName:
        levels.labels.push_back("exact");
        for (double t : dice_thresholds_) {
          levels.labels.push_back(fmt::format("dice >= {:g}", t));
        }
        levels.labels.push_back("swapped with the other name");
        levels.labels.push_back("different");
        levels.exact_level = 1;
        levels.term_frequency = config.term_frequency;
        break;
      case ComparisonKind::kDateOfBirth:
        levels.labels.insert(
            levels.labels.end(),
            {"exact", "day and month swapped", "one of day, month, year differs", "same birth year",
             "birth years 1 apart", "birth years 2 or more apart"});
        levels.exact_level = kDobExact;
        // Placeholder dates (1 January for an unknown day) are common and say less.
        levels.term_frequency = config.term_frequency;
        break;
      case ComparisonKind::kBirthYear:
        levels.labels.insert(levels.labels.end(), {"possible birth days overlap",
                                                   "up to a year apart", "more than a year apart"});
        break;
      case ComparisonKind::kPersonalId:
      case ComparisonKind::kPhone:
      case ComparisonKind::kEmail:
        levels.labels.insert(levels.labels.end(), {"exact", "different"});
        levels.exact_level = kAgree;
        break;
      case ComparisonKind::kGender:
      case ComparisonKind::kNationality:
      case ComparisonKind::kSector:
      case ComparisonKind::kDomestic:
        levels.labels.insert(levels.labels.end(), {"agree", "disagree"});
        levels.exact_level = kAgree;
        break;
      case ComparisonKind::kExploitationForm:
        levels.labels.insert(levels.labels.end(),
                             {"same forms", "a form in common", "no form in common"});
        levels.exact_level = kFormsSame;
        break;
      case ComparisonKind::kRegistrationDate:
        for (int days : kRegistrationLevels) {
          levels.labels.push_back(fmt::format("within {} days", days));
        }
        levels.labels.push_back(
            fmt::format("more than {} days apart", std::end(kRegistrationLevels)[-1]));
        break;
    }
    comparisons_.push_back(std::move(levels));
  }
}

int Comparator::NameLevel(bool given, std::uint32_t a, std::uint32_t b) const {
  const LinkRecords& r = records_;
  const std::vector<int>& bits = given ? r.given_bits : r.family_bits;
  if (bits[a] == 0 || bits[b] == 0) return kMissing;
  const std::vector<std::uint64_t>& keys = given ? r.given_key : r.family_key;
  if (keys[a] == keys[b]) return 1;
  const std::uint64_t* fa = given ? r.GivenBloom(a) : r.FamilyBloom(a);
  const std::uint64_t* fb = given ? r.GivenBloom(b) : r.FamilyBloom(b);
  const double dice = DiceFromCounts(IntersectionCount(fa, fb, r.bloom_words), bits[a], bits[b]);
  int level = 2;
  for (double threshold : dice_thresholds_) {
    if (dice >= threshold) return level;
    ++level;
  }
  // A source that swapped given and family name: the tokens of this field of one record
  // are among those of the other field of the other record, or the other way round (name
  // tokens share one key).
  const auto& own_offset = given ? r.given_token_offset : r.family_token_offset;
  const auto& own_tokens = given ? r.given_tokens : r.family_tokens;
  const auto& other_offset = given ? r.family_token_offset : r.given_token_offset;
  const auto& other_tokens = given ? r.family_tokens : r.given_tokens;
  const std::uint64_t* own_a = own_tokens.data() + own_offset[a];
  const std::uint64_t* own_a_end = own_tokens.data() + own_offset[a + 1];
  const std::uint64_t* own_b = own_tokens.data() + own_offset[b];
  const std::uint64_t* own_b_end = own_tokens.data() + own_offset[b + 1];
  const std::uint64_t* other_a = other_tokens.data() + other_offset[a];
  const std::uint64_t* other_a_end = other_tokens.data() + other_offset[a + 1];
  const std::uint64_t* other_b = other_tokens.data() + other_offset[b];
  const std::uint64_t* other_b_end = other_tokens.data() + other_offset[b + 1];
  // The two crossings (a's field against b's other, b's field against a's other) are the
  // same two for the given and the family name. One of them alone (given A, family B
  // against given C, family A) is one name in the wrong field, and counts on the given
  // name only; the family name is swapped only when both names are (a whole swap), so
  // that one moved name is not counted twice.
  const bool one_way = OneWithinOther(own_a, own_a_end, other_b, other_b_end);
  const bool other_way = OneWithinOther(own_b, own_b_end, other_a, other_a_end);
  if (given ? (one_way || other_way) : (one_way && other_way)) return level;
  return level + 1;
}

int Comparator::DateOfBirthLevel(std::uint32_t a, std::uint32_t b) const {
  const LinkRecords& r = records_;
  const std::uint64_t da = r.date_of_birth[a];
  const std::uint64_t db = r.date_of_birth[b];
  if (da == 0 || db == 0) return kMissing;
  if (da == db) return kDobExact;
  if ((r.date_of_birth_swapped[b] != 0 && da == r.date_of_birth_swapped[b]) ||
      (r.date_of_birth_swapped[a] != 0 && db == r.date_of_birth_swapped[a])) {
    return kDobSwapped;
  }
  auto same = [](std::uint64_t x, std::uint64_t y) { return x != 0 && x == y; };
  if (same(r.dob_month_day[a], r.dob_month_day[b]) ||
      same(r.dob_year_month[a], r.dob_year_month[b]) ||
      same(r.dob_year_day[a], r.dob_year_day[b])) {
    return kDobOnePartWrong;
  }
  const int apart = std::abs(r.birth_year[a] - r.birth_year[b]);
  if (apart == 0) return kDobSameYear;
  return apart == 1 ? kDobYearOff1 : kDobYearOff2;
}

// Without both dates, the birth years (which may come from an age) still say something;
// with both, the date-of-birth comparison has already said it. Each record allows a range
// of birth days: a year from a birth year, one year back from an age at a registration
// date, about half a year where a stored date of birth gives both (its year, and the age
// at registration that tells whether the birthday had passed). The level is the gap
// between the two ranges.
int Comparator::BirthYearLevel(std::uint32_t a, std::uint32_t b) const {
  const LinkRecords& r = records_;
  if (r.date_of_birth[a] != 0 && r.date_of_birth[b] != 0) return kMissing;
  if (r.born_from_day[a] == LinkRecords::kNoDay || r.born_from_day[b] == LinkRecords::kNoDay) {
    return kMissing;
  }
  const std::int64_t gap =
      std::max<std::int64_t>({0, static_cast<std::int64_t>(r.born_from_day[a]) - r.born_to_day[b],
                              static_cast<std::int64_t>(r.born_from_day[b]) - r.born_to_day[a]});
  if (gap == 0) return kYearsAgree;
  return gap <= 366 ? kYearsOff1 : kYearsOff2;
}

int Comparator::FormsLevel(std::uint32_t a, std::uint32_t b) const {
  const std::uint16_t fa = records_.forms[a];
  const std::uint16_t fb = records_.forms[b];
  if (fa == 0 || fb == 0) return kMissing;
  if (fa == fb) return kFormsSame;
  return (fa & fb) != 0 ? kFormsOverlap : kFormsDisjoint;
}

int Comparator::RegistrationLevel(std::uint32_t a, std::uint32_t b) const {
  const std::int32_t da = records_.registration_day[a];
  const std::int32_t db = records_.registration_day[b];
  if (da == LinkRecords::kNoDay || db == LinkRecords::kNoDay) return kMissing;
  const std::int64_t days = std::abs(static_cast<std::int64_t>(da) - db);
  int level = 1;
  for (int limit : kRegistrationLevels) {
    if (days <= limit) return level;
    ++level;
  }
  return level;
}

int Comparator::Level(std::size_t c, std::uint32_t a, std::uint32_t b) const {
  const LinkRecords& r = records_;
  switch (comparisons_[c].spec.kind) {
    case ComparisonKind::kGivenName:
      return NameLevel(true, a, b);
    case ComparisonKind::kFamilyName:
      return NameLevel(false, a, b);
    case ComparisonKind::kDateOfBirth:
      return DateOfBirthLevel(a, b);
    case ComparisonKind::kBirthYear:
      return BirthYearLevel(a, b);
    case ComparisonKind::kPersonalId:
      return ExactLevel(r.personal_id[a], r.personal_id[b]);
    case ComparisonKind::kPhone:
      return ExactLevel(r.phone[a], r.phone[b]);
    case ComparisonKind::kEmail:
      return ExactLevel(r.email[a], r.email[b]);
    case ComparisonKind::kGender:
      return ExactLevel(r.gender[a], r.gender[b]);
    case ComparisonKind::kNationality:
      return ExactLevel(r.nationality[a], r.nationality[b]);
    case ComparisonKind::kSector:
      return ExactLevel(r.sector[a], r.sector[b]);
    case ComparisonKind::kDomestic:
      return ExactLevel(r.domestic[a], r.domestic[b]);
    case ComparisonKind::kExploitationForm:
      return FormsLevel(a, b);
    case ComparisonKind::kRegistrationDate:
      return RegistrationLevel(a, b);
  }
  return kMissing;
}

void Comparator::Prefetch(std::uint32_t i) const {
  const LinkRecords& r = records_;
  __builtin_prefetch(&r.given_key[i]);
  __builtin_prefetch(&r.family_key[i]);
  __builtin_prefetch(&r.given_bits[i]);
  __builtin_prefetch(&r.family_bits[i]);
  __builtin_prefetch(&r.date_of_birth[i]);
  __builtin_prefetch(&r.date_of_birth_swapped[i]);
  __builtin_prefetch(&r.dob_month_day[i]);
  __builtin_prefetch(&r.dob_year_month[i]);
  __builtin_prefetch(&r.dob_year_day[i]);
  __builtin_prefetch(&r.birth_year[i]);
  __builtin_prefetch(&r.born_from_day[i]);
  __builtin_prefetch(&r.born_to_day[i]);
  __builtin_prefetch(&r.personal_id[i]);
  __builtin_prefetch(&r.phone[i]);
  __builtin_prefetch(&r.email[i]);
  __builtin_prefetch(&r.gender[i]);
  __builtin_prefetch(&r.nationality[i]);
  __builtin_prefetch(&r.sector[i]);
  __builtin_prefetch(&r.domestic[i]);
  __builtin_prefetch(&r.forms[i]);
  __builtin_prefetch(&r.registration_day[i]);
  __builtin_prefetch(r.GivenBloom(i));
  __builtin_prefetch(r.FamilyBloom(i));
}

Gamma Comparator::Compare(std::uint32_t a, std::uint32_t b) const {
  Gamma gamma = 0;
  for (std::size_t c = 0; c < comparisons_.size(); ++c) {
    gamma |= static_cast<Gamma>(Level(c, a, b)) << (4 * c);
  }
  return gamma;
}

std::uint64_t Comparator::ExactValue(std::size_t c, std::uint32_t i) const {
  const LinkRecords& r = records_;
  switch (comparisons_[c].spec.kind) {
    case ComparisonKind::kGivenName:
      return r.given_bits[i] == 0 ? 0 : r.given_key[i];
    case ComparisonKind::kFamilyName:
      return r.family_bits[i] == 0 ? 0 : r.family_key[i];
    case ComparisonKind::kDateOfBirth:
      return r.date_of_birth[i];
    case ComparisonKind::kBirthYear:
      return 0;  // no exact level: every level's u comes from random pairs
    case ComparisonKind::kPersonalId:
      return r.personal_id[i];
    case ComparisonKind::kPhone:
      return r.phone[i];
    case ComparisonKind::kEmail:
      return r.email[i];
    case ComparisonKind::kGender:
      return r.gender[i];
    case ComparisonKind::kNationality:
      return r.nationality[i];
    case ComparisonKind::kSector:
      return r.sector[i];
    case ComparisonKind::kDomestic:
      return r.domestic[i];
    case ComparisonKind::kExploitationForm:
      return r.forms[i];
    case ComparisonKind::kRegistrationDate:
      return 0;  // no exact level: every level's u comes from random pairs
  }
  return 0;
}

}  // namespace zicht::link
