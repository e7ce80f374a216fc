# The vega, vega-lite and vega-embed bundles that the report inlines into every page.
#
# They come from npm, pinned by web/package-lock.json and installed into web/node_modules
# by `npm ci --prefix web` (make deps does it). src/report/web_assets.cpp pulls the three
# minified UMD builds into the zicht_report library with the assembler's .incbin, so the
# program carries them and a report is one file that opens offline. Nothing is copied or
# generated: the compiler reads the files where npm put them.

set(ZICHT_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(ZICHT_WEB_MODULES ${ZICHT_WEB_DIR}/node_modules)
set(zicht_web_bundles
  vega/build/vega.min.js
  vega-lite/build/vega-lite.min.js
  vega-embed/build/vega-embed.min.js)
set(zicht_web_hint "run `npm ci --prefix web` (make deps does it)")

# A missing or stale install fails here, with what to do, rather than as an assembler
# error about a file it cannot open or, worse, as a page built from other versions than
# the lock file pins.
file(READ ${ZICHT_WEB_DIR}/package-lock.json zicht_web_lock)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ZICHT_WEB_DIR}/package-lock.json)
foreach(package vega vega-lite vega-embed)
  set(manifest ${ZICHT_WEB_MODULES}/${package}/package.json)
  if(NOT EXISTS ${manifest})
    message(FATAL_ERROR
      "zicht: the report inlines the npm package ${package}, but ${ZICHT_WEB_MODULES} "
      "does not have it: ${zicht_web_hint}.")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${manifest})
  file(READ ${manifest} zicht_web_manifest)
  string(JSON installed GET "${zicht_web_manifest}" version)
  string(JSON pinned GET "${zicht_web_lock}" packages "node_modules/${package}" version)
  if(NOT installed STREQUAL pinned)
    message(FATAL_ERROR
      "zicht: web/node_modules has ${package} ${installed} but web/package-lock.json pins "
      "${pinned}: ${zicht_web_hint}.")
  endif()
  string(TOUPPER ${package} macro)
  string(REPLACE "-" "_" macro ${macro})
  set(ZICHT_${macro}_VERSION ${installed})
endforeach()

set(zicht_web_paths "")
foreach(bundle ${zicht_web_bundles})
  set(path ${ZICHT_WEB_MODULES}/${bundle})
  if(NOT EXISTS ${path})
    message(FATAL_ERROR "zicht: ${path} is missing: ${zicht_web_hint}.")
  endif()
  # A bundle is inlined into a <script> element verbatim, where these sequences would end
  # the element early or change how the HTML parser reads it. None of the pinned builds
  # has them; a future one that does must be escaped before it can be used.
  file(READ ${path} text)
  string(TOLOWER "${text}" text)
  foreach(sequence "</script" "<script" "<!--")
    string(FIND "${text}" "${sequence}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "zicht: ${bundle} contains \"${sequence}\" and cannot be inlined "
        "into a <script> element as it is.")
    endif()
  endforeach()
  list(APPEND zicht_web_paths ${path})
endforeach()

if(ZICHT_WEB_MODULES MATCHES "[\"\\\\]")
  message(FATAL_ERROR "zicht: the source path ${ZICHT_WEB_MODULES} has a quote or backslash, "
    "which the assembler's .incbin string cannot hold.")
endif()

# .incbin is invisible to the compiler's dependency scan, so the bundles are listed as
# the object's dependencies: a reinstalled bundle rebuilds web_assets.cpp.o.
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/report/web_assets.cpp PROPERTIES
  OBJECT_DEPENDS "${zicht_web_paths}"
  COMPILE_DEFINITIONS
    "ZICHT_WEB_MODULES=\"${ZICHT_WEB_MODULES}\";ZICHT_VEGA_VERSION=\"${ZICHT_VEGA_VERSION}\";ZICHT_VEGA_LITE_VERSION=\"${ZICHT_VEGA_LITE_VERSION}\";ZICHT_VEGA_EMBED_VERSION=\"${ZICHT_VEGA_EMBED_VERSION}\"")

# The page's Content-Security-Policy lists the SHA-256 of each inline script, so a script
# that slips into caller-supplied HTML does not run.
target_link_libraries(zicht_report PRIVATE OpenSSL::Crypto)
