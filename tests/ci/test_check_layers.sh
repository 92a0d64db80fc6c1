#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Tests .ci/check-layers on copies of the source tree: the tree as it is
# passes; each planted violation — one per rule — fails, naming the file and
# line; prose in comments does not count; an exception that no longer
# excuses anything fails.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# A fresh copy of what the check reads.
fresh() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t/.ci"
	cp -R "$repo/src" "$tmp/t/src"
	cp "$repo/.ci/check-layers" "$repo/.ci/layer-exceptions" "$tmp/t/.ci/"
}

run_check() {
	set +e
	bash "$tmp/t/.ci/check-layers" "$tmp/t" >"$tmp/out" 2>&1
	status=$?
	set -e
}

expect_pass() { # WHAT
	run_check
	if [ "$status" -ne 0 ]; then
		echo "FAIL: $1: check-layers failed:"
		sed 's/^/    /' "$tmp/out"
		failures=$((failures + 1))
	else
		echo "ok: $1"
	fi
}

expect_fail() { # WHAT PATTERN-IN-OUTPUT
	run_check
	if [ "$status" -eq 0 ]; then
		echo "FAIL: $1: check-layers passed"
		failures=$((failures + 1))
	elif ! grep -qF -- "$2" "$tmp/out"; then
		echo "FAIL: $1: output lacks \"$2\":"
		sed 's/^/    /' "$tmp/out"
		failures=$((failures + 1))
	else
		echo "ok: $1"
	fi
}

# plant FILE TEXT: appends a line to FILE of the fresh copy.
plant() {
	printf '%s\n' "$2" >>"$tmp/t/$1"
}

fresh
expect_pass "the tree as it is"

# (file, line to add, what the message must name) per rule
while IFS='|' read -r file text want; do
	[ -n "$file" ] || continue
	fresh
	plant "$file" "$text"
	lines=$(wc -l <"$tmp/t/$file")
	expect_fail "$file + $text" "$file:$lines:"
	grep -qF -- "$want" "$tmp/out" || {
		echo "FAIL: $file + $text: message lacks \"$want\""
		failures=$((failures + 1))
	}
done <<'EOF'
src/core/effort.c|#include "store/store.h"|core may include only
src/core/sla.h|#include "app/app.h"|core may include only
src/core/rollup.c|#include "../http/reply.h"|core may include only
src/core/model.c|#include "util/tz.h"|core may include only
src/core/effort.c|#include <sqlite3.h>|<sqlite3.h>
src/core/lsq.c|#include <curl/curl.h>|standard headers
src/core/logit.c|#include <microhttpd.h>|standard headers
src/core/validate.c|#include <jansson.h>|standard headers
src/core/sla.c|#include <libpq-fe.h>|standard headers
src/util/time.c|#include "util/xmalloc.h"|libc-only part
src/util/csv.c|#include "app/app.h"|util may not include
src/store/store.c|#include "app/app.h"|store may not include
src/store/sqlite/case.c|#include "http/reply.h"|store may not include
src/app/cases.c|#include "http/resource.h"|app may not include
src/app/cases.c|#include "cli/cli.h"|app may not include
src/app/open.c|#include <sqlite3.h>|store backend
src/app/cases.c|#include <jansson.h>|adapters
src/http/health.c|#include "store/store.h"|through app/
src/http/health.c|#include "../store/store.h"|through app/
src/http/router.c|#include "store/query.h"|through app/
src/http/cases.c|#include "app/internal.h"|app's own
src/http/cases.c|#include "cli/cli.h"|cli is above it
src/http/health.c|#include <sqlite3.h>|store backend
src/http/reply.c|#include <xlsxwriter.h>|cli/ only
src/cli/init.c|#include "store/store.h"|through app/
src/cli/report.c|#include <microhttpd.h>|http/ only
src/cli/user.c|#include <sodium.h>|util/ only
src/main.c|#include "store/sqlite/sqlite_store.h"|through app/
src/http/health.c|static int f(struct app *a) { return STORE_CALL(a->store, schema_version, 0, 0); }|STORE_CALL
src/http/router.c|static void g(struct app *a) { a->store->ops->read_end(a->store); }|->ops->
src/cli/init.c|static void h(struct store **s) { store_open("x", s, 0); }|store_open(
src/cli/demo.c|static void k(struct store *s) { store_close (s); }|store_close
EOF

# Words in comments are not calls.
fresh
plant src/http/health.c '/* no STORE_CALL here, nor app->store->ops->read_end() */'
plant src/http/health.c '// store_open() is app_open()'"'"'s business'
printf '/*\n * STORE_CALL(app->store, x)\n * #include "store/store.h"\n */\n' >>"$tmp/t/src/cli/init.c"
expect_pass "comments that name the store"

# A string holding "//" does not hide the code after it.
fresh
plant src/cli/serve.c 'static const char *u = "http://x"; static void q(struct app *a) { a->store->ops->read_end(a->store); }'
expect_fail "code after a string with //" "src/cli/serve.c:"

# A listed file's violations are reported but tolerated; an entry that
# excuses nothing, or names no file, fails. (Planted entries, so the test
# holds whatever the real list says.)
fresh
plant src/http/health.c 'static int f(struct app *a) { return STORE_CALL(a->store, schema_version, 0, 0); }'
printf 'src/http/health.c  planted\n' >>"$tmp/t/.ci/layer-exceptions"
expect_pass "a violation in a listed file"
grep -qF "tolerated (.ci/layer-exceptions): src/http/health.c:" "$tmp/out" || {
	echo "FAIL: the listed file's violation is not reported"
	failures=$((failures + 1))
}

fresh
printf 'src/http/health.c  planted\n' >>"$tmp/t/.ci/layer-exceptions"
expect_fail "a stale exception" "src/http/health.c, which breaks no rule any more"

fresh
printf 'src/cli/nowhere.c  gone\n' >>"$tmp/t/.ci/layer-exceptions"
expect_fail "an exception for a missing file" "src/cli/nowhere.c, which does not exist"

if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "check-layers: every planted violation caught"
