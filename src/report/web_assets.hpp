// The vega, vega-lite and vega-embed bundles, compiled into the library (private to report).
//
// cmake/web_assets.cmake checks that web/node_modules holds the versions that
// web/package-lock.json pins; web_assets.cpp includes the three minified UMD builds with
// the assembler's .incbin. Each script is returned without its trailing sourceMappingURL
// comment, which would point at a .map file that the self-contained page does not carry.
//
// Thread safety: the views refer to read-only data in the program image; safe from any thread.
#pragma once

#include <string_view>

namespace zicht::report::internal {

struct WebAsset {
  std::string_view name;     // npm package name, e.g. "vega-lite"
  std::string_view version;  // as installed, e.g. "6.4.1"
  std::string_view script;   // the minified UMD build; defines a global (vega, vegaLite, vegaEmbed)
};

// In load order: vega, vega-lite (needs the global vega), vega-embed (needs both).
const WebAsset& Vega();
const WebAsset& VegaLite();
const WebAsset& VegaEmbed();

}  // namespace zicht::report::internal
