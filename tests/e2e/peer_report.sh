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
# src/core/effort.c). Skipped (exit 0, "0 passed, 0 failed") without the peer.
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
finish
