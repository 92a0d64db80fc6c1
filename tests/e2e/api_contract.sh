#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: the real binary's answers against docs/openapi.yaml. On the
# demo data set, every call goes through a validating proxy
# (tests/e2e/lib/openapi_proxy.sh, Stoplight Prism with --errors) that
# checks the request and the answer — status, headers, body — against the
# document. Covers every GET route, with its filters and conditional reads
# (304), the writes of every resource (201 with Location, 200, 204), the
# error answers a well-formed request can get (401, 403, 404, 409, 412, 429)
# and the refusals of requests over the server's bounds (414, 431), with
# nulls where the document allows them, so a nullable field that rejects
# null, a missing status or an undocumented member type fails here.
#
#   bash tests/e2e/api_contract.sh path/to/loyaldesk
#
# Prints "N passed, M failed"; exits non-zero on any failure. 127.0.0.1 only.
# Without node (outside `make test`) the calls go to the server directly and
# only the statuses are checked; `make test` sets LD_OPENAPI_CHECK=require.
set -u

bin=${1:?usage: api_contract.sh path/to/loyaldesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld_e2e_contract.XXXXXX")
pid=""
passed=0
failed=0
. "$(dirname "$0")/lib/openapi_proxy.sh"
cleanup() {
	openapi_proxy_stop
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1";
	else failed=$((failed + 1)); echo "not ok - $1: expected '$2', got '$3' $(head -c 300 "$tmp/out" 2>/dev/null)"; fi
}
json() { # json FILE PYTHON-EXPR-ON-d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null
}
header() { # header NAME: its value in the last answer
	grep -i "^$1:" "$tmp/headers" | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}
. "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"

db=$tmp/loyaldesk.db
"$bin" demo --db "$db" --admin-password-stdin <<< 'loyaldesk-admin' > "$tmp/demo.log" 2>&1
check "demo loads" 0 $?
port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done
openapi_proxy_start "http://127.0.0.1:$port" "$tmp"
check "validating proxy starts" 0 $?
api=http://127.0.0.1:$port/api/v1
[ -n "$OPENAPI_PROXY" ] && api=$OPENAPI_PROXY/api/v1

# call METHOD PATH [BODY [curl args…]] → status; body in $tmp/out, headers in
# $tmp/headers. What the proxy finds goes to $tmp/contract (call runs in a
# subshell, so a counter would not survive) and is counted at the end.
call() {
	local method=$1 path=$2
	local args=(-s -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' -X "$method")
	[ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
	if [ $# -ge 3 ] && [ -n "$3" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$3")
	fi
	[ $# -ge 4 ] && args+=("${@:4}")
	curl "${args[@]}" "$api$path"
	if [ -n "$OPENAPI_PROXY" ] && ! openapi_proxy_verdict "$method" "/api/v1$path" "$tmp/headers" "$tmp/out" > "$tmp/verdict"; then
		echo "$method $path: $(cat "$tmp/verdict")" >> "$tmp/contract"
		echo "not ok - $method $path is not what docs/openapi.yaml says: $(cat "$tmp/verdict")" >&2
	fi
}
# get NAME PATH: a read that answers 200
get() { check "$1" 200 "$(call GET "$2")"; }

# ---- sessions ----
token=""
check "health" 200 "$(call GET /health)"
check "login" 201 "$(call POST /sessions '{"email":"admin@example.com","password":"loyaldesk-admin"}')"
token=$(json "$tmp/out" 'd["token"]')
check "login names the session" /api/v1/sessions/current "$(header Location)"
get "current session" /sessions/current

# ---- organisations ----
check "create organisation" 201 "$(call POST /organizations '{"name":"Contract Test s.r.o."}')"
org=$(json "$tmp/out" 'd["id"]')
check "organisation Location" "/api/v1/organizations/$org" "$(header Location)"
get "organisations" '/organizations?limit=5'
get "one organisation" "/organizations/$org"
etag=$(header ETag)
check "organisation not modified" 304 "$(call GET "/organizations/$org" '' -H "If-None-Match: $etag")"
check "rename organisation" 200 "$(call PATCH "/organizations/$org" '{"name":"Contract Test a.s."}')"
check "unknown organisation" 404 "$(call GET /organizations/999999)"

# ---- customers ----
get "customers" '/customers?limit=5'
cursor=$(json "$tmp/out" 'd["next_cursor"]')
get "customers, next page" "/customers?limit=5&cursor=$cursor"
get "customer search" '/customers?q=dvorak'
get "customers by risk" '/customers?order=risk&limit=5'
get "customers of an organisation" "/customers?org_id=$org"
check "create customer, nulls where allowed" 201 "$(call POST /customers "{\"name\":\"Null Nullová\",\"email\":null,\"phone\":null,\"preferred_channel\":null,\"notes\":null,\"org_id\":$org}")"
cust=$(json "$tmp/out" 'd["id"]')
check "customer Location" "/api/v1/customers/$cust" "$(header Location)"
check "preferred channel is null" None "$(json "$tmp/out" 'd["preferred_channel"]')"
check "create customer with a channel" 201 "$(call POST /customers '{"name":"Eva Kanálová","email":"eva.kanalova@example.cz","language":"cs","preferred_channel":"email","consent":true}')"
cust2=$(json "$tmp/out" 'd["id"]')
check "duplicate e-mail" 409 "$(call POST /customers '{"name":"Eva Again","email":"eva.kanalova@example.cz"}')"
get "one customer" "/customers/$cust"
etag=$(header ETag)
check "customer not modified" 304 "$(call GET "/customers/$cust" '' -H "If-None-Match: $etag")"
check "change customer" 200 "$(call PATCH "/customers/$cust" '{"preferred_channel":"phone","notes":"Prefers mornings."}')"
check "clear preferred channel" 200 "$(call PATCH "/customers/$cust" '{"preferred_channel":null}')"
get "a demo customer" /customers/1
get "a demo customer's timeline" '/customers/1/timeline?limit=50'
get "a demo customer's loyalty" /customers/1/loyalty
check "unknown customer" 404 "$(call GET /customers/999999)"

# ---- teams, agents, facilities ----
get "teams" /teams
get "one team" /teams/1
check "create team" 201 "$(call POST /teams '{"name":"Contract queue","kind":"queue"}')"
team=$(json "$tmp/out" 'd["id"]')
check "team Location" "/api/v1/teams/$team" "$(header Location)"
check "change team" 200 "$(call PATCH "/teams/$team" '{"name":"Contract queue 2"}')"
get "agents" /agents
get "agents by role" '/agents?role=agent'
get "one agent" /agents/5
check "create agent" 201 "$(call POST /agents "{\"name\":\"Petra Smluvní\",\"email\":\"petra@example.com\",\"role\":\"agent\",\"team_id\":$team,\"languages\":\"cs,en\",\"skills\":null,\"password\":\"agent-password-1\"}")"
agent=$(json "$tmp/out" 'd["id"]')
check "agent Location" "/api/v1/agents/$agent" "$(header Location)"
check "duplicate agent" 409 "$(call POST /agents '{"name":"Petra","email":"petra@example.com","role":"agent"}')"
check "change agent" 200 "$(call PATCH "/agents/$agent" '{"senior":true}')"
check "set a password" 204 "$(call PUT "/agents/$agent/password" '{"password":"agent-password-2"}')"
get "facilities" /facilities
get "one facility" /facilities/1
check "create facility" 201 "$(call POST /facilities '{"name":"Brno branch","address":null,"hours":"mon-fri 08:00-17:00","tz":"Europe/Prague"}')"
facility=$(json "$tmp/out" 'd["id"]')
check "facility Location" "/api/v1/facilities/$facility" "$(header Location)"
check "change facility" 200 "$(call PATCH "/facilities/$facility" '{"address":"Náměstí Svobody 1"}')"

# ---- cases and interactions ----
get "cases" '/cases?limit=20'
get "cases by status" '/cases?status=resolved&limit=5'
get "cases of a customer" '/cases?customer_id=1'
get "cases of a team" '/cases?team_id=1&limit=5'
get "cases of an owner" '/cases?owner_id=5&limit=5'
get "one demo case" /cases/1
get "a demo case's interactions" '/cases/1/interactions?limit=200'
check "open case, nulls where allowed" 201 "$(call POST /cases "{\"customer_id\":$cust,\"subject\":\"Parcel lost\",\"category\":null,\"priority\":null,\"owner_id\":null,\"team_id\":null,\"language\":null,\"channel\":\"email\",\"body\":\"Where is my parcel?\"}")"
case1=$(json "$tmp/out" 'd["id"]')
check "case Location" "/api/v1/cases/$case1" "$(header Location)"
check "open a second case" 201 "$(call POST /cases "{\"customer_id\":$cust,\"subject\":\"Parcel lost, again\",\"category\":\"complaint\",\"priority\":\"high\",\"channel\":\"web\"}")"
case2=$(json "$tmp/out" 'd["id"]')
check "a call" 201 "$(call POST "/cases/$case1/interactions" '{"channel":"phone","direction":"in","duration_s":null,"body":null,"sentiment":null}')"
check "a visit" 201 "$(call POST "/cases/$case1/interactions" "{\"channel\":\"visit\",\"kind\":\"visit\",\"facility_id\":$facility,\"duration_s\":600,\"sentiment\":0.5,\"body\":\"Came to the branch.\"}")"
check "a note" 201 "$(call POST "/cases/$case1/interactions" '{"channel":"email","direction":"internal","kind":"note","body":"Checked with the courier."}')"
check "transfer to a team" 200 "$(call POST "/cases/$case1/transfer" "{\"to_team_id\":$team,\"note\":\"For the queue.\"}")"
check "transfer to an agent" 200 "$(call POST "/cases/$case1/transfer" '{"to_agent_id":5,"note":null}')"
get "the case" "/cases/$case1"
etag=$(header ETag)
check "case not modified" 304 "$(call GET "/cases/$case1" '' -H "If-None-Match: $etag")"
check "change the case under If-Match" 200 "$(call PATCH "/cases/$case1" '{"priority":"urgent","category":"problem"}' -H "If-Match: $etag")"
check "stale If-Match" 412 "$(call PATCH "/cases/$case1" '{"priority":"low"}' -H "If-Match: $etag")"
check "pending" 200 "$(call PATCH "/cases/$case1" '{"status":"pending"}')"
check "resolve" 200 "$(call PATCH "/cases/$case1" '{"status":"resolved"}')"
get "the interactions, status changes too" "/cases/$case1/interactions"
get "timeline" "/customers/$cust/timeline?limit=10"
check "merge" 200 "$(call POST "/cases/$case2/merge" "{\"into_id\":$case1}")"
check "a merged case is closed to changes" 409 "$(call PATCH "/cases/$case2" '{"subject":"x"}')"
check "unknown case" 404 "$(call GET /cases/999999)"
check "interaction on an unknown case" 404 "$(call POST /cases/999999/interactions '{"channel":"email"}')"

# ---- subscriptions ----
get "subscriptions" '/subscriptions?limit=10'
get "lapsed subscriptions" '/subscriptions?status=lapsed&limit=5'
get "subscriptions of a customer" '/subscriptions?customer_id=1'
get "subscriptions renewing soon" '/subscriptions?renews_from=2026-01-01&renews_to=2027-12-31&limit=5'
check "create subscription" 201 "$(call POST /subscriptions "{\"customer_id\":$cust,\"product\":\"Premium\",\"period\":\"yearly\",\"renews_at\":\"2027-06-01T00:00:00Z\"}")"
sub=$(json "$tmp/out" 'd["id"]')
check "subscription Location" "/api/v1/subscriptions/$sub" "$(header Location)"
get "one subscription" "/subscriptions/$sub"
check "renew" 200 "$(call PATCH "/subscriptions/$sub" '{"status":"renewed"}')"

# ---- reports ----
get "effort report" /reports/effort
get "effort report, filtered" "/reports/effort?from=2020-01-01&to=2030-12-31&team=1&channel=web"
for r in nps csat ces servqual; do
	get "$r report" "/reports/$r"
	get "$r report, filtered" "/reports/$r?from=2020-01-01&to=2030-12-31&team=1&channel=email&origin=transactional"
done
get "loyalty report" /reports/loyalty
get "loyalty report, a period" '/reports/loyalty?from=2020-01-01&to=2030-12-31'
etag=$(header ETag)
check "report not modified" 304 "$(call GET '/reports/loyalty?from=2020-01-01&to=2030-12-31' '' -H "If-None-Match: $etag")"
get "outreach" '/renewals/outreach?days=60&min_risk=0.1&limit=5'
get "renewal calendar" '/renewals/calendar?from=2026-01-01&to=2026-12-31&min_risk=0.2'
check "report of an unknown team" 404 "$(call GET '/reports/effort?team=9999')"

# ---- surveys, rules, outbox, follow-ups ----
get "surveys" '/surveys?limit=20'
get "answered surveys" '/surveys?answered=true&limit=5'
get "servqual surveys" '/surveys?kind=servqual&answered=true&limit=5'
sq=$(json "$tmp/out" 'd["items"][0]["id"]')
get "an answered servqual survey" "/surveys/${sq:-1}"
get "surveys of a case" '/surveys?case_id=1'
check "survey by hand" 201 "$(call POST /surveys "{\"kind\":\"servqual\",\"customer_id\":$cust2,\"case_id\":null,\"language\":null}")"
survey=$(json "$tmp/out" 'd["id"]')
stoken=$(json "$tmp/out" 'd["token"]')
check "survey Location" "/api/v1/surveys/$survey" "$(header Location)"
get "its invitation, waiting" "/outbox?status=waiting&customer_id=$cust2"
msg=$(json "$tmp/out" 'd["items"][0]["id"]')
check "mark it sent" 200 "$(call POST "/outbox/${msg:-0}/sent" '{}')"
# Delivered: the stored row keeps no working link (the digest stays with the survey).
check "the sent row holds no token" "0|1" \
	"$(sqlite3 "$db" "SELECT instr(body, '${stoken:-none}'), instr(body, '/survey/xxxxxxxx') > 0 FROM outbox WHERE id = ${msg:-0}")"
check "sent twice" 409 "$(call POST "/outbox/${msg:-0}/sent" '{}')"
check "survey for a customer without consent" 409 "$(call POST /surveys "{\"kind\":\"nps\",\"customer_id\":$cust}")"
saved=$token; token=""
get "open the survey" "/surveys/by-token/$stoken"
check "answer it" 200 "$(call POST "/surveys/by-token/$stoken" '{"expected":{"tangibles":6,"reliability":7,"responsiveness":6,"assurance":6,"empathy":5},"perceived":{"tangibles":5,"reliability":4,"responsiveness":5,"assurance":6,"empathy":5},"comment":null}')"
check "answered once" 409 "$(call POST "/surveys/by-token/$stoken" '{"expected":{"tangibles":1,"reliability":1,"responsiveness":1,"assurance":1,"empathy":1},"perceived":{"tangibles":1,"reliability":1,"responsiveness":1,"assurance":1,"empathy":1}}')"
check "unknown token" 404 "$(call GET "/surveys/by-token/$(printf '0%.0s' $(seq 64))")"
token=$saved
check "an nps survey" 201 "$(call POST /surveys "{\"kind\":\"nps\",\"customer_id\":$cust2,\"language\":\"cs\"}")"
ntoken=$(json "$tmp/out" 'd["token"]')
check "a detractor's answer, no servqual parts" 200 "$(token='' call POST "/surveys/by-token/$ntoken" '{"score":3,"comment":"Slow.","expected":null,"perceived":null}')"
get "the answered survey" "/surveys/$survey"
check "survey rule" 201 "$(call POST /survey-rules '{"kind":"csat","category":null,"channel":null}')"
rule=$(json "$tmp/out" 'd["id"]')
check "survey rule for a channel" 201 "$(call POST /survey-rules '{"kind":"nps","category":"complaint","channel":"chat"}')"
rule2=$(json "$tmp/out" 'd["id"]')
check "the same rule again" 409 "$(call POST /survey-rules '{"kind":"nps","category":"complaint","channel":"chat"}')"
get "survey rules" /survey-rules
check "delete a rule" 204 "$(call DELETE "/survey-rules/$rule")"
check "delete the other" 204 "$(call DELETE "/survey-rules/$rule2")"
check "delete it again" 404 "$(call DELETE "/survey-rules/$rule")"
get "outbox" '/outbox?limit=5'
get "all mail" '/outbox?status=all&limit=5'
get "follow-ups" '/followups?limit=5'
get "open follow-ups of a team" '/followups?status=open&team_id=1&limit=5'
get "follow-ups of a customer" "/followups?customer_id=$cust2"
task=$(json "$tmp/out" 'd["items"][0]["id"]')
get "one follow-up" "/followups/${task:-0}"
check "close the loop" 200 "$(call PATCH "/followups/${task:-0}" '{"status":"done","note":"Called back."}')"
check "open it again" 200 "$(call PATCH "/followups/${task:-0}" '{"status":"open","note":null}')"

# ---- roles and tokens ----
admin=$token
check "agent login" 201 "$(token='' call POST /sessions '{"email":"petra@example.com","password":"agent-password-2"}')"
token=$(json "$tmp/out" 'd["token"]')
check "an agent may not read reports" 403 "$(call GET /reports/effort)"
check "an agent may not create teams" 403 "$(call POST /teams '{"name":"Mine"}')"
check "an agent may not read the audit log" 403 "$(call GET /audit)"
check "log out" 204 "$(call DELETE /sessions/current)"
check "the token is gone" 401 "$(call GET /sessions/current)"
check "an unknown token" 401 "$(token=$(printf '0%.0s' $(seq 64)) call GET /customers)"
check "wrong password" 401 "$(token='' call POST /sessions '{"email":"admin@example.com","password":"not-the-password"}')"
token=$admin
# A customer's portal login reads the branches (where to go, when they open),
# and changes none of them.
check "customer login created" 201 "$(call POST /agents "{\"name\":\"Eva Kanálová\",\"email\":\"eva.portal@example.cz\",\"role\":\"customer\",\"customer_id\":$cust2,\"password\":\"customer-password-1\"}")"
check "customer login" 201 "$(token='' call POST /sessions '{"email":"eva.portal@example.cz","password":"customer-password-1"}')"
token=$(json "$tmp/out" 'd["token"]')
get "a customer lists the branches" /facilities
check "… with their addresses and hours" "Brno branch|Náměstí Svobody 1|mon-fri 08:00-17:00" \
	"$(json "$tmp/out" '"|".join(next((f["name"], f["address"], f["hours"]) for f in d["items"] if f["id"] == '"$facility"'))')"
get "a customer reads one branch" "/facilities/$facility"
check "a customer may not create a branch" 403 "$(call POST /facilities '{"name":"My own branch"}')"
check "a customer may not change a branch" 403 "$(call PATCH "/facilities/$facility" '{"hours":"24/7"}')"
token=$admin
get "still logged in" /sessions/current

# ---- refused before any operation: the bounds of a request (docs/operations.md) ----
many=()
for i in $(seq 1 120); do many+=(-H "X-Field-$i: v"); done
check "too many header fields" 431 "$(call GET /customers '' "${many[@]}")"
check "too many header fields: code" headers_too_large "$(json "$tmp/out" 'd["error"]["code"]')"
check "a query over 2047 bytes" 414 "$(call GET "/customers?q=$(printf 'q%.0s' $(seq 1 2100))")"
check "a query over 2047 bytes: code" query_too_long "$(json "$tmp/out" 'd["error"]["code"]')"
check "every answer is no-store" no-store "$(header Cache-Control)"
check "every answer is nosniff" nosniff "$(header X-Content-Type-Options)"
check "every answer is no-referrer" no-referrer "$(header Referrer-Policy)"
# ---- the audit log ----
get "the audit log" '/audit?limit=5'
cursor=$(json "$tmp/out" 'd["next_cursor"]')
get "the audit log, next page" "/audit?limit=5&cursor=$cursor"
get "an account's rows" '/audit?actor_id=1&object=agent/1&limit=5'
get "refusals in a period" '/audit?action=access.refused&from=2000-01-01&to=2999-12-31'
check "the agent's refusals are there" yes "$(json "$tmp/out" '"yes" if any(i["detail"]["route"] == "GET /api/v1/audit" for i in d["items"]) else "no"')"
get "refused logins" '/audit?action=session.refused'
check "a refused login's address" 127.0.0.1 "$(json "$tmp/out" 'd["items"][-1]["address"]')"
check "a refused login's reason" wrong_password "$(json "$tmp/out" 'd["items"][-1]["detail"]["reason"]')"
check "a bad audit filter" 400 "$(call GET '/audit?from=never')"
# Failures of one name until it is throttled: 429 with Retry-After (each failure
# past the 5th doubles the delay, so one attempt lands inside it however slow).
status=""
for _ in $(seq 1 12); do
	status=$(token='' call POST /sessions '{"email":"nobody@example.com","password":"not-the-password"}')
	[ "$status" = 429 ] && break
done
check "too many attempts" 429 "$status"
check "too many attempts: Retry-After" yes "$([ "$(header Retry-After)" -ge 1 ] 2>/dev/null && echo yes)"

: > "$tmp/out"
check "every answer as docs/openapi.yaml says" 0 "$(cat "$tmp/contract" 2>/dev/null | wc -l)"
openapi_proxy_params > "$tmp/params"
check "every query parameter in docs/openapi.yaml" 0 "$(wc -l < "$tmp/params")"
sed 's/^/# /' "$tmp/params"
if kill -0 "$pid" 2>/dev/null; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "not ok - server died: $(tail -n 5 "$tmp/serve.log")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
