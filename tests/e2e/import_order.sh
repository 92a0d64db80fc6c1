#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: an import gives the same cases and the same report whatever
# the row order of its file. The peer generator's 20,000 interactions are
# imported as written (by case, then time) and again shuffled; both stores
# must hold the same cases with the same effort signals, answer the same
# effort report, and pass `loyaldesk check` (every figure equal to its
# recomputation from the rows). Skipped without the peer generator.
set -u
gen=$(cd "$(dirname "$0")/../.." && pwd)/../shared/peers/duckdb/gen.py
. "$(dirname "$0")/lib/cli_harness.sh"

if [ ! -f "$gen" ] || ! command -v python3 >/dev/null; then
	echo "peer generator not found; skipped"
	finish
fi
run 0 "generate" -- python3 "$gen" --n 20000 --seed 11 --out peer
python3 - <<'PY'
import random
rows = open("peer/interactions.csv").read().splitlines()
head, body = rows[0], rows[1:]
random.Random(5).shuffle(body)
open("shuffled.csv", "w").write("\n".join([head] + body) + "\n")
PY
run 0 "import sorted" -- "$BIN" import interactions peer/interactions.csv --db sorted.db
expect err.txt "imported 20000 interactions" "every sorted row imported"
run 0 "import shuffled" -- "$BIN" import interactions shuffled.csv --db shuffled.db
expect err.txt "imported 20000 interactions" "every shuffled row imported"
run 0 "check sorted" -- "$BIN" check --db sorted.db
expect err.txt " 0 differences" "sorted figures equal their recomputation"
run 0 "check shuffled" -- "$BIN" check --db shuffled.db
expect err.txt " 0 differences" "shuffled figures equal their recomputation"
run 0 "report sorted" -- "$BIN" report effort --db sorted.db --format json
mv out.txt sorted.json
run 0 "report shuffled" -- "$BIN" report effort --db shuffled.db --format json
cmp -s sorted.json out.txt && ok || fail "the two effort reports differ"
# The cases themselves, by the file's own case order (the subject names it).
cases() {
	sqlite3 "$1" "SELECT subject, created_at, status, effort_contacts, effort_repeat_contacts,
		effort_transfers, effort_channel_switches, effort_re_explanations, effort_robot_only,
		effort_band FROM ticket ORDER BY subject" > "$2"
}
if command -v sqlite3 >/dev/null; then
	cases sorted.db sorted.cases
	cases shuffled.db shuffled.cases
	same "$(wc -l < sorted.cases)" "$(python3 -c 'import json; print(json.load(open("peer/expected.json"))["cases"])')" "as many cases as the generator made"
	cmp -s sorted.cases shuffled.cases && ok || fail "the cases differ between the two orders"
fi
finish
