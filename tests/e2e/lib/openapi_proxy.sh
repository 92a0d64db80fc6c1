# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by the API end-to-end scripts (tests/e2e/api_*.sh); sourced, never
# run. Puts an independent validator between a script and the server, so the
# tests prove that the server's answers are what docs/openapi.yaml promises
# and that the requests a client sends by the document are the ones the
# server takes: Stoplight Prism, pinned in tools/openapi/package-lock.json,
# as `prism proxy docs/openapi.yaml UPSTREAM --errors` on loopback.
#
# Prism checks each request (parameters, body, security) and each answer
# (status, headers, body) against the document. With --errors it answers a
# request the document forbids itself, with application/problem+json, and
# turns an answer the document forbids into one too; a lesser finding (a
# status the operation does not list) only rides in the sl-violations
# header. Both count: openapi_proxy_verdict fails on either. Prism lets an
# undeclared query parameter through; tools/openapi/params.mjs, run once at
# the end over every request sent, reports those. Prism also lets through,
# silently, any body whose schema its validator cannot compile:
# tests/e2e/api_document.sh proves every schema compiles, and
# tests/e2e/api_proxy_negative.sh that wrong answers are refused.
#
# Gives:
#   openapi_proxy_start UPSTREAM_URL WORKDIR: starts Prism on a free port and
#     sets OPENAPI_PROXY to its base URL; returns 1 (with a message) when it
#     cannot. Leaves OPENAPI_PROXY empty, with a note, only when node is
#     absent and LD_OPENAPI_CHECK is not "require" (`make test` sets it).
#   openapi_proxy_verdict METHOD PATH HEADERS_FILE BODY_FILE: PATH as sent
#     (/api/v1/…?query). Returns 0 when the answer is the server's own and
#     Prism found nothing; else prints what Prism found and returns 1.
#   openapi_proxy_params: prints each query parameter sent that the document
#     does not declare for its operation; returns 1 if there is any.
#   openapi_proxy_stop: stops Prism (also safe when it never started).
#
# Needs `npm ci` in tools/openapi (`make openapi-tools` does it). Nothing is
# fetched at run time: Prism reads the document from the work tree.

OPENAPI_PROXY=""
openapi_proxy_pid=""
openapi_proxy_work=""
openapi_proxy_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

openapi_proxy_start() {
	local upstream=$1 work=$2 prism port
	prism=$openapi_proxy_root/tools/openapi/node_modules/.bin/prism
	if ! command -v node >/dev/null 2>&1; then
		if [ "${LD_OPENAPI_CHECK:-}" = require ]; then
			echo "openapi: node is not installed, and LD_OPENAPI_CHECK=require" >&2
			return 1
		fi
		echo "# skip: node is not installed, so answers are not checked against docs/openapi.yaml"
		return 0
	fi
	if [ ! -x "$prism" ]; then
		echo "openapi: $prism is missing; run \`make openapi-tools\` (npm ci in tools/openapi)" >&2
		return 1
	fi
	openapi_proxy_work=$work
	: >"$work/requests"
	# A port below Linux's ephemeral range (32768–60999), so no client socket
	# of a test running beside this one takes it between the probe and
	# Prism's bind; and should another listener win that race anyway, Prism
	# exits with EADDRINUSE and the start is tried again on another port.
	local attempt
	for attempt in 1 2 3 4 5; do
		for _ in $(seq 1 50); do
			port=$((20000 + RANDOM % 12000))
			(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
		done
		"$prism" proxy "$openapi_proxy_root/docs/openapi.yaml" "$upstream" --errors \
			-h 127.0.0.1 -p "$port" >"$work/prism.log" 2>&1 &
		openapi_proxy_pid=$!
		# Prism reads and compiles the document first: a few seconds, more on a busy machine.
		for _ in $(seq 1 600); do
			if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health")" = 200 ]; then
				OPENAPI_PROXY=http://127.0.0.1:$port
				return 0
			fi
			kill -0 "$openapi_proxy_pid" 2>/dev/null || break
			sleep 0.1
		done
		grep -q EADDRINUSE "$work/prism.log" || break
		echo "# openapi: port $port was taken before Prism bound it (attempt $attempt); another port" >&2
		openapi_proxy_stop
	done
	echo "openapi: prism did not come up:" >&2
	tail -n 20 "$work/prism.log" >&2
	openapi_proxy_stop
	return 1
}

openapi_proxy_verdict() {
	local headers=$3 body=$4
	echo "$1 $2" >>"$openapi_proxy_work/requests"
	if grep -qi '^sl-violations:' "$headers"; then
		grep -i '^sl-violations:' "$headers" | cut -d: -f2- | tr -d '\r' | head -c 2000
		echo
		return 1
	fi
	if grep -qi '^content-type: *application/problem+json' "$headers"; then
		echo "answered by prism, not the server: $(head -c 2000 "$body")"
		return 1
	fi
	return 0
}

openapi_proxy_params() {
	[ -n "$openapi_proxy_work" ] || return 0
	node "$openapi_proxy_root/tools/openapi/params.mjs" "$openapi_proxy_root/docs/openapi.yaml" \
		"$openapi_proxy_work/requests"
}

openapi_proxy_stop() {
	if [ -n "$openapi_proxy_pid" ] && kill -0 "$openapi_proxy_pid" 2>/dev/null; then
		kill "$openapi_proxy_pid" 2>/dev/null
		wait "$openapi_proxy_pid" 2>/dev/null
	fi
	openapi_proxy_pid=""
	OPENAPI_PROXY=""
}
