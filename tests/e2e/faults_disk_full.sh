#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: `loyaldesk serve` ($1 = the binary) on a disk that fills up.
#
# Mounts a small tmpfs (8 MiB), puts a database on it, takes most of the rest
# with a filler file, starts the server and writes customers through curl
# until the disk is full. Then:
#   - a write answers 507 storage_full with Retry-After, never 500;
#   - a login attempt (it writes a session) answers 507 too;
#   - reads answer 200, health answers 200 "degraded" with cause storage_full;
#   - the server is still running;
# then deletes the filler file and checks that writes succeed again, health
# is "ok" again, and, after the server stopped, `loyaldesk check` finds every
# figure true and SQLite's integrity_check says ok.
#
# Needs root and a kernel that lets it mount a tmpfs; otherwise it prints
# "skipped: …" and exits 0. The key answers go through the validating proxy
# (lib/openapi_proxy.sh) when node is there, so they are what
# docs/openapi.yaml says. 127.0.0.1 only; every loop is bounded.
# Prints "N passed, M failed" last and exits non-zero on failure.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/cli_harness.sh"
. "$HERE/lib/openapi_proxy.sh"

MNT=$WORK/mnt
PID=
MOUNTED=
cleanup() {
	openapi_proxy_stop
	if [ -n "$PID" ]; then
		kill -KILL "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	[ -n "$MOUNTED" ] && umount "$MNT" 2>/dev/null
	cd / && rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
	echo "skipped: mounting a tmpfs needs root"
	exit 0
fi
if ! command -v curl >/dev/null; then
	echo "skipped: curl is not installed"
	exit 0
fi
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=8m,mode=0700 loyaldesk-full "$MNT" 2>mount.err; then
	echo "skipped: cannot mount a tmpfs here ($(head -c 200 mount.err))"
	exit 0
fi
MOUNTED=1

DB=$MNT/desk.db
PASSWORD='correct horse battery'
NOTES=$(head -c 6000 /dev/zero | tr '\0' 'x')

# ---- a database on the small disk, and most of the rest taken ----
run 0 "init" -- "$BIN" init --db "$DB"
"$BIN" user add --db "$DB" --email admin@example.com --name Admin --role admin \
	--password-stdin <<<"$PASSWORD" >out.txt 2>err.txt
same "$?" 0 "user add"
free=$(df --output=avail -B1 "$MNT" | tail -n 1 | tr -d ' ')
filler=$((free - 1536 * 1024))
if [ "$filler" -gt 0 ]; then
	head -c "$filler" /dev/zero >"$MNT/filler" 2>/dev/null
	[ -s "$MNT/filler" ] && ok || fail "could not write the filler file"
fi

# ---- the server (its logs stay off the small disk) ----
LOYALDESK_MIN_FREE=512K "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 2 \
	>serve.out 2>serve.err &
PID=$!
for _ in $(seq 1 600); do
	grep -q "listening on" serve.out 2>/dev/null && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
url=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' serve.out)
if [ -z "$url" ]; then
	fail "serve did not start"
	sed 's/^/    /' serve.err | head -5
	finish
fi
direct=$url/api/v1
openapi_proxy_start "$url" "$WORK"
same "$?" 0 "validating proxy starts"
api=$direct
[ -n "$OPENAPI_PROXY" ] && api=$OPENAPI_PROXY/api/v1

# call BASE METHOD PATH [BODY]: prints the status; body.txt, headers.txt.
# Through the proxy (BASE = $api) the answer is also checked against the
# document; findings go to contract.txt.
token=
call() {
	local base=$1 method=$2 path=$3
	local args=(-s -o body.txt -D headers.txt -w '%{http_code}' -m 30 -X "$method")
	[ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
	[ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' --data-binary "$4")
	curl "${args[@]}" "$base$path"
	if [ "$base" = "$api" ] && [ -n "$OPENAPI_PROXY" ] &&
		! openapi_proxy_verdict "$method" "/api/v1$path" headers.txt body.txt >verdict.txt; then
		echo "$method $path: $(cat verdict.txt)" >>contract.txt
	fi
}
code_of() { grep -o '"code":"[a-z_]*"' body.txt | head -n 1 | cut -d'"' -f4; }
header() { grep -i "^$1:" headers.txt | head -n 1 | cut -d: -f2- | tr -d '\r ' ; }
login='{"email":"admin@example.com","password":"'"$PASSWORD"'"}'

same "$(call "$api" GET /health)" 200 "health before"
expect body.txt '"status":"ok"' "health is ok with room left"
same "$(call "$api" POST /sessions "$login")" 201 "login"
token=$(grep -o '"token":"[0-9a-f]*"' body.txt | cut -d'"' -f4)
same "${#token}" 64 "login gives a token"
same "$(call "$api" POST /customers '{"name":"Jana Nováková"}')" 201 "a customer"
customer=$(grep -o '"id":[0-9]*' body.txt | head -n 1 | cut -d: -f2)

# ---- fill the disk ----
status=201
writes=0
for i in $(seq 1 3000); do
	status=$(call "$direct" POST /customers "{\"name\":\"Filler $i\",\"notes\":\"$NOTES\"}")
	[ "$status" = 201 ] || break
	writes=$i
done
echo "# $writes writes before the disk was full"
same "$status" 507 "a write on the full disk answers 507"
same "$(code_of)" storage_full "… with code storage_full"
same "$(header Retry-After)" 60 "… and Retry-After: 60"
same "$(call "$api" POST /customers "{\"name\":\"One more\",\"notes\":\"$NOTES\"}")" 507 \
	"another write: 507, as the document says"

# A login writes a session: 507 as well once even a small write finds no room
# (the first ones may still fit where the refused big write had been).
saved=$token
token=
status=201
for _ in $(seq 1 50); do
	status=$(call "$api" POST /sessions "$login")
	[ "$status" = 201 ] || break
done
same "$status" 507 "a login on the full disk answers 507, not 500"
same "$(code_of)" storage_full "… with code storage_full"
token=$saved

same "$(call "$api" GET "/customers/$customer")" 200 "a read answers 200"
same "$(call "$api" GET /health)" 200 "health answers 200"
expect body.txt '"status":"degraded"' "health is degraded"
expect body.txt '"cause":"storage_full"' "… because writes found no room"
expect body.txt '"free_bytes":[0-9]' "… and says how much room is left"
kill -0 "$PID" 2>/dev/null && ok || fail "the server died on the full disk"
if grep -Eq 'AddressSanitizer|runtime error|SIGBUS|Segmentation' serve.err; then
	fail "the server reported a crash"
	sed 's/^/    /' serve.err | head -5
else
	ok
fi

# ---- room again ----
rm -f "$MNT/filler"
same "$(call "$api" POST /customers '{"name":"After the cleanup"}')" 201 "a write succeeds again"
same "$(call "$api" POST /customers "{\"name\":\"Long again\",\"notes\":\"$NOTES\"}")" 201 \
	"… a long one too"
same "$(call "$api" GET /health)" 200 "health answers 200"
expect body.txt '"status":"ok"' "health is ok again"
token=
same "$(call "$api" POST /sessions "$login")" 201 "a login succeeds again"

openapi_proxy_stop
if [ -s contract.txt ]; then
	fail "answers differ from docs/openapi.yaml:"
	sed 's/^/    /' contract.txt | head -10
else
	ok
fi
kill -TERM "$PID"
for _ in $(seq 1 100); do
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.1
done
wait "$PID"
same "$?" 0 "serve stops cleanly"
PID=

# ---- the database is whole ----
run 0 "loyaldesk check: every figure true" -- "$BIN" check --db "$DB"
if command -v sqlite3 >/dev/null; then
	integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
else
	integrity=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$DB" 2>&1)
fi
same "$integrity" ok "PRAGMA integrity_check"

finish
