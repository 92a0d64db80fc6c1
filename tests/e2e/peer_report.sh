#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: the effort report on the peer data set whose truth is known.
# ../shared/peers/duckdb/gen.py writes 100k interactions with the figures it
# generated them with (expected.json); loyaldesk imports the CSV as any
# analyst's export and its report must agree: the shares of repeat contact,
# transfer and channel switch and the transfers per case exactly, the
# re-explanation share within 0.1 point (loyaldesk judges the first inbound
# contact after a transfer, the peer the row right after it: see
# src/core/effort.c). Then the peer's customers.csv goes in as renewals and
# the report's lapse_ratio_high_effort (served over HTTP: the CLI report has
# no ratios) must count exactly what sqlite3 counts in the customer table,
# with lapse likelier after high effort (ratio > 1), as the generator made it.
# Skipped (exit 0, "0 passed, 0 failed") without the peer.
set -u
gen=$(cd "$(dirname "$0")/../.." && pwd)/../shared/peers/duckdb/gen.py
. "$(dirname "$0")/lib/cli_harness.sh"

if [ ! -f "$gen" ] || ! command -v python3 >/dev/null; then
	echo "peer generator not found; skipped"
	finish
fi
run 0 "generate" -- python3 "$gen" --n 100000 --seed 7 --out peer
run 0 "import" -- "$BIN" import interactions peer/interactions.csv --db db
expect err.txt "imported 100000 interactions" "every row imported"
run 0 "report" -- "$BIN" report effort --db db --format json
cmp() { # cmp NAME PYTHON-BOOL
	local got
	got=$(python3 - "$2" <<'PY'
import json, sys
r = json.load(open("out.txt")); e = json.load(open("peer/expected.json"))
print(eval(sys.argv[1]))
PY
)
	same "$got" True "$1"
}
cmp "cases" 'r["cases"] == e["cases"]'
cmp "repeat contact" 'r["repeat_contact"]["hits"] == round(e["share_repeat_contact"] * e["cases"])'
cmp "transferred" 'r["transferred"]["hits"] == round(e["share_transfer"] * e["cases"])'
cmp "channel switch" 'r["channel_switch"]["hits"] == round(e["share_channel_switch"] * e["cases"])'
cmp "transfers per case" 'abs(r["transfers_per_case"] - e["mean_transfers_per_case"]) < 1e-9'
cmp "contacts per case" 'abs(r["contacts_per_case"] - e["mean_inbound_per_case"]) < 1e-9'
cmp "re-explanation" 'abs(r["re_explanation"]["share"] - e["share_re_explanation"]) < 0.001'

# ---- renewals: the lapse ratio against the customer table ----
run 0 "import renewals" -- "$BIN" import renewals peer/customers.csv --db db
customers=$(($(wc -l <peer/customers.csv) - 1))
expect err.txt "imported $customers renewals" "every renewal imported"
if ! command -v sqlite3 >/dev/null || ! command -v curl >/dev/null; then
	echo "sqlite3 or curl not found; lapse ratio not checked"
	finish
fi
q() { sqlite3 db "select count(*) from customer where case_count > 0 and $1"; }
hi_hits=$(q "high_effort_cases > 0 and renewal = 'lapsed'")
hi_n=$(q "high_effort_cases > 0 and renewal in ('lapsed', 'renewed')")
lo_hits=$(q "high_effort_cases = 0 and renewal = 'lapsed'")
lo_n=$(q "high_effort_cases = 0 and renewal in ('lapsed', 'renewed')")
same "$(sqlite3 db 'select count(*) from customer')" "$customers" "no customer made twice"
printf 'peer-report-password\n' >pw.txt
run 0 "add admin" -- "$BIN" user add --db db --email admin@peer.test --name Admin --role admin \
	--password-stdin <pw.txt
PID=
trap '[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
"$BIN" serve --db db --listen 127.0.0.1:0 --threads 2 >serve.txt 2>serve_err.txt &
PID=$!
for i in $(seq 1 50); do
	grep -q "listening on" serve.txt 2>/dev/null && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
url=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' serve.txt)
token=$(curl -s -m 10 -X POST -H 'Content-Type: application/json' \
	-d '{"email":"admin@peer.test","password":"peer-report-password"}' \
	"$url/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -s -m 60 -H "Authorization: Bearer $token" "$url/api/v1/reports/effort" >out.txt
kill -TERM "$PID" 2>/dev/null
wait "$PID"
PID=
lapse() { # lapse NAME PYTHON-BOOL over l = lapse_ratio_high_effort
	local got
	got=$(python3 - "$2" <<'PY'
import json, sys
l = json.load(open("out.txt"))["lapse_ratio_high_effort"]
print(eval(sys.argv[1]))
PY
)
	same "$got" True "$1"
}
lapse "high-effort lapses" "l['exposed']['hits'] == $hi_hits and l['exposed']['n'] == $hi_n"
lapse "other lapses" "l['reference']['hits'] == $lo_hits and l['reference']['n'] == $lo_n"
lapse "lapse likelier after high effort" "l['ratio'] is not None and l['ratio'] > 1"
finish
