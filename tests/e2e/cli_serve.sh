#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of `loyaldesk serve` ($1 = the binary): it migrates a fresh
# database, listens on a free loopback port (--listen 127.0.0.1:0 and
# [::1]:0), answers /api/v1/health, and stops cleanly with exit 0 on SIGTERM
# and on SIGINT; the connection limits and deadlines of the environment reach
# it. Only loopback addresses; every wait is bounded.
# Prints "N passed, M failed" last and exits non-zero on failure.
set -u
set -m # job control: background jobs keep SIGINT (a plain script ignores it for them)

. "$(dirname "$0")/lib/cli_harness.sh"

PID=
cleanup() {
	[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# get URL: prints the HTTP status of a GET (curl, else python3)
get() {
	if command -v curl >/dev/null; then
		curl -s -o /dev/null -m 5 -w '%{http_code}' "$1"
	else
		python3 -c 'import sys,urllib.request as u; print(u.urlopen(sys.argv[1], timeout=5).status)' "$1" 2>/dev/null
	fi
}

# serve_once SIGNAL LISTEN: start, probe, stop with SIGNAL
serve_once() {
	local sig=$1 listen=$2 url i code rc
	rm -f out.txt err.txt
	"$BIN" serve --db var/desk.db --listen "$listen" --threads 2 >out.txt 2>err.txt &
	PID=$!
	for i in $(seq 1 50); do
		grep -q "listening on" out.txt 2>/dev/null && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	url=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' out.txt)
	if [ -z "$url" ]; then
		fail "serve $listen did not start"
		sed 's/^/    /' err.txt | head -5
		kill -KILL "$PID" 2>/dev/null
		PID=
		return
	fi
	ok
	case $url in http://*:0) fail "printed port 0 instead of the bound one" ;; *) ok ;; esac
	code=$(get "$url/api/v1/health")
	[ "$code" = 200 ] && ok || fail "GET $url/api/v1/health gave '$code'"
	kill "-$sig" "$PID"
	for i in $(seq 1 100); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	wait "$PID"
	rc=$?
	PID=
	[ "$rc" -eq 0 ] && ok || fail "serve exited $rc after SIG$sig"
	grep -q "SIG$sig received" err.txt && ok || fail "serve did not report SIG$sig"
}

serve_once TERM 127.0.0.1:0
[ -f var/desk.db ] && ok || fail "serve created var/desk.db"
serve_once INT 127.0.0.1:0
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	serve_once TERM '[::1]:0'
fi

# the limits from the environment: a head that stops half-way is answered 408
# after LOYALDESK_HEAD_TIMEOUT, and a second connection from one address is
# refused under LOYALDESK_MAX_CONNECTIONS_PER_ADDRESS=1
rm -f out.txt err.txt
LOYALDESK_HEAD_TIMEOUT=1s LOYALDESK_MAX_CONNECTIONS_PER_ADDRESS=1 \
	"$BIN" serve --db var/desk.db --listen 127.0.0.1:0 --threads 2 >out.txt 2>err.txt &
PID=$!
for i in $(seq 1 50); do
	grep -q "listening on" out.txt 2>/dev/null && break
	sleep 0.1
done
port=$(sed -n 's/^loyaldesk listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' out.txt)
python3 - "$port" >limits.txt 2>&1 <<'PY'
import socket, sys
port = int(sys.argv[1])
held = socket.create_connection(("127.0.0.1", port), timeout=10)
held.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Half: ")
second = socket.create_connection(("127.0.0.1", port), timeout=10)
second.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    print("second:", second.recv(100).decode(errors="replace").split("\r\n")[0] or "closed")
except OSError:
    print("second: closed")
print("held:", held.recv(400).decode(errors="replace").split("\r\n")[0])
PY
grep -q "^second: closed" limits.txt && ok || fail "a second connection from one address was let in: $(cat limits.txt)"
grep -q "^held: HTTP/1.1 408 Request Timeout" limits.txt && ok || fail "no 408 for a half head: $(cat limits.txt)"
kill -TERM "$PID"
wait "$PID"
PID=

# a port that is taken: exit 1 with a message
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(5)' >port.txt &
HOLDER=$!
for i in $(seq 1 50); do [ -s port.txt ] && break; sleep 0.1; done
"$BIN" serve --db var/desk.db --listen "127.0.0.1:$(cat port.txt)" >out.txt 2>err.txt
rc=$?
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
[ "$rc" -eq 1 ] && ok || fail "serve on a taken port exited $rc, wanted 1"
grep -q "^loyaldesk: " err.txt && ok || fail "serve on a taken port explains itself"

finish
