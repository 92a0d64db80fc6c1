# loyaldesk — the two commands: `make run` and `make test`.
SHELL := /bin/bash
# Everything else is CMake; this file only installs what is missing and
# chooses build directories.

BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= ./var/loyaldesk.db
LISTEN     ?= 127.0.0.1:8080

DEB_PACKAGES = build-essential cmake pkg-config libsqlite3-dev libmicrohttpd-dev \
               libjansson-dev libsodium-dev libargon2-dev libcmocka-dev libicu-dev \
               libinih-dev libxlsxwriter-dev tzdata curl sqlite3 python3

# The OpenAPI validators and the validating proxy the API tests run behind
# (tools/openapi/, versions pinned in its package-lock.json). Only `make test`
# needs them; `npm ci` runs again when the lock file changes.
OPENAPI_TOOLS = tools/openapi/node_modules/.installed

.PHONY: run test build deps openapi-tools clean bench memcheck

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
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

openapi-tools: $(OPENAPI_TOOLS)

$(OPENAPI_TOOLS): tools/openapi/package.json tools/openapi/package-lock.json
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else \
	    echo "node and npm are missing; run:"; \
	    echo "  sudo apt-get install -y nodejs npm"; exit 1; \
	  fi; \
	fi
	cd tools/openapi && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then \
	  echo "creating $(DB) with demo data…"; \
	  $(BUILD)/loyaldesk demo --db $(DB) --admin-password-stdin <<< 'loyaldesk-admin' || exit 1; \
	  echo "admin login: admin@example.com / loyaldesk-admin"; \
	fi
	@echo "open http://$(LISTEN)/api/v1/health — log in with POST /api/v1/sessions"
	$(BUILD)/loyaldesk serve --db $(DB) --listen $(LISTEN)

# LD_OPENAPI_CHECK=require: the document and API tests fail, rather than skip
# their OpenAPI checks, when node is missing.
test: deps openapi-tools
	bash .ci/check-layers
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLD_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	LD_OPENAPI_CHECK=require ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DLD_WERROR=ON -DLD_SANITIZE=ON >/dev/null
	cmake --build $(BUILD_SAN) -j $(JOBS)
	LD_OPENAPI_CHECK=require ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_SAN) --output-on-failure -j $(JOBS) -L 'core|util|store|app|http|cli|faults|e2e'

# Unit and API tests under valgrind (slower; not part of `make test`).
memcheck: build
	@set -e; for t in $(BUILD)/test_*; do \
	  echo "valgrind $$t"; \
	  valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9 $$t >/dev/null; \
	done; echo "memcheck: clean"

bench: build
	bash bench/api.sh

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
