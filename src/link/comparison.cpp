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

std::uint32_t Signature(const std::vector<std::uint32_t>& offset,
                        const std::vector<std::uint64_t>& tokens, std::size_t i) {
  std::uint32_t signature = 0;
  for (std::uint32_t t = offset[i]; t < offset[i + 1]; ++t) {
    signature |= std::uint32_t{1} << (tokens[t] >> 59);
  }
  return signature;
}

// Whether one set of tokens may lie within the other, by their signatures.
bool MayNest(std::uint32_t x, std::uint32_t y) {
  return x != 0 && y != 0 && ((x & ~y) == 0 || (y & ~x) == 0);
}

}  // namespace

Comparator::Comparator(const LinkRecords& records, const LinkConfig& config)
    : records_(records), dice_thresholds_(config.name_dice_thresholds) {
  rows_.resize(records.size);
  for (std::size_t i = 0; i < records.size; ++i) {
    Row& row = rows_[i];
    row.given_key = records.given_bits[i] == 0 ? 0 : records.given_key[i];
    row.family_key = records.family_bits[i] == 0 ? 0 : records.family_key[i];
    row.date_of_birth = records.date_of_birth[i];
    row.date_of_birth_swapped = records.date_of_birth_swapped[i];
    row.dob_month_day = records.dob_month_day[i];
    row.dob_year_month = records.dob_year_month[i];
    row.dob_year_day = records.dob_year_day[i];
    row.personal_id = records.personal_id[i];
    row.phone = records.phone[i];
    row.email = records.email[i];
    row.born_from_day = records.born_from_day[i];
    row.born_to_day = records.born_to_day[i];
    row.registration_day = records.registration_day[i];
    row.birth_year = records.birth_year[i];
    row.given_bits = static_cast<std::uint16_t>(records.given_bits[i]);
    row.family_bits = static_cast<std::uint16_t>(records.family_bits[i]);
    row.gender = records.gender[i];
    row.nationality = records.nationality[i];
    row.sector = records.sector[i];
    row.domestic = records.domestic[i];
    row.forms = records.forms[i];
    row.given_signature = Signature(records.given_token_offset, records.given_tokens, i);
    row.family_signature = Signature(records.family_token_offset, records.family_tokens, i);
    row.variant_signature = records.given_variant_offset.size() > i + 1
                                ? Signature(records.given_variant_offset, records.given_variants, i)
                                : 0;
  }
  for (const ComparisonSpec& spec : config.comparisons) {
    ComparisonLevels levels;
    levels.spec = spec;
    levels.labels = {"missing"};
    switch (spec.kind) {
      case ComparisonKind::kGivenName:
      case ComparisonKind::kFamilyName:
        levels.labels.push_back("exact");
        if (spec.kind == ComparisonKind::kGivenName) {
          levels.labels.push_back("variant (nickname or spelling)");
        }
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
  const Row& ra = rows_[a];
  const Row& rb = rows_[b];
  const std::uint64_t key_a = given ? ra.given_key : ra.family_key;
  const std::uint64_t key_b = given ? rb.given_key : rb.family_key;
  if (key_a == 0 || key_b == 0) return kMissing;
  if (key_a == key_b) return 1;
  if (given) {
    // Nicknames and spellings of one name (from the lexicon applied at ingest).
    if ((ra.variant_signature & rb.variant_signature) != 0 && SharesVariant(a, b)) return 2;
  }
  const std::uint64_t* fa = given ? r.GivenBloom(a) : r.FamilyBloom(a);
  const std::uint64_t* fb = given ? r.GivenBloom(b) : r.FamilyBloom(b);
  const double dice = DiceFromCounts(IntersectionCount(fa, fb, r.bloom_words),
                                     given ? ra.given_bits : ra.family_bits,
                                     given ? rb.given_bits : rb.family_bits);
  int level = given ? 3 : 2;
  for (double threshold : dice_thresholds_) {
    if (dice >= threshold) return level;
    ++level;
  }
  // A source that swapped given and family name: the tokens of this field of one record
  // are among those of the other field of the other record, or the other way round (name
  // tokens share one key).
  const std::uint32_t own_sig_a = given ? ra.given_signature : ra.family_signature;
  const std::uint32_t own_sig_b = given ? rb.given_signature : rb.family_signature;
  const std::uint32_t other_sig_a = given ? ra.family_signature : ra.given_signature;
  const std::uint32_t other_sig_b = given ? rb.family_signature : rb.given_signature;
  const bool may_one_way = MayNest(own_sig_a, other_sig_b);
  const bool may_other_way = MayNest(own_sig_b, other_sig_a);
  if (given ? !(may_one_way || may_other_way) : !(may_one_way && may_other_way)) {
    return level + 1;
  }
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

bool Comparator::SharesVariant(std::uint32_t a, std::uint32_t b) const {
  const LinkRecords& r = records_;
  const std::uint64_t* va = r.given_variants.data() + r.given_variant_offset[a];
  const std::uint64_t* va_end = r.given_variants.data() + r.given_variant_offset[a + 1];
  const std::uint64_t* vb = r.given_variants.data() + r.given_variant_offset[b];
  const std::uint64_t* vb_end = r.given_variants.data() + r.given_variant_offset[b + 1];
  for (const std::uint64_t* x = va; x != va_end; ++x) {
    if (std::find(vb, vb_end, *x) != vb_end) return true;
  }
  return false;
}

int Comparator::DateOfBirthLevel(std::uint32_t a, std::uint32_t b) const {
  const Row& ra = rows_[a];
  const Row& rb = rows_[b];
  const std::uint64_t da = ra.date_of_birth;
  const std::uint64_t db = rb.date_of_birth;
  if (da == 0 || db == 0) return kMissing;
  if (da == db) return kDobExact;
  if ((rb.date_of_birth_swapped != 0 && da == rb.date_of_birth_swapped) ||
      (ra.date_of_birth_swapped != 0 && db == ra.date_of_birth_swapped)) {
    return kDobSwapped;
  }
  auto same = [](std::uint64_t x, std::uint64_t y) { return x != 0 && x == y; };
  if (same(ra.dob_month_day, rb.dob_month_day) || same(ra.dob_year_month, rb.dob_year_month) ||
      same(ra.dob_year_day, rb.dob_year_day)) {
    return kDobOnePartWrong;
  }
  const int apart = std::abs(ra.birth_year - rb.birth_year);
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
  const Row& ra = rows_[a];
  const Row& rb = rows_[b];
  if (ra.date_of_birth != 0 && rb.date_of_birth != 0) return kMissing;
  if (ra.born_from_day == LinkRecords::kNoDay || rb.born_from_day == LinkRecords::kNoDay) {
    return kMissing;
  }
  const std::int64_t gap =
      std::max<std::int64_t>({0, static_cast<std::int64_t>(ra.born_from_day) - rb.born_to_day,
                              static_cast<std::int64_t>(rb.born_from_day) - ra.born_to_day});
  if (gap == 0) return kYearsAgree;
  return gap <= 366 ? kYearsOff1 : kYearsOff2;
}

int Comparator::FormsLevel(std::uint32_t a, std::uint32_t b) const {
  const std::uint16_t fa = rows_[a].forms;
  const std::uint16_t fb = rows_[b].forms;
  if (fa == 0 || fb == 0) return kMissing;
  if (fa == fb) return kFormsSame;
  return (fa & fb) != 0 ? kFormsOverlap : kFormsDisjoint;
}

int Comparator::RegistrationLevel(std::uint32_t a, std::uint32_t b) const {
  const std::int32_t da = rows_[a].registration_day;
  const std::int32_t db = rows_[b].registration_day;
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
  const Row& ra = rows_[a];
  const Row& rb = rows_[b];
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
      return ExactLevel(ra.personal_id, rb.personal_id);
    case ComparisonKind::kPhone:
      return ExactLevel(ra.phone, rb.phone);
    case ComparisonKind::kEmail:
      return ExactLevel(ra.email, rb.email);
    case ComparisonKind::kGender:
      return ExactLevel(ra.gender, rb.gender);
    case ComparisonKind::kNationality:
      return ExactLevel(ra.nationality, rb.nationality);
    case ComparisonKind::kSector:
      return ExactLevel(ra.sector, rb.sector);
    case ComparisonKind::kDomestic:
      return ExactLevel(ra.domestic, rb.domestic);
    case ComparisonKind::kExploitationForm:
      return FormsLevel(a, b);
    case ComparisonKind::kRegistrationDate:
      return RegistrationLevel(a, b);
  }
  return kMissing;
}

void Comparator::Prefetch(std::uint32_t i) const {
  const char* row = reinterpret_cast<const char*>(&rows_[i]);
  __builtin_prefetch(row);
  __builtin_prefetch(row + 64);
  const LinkRecords& r = records_;
  const std::size_t bytes = r.bloom_words * sizeof(std::uint64_t);
  const char* given = reinterpret_cast<const char*>(r.GivenBloom(i));
  const char* family = reinterpret_cast<const char*>(r.FamilyBloom(i));
  for (std::size_t offset = 0; offset < bytes; offset += 64) {
    __builtin_prefetch(given + offset);
    __builtin_prefetch(family + offset);
  }
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
