#include "zicht/privacy/encoder.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "zicht/privacy/normalise.hpp"

namespace zicht::privacy {
namespace {

// Bigrams whose positions are remembered. Latin names use well under a thousand distinct
// bigrams; the cap only bounds memory when a register holds many scripts.
constexpr size_t kMaxCachedBigrams = size_t{1} << 16;
// The padding mark around each token. Normalised names hold only letters, digits and
// single spaces, so it cannot be confused with a name's own character.
constexpr utf8proc_int32_t kPad = '_';

Digest Truncate(const HmacSha256::Mac256& mac) {
  Digest digest{};
  std::memcpy(digest.data(), mac.data(), digest.size());
  return digest;
}

HmacSha256 HasherFor(const PseudonymKey& key, std::string_view prefix, std::string_view purpose) {
  std::string label(prefix);
  label += purpose;
  auto derived = key.Derive(label);
  HmacSha256 hasher(derived);
  OPENSSL_cleanse(derived.data(), derived.size());
  return hasher;
}

std::vector<utf8proc_int32_t> CodePoints(std::string_view text) {
  std::vector<utf8proc_int32_t> out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not well-formed: each stray byte counts as a replacement character
      out.push_back(0xFFFD);
      ++p;
      --left;
      continue;
    }
    out.push_back(cp);
    p += n;
    left -= n;
  }
  return out;
}

}  // namespace

Status BloomOptions::Validate() const {
  if (bits < 64 || bits > 65536 || bits % 64 != 0) {
    return Status::InvalidArgument(
        fmt::format("Bloom filter length {} is not a multiple of 64 between 64 and 65536 bits; the "
                    "default is 1024",
                    bits));
  }
  if (hash_functions < 1 || hash_functions > 256) {
    return Status::InvalidArgument(fmt::format(
        "{} hash functions per bigram is outside 1..256; the default is 20", hash_functions));
  }
  return Status::Ok();
}

struct IdentifierEncoder::Impl {
  Impl(const PseudonymKey& k, BloomOptions o, const NameVariants& v)
      : key(k),
        options(o),
        variants(&v),
        name_token(HasherFor(k, "hmac/", kPurposeNameToken)),
        name_variant(HasherFor(k, "hmac/", kPurposeNameVariant)),
        full_name(HasherFor(k, "hmac/", kPurposeFullName)),
        date_of_birth(HasherFor(k, "hmac/", kPurposeDateOfBirth)),
        personal_id(HasherFor(k, "hmac/", kPurposePersonalId)),
        phone(HasherFor(k, "hmac/", kPurposePhone)),
        email(HasherFor(k, "hmac/", kPurposeEmail)),
        bloom_given(HasherFor(k, "bloom/", "given")),
        bloom_family(HasherFor(k, "bloom/", "family")) {}

  const HmacSha256* Known(std::string_view purpose) const {
    if (purpose == kPurposeNameToken) return &name_token;
    if (purpose == kPurposeNameVariant) return &name_variant;
    if (purpose == kPurposeFullName) return &full_name;
    if (purpose == kPurposeDateOfBirth) return &date_of_birth;
    if (purpose == kPurposePersonalId) return &personal_id;
    if (purpose == kPurposePhone) return &phone;
    if (purpose == kPurposeEmail) return &email;
    return nullptr;
  }

  // Sets the bigram's positions in `bits`, from the cache or, the first time, from the
  // keyed hash. Random hashing (every position from the keyed hash itself) rather than
  // double hashing, whose arithmetic structure Niedermeyer et al. (2014) exploited.
  void SetBigram(NameField field, utf8proc_int32_t first, utf8proc_int32_t second,
                 BloomBits& bits) {
    const auto k = static_cast<size_t>(options.hash_functions);
    const std::uint64_t cache_key = (field == NameField::kGiven ? std::uint64_t{1} << 42 : 0) |
                                    static_cast<std::uint64_t>(first) << 21 |
                                    static_cast<std::uint64_t>(second);
    if (auto found = cache.find(cache_key); found != cache.end()) {
      for (size_t i = 0; i < k; ++i) {
        const std::uint32_t position = positions[found->second + i];
        bits[position >> 6] |= std::uint64_t{1} << (position & 63);
      }
      return;
    }
    const size_t offset = positions.size();
    const bool keep = cache.size() < kMaxCachedBigrams;
    // Message: the bigram's UTF-8 bytes and a block counter; each 32-byte MAC gives eight
    // 32-bit positions.
    utf8proc_uint8_t message[9];
    utf8proc_ssize_t length = utf8proc_encode_char(first, message);
    length += utf8proc_encode_char(second, message + length);
    const HmacSha256& hasher = field == NameField::kGiven ? bloom_given : bloom_family;
    const auto modulus = static_cast<std::uint32_t>(options.bits);
    scratch.clear();
    for (size_t block = 0; scratch.size() < k; ++block) {
      message[length] = static_cast<utf8proc_uint8_t>(block);
      const auto mac = hasher.Mac(std::string_view(reinterpret_cast<const char*>(message),
                                                   static_cast<size_t>(length) + 1));
      for (size_t i = 0; i + 4 <= mac.size() && scratch.size() < k; i += 4) {
        const std::uint32_t word = static_cast<std::uint32_t>(mac[i]) |
                                   static_cast<std::uint32_t>(mac[i + 1]) << 8 |
                                   static_cast<std::uint32_t>(mac[i + 2]) << 16 |
                                   static_cast<std::uint32_t>(mac[i + 3]) << 24;
        scratch.push_back(word % modulus);
      }
    }
    for (std::uint32_t position : scratch) {
      bits[position >> 6] |= std::uint64_t{1} << (position & 63);
    }
    if (keep) {
      positions.insert(positions.end(), scratch.begin(), scratch.end());
      cache.emplace(cache_key, static_cast<std::uint32_t>(offset));
    }
  }

  BloomBits Bloom(NameField field, const std::vector<std::string>& tokens) {
    if (tokens.empty()) return {};
    BloomBits bits(static_cast<size_t>(options.bits) / 64, 0);
    for (const std::string& token : tokens) {
      const auto cps = CodePoints(token);
      utf8proc_int32_t previous = kPad;
      for (utf8proc_int32_t cp : cps) {
        SetBigram(field, previous, cp, bits);
        previous = cp;
      }
      SetBigram(field, previous, kPad, bits);
    }
    return bits;
  }

  // The keyed hashes of the variant groups the tokens belong to, sorted by value.
  std::vector<Digest> Variants(const std::vector<std::string>& tokens) const {
    std::vector<std::string_view> ids;
    for (const std::string& token : tokens) {
      for (const std::string& id : variants->GroupsOf(token)) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<Digest> out;
    out.reserve(ids.size());
    for (std::string_view id : ids) out.push_back(Truncate(name_variant.Mac(id)));
    std::sort(out.begin(), out.end());
    return out;
  }

  PseudonymKey key;
  BloomOptions options;
  const NameVariants* variants;  // not owned; outlives the encoder
  HmacSha256 name_token, name_variant, full_name, date_of_birth, personal_id, phone, email;
  HmacSha256 bloom_given, bloom_family;
  std::unordered_map<std::uint64_t, std::uint32_t> cache;  // bigram -> offset in positions
  std::vector<std::uint32_t> positions;
  std::vector<std::uint32_t> scratch;
};

namespace {

std::vector<std::string> Distinct(std::vector<std::string> tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (std::string& token : tokens) {
    if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(std::move(token));
  }
  return out;
}

}  // namespace

IdentifierEncoder::IdentifierEncoder(const PseudonymKey& key, BloomOptions options,
                                     const NameVariants& variants) {
  if (Status status = options.Validate(); !status.ok()) {
    throw std::invalid_argument(status.message());
  }
  impl_ = std::make_unique<Impl>(key, options, variants);
}

IdentifierEncoder::~IdentifierEncoder() = default;
IdentifierEncoder::IdentifierEncoder(IdentifierEncoder&&) noexcept = default;
IdentifierEncoder& IdentifierEncoder::operator=(IdentifierEncoder&&) noexcept = default;

const BloomOptions& IdentifierEncoder::options() const {
  return impl_->options;
}

Digest IdentifierEncoder::KeyedHash(std::string_view purpose, std::string_view value) const {
  if (const HmacSha256* hasher = impl_->Known(purpose)) return Truncate(hasher->Mac(value));
  return Truncate(HasherFor(impl_->key, "hmac/", purpose).Mac(value));
}

BloomBits IdentifierEncoder::NameBloom(NameField field, std::string_view normalised_name) {
  return impl_->Bloom(field, NameTokens(normalised_name));
}

BloomBits IdentifierEncoder::NameBloom(std::string_view normalised_name) {
  return NameBloom(NameField::kFamily, normalised_name);
}

IdentifierEncodings IdentifierEncoder::Encode(const ClearIdentifiers& clear) {
  IdentifierEncodings out;
  Impl& impl = *impl_;

  const auto given = Distinct(NameTokens(NormaliseName(clear.given_name)));
  const auto family = Distinct(NameTokens(NormaliseName(clear.family_name)));
  out.given_name_tokens.reserve(given.size());
  for (const std::string& token : given) {
    out.given_name_tokens.push_back(Truncate(impl.name_token.Mac(token)));
  }
  out.given_name_variants = impl.Variants(given);
  out.family_name_tokens.reserve(family.size());
  for (const std::string& token : family) {
    out.family_name_tokens.push_back(Truncate(impl.name_token.Mac(token)));
  }
  if (!given.empty() || !family.empty()) {
    std::vector<std::string_view> all(given.begin(), given.end());
    all.insert(all.end(), family.begin(), family.end());
    std::sort(all.begin(), all.end());
    std::string joined;
    for (std::string_view token : all) {
      if (!joined.empty()) joined.push_back(' ');
      joined += token;
    }
    out.full_name = Truncate(impl.full_name.Mac(joined));
  }
  out.given_name_bloom = impl.Bloom(NameField::kGiven, given);
  out.family_name_bloom = impl.Bloom(NameField::kFamily, WithoutNameParticles(family));

  if (clear.date_of_birth) {
    const Date& date = *clear.date_of_birth;
    out.date_of_birth = Truncate(impl.date_of_birth.Mac(date.ToIso()));
    const Date swapped{date.year, date.day, date.month};
    if (swapped != date && swapped.IsValid()) {
      out.date_of_birth_swapped = Truncate(impl.date_of_birth.Mac(swapped.ToIso()));
    }
    // The parts are written so that none can equal a full ISO date or another part.
    out.dob_month_day =
        Truncate(impl.date_of_birth.Mac(fmt::format("--{:02}-{:02}", date.month, date.day)));
    out.dob_year_month =
        Truncate(impl.date_of_birth.Mac(fmt::format("{:04}-{:02}", date.year, date.month)));
    out.dob_year_day =
        Truncate(impl.date_of_birth.Mac(fmt::format("{:04}---{:02}", date.year, date.day)));
  }
  if (const std::string id = NormaliseIdNumber(clear.personal_id); !id.empty()) {
    out.personal_id = Truncate(impl.personal_id.Mac(id));
  }
  if (const std::string phone = NormalisePhone(clear.phone); !phone.empty()) {
    out.phone = Truncate(impl.phone.Mac(phone));
  }
  if (const std::string email = NormaliseEmail(clear.email); !email.empty()) {
    out.email = Truncate(impl.email.Mac(email));
  }
  return out;
}

// |A| + |B| = |A or B| + |A and B|, so two population counts per word suffice. The x86-64
// baseline has no POPCNT instruction; a clone built for it is chosen at load time on the
// processors that have it (all made since about 2008), which is about nine times faster.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("popcnt", "default")))
#endif
double
DiceCoefficient(const BloomBits& a, const BloomBits& b) {
  if (a.size() != b.size()) return 0.0;
  int both = 0;
  int either = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    both += std::popcount(a[i] & b[i]);
    either += std::popcount(a[i] | b[i]);
  }
  return either == 0 ? 0.0 : 2.0 * both / (either + both);
}

}  // namespace zicht::privacy
