#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Crash proof of `loyaldesk serve` ($1 = the binary): a write the server
# acknowledged survives kill -9. Each round starts the server on the same
# database (the first on a fresh one), runs a bounded concurrent write load
# against it — KILL9_WRITERS curl loops, each opening cases and adding
# contacts to them through the group-commit writer, and recording every
# write answered 2xx with its id and content — kills the server with
# SIGKILL at a random moment while they write, and then checks, with the
# server down:
#   - PRAGMA integrity_check is "ok";
#   - every acknowledged case is there with its subject and its first
#     contact, every acknowledged contact with its case and its body (writes
#     that were not acknowledged may be there or not);
#   - `loyaldesk check` finds no derived figure that differs from the rows;
# and, once restarted, that the server serves them. KILL9_ROUNDS rounds
# (default 5), each write loop bounded in requests and every wait in time,
# so the whole stays well under a minute. Only 127.0.0.1.
#
#   bash tests/faults/kill9.sh path/to/loyaldesk
#
# Prints "N passed, M failed" last and exits non-zero on failure.
set -u

. "$(dirname "$0")/../e2e/lib/cli_harness.sh"

ROUNDS=${KILL9_ROUNDS:-5}
WRITERS=${KILL9_WRITERS:-3}
MAX_WRITES=400 # per writer and round: the loop ends by then whatever happens
PASSWORD=kill9-admin-password
DB=$WORK/desk.db
PID=
cleanup() {
	[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
	cd / && { [ -n "${KILL9_KEEP:-}" ] && echo "kept $WORK" || rm -rf "$WORK"; }
}
trap cleanup EXIT

command -v curl >/dev/null || { echo "kill9: curl is needed"; exit 1; }
command -v sqlite3 >/dev/null || { echo "kill9: sqlite3 is needed"; exit 1; }

# start: runs serve on $DB on a free port; sets PID and BASE
start() {
	local i
	: >serve.out
	"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 4 >serve.out 2>>serve.err &
	PID=$!
	BASE=
	for i in $(seq 1 100); do
		BASE=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' serve.out)
		[ -n "$BASE" ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$BASE" ]; then
		fail "serve did not start"
		sed 's/^/    /' serve.err | tail -5
		finish
	fi
	BASE=$BASE/api/v1
}

# api METHOD PATH [BODY]: the answer in body.json, prints the HTTP status
api() {
	curl -s -m 5 -o body.json -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' ${3:+--data "$3"} "$BASE$2"
}

# post_id N PATH BODY: POSTs BODY as the admin; prints the new id when the
# answer is 201, nothing otherwise (a refused connection included)
post_id() {
	local code
	code=$(curl -s -m 5 -o "w$1.json" -w '%{http_code}' -X POST \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		--data "$3" "$BASE$2") || return 0
	[ "$code" = 201 ] && sed -n 's/^{"id":\([0-9][0-9]*\),.*/\1/p' "w$1.json"
	return 0
}

# writer ROUND N: opens cases and adds contacts until a write fails or
# MAX_WRITES were made; acknowledged ones go to acked-ROUND-N.txt as
#   case<TAB>id<TAB>subject      contact<TAB>id<TAB>case id<TAB>body
writer() {
	local round=$1 n=$2 i id case_id=0 subject text out=acked-$1-$2.txt
	for i in $(seq 1 "$MAX_WRITES"); do
		if [ $((i % 3)) -eq 1 ] || [ "$case_id" -eq 0 ]; then
			subject="round $round writer $n case $i"
			id=$(post_id "$n" /cases "{\"customer_id\":$CUSTOMER,\"subject\":\"$subject\",\"channel\":\"web\",\"body\":\"first words of $subject\"}")
			[ -n "$id" ] || break
			printf 'case\t%s\t%s\n' "$id" "$subject" >>"$out"
			case_id=$id
		else
			text="round $round writer $n contact $i on case $case_id"
			id=$(post_id "$n" "/cases/$case_id/interactions" "{\"channel\":\"phone\",\"direction\":\"in\",\"body\":\"$text\"}")
			[ -n "$id" ] || break
			printf 'contact\t%s\t%s\t%s\n' "$id" "$case_id" "$text" >>"$out"
		fi
	done
}

# verify: every acknowledged write so far is in $DB with its content
verify() {
	local want got missing
	want=$(cat acked-*.txt 2>/dev/null | awk -F '\t' '
		$1 == "case" { print "case\t" $2 "\t" $3; print "first\t" $2 "\tfirst words of " $3 }
		$1 == "contact" { print "contact\t" $2 "\t" $3 "\t" $4 }' | sort)
	got=$(sqlite3 -separator "$(printf '\t')" "$DB" "
		SELECT 'case', id, subject FROM ticket;
		SELECT 'first', case_id, body FROM interaction i
		 WHERE id = (SELECT min(id) FROM interaction WHERE case_id = i.case_id);
		SELECT 'contact', id, case_id, body FROM interaction;" | sort)
	missing=$(comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got") | grep -c .)
	if [ "$missing" -eq 0 ]; then
		ok
	else
		fail "round $1: $missing acknowledged writes are missing or changed"
		comm -23 <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -5 | sed 's/^/    /'
	fi
}

run 0 "init" -- "$BIN" init --db "$DB"
run 0 "admin account" -- sh -c "printf '%s\n' '$PASSWORD' | '$BIN' user add --db '$DB' \
	--email admin@example.com --name Admin --role admin --password-stdin"
start
code=$(curl -s -m 5 -o body.json -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	--data "{\"email\":\"admin@example.com\",\"password\":\"$PASSWORD\"}" "$BASE/sessions")
same "$code" 201 "login"
TOKEN=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' body.json)
code=$(api POST /customers '{"name":"Crash Test","email":"crash@example.com"}')
same "$code" 201 "customer"
CUSTOMER=$(sed -n 's/^{"id":\([0-9][0-9]*\),.*/\1/p' body.json)

for round in $(seq 1 "$ROUNDS"); do
	[ "$round" -gt 1 ] && start
	pids=
	for n in $(seq 1 "$WRITERS"); do
		writer "$round" "$n" &
		pids="$pids $!"
	done
	# A random moment 0.3–1.5 s into the load: mid-batch, mid-commit, anywhere.
	sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 120) / 100 }')"
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null
	PID=
	for p in $pids; do wait "$p"; done
	acked=$(cat acked-"$round"-*.txt 2>/dev/null | grep -c .)
	[ "$acked" -gt 0 ] && ok || fail "round $round: no write was acknowledged before the kill"

	same "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "round $round: integrity_check"
	verify "$round"
	run 0 "round $round: loyaldesk check" -- "$BIN" check --db "$DB"
	[ -s out.txt ] && sed 's/^/    /' out.txt | head -5
done

# Restarted once more, the server serves what it acknowledged before the last kill.
start
last=$(cat acked-"$ROUNDS"-*.txt | awk -F '\t' '$1 == "case" { id = $2; s = $3 } END { print id "\t" s }')
code=$(api GET "/cases/${last%%	*}")
same "$code" 200 "the last acknowledged case after the restart"
expect body.json "\"subject\":\"${last#*	}\"" "its subject after the restart"
last=$(cat acked-"$ROUNDS"-*.txt | awk -F '\t' '$1 == "contact" { c = $3; b = $4 } END { print c "\t" b }')
if [ -n "${last%%	*}" ]; then
	code=$(api GET "/cases/${last%%	*}/interactions?limit=200")
	same "$code" 200 "the last acknowledged contact's case after the restart"
	expect body.json "\"body\":\"${last#*	}\"" "the last acknowledged contact after the restart"
fi
kill -TERM "$PID"
wait "$PID"
same "$?" 0 "serve stops cleanly after the rounds"
PID=
finish
