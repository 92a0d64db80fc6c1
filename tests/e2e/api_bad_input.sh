#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: the real binary's HTTP API against hostile input.
#
#   bash tests/e2e/api_bad_input.sh path/to/loyaldesk
#
# Initialises a fresh database, adds an admin, starts `loyaldesk serve` on a
# free loopback port, logs in with curl, then throws oversized, malformed,
# mis-encoded, mistyped and injection-looking requests at it and checks each
# answer's status and error code. Finally checks that the server is still
# alive and still answers. Prints "N passed, M failed"; exits non-zero on any
# failure. Only 127.0.0.1 is ever contacted; the server is killed on exit.
set -u

bin=${1:?usage: api_bad_input.sh path/to/loyaldesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld_e2e_api.XXXXXX")
pid=""
passed=0
failed=0

cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# A TCP port on 127.0.0.1 nobody listens on.
. "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"

# req METHOD PATH [curl args…]: prints the status; the body lands in $tmp/body.
req() {
	local method=$1 path=$2
	shift 2
	curl -s -o "$tmp/body" -w '%{http_code}' --max-time 20 -X "$method" "$@" \
		"http://127.0.0.1:$port$path"
}

# The error code of the last answer ("" when there is none).
last_code() {
	grep -o '"code":"[a-z0-9_]*"' "$tmp/body" 2>/dev/null | head -n 1 | cut -d'"' -f4
}

# expect NAME STATUS CODE METHOD PATH [curl args…]: CODE "" = any.
expect() {
	local name=$1 want_status=$2 want_code=$3
	shift 3
	local got code
	got=$(req "$@")
	code=$(last_code)
	if [ "$got" = "$want_status" ] && { [ -z "$want_code" ] || [ "$code" = "$want_code" ]; }; then
		ok "$name"
	else
		not_ok "$name: expected $want_status $want_code, got $got $code: $(head -c 300 "$tmp/body" 2>/dev/null)"
	fi
}

auth=()
json=(-H 'Content-Type: application/json')

# ---- set up ----
if ! "$bin" init --db "$tmp/db" >"$tmp/init.log" 2>&1; then
	not_ok "init: $(cat "$tmp/init.log")"
	finish
fi
if ! "$bin" user add --db "$tmp/db" --email admin@example.com --name Admin --role admin \
	--password-stdin <<<'correct horse battery' >"$tmp/user.log" 2>&1; then
	not_ok "user add: $(cat "$tmp/user.log")"
	finish
fi
port=$(free_port) || { not_ok "no free port"; finish; }
"$bin" serve --db "$tmp/db" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pid=$!
up=0
for _ in $(seq 1 100); do
	if [ "$(req GET /api/v1/health 2>/dev/null)" = 200 ]; then
		up=1
		break
	fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ "$up" != 1 ]; then
	not_ok "server did not come up: $(cat "$tmp/serve.log")"
	finish
fi
ok "server answers /api/v1/health"

status=$(req POST /api/v1/sessions "${json[@]}" \
	--data '{"email":"admin@example.com","password":"correct horse battery"}')
token=$(grep -o '"token":"[0-9a-f]*"' "$tmp/body" | cut -d'"' -f4)
if [ "$status" = 201 ] && [ ${#token} = 64 ]; then
	ok "login answers 201 with a token"
else
	not_ok "login: $status $(cat "$tmp/body")"
	finish
fi
auth=(-H "Authorization: Bearer $token")

status=$(req POST /api/v1/customers "${auth[@]}" "${json[@]}" --data '{"name":"Jana Nováková"}')
customer=$(grep -o '"id":[0-9]*' "$tmp/body" | head -n 1 | cut -d: -f2)
if [ "$status" = 201 ] && [ -n "$customer" ]; then ok "a customer is created"; else
	not_ok "create customer: $status $(cat "$tmp/body")"
fi

# ---- authentication ----
expect "401 without a token" 401 unauthorized GET /api/v1/customers
expect "401 with an unknown token" 401 unauthorized GET /api/v1/customers \
	-H "Authorization: Bearer $(printf '0%.0s' $(seq 1 64))"
expect "401 with a malformed token" 401 unauthorized GET /api/v1/customers \
	-H 'Authorization: Bearer not-a-token'
expect "401 with another scheme" 401 unauthorized GET /api/v1/customers \
	-H 'Authorization: Basic YWRtaW46cGFzcw=='
expect "401 on a write without a token" 401 unauthorized POST /api/v1/customers "${json[@]}" \
	--data '{"name":"Nobody"}'

# ---- size ----
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$tmp/big"
expect "413 for a 2 MiB body" 413 payload_too_large POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" --data-binary "@$tmp/big"
expect "413 for a 2 MiB chunked body" 413 payload_too_large POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" -H 'Transfer-Encoding: chunked' --data-binary "@$tmp/big"
{ printf '{"name":"'; head -c 300 /dev/zero | tr '\0' 'n'; printf '"}'; } >"$tmp/long"
expect "400 too_long for a 300-byte name" 400 too_long POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" --data-binary "@$tmp/long"

many=()
for i in $(seq 1 200); do many+=(-H "X-Field-$i: v"); done
expect "414 at once for 4000 query parameters" 414 too_many_parameters GET \
	"/api/v1/health?$(printf 'a&%.0s' $(seq 1 4000))a"
expect "414 for a 9000-byte path" 414 uri_too_long GET "/api/v1/$(printf 'x%.0s' $(seq 1 9000))"
expect "431 for 200 header fields" 431 headers_too_large GET /api/v1/health "${many[@]}"

# ---- malformed bodies ----
expect "400 for malformed JSON" 400 invalid_json POST /api/v1/customers "${auth[@]}" "${json[@]}" \
	--data '{"name":'
expect "400 for trailing garbage" 400 invalid_json POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" --data '{"name":"A"} x'
expect "400 for an empty body" 400 invalid_json POST /api/v1/customers "${auth[@]}" "${json[@]}"
printf '{"name":"bad \xff\xfe byte"}' >"$tmp/utf8"
expect "400 for invalid UTF-8 bytes" 400 invalid_utf8 POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" --data-binary "@$tmp/utf8"
printf '{"name":"overlong \xc0\xaf"}' >"$tmp/utf8b"
expect "400 for an overlong UTF-8 sequence" 400 invalid_utf8 POST /api/v1/customers \
	"${auth[@]}" "${json[@]}" --data-binary "@$tmp/utf8b"
expect "400 for a wrong type" 400 invalid_type POST /api/v1/customers "${auth[@]}" "${json[@]}" \
	--data '{"name":42}'
expect "400 for an unknown field" 400 unknown_field POST /api/v1/customers "${auth[@]}" \
	"${json[@]}" --data '{"nmae":"Typo"}'
expect "400 for a missing field" 400 missing_field POST /api/v1/cases "${auth[@]}" "${json[@]}" \
	--data "{\"customer_id\":${customer:-1},\"subject\":\"x\"}"
expect "400 for an unknown enum value" 400 invalid_value POST /api/v1/cases "${auth[@]}" \
	"${json[@]}" --data "{\"customer_id\":${customer:-1},\"subject\":\"x\",\"channel\":\"fax\"}"
expect "400 for an unknown category" 400 invalid_value POST /api/v1/cases "${auth[@]}" \
	"${json[@]}" \
	--data "{\"customer_id\":${customer:-1},\"subject\":\"x\",\"channel\":\"email\",\"category\":\"rant\"}"
expect "400 for a negative id" 400 invalid_id POST /api/v1/cases "${auth[@]}" "${json[@]}" \
	--data '{"customer_id":-1,"subject":"x","channel":"email"}'
expect "400 for a huge number" 400 invalid_json POST /api/v1/cases "${auth[@]}" "${json[@]}" \
	--data '{"customer_id":123456789012345678901234567890,"subject":"x","channel":"email"}'
expect "415 for a form body" 415 unsupported_media_type POST /api/v1/customers "${auth[@]}" \
	-H 'Content-Type: application/x-www-form-urlencoded' --data 'name=A'

# ---- ids and paths ----
expect "404 for an unknown customer" 404 customer_not_found GET /api/v1/customers/999999 \
	"${auth[@]}"
expect "404 for an unknown case" 404 case_not_found GET /api/v1/cases/999999 "${auth[@]}"
expect "404 for an unknown customer in a body" 404 customer_not_found POST /api/v1/cases \
	"${auth[@]}" "${json[@]}" --data '{"customer_id":999999,"subject":"x","channel":"email"}'
expect "400 for a non-numeric id" 400 invalid_id GET /api/v1/cases/abc "${auth[@]}"
expect "400 for id 0" 400 invalid_id GET /api/v1/cases/0 "${auth[@]}"
expect "404 for an unknown path" 404 not_found GET /api/v1/nothing "${auth[@]}"
expect "405 for a wrong method" 405 method_not_allowed DELETE /api/v1/customers "${auth[@]}"
expect "400 for limit=1000" 400 invalid_limit GET '/api/v1/customers?limit=1000' "${auth[@]}"
expect "400 for a bad cursor" 400 invalid_cursor GET '/api/v1/customers?cursor=abc' "${auth[@]}"
expect "400 for an unknown parameter" 400 unknown_parameter GET '/api/v1/customers?limt=5' \
	"${auth[@]}"

# ---- SQL-looking strings are stored verbatim and harmless ----
status=$(req POST /api/v1/customers "${auth[@]}" "${json[@]}" \
	--data "{\"name\":\"Robert'); DROP TABLE customers;--\",\"notes\":\"' OR '1'='1\"}")
evil=$(grep -o '"id":[0-9]*' "$tmp/body" | head -n 1 | cut -d: -f2)
if [ "$status" = 201 ] && [ -n "$evil" ]; then ok "SQL-looking name accepted as text"; else
	not_ok "SQL-looking name: $status $(cat "$tmp/body")"
fi
status=$(req GET "/api/v1/customers/${evil:-0}" "${auth[@]}")
if [ "$status" = 200 ] && grep -qF "\"name\":\"Robert'); DROP TABLE customers;--\"" "$tmp/body"; then
	ok "SQL-looking name comes back verbatim"
else
	not_ok "SQL-looking name read back: $status $(cat "$tmp/body")"
fi
expect "customers still list after the injection attempt" 200 "" GET /api/v1/customers "${auth[@]}"
status=$(req GET "/api/v1/customers?q=%27%20OR%20%271%27%3D%271" "${auth[@]}")
if [ "$status" = 200 ] && grep -q '"items":\[\]' "$tmp/body"; then
	ok "an injection in the search matches nothing"
else
	not_ok "injection search: $status $(cat "$tmp/body")"
fi

# ---- surveys: out of range, reused, foreign, unknown; reports: ranges, filters ----
status=$(req POST /api/v1/customers "${auth[@]}" "${json[@]}" \
	--data '{"name":"Survey Target","email":"target@example.com","consent":true}')
target=$(grep -o '"id":[0-9]*' "$tmp/body" | head -n 1 | cut -d: -f2)
status=$(req POST /api/v1/surveys "${auth[@]}" "${json[@]}" --data "{\"kind\":\"nps\",\"customer_id\":${target:-0}}")
stoken=$(grep -o '"token":"[0-9a-f]*"' "$tmp/body" | cut -d'"' -f4)
if [ "$status" = 201 ] && [ "${#stoken}" = 64 ]; then ok "survey created with a token"; else
	not_ok "survey create: $status $(cat "$tmp/body")"
fi
expect "survey kind unknown" 400 invalid_value POST /api/v1/surveys "${auth[@]}" "${json[@]}" \
	--data "{\"kind\":\"happiness\",\"customer_id\":${target:-0}}"
expect "survey for nobody" 404 customer_not_found POST /api/v1/surveys "${auth[@]}" "${json[@]}" \
	--data '{"kind":"nps","customer_id":999999}'
expect "survey score 11 on NPS" 400 out_of_range POST "/api/v1/surveys/by-token/$stoken" "${json[@]}" \
	--data '{"score":11}'
expect "survey score as text" 400 invalid_type POST "/api/v1/surveys/by-token/$stoken" "${json[@]}" \
	--data '{"score":"9"}'
expect "survey with an unknown member" 400 unknown_field POST "/api/v1/surveys/by-token/$stoken" \
	"${json[@]}" --data '{"score":9,"stars":5}'
expect "servqual answer on an NPS survey" 400 unexpected_field POST "/api/v1/surveys/by-token/$stoken" \
	"${json[@]}" --data '{"expected":{"tangibles":1,"reliability":1,"responsiveness":1,"assurance":1,"empathy":1},"perceived":{"tangibles":1,"reliability":1,"responsiveness":1,"assurance":1,"empathy":1}}'
expect "survey still open after bad answers" 200 "" GET "/api/v1/surveys/by-token/$stoken"
expect "survey answered" 200 "" POST "/api/v1/surveys/by-token/$stoken" "${json[@]}" --data '{"score":9}'
expect "survey answered twice" 409 survey_answered POST "/api/v1/surveys/by-token/$stoken" "${json[@]}" \
	--data '{"score":3}'
expect "unknown survey token" 404 survey_not_found GET "/api/v1/surveys/by-token/$(printf '0%.0s' $(seq 64))"
expect "malformed survey token" 404 survey_not_found GET "/api/v1/surveys/by-token/not-a-token"
expect "over-long survey token" 404 "" GET "/api/v1/surveys/by-token/$(printf 'a%.0s' $(seq 300))"
expect "survey token with a bad bearer" 401 unauthorized GET "/api/v1/surveys/by-token/$stoken" \
	-H 'Authorization: Bearer nonsense'
expect "nps report, inverted range" 400 invalid_range GET '/api/v1/reports/nps?from=2026-02-01&to=2026-01-01' "${auth[@]}"
expect "csat report, unknown filter" 400 unknown_parameter GET '/api/v1/reports/csat?mood=1' "${auth[@]}"
expect "ces report, unknown origin" 400 invalid_value GET '/api/v1/reports/ces?origin=robot' "${auth[@]}"
expect "servqual report, bad date" 400 invalid_time GET '/api/v1/reports/servqual?from=monday' "${auth[@]}"
expect "loyalty report, team not applicable" 400 not_applicable GET '/api/v1/reports/loyalty?team=1' "${auth[@]}"
expect "risk list with a forged cursor" 400 invalid_cursor GET '/api/v1/customers?order=risk&cursor=abc' "${auth[@]}"
expect "customers in an unknown order" 400 invalid_value GET '/api/v1/customers?order=mood' "${auth[@]}"
expect "outreach over a year" 400 invalid_value GET '/api/v1/renewals/outreach?days=400' "${auth[@]}"
expect "outreach with a risk above 1" 400 invalid_value GET '/api/v1/renewals/outreach?min_risk=2' "${auth[@]}"
expect "followup with an unknown status" 400 invalid_value GET '/api/v1/followups?status=maybe' "${auth[@]}"
expect "survey rule for an unknown channel" 400 invalid_value POST /api/v1/survey-rules "${auth[@]}" "${json[@]}" \
	--data '{"kind":"ces","channel":"pigeon"}'

# ---- still alive ----
if kill -0 "$pid" 2>/dev/null; then ok "server process still running"; else
	not_ok "server died: $(tail -n 20 "$tmp/serve.log")"
fi
expect "server still answers health" 200 "" GET /api/v1/health
expect "server still answers authenticated reads" 200 "" GET /api/v1/customers "${auth[@]}"

finish
