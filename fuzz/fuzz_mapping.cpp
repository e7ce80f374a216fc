// Feeds arbitrary bytes, as TOML text, to ParseMapping with the default vocabulary. It
// must return a Mapping or a ConfigError-style Status, never crash, throw or leak; a
// parsed mapping must answer its own queries.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "zicht/core/fields.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/ingest/mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto mapping = zicht::ingest::ParseMapping(text, "fuzz.toml", zicht::Vocabulary::Default());
  if (!mapping.ok()) {
    if (mapping.status().message().empty()) {
      std::fprintf(stderr, "an error without a message\n");
      std::abort();
    }
    return 0;
  }
  for (const auto& [field, header] : mapping->columns) {
    (void)mapping->DateFormatFor(field);
    (void)mapping->Translate(field, header);
    (void)mapping->Translate(field, "");
  }
  for (const auto& [field, labels] : mapping->values) {
    for (const auto& [label, value] : labels) (void)mapping->Translate(field, label);
  }
  (void)mapping->IsMissing("");
  return 0;
}
