# loyaldesk — the two commands: `make run` and `make test` (and `make fuzz`).
SHELL := /bin/bash
# Everything else is CMake; this file only installs what is missing and
# chooses build directories.

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= ./var/loyaldesk.db
LISTEN     ?= 127.0.0.1:8080

DEB_PACKAGES = build-essential cmake pkg-config libsqlite3-dev libmicrohttpd-dev \
	libgmime-3.0-dev libxml2-dev libcurl4-openssl-dev python3-aiosmtpd postfix \
               libjansson-dev libsodium-dev libargon2-dev libcmocka-dev libicu-dev \
               libinih-dev libxlsxwriter-dev libarchive-dev tzdata curl sqlite3 python3

# `make fuzz` (docs/fuzzing.md): the libFuzzer harnesses of fuzz/, built by
# clang against the layer libraries with ASan and UBSan, each run for
# FUZZ_SECONDS on a copy of its seed corpus.
FUZZ_PACKAGES = clang libclang-rt-dev
FUZZERS = fuzz_csv fuzz_config fuzz_query fuzz_dispatch fuzz_mime fuzz_cti fuzz_webhook

# The OpenAPI validators and the validating proxy the API tests run behind
# (tools/openapi/, versions pinned in its package-lock.json). Only `make test`
# needs them; `npm ci` runs again when the lock file changes.
OPENAPI_TOOLS = tools/openapi/node_modules/.installed
# playwright-core for the browser tests (tools/browser/, pinned likewise); it
# drives Debian's chromium, installed by `make test`, never a downloaded one.
BROWSER_TOOLS = tools/browser/node_modules/.installed
TEST_PACKAGES = chromium

# The web UI (web/, Vue 3 + Vite + TypeScript; docs/web.md), built into
# web/dist, which `loyaldesk serve` answers; npm ci again when the lock changes.
WEB_MODULES = web/node_modules/.installed
WEB_DIST = web/dist/index.html
WEB_SOURCES = $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json

.PHONY: run test build deps node openapi-tools browser-tools web clean bench memcheck fuzz fuzz-deps

# $(call install_missing,PACKAGES): apt-get installs those of PACKAGES that
# are missing when run as root, else prints the command that would.
define install_missing
@missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "installing:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
  else \
    echo "missing Debian packages; run:"; \
    echo "  sudo apt-get install -y$$missing"; exit 1; \
  fi; \
fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES))

node:
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else \
	    echo "node and npm are missing; run:"; \
	    echo "  sudo apt-get install -y nodejs npm"; exit 1; \
	  fi; \
	fi

openapi-tools: $(OPENAPI_TOOLS)

$(OPENAPI_TOOLS): tools/openapi/package.json tools/openapi/package-lock.json | node
	cd tools/openapi && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: $(WEB_DIST)

$(WEB_MODULES): web/package.json web/package-lock.json | node
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_DIST): $(WEB_MODULES) $(WEB_SOURCES)
	cd web && npm run build --silent

browser-tools: $(BROWSER_TOOLS)

$(BROWSER_TOOLS): tools/browser/package.json tools/browser/package-lock.json $(OPENAPI_TOOLS)
	$(call install_missing,$(TEST_PACKAGES))
	cd tools/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build web
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then \
	  echo "creating $(DB) with demo data…"; \
	  $(BUILD)/loyaldesk demo --db $(DB) --admin-password-stdin <<< 'loyaldesk-admin' || exit 1; \
	  echo "admin login: admin@example.com / loyaldesk-admin"; \
	fi
	@echo "open http://$(LISTEN)/ — sign in as admin@example.com / loyaldesk-admin (the API: http://$(LISTEN)/api/v1/)"
	$(BUILD)/loyaldesk serve --db $(DB) --listen $(LISTEN)

# LD_OPENAPI_CHECK=require: the document and API tests fail, rather than skip
# their OpenAPI checks, when node is missing.
test: deps openapi-tools browser-tools web
	bash .ci/check-layers
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLD_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	LD_OPENAPI_CHECK=require ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DLD_WERROR=ON -DLD_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_SAN) -j $(JOBS)
	LD_OPENAPI_CHECK=require ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_SAN) --output-on-failure -j $(JOBS) -L 'core|util|store|app|http|authz|cli|faults|e2e'

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PACKAGES))

# Fails on a finding (kept in $(BUILD_FUZZ)/fuzz/findings/); prints the executions per harness.
fuzz: fuzz-deps
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=Debug -DLD_WERROR=ON -DLD_FUZZ=ON >/dev/null
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzzers
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  bash fuzz/run.sh $(BUILD_FUZZ)/fuzz $(FUZZ_SECONDS) $(FUZZERS)

# Unit and API tests under valgrind (slower; not part of `make test`).
memcheck: build
	@set -e; for t in $(BUILD)/test_*; do \
	  echo "valgrind $$t"; \
	  valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 $$t >/dev/null; \
	done; echo "memcheck: clean"

bench: build
	bash bench/api.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
