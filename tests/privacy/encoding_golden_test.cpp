// Golden vectors of the identifier encoding: what IdentifierEncoder::Encode writes for
// fixed invented inputs under a fixed test key, computed independently by
// tests/privacy/golden/compute_vectors.py from docs/privacy.md. A store can only link
// records encoded alike (kEncodingVersion), so any change of the output must come with a
// new version and a new vectors file; this test catches a change that did not.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/test_support.hpp"
#include "zicht/core/date.hpp"
#include "zicht/privacy/encoder.hpp"
#include "zicht/privacy/name_variants.hpp"

namespace zicht::privacy {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChanged =
    "the encoding changed: raise kEncodingVersion and add golden vectors for it "
    "(tests/privacy/golden/compute_vectors.py)";

fs::path VectorsFile(int version) {
  return testing::SourceDir() / "tests/privacy/golden" / fmt::format("encoding_v{}.txt", version);
}

struct GoldenRecord {
  int number = 0;
  std::map<std::string, std::string> in;   // in.* without the prefix
  std::map<std::string, std::string> out;  // out.* without the prefix
};

struct Golden {
  std::map<std::string, std::string> header;   // version, key, fingerprint
  std::map<std::string, std::string> derived;  // purpose -> hex
  std::vector<std::string> lexicon;
  std::vector<GoldenRecord> records;
};

// Parses `name = value` lines; the value runs to the end of the line.
Golden ReadGolden(const fs::path& path) {
  Golden golden;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const size_t equals = line.find(" =");
    if (equals == std::string::npos) {
      ADD_FAILURE() << path << ": a line without \" = \"";
      continue;
    }
    const std::string name = line.substr(0, equals);
    const std::string value = equals + 3 <= line.size() ? line.substr(equals + 3) : "";
    if (name == "record") {
      golden.records.push_back({std::stoi(value), {}, {}});
    } else if (name.starts_with("in.") || name.starts_with("out.")) {
      if (golden.records.empty()) {
        ADD_FAILURE() << path << ": " << name << " before the first record";
        continue;
      }
      auto& fields = name.starts_with("in.") ? golden.records.back().in : golden.records.back().out;
      fields[name.substr(name.find('.') + 1)] = value;
    } else if (name.starts_with("derive ")) {
      golden.derived[name.substr(7)] = value;
    } else if (name == "lexicon") {
      golden.lexicon.push_back(value);
    } else {
      golden.header[name] = value;
    }
  }
  return golden;
}

std::array<std::uint8_t, PseudonymKey::kBytes> KeyBytes(const std::string& hex) {
  std::array<std::uint8_t, PseudonymKey::kBytes> bytes{};
  EXPECT_EQ(hex.size(), 2 * bytes.size()) << "the key is not 64 hex digits";
  for (size_t i = 0; i < bytes.size() && 2 * i + 1 < hex.size(); ++i) {
    bytes[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return bytes;
}

template <typename Bytes>
std::string Hex(const Bytes& bytes) {
  std::string out;
  for (std::uint8_t byte : bytes) out += fmt::format("{:02x}", byte);
  return out;
}

std::string Hex(const std::optional<Digest>& digest) {
  return digest ? Hex(*digest) : "";
}

std::string Hex(const std::vector<Digest>& digests) {
  std::string out;
  for (const Digest& digest : digests) out += (out.empty() ? "" : " ") + Hex(digest);
  return out;
}

std::string Positions(const BloomBits& bits) {
  std::string out;
  for (size_t word = 0; word < bits.size(); ++word) {
    for (int bit = 0; bit < 64; ++bit) {
      if ((bits[word] >> bit) & 1)
        out += (out.empty() ? "" : " ") + std::to_string(64 * word + bit);
    }
  }
  return out;
}

NameVariants Lexicon(const std::vector<std::string>& groups) {
  std::string toml = "groups = [\n";
  for (const std::string& group : groups) toml += "  \"" + group + "\",\n";
  toml += "]\n";
  auto parsed = NameVariants::Parse(toml, "golden lexicon");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? std::move(*parsed) : NameVariants{};
}

std::map<std::string, std::string> Encoded(const IdentifierEncodings& e) {
  return {
      {"given_name_tokens", Hex(e.given_name_tokens)},
      {"given_name_variants", Hex(e.given_name_variants)},
      {"family_name_tokens", Hex(e.family_name_tokens)},
      {"full_name", Hex(e.full_name)},
      {"date_of_birth", Hex(e.date_of_birth)},
      {"date_of_birth_swapped", Hex(e.date_of_birth_swapped)},
      {"dob_month_day", Hex(e.dob_month_day)},
      {"dob_year_month", Hex(e.dob_year_month)},
      {"dob_year_day", Hex(e.dob_year_day)},
      {"personal_id", Hex(e.personal_id)},
      {"phone", Hex(e.phone)},
      {"email", Hex(e.email)},
      {"given_name_bloom", Positions(e.given_name_bloom)},
      {"family_name_bloom", Positions(e.family_name_bloom)},
  };
}

TEST(EncodingGolden, VectorsExistForTheCurrentEncodingVersion) {
  const fs::path path = VectorsFile(kEncodingVersion);
  ASSERT_TRUE(fs::is_regular_file(path))
      << "no golden vectors for encoding version " << kEncodingVersion << " (" << path
      << "): add them with tests/privacy/golden/compute_vectors.py";
  EXPECT_EQ(ReadGolden(path).header["version"], std::to_string(kEncodingVersion))
      << path << " says it is for another encoding version";
}

TEST(EncodingGolden, DerivedKeysMatchTheVectors) {
  const fs::path path = VectorsFile(kEncodingVersion);
  if (!fs::is_regular_file(path)) GTEST_FAIL() << "no vectors file " << path;
  Golden golden = ReadGolden(path);
  const PseudonymKey key = PseudonymKey::FromBytes(KeyBytes(golden.header["key"]));
  ASSERT_EQ(golden.derived.size(), 9u) << "one derived key per purpose of docs/privacy.md";
  for (const auto& [purpose, hex] : golden.derived) {
    EXPECT_EQ(Hex(key.Derive(purpose)), hex) << purpose << ": " << kChanged;
  }
  EXPECT_EQ(key.Fingerprint(), golden.header["fingerprint"]) << kChanged;
}

TEST(EncodingGolden, TheEncoderReproducesTheVectorsOfTheCurrentVersion) {
  const fs::path path = VectorsFile(kEncodingVersion);
  if (!fs::is_regular_file(path)) GTEST_FAIL() << "no vectors file " << path;
  Golden golden = ReadGolden(path);
  const PseudonymKey key = PseudonymKey::FromBytes(KeyBytes(golden.header["key"]));
  const NameVariants lexicon = Lexicon(golden.lexicon);
  ASSERT_GE(golden.records.size(), 4u);
  for (const GoldenRecord& record : golden.records) {
    BloomOptions options;
    options.bits = std::stoi(record.in.at("bloom_bits"));
    options.hash_functions = std::stoi(record.in.at("bloom_hash_functions"));
    IdentifierEncoder encoder(key, options, lexicon);
    ClearIdentifiers clear;
    clear.given_name = record.in.at("given_name");
    clear.family_name = record.in.at("family_name");
    if (const std::string& date = record.in.at("date_of_birth"); !date.empty()) {
      Result<Date> parsed = ParseDate(date);
      ASSERT_TRUE(parsed.ok()) << "record " << record.number << ": " << parsed.status().message();
      clear.date_of_birth = *parsed;
    }
    clear.personal_id = record.in.at("personal_id");
    clear.phone = record.in.at("phone");
    clear.email = record.in.at("email");
    const auto actual = Encoded(encoder.Encode(clear));
    ASSERT_EQ(record.out.size(), actual.size())
        << "record " << record.number << " does not give every encoding";
    for (const auto& [field, value] : actual) {
      ASSERT_TRUE(record.out.contains(field)) << "record " << record.number << " lacks " << field;
      // Only encodings are printed, never the clear inputs.
      EXPECT_EQ(value, record.out.at(field))
          << "record " << record.number << ", " << field << ": " << kChanged;
    }
  }
}

}  // namespace
}  // namespace zicht::privacy
