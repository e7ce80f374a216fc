#include "report/web_assets.hpp"

#include <cstddef>

// The build gives ZICHT_WEB_MODULES, the absolute path of web/node_modules, and the
// installed versions (cmake/web_assets.cmake). .incbin keeps 800 kB of JavaScript out of
// the C++ front end: no generated source, no giant string literal, and the object file
// depends on the bundles themselves (OBJECT_DEPENDS), so a reinstall rebuilds it.
#if !defined(ZICHT_WEB_MODULES) || !defined(ZICHT_VEGA_VERSION) || \
    !defined(ZICHT_VEGA_LITE_VERSION) || !defined(ZICHT_VEGA_EMBED_VERSION)
#error "web_assets.cpp is built by cmake/web_assets.cmake, which defines ZICHT_WEB_MODULES"
#endif

// Each bundle gets a begin and an end symbol in .rodata. They are hidden so that a shared
// build never exports them, and the end symbol makes the size known without a terminator.
#define ZICHT_INCBIN(symbol, file)            \
  asm(".pushsection .rodata\n"                \
      ".balign 16\n"                          \
      ".globl " #symbol                       \
      "_begin\n"                              \
      ".hidden " #symbol "_begin\n" #symbol   \
      "_begin:\n"                             \
      ".incbin \"" ZICHT_WEB_MODULES "/" file \
      "\"\n"                                  \
      ".globl " #symbol                       \
      "_end\n"                                \
      ".hidden " #symbol "_end\n" #symbol     \
      "_end:\n"                               \
      ".byte 0\n"                             \
      ".popsection\n")

ZICHT_INCBIN(zicht_web_vega, "vega/build/vega.min.js");
ZICHT_INCBIN(zicht_web_vega_lite, "vega-lite/build/vega-lite.min.js");
ZICHT_INCBIN(zicht_web_vega_embed, "vega-embed/build/vega-embed.min.js");

extern "C" {
extern const char zicht_web_vega_begin[];
extern const char zicht_web_vega_end[];
extern const char zicht_web_vega_lite_begin[];
extern const char zicht_web_vega_lite_end[];
extern const char zicht_web_vega_embed_begin[];
extern const char zicht_web_vega_embed_end[];
}

namespace zicht::report::internal {
namespace {

// The minified builds end with "//# sourceMappingURL=<name>.map". Inline, that URL
// resolves next to the page, where there is no map; a browser with developer tools open
// would try to fetch it, so it is cut off.
std::string_view WithoutSourceMap(const char* begin, const char* end) {
  std::string_view script(begin, static_cast<std::size_t>(end - begin));
  const auto trim = [&script] {
    while (!script.empty() &&
           (script.back() == '\n' || script.back() == '\r' || script.back() == ' ')) {
      script.remove_suffix(1);
    }
  };
  trim();
  const std::size_t line = script.rfind('\n');
  const std::size_t start = line == std::string_view::npos ? 0 : line + 1;
  if (script.substr(start).starts_with("//# sourceMappingURL=")) {
    script = script.substr(0, start);
    trim();
  }
  return script;
}

}  // namespace

const WebAsset& Vega() {
  static const WebAsset kAsset{"vega", ZICHT_VEGA_VERSION,
                               WithoutSourceMap(zicht_web_vega_begin, zicht_web_vega_end)};
  return kAsset;
}

const WebAsset& VegaLite() {
  static const WebAsset kAsset{
      "vega-lite", ZICHT_VEGA_LITE_VERSION,
      WithoutSourceMap(zicht_web_vega_lite_begin, zicht_web_vega_lite_end)};
  return kAsset;
}

const WebAsset& VegaEmbed() {
  static const WebAsset kAsset{
      "vega-embed", ZICHT_VEGA_EMBED_VERSION,
      WithoutSourceMap(zicht_web_vega_embed_begin, zicht_web_vega_embed_end)};
  return kAsset;
}

}  // namespace zicht::report::internal
