#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The chat widget in headless Chromium (browser/chat.mjs): a company's page
# on one loopback origin embeds the desk's widget from another, and a
# visitor and an agent on the live feed talk. Needs Debian's chromium and
# playwright-core (tools/browser; `make test` installs both). SCREENSHOTS=1
# keeps a screenshot in tests/e2e/screenshots/.
set -u
bin=${1:?usage: chat_browser.sh LOYALDESK}
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

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email eva@example.com \
	--name "Eva Nováková" --role agent --password-stdin > /dev/null 2>&1
hport=$(free_port)
key=$("$bin" chat widget add Shop --bot --origin "http://127.0.0.1:$hport" --db "$db" |
	sed -n 's/^key: //p')
dport=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$dport" > "$tmp/serve.log" 2> "$tmp/serve.err" &
pids+=($!)
desk="http://127.0.0.1:$dport"
for _ in $(seq 1 100); do curl -s -o /dev/null "$desk/api/v1/health" && break; sleep 0.1; done

# The company's page: its own origin, one script tag.
mkdir -p "$tmp/site"
cat > "$tmp/site/index.html" <<HTML
<!doctype html><html lang="cs"><head><meta charset="utf-8"><title>Obchod</title><link rel="icon" href="data:,"></head>
<body><h1>Obchod</h1><p>Vaše objednávky.</p>
<script src="$desk/chat/widget.js" data-widget="$key" async></script></body></html>
HTML
python3 -m http.server "$hport" --bind 127.0.0.1 --directory "$tmp/site" > /dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$hport/" && break; sleep 0.1; done

agent=$(curl -s -X POST -H 'Content-Type: application/json' "$desk/api/v1/sessions" \
	-d '{"email":"eva@example.com","password":"correct horse battery"}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
shots=""
if [ -n "${SCREENSHOTS:-}" ]; then shots=$here/screenshots; mkdir -p "$shots"; fi
DESK=$desk PAGE="http://127.0.0.1:$hport/" AGENT=$agent SHOTS=$shots CHROMIUM=$chromium \
	TOOLS="$root/tools/browser" \
	timeout 120 node "$root/tests/e2e/browser/chat.mjs"
