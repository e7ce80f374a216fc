#include "zicht/link/link_records.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "link/mix.hpp"

namespace zicht::link {

namespace {

std::uint64_t Short(const std::optional<Digest>& digest) {
  return digest ? ShortHash(*digest) : 0;
}

// Appends the tokens of one field and returns the key of the set (order-free).
std::uint64_t AddTokens(const std::vector<Digest>& digests, std::vector<std::uint64_t>& tokens,
                        std::vector<std::uint32_t>& offsets) {
  std::vector<std::uint64_t> own;
  own.reserve(digests.size());
  for (const Digest& d : digests) own.push_back(ShortHash(d));
  tokens.insert(tokens.end(), own.begin(), own.end());
  offsets.push_back(static_cast<std::uint32_t>(tokens.size()));
  if (own.empty()) return 0;
  std::sort(own.begin(), own.end());
  std::uint64_t key = 0x51ed270b1c2d3e4fULL;
  for (std::uint64_t t : own) key = Mix(key ^ t);
  return key == 0 ? 1 : key;
}

int AddBloom(const BloomBits& bits, std::size_t words, std::vector<std::uint64_t>& out) {
  const std::size_t start = out.size();
  out.resize(start + words, 0);
  if (bits.size() != words) return 0;  // missing name
  int count = 0;
  for (std::size_t w = 0; w < words; ++w) {
    out[start + w] = bits[w];
    count += std::popcount(bits[w]);
  }
  return count;
}

// The date `years` before `date`; 29 February becomes 28 February in other years.
Date YearsBefore(const Date& date, int years) {
  Date out{date.year - years, date.month, date.day};
  if (!out.IsValid()) out.day = DaysInMonth(out.year, out.month);
  return out;
}

// The first and last day of birth that the record's age, registration date and birth
// year allow (see LinkRecords::born_from_day).
std::pair<std::int32_t, std::int32_t> BirthDays(const Record& r) {
  std::int32_t from = LinkRecords::kNoDay;
  std::int32_t to = LinkRecords::kNoDay;
  if (r.birth_year) {
    from = static_cast<std::int32_t>(Date{*r.birth_year, 1, 1}.DaysSinceEpoch());
    to = static_cast<std::int32_t>(Date{*r.birth_year, 12, 31}.DaysSinceEpoch());
  }
  if (r.age && *r.age >= 0 && r.registration_date.IsValid()) {
    // Aged a on day d: born after d minus a + 1 years, on or before d minus a years.
    const auto earliest = static_cast<std::int32_t>(
        YearsBefore(r.registration_date, *r.age + 1).DaysSinceEpoch() + 1);
    const auto latest =
        static_cast<std::int32_t>(YearsBefore(r.registration_date, *r.age).DaysSinceEpoch());
    if (from == LinkRecords::kNoDay) return {earliest, latest};
    // Where the two disagree (a birth year given beside an age), the year stands.
    if (std::max(from, earliest) <= std::min(to, latest)) {
      return {std::max(from, earliest), std::min(to, latest)};
    }
  }
  return {from, to};
}

}  // namespace

std::uint64_t ShortHash(const Digest& digest) {
  std::uint64_t value = 0;
  std::memcpy(&value, digest.data(), sizeof value);
  return value == 0 ? 1 : value;
}

std::uint16_t LinkRecordsBuilder::Code(std::string_view field, const std::string& category) {
  if (category.empty() || category == "unknown") return 0;
  const std::string value = std::string(field) + ":" + category;
  auto it = std::find(categories_.begin(), categories_.end(), value);
  if (it != categories_.end()) return static_cast<std::uint16_t>(it - categories_.begin());
  categories_.push_back(value);
  return static_cast<std::uint16_t>(categories_.size() - 1);
}

void LinkRecordsBuilder::Add(const Record& r) {
  LinkRecords& out = records_;
  const IdentifierEncodings& e = r.identifiers;
  if (out.bloom_words == 0) {
    out.bloom_words = std::max(e.given_name_bloom.size(), e.family_name_bloom.size());
    if (out.bloom_words == 0) out.bloom_words = 16;
  }
  if (out.given_token_offset.empty()) {
    out.given_token_offset.push_back(0);
    out.family_token_offset.push_back(0);
    out.given_variant_offset.push_back(0);
  }
  ++out.size;
  out.record_id.push_back(r.record_id);
  out.person_id.push_back(r.person_id);
  out.source.push_back(r.source);
  out.source_record_id.push_back(r.source_record_id);
  out.given_bits.push_back(AddBloom(e.given_name_bloom, out.bloom_words, out.given_bloom));
  out.family_bits.push_back(AddBloom(e.family_name_bloom, out.bloom_words, out.family_bloom));
  out.given_key.push_back(AddTokens(e.given_name_tokens, out.given_tokens, out.given_token_offset));
  out.family_key.push_back(
      AddTokens(e.family_name_tokens, out.family_tokens, out.family_token_offset));
  for (const Digest& variant : e.given_name_variants) {
    out.given_variants.push_back(ShortHash(variant));
  }
  out.given_variant_offset.push_back(static_cast<std::uint32_t>(out.given_variants.size()));
  out.full_name.push_back(Short(e.full_name));
  out.date_of_birth.push_back(Short(e.date_of_birth));
  out.date_of_birth_swapped.push_back(Short(e.date_of_birth_swapped));
  out.dob_month_day.push_back(Short(e.dob_month_day));
  out.dob_year_month.push_back(Short(e.dob_year_month));
  out.dob_year_day.push_back(Short(e.dob_year_day));
  out.personal_id.push_back(Short(e.personal_id));
  out.phone.push_back(Short(e.phone));
  out.email.push_back(Short(e.email));
  // Without a date of birth, an age at registration still places the birth year, to
  // within one year.
  const bool from_age = !r.birth_year && r.age;
  out.birth_year.push_back(static_cast<std::int16_t>(from_age ? r.registration_date.year - *r.age
                                                              : r.birth_year.value_or(0)));
  out.birth_year_from_age.push_back(from_age ? 1 : 0);
  const auto [born_from, born_to] = BirthDays(r);
  out.born_from_day.push_back(born_from);
  out.born_to_day.push_back(born_to);
  out.gender.push_back(Code("gender", r.gender));
  out.nationality.push_back(Code("nationality", r.nationality));
  out.sector.push_back(Code("sector", r.sector));
  out.domestic.push_back(Code("domestic", r.domestic));
  std::uint16_t mask = 0;
  for (const std::string& form : r.exploitation_forms) {
    if (form.empty() || form == "unknown") continue;
    auto it = std::find(forms_.begin(), forms_.end(), form);
    if (it == forms_.end()) {
      if (forms_.size() == 16) continue;  // the vocabulary has six; more cannot be told apart
      it = forms_.insert(forms_.end(), form);
    }
    mask = static_cast<std::uint16_t>(mask | (1U << (it - forms_.begin())));
  }
  out.forms.push_back(mask);
  out.registration_day.push_back(
      r.registration_date.IsValid()
          ? static_cast<std::int32_t>(r.registration_date.DaysSinceEpoch())
          : LinkRecords::kNoDay);
}

LinkRecords LinkRecordsBuilder::Finish() {
  if (records_.given_token_offset.empty()) {
    records_.given_token_offset.push_back(0);
    records_.family_token_offset.push_back(0);
    records_.given_variant_offset.push_back(0);
  }
  if (records_.bloom_words == 0) records_.bloom_words = 16;
  LinkRecords out = std::move(records_);
  records_ = LinkRecords{};
  categories_ = {""};
  forms_.clear();
  return out;
}

Result<LinkRecords> LoadLinkRecords(store::Store& store,
                                    const std::function<void(std::size_t)>& progress) {
  LinkRecordsBuilder builder;
  std::size_t count = 0;
  ZICHT_RETURN_IF_ERROR(store.ForEachRecord([&](const Record& record) {
    builder.Add(record);
    if (progress && (++count % 4096) == 0) progress(count);
    return Status::Ok();
  }));
  return builder.Finish();
}

}  // namespace zicht::link
