#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The web UI in headless Chromium (browser/web.mjs) against `loyaldesk serve`
# with demo data and the built web/dist: a Czech browser gets the sign-in
# page in Czech, a wrong password is refused in Czech, an agent signs in,
# sees the queues, opens a case and its customer's whole history, reloads a
# deep link, switches the language, and the pages run with no script error
# or policy violation. Needs Debian's chromium, playwright-core
# (tools/browser) and the built UI (`make test` does all three).
# SCREENSHOTS=1 keeps the main screens in tests/e2e/screenshots/.
set -u
bin=${1:?usage: web_browser.sh LOYALDESK}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib/ports.sh"
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] || [ ! -d "$root/tools/browser/node_modules/playwright-core" ]; then
	echo "not ok - the browser test needs Debian's chromium and tools/browser (make test installs them)"
	exit 1
fi
if [ ! -f "$root/web/dist/index.html" ]; then
	echo "not ok - the web UI is not built (make test builds web/dist)"
	exit 1
fi

db=$tmp/desk.db
"$bin" demo --db "$db" --customers 40 --cases 120 --admin-password-stdin <<< 'a long password' \
	> /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email eva@example.com \
	--name "Eva Nováková" --role agent --team 1 --password-stdin > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email zakaznik@example.cz \
	--name "Zákazník" --role customer --customer 1 --password-stdin > /dev/null 2>&1
port=$(free_port)
LOYALDESK_WEB_DIR=$root/web/dist "$bin" serve --db "$db" --listen "127.0.0.1:$port" \
	> "$tmp/serve.log" 2> "$tmp/serve.err" &
pids+=($!)
desk="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -s -o /dev/null "$desk/api/v1/health" && break; sleep 0.1; done

shots=""
if [ -n "${SCREENSHOTS:-}" ]; then shots=$here/screenshots; mkdir -p "$shots"; fi
DESK=$desk SHOTS=$shots CHROMIUM=$chromium TOOLS="$root/tools/browser" \
	timeout 120 node "$root/tests/e2e/browser/web.mjs"
