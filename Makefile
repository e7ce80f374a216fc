# The README's two commands, and a few more for developers.
#   make demo   install what is missing, build a release build, run the demo
#   make test   install what is missing, build with ASan+UBSan, run every test and the fuzzers
#   make bench  build the benchmarks and run bench/ingest, bench/link, bench/estimate and bench/demo
#   make format / make tidy
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20

APT_PACKAGES := build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev \
  libsqlite3-dev sqlite3 libssl-dev libtbb-dev libeigen3-dev nlohmann-json3-dev \
  libtomlplusplus-dev libcli11-dev libfmt-dev libspdlog-dev libutf8proc-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libglpk-dev python3 chromium

.PHONY: deps demo test release asan fuzz bench format tidy clean

# Installs only what is missing, without questions; needs root (or sudo) on Debian 12.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done; command -v node >/dev/null || echo nodejs npm); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# The report inlines the vega bundles from web/node_modules (pinned by web/package-lock.json),
	@# and the browser tests drive Chromium with its playwright-core.
	@if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  npm ci --prefix web --no-audit --no-fund; \
	fi

release: deps
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DZICHT_BUILD_TESTS=OFF
	cmake --build build/release -j $(JOBS)

# demo-out is this Makefile's own scratch folder (make clean removes it too): each make demo
# starts it afresh, since zicht demo itself never replaces a store or a key.
demo: release
	rm -rf demo-out
	./build/release/zicht demo --out demo-out

asan: deps
	cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DZICHT_SANITIZE=address,undefined \
	  -DCMAKE_CXX_FLAGS="-O1"
	cmake --build build/asan -j $(JOBS)

fuzz: deps
	CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DZICHT_BUILD_TESTS=OFF -DZICHT_BUILD_FUZZERS=ON
	cmake --build build/fuzz -j $(JOBS) --target fuzz_csv_reader fuzz_mapping
	./fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

# Known-answer tests on ../shared/data skip when it is absent; with
# ZICHT_REQUIRE_SHARED_DATA=1 (as CI sets it) they fail instead. Each one that ran is
# logged, and the count printed at the end.
test: asan fuzz
	rm -f build/asan/known_answers.log
	cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ZICHT_KNOWN_ANSWER_LOG=$(CURDIR)/build/asan/known_answers.log \
	  ctest --output-on-failure -j $(JOBS)
	@ran=$$(sort -u build/asan/known_answers.log 2>/dev/null | cut -d' ' -f1 | sort -u | wc -l); \
	  echo "known-answer tests run on the shared public data: $$ran"; \
	  if [ "$${ZICHT_REQUIRE_SHARED_DATA:-0}" = 1 ] && [ "$$ran" -eq 0 ]; then \
	    echo "no known-answer test ran although the shared data is required"; exit 1; fi

bench: deps
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DZICHT_BUILD_TESTS=OFF \
	  -DZICHT_BUILD_BENCHMARKS=ON
	cmake --build build/bench -j $(JOBS)
	./bench/ingest build/bench/zicht
	./bench/link build/bench/zicht
	./bench/estimate build/bench/zicht
	./bench/demo build/bench/zicht

format:
	find app include src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: asan
	find app src -name '*.cpp' | xargs clang-tidy -p build/asan --quiet

clean:
	rm -rf build demo-out
