# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by the API end-to-end scripts that start their own server
# (api_calls.sh, api_portal.sh, api_webhooks.sh); sourced, never run. Gives:
#   tmp                   a temporary directory, removed at exit
#   check NAME WANT GOT   a TAP line, counted
#   json FILE EXPR        a Python expression on the JSON in FILE (as d)
#   api_serve DB [ENV=V…] starts `serve` on a free port with the validating
#                         proxy in front (lib/openapi_proxy.sh): sets base
#                         (the server) and api (the proxy, else the server)
#   call METHOD PATH [BODY]  the answer's status; body in $tmp/out; through
#                         the proxy, whose findings go to $tmp/contract;
#                         sends $token as the bearer token when set
#   direct …              the same straight to the server (a request the
#                         document forbids)
#   api_finish            the proxy's verdicts, the counts, the exit status
#   api_stop_later PID    a process (a test's receiver) stopped at exit
set -u
bin=${1:?usage: $0 path/to/loyaldesk}
tmp=$(mktemp -d)
api_pids=()
passed=0
failed=0
api_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$api_here/openapi_proxy.sh"
. "$api_here/ports.sh"
api_cleanup() {
	openapi_proxy_stop
	for p in "${api_pids[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap api_cleanup EXIT
unset LOYALDESK_DB LOYALDESK_CONFIG LOYALDESK_LISTEN LOYALDESK_SMTP_URL LOYALDESK_MAIL_FROM \
	LOYALDESK_SMTP_TLS LOYALDESK_PHONE_COUNTRY_CODE

check() {
	if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1";
	else failed=$((failed + 1)); echo "not ok - $1: expected '$2', got '$3'"; fi
}
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null
}
api_stop_later() { api_pids+=("$1"); }

api_serve() {
	local db=$1 port
	shift
	port=$(free_port)
	env "$@" "$bin" serve --db "$db" --listen "127.0.0.1:$port" > "$tmp/serve.log" 2> "$tmp/serve.err" &
	api_stop_later $!
	base="http://127.0.0.1:$port/api/v1"
	for _ in $(seq 1 100); do curl -s -o /dev/null "$base/health" && break; sleep 0.1; done
	openapi_proxy_start "http://127.0.0.1:$port" "$tmp"
	check "validating proxy starts" 0 $?
	api=$base
	[ -n "$OPENAPI_PROXY" ] && api=$OPENAPI_PROXY/api/v1
}

call() {
	local args=(-s -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' -X "$1")
	[ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
	[ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	curl "${args[@]}" "${target:-$api}$2"
	if [ -z "${target:-}" ] && [ -n "$OPENAPI_PROXY" ] &&
		! openapi_proxy_verdict "$1" "/api/v1$2" "$tmp/headers" "$tmp/out" > "$tmp/verdict"; then
		echo "$1 $2: $(cat "$tmp/verdict")" >> "$tmp/contract"
		echo "not ok - $1 $2 is not what docs/openapi.yaml says: $(cat "$tmp/verdict")" >&2
	fi
}
direct() { target=$base call "$@"; }

api_finish() {
	if [ -n "$OPENAPI_PROXY" ]; then
		openapi_proxy_params > "$tmp/params"
		check "every query parameter is documented" 0 $?
		check "every answer is what the document says" 0 "$(cat "$tmp/contract" 2>/dev/null | wc -l)"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
