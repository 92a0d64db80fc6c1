#!/usr/bin/env bash
# The web UI in headless Chromium (Debian's, through playwright-core): how
# long a case with 500 contacts takes to show — from the navigation to the
# 500th contact of the history on screen, reloads included — beside the API
# request for the same history timed by the same browser in the same run,
# and the size of the first load. Needs make test's browser tools and the
# built UI. Prints one table. Not a test.
#
#   bash bench/web.sh [--runs N (7)]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=7
[ "${1:-}" = --runs ] && runs=$2
out=$root/bench/out
mkdir -p "$out"
. "$root/tests/e2e/lib/ports.sh"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j "$(nproc)" --target loyaldesk >/dev/null
bin=$root/build-bench/loyaldesk
[ -f web/dist/index.html ] || make web >/dev/null
db=$out/web-bench.db
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
printf 'bench password 123\n' | "$bin" user add --db "$db" --email agent@example.com --name Agent \
  --role agent --password-stdin >/dev/null
port=$(free_port)
LOYALDESK_WEB_DIR=$root/web/dist "$bin" serve --db "$db" --listen 127.0.0.1:$port >"$out/web-serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done
api=http://127.0.0.1:$port/api/v1
token=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"email":"agent@example.com","password":"bench password 123"}' \
  $api/sessions | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
H="Authorization: Bearer $token"
cust=$(curl -s -H "$H" -H 'Content-Type: application/json' $api/customers -d '{"name":"Věra Nováková","email":"vera@example.cz"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
case_id=$(curl -s -H "$H" -H 'Content-Type: application/json' $api/cases \
  -d "{\"customer_id\":$cust,\"subject\":\"Dlouhý případ\",\"channel\":\"email\",\"body\":\"První zpráva\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
python3 - "$api" "$token" "$case_id" <<'PY'
import http.client, json, sys, urllib.parse
api, token, case_id = sys.argv[1:4]
u = urllib.parse.urlparse(api)
c = http.client.HTTPConnection(u.hostname, u.port)
for i in range(499):
    ch = ["email", "phone", "chat", "web"][i % 4]
    body = {"channel": ch, "direction": "in" if i % 2 == 0 else "internal",
            "body": f"Zpráva číslo {i + 2}: zákazník píše znovu o téže věci."}
    if body["direction"] == "internal": body["kind"] = "note"
    if ch == "email" and body["direction"] == "in": pass
    c.request("POST", f"{u.path}/cases/{case_id}/interactions", json.dumps(body),
              {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 201, (r.status, i)
PY
DESK=http://127.0.0.1:$port CASE=$case_id RUNS=$runs TOOLS=$root/tools/browser node - <<'JS'
import { createRequire } from 'node:module';
const { chromium } = createRequire(`${process.env.TOOLS}/package.json`)('playwright-core');
const { DESK, CASE, RUNS } = process.env;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
await page.goto(`${DESK}/sign-in`);
await page.fill('input[name=email]', 'agent@example.com');
await page.fill('input[name=password]', 'bench password 123');
await page.click('button[type=submit]');
await page.waitForURL(`${DESK}/`);
const render = [], fetchMs = [];
for (let i = 0; i < Number(RUNS); i++) {
  await page.goto(`${DESK}/cases/${CASE}`);
  await page.waitForFunction(() => document.querySelectorAll('ol.history li').length >= 500, null, { timeout: 30000 });
  render.push(await page.evaluate(() => performance.now()));
  fetchMs.push(await page.evaluate(async (c) => {
    const t0 = performance.now();
    const k = await (await fetch(`/api/v1/cases/${c}`)).json();
    let cur = null;
    do { const p = await (await fetch(`/api/v1/customers/${k.customer_id}/timeline?limit=200${cur ? `&cursor=${cur}` : ""}`)).json(); cur = p.next_cursor; } while (cur);
    return performance.now() - t0;
  }, CASE));
}
const spa = [];
for (let i = 0; i < Number(RUNS); i++) {
  await page.goto(`${DESK}/`);
  await page.click('[data-test=queue-all]');
  await page.waitForSelector(`a[href="/cases/${CASE}"]`);
  await page.evaluate(() => { window.__t0 = performance.now(); });
  await page.click(`a[href="/cases/${CASE}"]`);
  await page.waitForFunction(() => document.querySelectorAll('ol.history li').length >= 500, null, { timeout: 30000 });
  spa.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - window.__t0)))));
}
const n = await page.locator('ol.history li').count();
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`\ncase with ${n} contacts on screen, ${RUNS} loads`);
console.log(`${'measure'.padEnd(52)} ${'median ms'.padStart(10)} ${'max ms'.padStart(9)}`);
console.log(`${'page load → last contact rendered (UI)'.padEnd(52)} ${med(render).toFixed(1).padStart(10)} ${Math.max(...render).toFixed(1).padStart(9)}`);
console.log(`${'click in the console → last contact painted (UI)'.padEnd(52)} ${med(spa).toFixed(1).padStart(10)} ${Math.max(...spa).toFixed(1).padStart(9)}`);
console.log(`${'the case and its whole history (API, in-page)'.padEnd(52)} ${med(fetchMs).toFixed(1).padStart(10)} ${Math.max(...fetchMs).toFixed(1).padStart(9)}`);
await browser.close();
JS
