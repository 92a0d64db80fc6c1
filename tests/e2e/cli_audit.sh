#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of the audit log with the real binary ($1): `loyaldesk
# audit` in its three formats and with each filter (and its usage errors);
# `loyaldesk check` verifying the hash chain, then failing with the row, the
# stored and the expected chain once a row is edited with the sqlite3 tool
# (its triggers dropped first, as someone with the file could); `serve`
# recording failed logins with the client address and answering 429 with
# Retry-After once a login name has failed too often, with the limit taken
# from LOYALDESK_LOGIN_FAILURES. Loopback only; every wait is bounded.
# Prints "N passed, M failed" last and exits non-zero on failure.
set -u

. "$(dirname "$0")/lib/cli_harness.sh"

PID=
cleanup() {
	[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

DB=var/desk.db
pyjson() { # pyjson FILE EXPR: EXPR on the list of JSON lines of FILE, as `rows`
	python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; print('"$2"')' "$1"
}

# ---- a store with a few rows ----
run 0 "init" -- "$BIN" init --db "$DB"
printf 'correct horse battery\n' >pw.txt
run 0 "user add admin" -- "$BIN" user add --db "$DB" --email ops@example.com --name Ops \
	--role admin --password-stdin <pw.txt
run 0 "user add agent" -- "$BIN" user add --db "$DB" --email petra@example.com --name Petra \
	--role agent --password-stdin <pw.txt
run 0 "passwd" -- "$BIN" user passwd --db "$DB" --email petra@example.com --password-stdin <pw.txt

# ---- loyaldesk audit ----
run 0 "audit --help" -- "$BIN" audit --help
expect out.txt "Usage: loyaldesk audit" "audit --help shows its usage"
run 0 "help lists audit" -- "$BIN" --help
expect out.txt "^  audit " "--help lists audit"
# init's first look at the new store (figures.repair), two accounts, a password
run 0 "audit" -- "$BIN" audit --db "$DB"
expect out.txt "figures.repair +store/0" "the table shows init's rebuild of the figures"
expect out.txt "agent.create +agent/1" "the table shows the first account's creation"
expect out.txt "agent.password +agent/2" "the table shows the new password"
same "$(wc -l <out.txt)" 4 "four rows"
run 0 "audit json" -- "$BIN" audit --db "$DB" --format json
same "$(pyjson out.txt 'len(rows)')" 4 "one JSON object per row"
same "$(pyjson out.txt 'sorted(rows[0].keys())')" \
	"['action', 'actor_id', 'address', 'at', 'detail', 'id', 'object']" "the API's members"
same "$(pyjson out.txt 'rows[0]["actor_id"], rows[0]["address"]')" "None None" \
	"the CLI acts as the system, from no address"
run 0 "audit csv" -- "$BIN" audit --db "$DB" --format csv
expect out.txt "^id,at,actor_id,action,object,address,detail" "the CSV header"
same "$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' out.txt)" 5 \
	"a header and four records"
run 0 "audit --action" -- "$BIN" audit --db "$DB" --action agent.password --format json
same "$(pyjson out.txt '[r["object"] for r in rows]')" "['agent/2']" "--action filters"
run 0 "audit --object" -- "$BIN" audit --db "$DB" --object agent/2 --format json
same "$(pyjson out.txt '[r["action"] for r in rows]')" "['agent.create', 'agent.password']" \
	"--object filters"
run 0 "audit --limit" -- "$BIN" audit --db "$DB" --limit 2 --format json
same "$(pyjson out.txt '[r["id"] for r in rows]')" "[1, 2]" "--limit takes the first rows"
run 0 "audit --from/--to" -- "$BIN" audit --db "$DB" --from 2000-01-01 --to 2000-12-31
empty out.txt "nothing in 2000"
run 0 "audit --to today" -- "$BIN" audit --db "$DB" --to "$(date -u +%F)" --format json
same "$(pyjson out.txt 'len(rows)')" 4 "--to a date includes that day"
run 0 "audit --actor" -- "$BIN" audit --db "$DB" --actor 1
empty out.txt "the CLI's rows have no actor"
run 2 "audit --format xml" -- "$BIN" audit --db "$DB" --format xml
run 2 "audit --actor x" -- "$BIN" audit --db "$DB" --actor x
run 2 "audit --from never" -- "$BIN" audit --db "$DB" --from never
run 2 "audit --object ''" -- "$BIN" audit --db "$DB" --object ''
run 2 "audit extra argument" -- "$BIN" audit --db "$DB" more
run 1 "audit of a missing database" -- "$BIN" audit --db nowhere/desk.db
[ ! -e nowhere ] && ok || fail "audit created a database at a mistyped path"

# ---- serve: failed logins and the throttle ----
LOYALDESK_LOGIN_FAILURES=2 "$BIN" serve --db "$DB" --listen 127.0.0.1:0 >serve.txt 2>serve.err &
PID=$!
url=
for _ in $(seq 1 600); do
	url=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' serve.txt 2>/dev/null)
	[ -n "$url" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$url" ]; then
	fail "serve did not start"
	sed 's/^/    /' serve.err | head -5
else
	ok
	login() { # login EMAIL PASSWORD: prints the status; headers in headers.txt
		curl -s -m 30 -o body.txt -D headers.txt -w '%{http_code}' -X POST \
			-H 'Content-Type: application/json' \
			-d "{\"email\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/sessions"
	}
	same "$(login petra@example.com 'not the password')" 401 "a wrong password is 401"
	# Two failures (LOYALDESK_LOGIN_FAILURES=2) start the delays; each failure
	# past that doubles them, so one attempt lands inside a delay however slow.
	status=
	for _ in $(seq 1 12); do
		status=$(login petra@example.com 'not the password')
		[ "$status" = 429 ] && break
	done
	same "$status" 429 "too many failures are 429"
	expect headers.txt "^Retry-After: [1-9]" "429 says when to retry"
	expect body.txt '"code":"too_many_attempts"' "429's code"
	kill -TERM "$PID"
	for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
	wait "$PID"
	same $? 0 "serve stops cleanly"
	PID=
	run 0 "audit of refused logins" -- "$BIN" audit --db "$DB" --action session.refused \
		--format json
	same "$(pyjson out.txt 'sorted(set(r["address"] for r in rows))')" "['127.0.0.1']" \
		"refused logins carry the client address"
	same "$(pyjson out.txt 'sorted(set(r["detail"]["reason"] for r in rows))')" \
		"['wrong_password']" "and their reason"
	same "$(pyjson out.txt 'sorted(set(r["object"] for r in rows))')" "['agent/2']" \
		"and the account tried"
fi
run 1 "a login limit of 0" -- env LOYALDESK_LOGIN_FAILURES=0 "$BIN" audit --db "$DB"
expect err.txt "app.login_failures" "the bad setting is named"

# ---- check verifies the chain ----
run 0 "check" -- "$BIN" check --db "$DB"
expect err.txt "audit log: [0-9]+ rows, 0 breaks, head [0-9a-f]{64}" "check reports an intact log"
cp "$DB" edited.db
sqlite3 edited.db "DROP TRIGGER audit_no_update; UPDATE audit SET object = 'agent/9' WHERE id = 3"
run 1 "check of an edited log" -- "$BIN" check --db edited.db
expect out.txt "^audit	id=3	chain	[0-9a-f]{64}	[0-9a-f]{64}$" "the break: row, stored, expected"
expect err.txt "audit log: [0-9]+ rows, 1 break," "one edit, one break"
run 1 "check --repair does not mend the log" -- "$BIN" check --db edited.db --repair
run 1 "check --format json" -- "$BIN" check --db edited.db --format json
same "$(pyjson out.txt '[(r["table"], r["key"], r["field"]) for r in rows]')" \
	"[('audit', 'id=3', 'chain')]" "the break as JSON"
# A redaction (an erasure's way of removing a detail) keeps the log valid.
cp "$DB" redacted.db
sqlite3 redacted.db "UPDATE audit SET detail = NULL, redacted_at = 1800000000
	WHERE id = (SELECT max(id) FROM audit WHERE detail IS NOT NULL)"
run 0 "check of a redacted log" -- "$BIN" check --db redacted.db

finish
