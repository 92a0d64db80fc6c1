#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: the validating proxy the API tests run behind
# (tests/e2e/lib/openapi_proxy.sh) really refuses what docs/openapi.yaml
# forbids. A schema the proxy cannot compile is let through unchecked,
# without a word (an enum that listed null beside `nullable` did it to
# every customer, case, survey and report answer), and then every API test
# passes whatever the server answers. So here the proxy stands in front of
# a stand-in server (tools/openapi/canned_upstream.mjs) that answers what it
# is told to, and for a sample of operations each case sends the proxy
# - a right answer, which must pass (with null where the document allows
#   it: each nullable enum XOrNull is sent both null and a value), and
# - wrong ones (a value outside an enum, a wrong type, a bad time, a
#   missing required member), each of which must be refused for that
#   very member and reason;
# and a few wrong requests, which the proxy must refuse before they reach
# the server. Every component schema named *OrNull must be covered here:
# one the table below does not name fails the test.
#
#   bash tests/e2e/api_proxy_negative.sh [path/to/loyaldesk]
#
# The binary is not needed (the argument is taken so that every tests/e2e
# script is run the same way). Prints "N passed, M failed"; exits non-zero
# on any failure. 127.0.0.1 only. Without node (outside `make test`) it says
# so and passes; `make test` sets LD_OPENAPI_CHECK=require.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld_e2e_proxy_negative.XXXXXX")
upstream_pid=""
passed=0
failed=0
. "$here/lib/openapi_proxy.sh"
cleanup() {
	openapi_proxy_stop
	if [ -n "$upstream_pid" ] && kill -0 "$upstream_pid" 2>/dev/null; then
		kill "$upstream_pid" 2>/dev/null
		wait "$upstream_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }

if ! command -v node >/dev/null 2>&1; then
	# No node, no proxy: openapi_proxy_start says so, and fails under
	# LD_OPENAPI_CHECK=require (`make test`).
	openapi_proxy_start "" "$tmp"
	exit $?
fi

# The stand-in's default answer is a healthy GET /health, which is what
# openapi_proxy_start waits for.
echo '{"status":"ok","schema_version":1,"cause":null,"free_bytes":null}' > "$tmp/health.json"
node "$root/tools/openapi/canned_upstream.mjs" "$tmp/health.json" > "$tmp/upstream.log" 2>&1 &
upstream_pid=$!
port=""
for _ in $(seq 1 600); do
	port=$(sed -n 's/^listening //p' "$tmp/upstream.log")
	[ -n "$port" ] && break
	kill -0 "$upstream_pid" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$port" ] || ! openapi_proxy_start "http://127.0.0.1:$port" "$tmp" || [ -z "$OPENAPI_PROXY" ]; then
	echo "not ok - validating proxy starts: $(tail -n 5 "$tmp/upstream.log")"
	exit 1
fi
pass "validating proxy starts"

# with BODY PYTHON-STATEMENTS-ON-d: BODY changed by the statements.
with() {
	python3 -c "import json,sys; d=json.loads(sys.argv[1]); $2; print(json.dumps(d, ensure_ascii=False))" "$1"
}
# page ITEM: a last page of one item.
page() { echo "{\"items\":[$1],\"next_cursor\":null}"; }
# send METHOD PATH STATUS BODY [REQUEST-BODY]: through the proxy, the
# stand-in answering STATUS and BODY. Status in $tmp/status, headers in
# $tmp/headers, body in $tmp/out.
send() {
	local args=(-s -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' -X "$1"
		-H "Authorization: Bearer $(printf '0%.0s' $(seq 1 64))"
		-H "X-Canned-Status: $3" -H "X-Canned-Body: $(printf %s "$4" | base64 -w 0)")
	[ $# -ge 5 ] && args+=(-H 'Content-Type: application/json' --data-binary "$5")
	curl "${args[@]}" "$OPENAPI_PROXY/api/v1$2" > "$tmp/status"
}
# findings: what the proxy found in the last exchange, one "where code" a
# line (where: response.body.items.0.status_to, request.body.language): the
# sl-violations header it adds to an answer, and the list in the
# problem+json it answers itself (a refused request's, whose locations
# leave out "request").
findings() {
	node -e '
		const fs = require("fs");
		const [headers, body] = process.argv.slice(1).map((f) => fs.readFileSync(f, "utf8"));
		const lines = headers.split(/\r?\n/);
		const found = [];
		const head = lines.find((l) => /^sl-violations:/i.test(l));
		if (head)
			found.push(...JSON.parse(head.slice(head.indexOf(":") + 1)));
		if (lines.some((l) => /^content-type: *application\/problem\+json/i.test(l)))
			found.push(...(JSON.parse(body).validation ?? []));
		const seen = new Set();
		for (const v of found) {
			const where = /^(request|response)$/.test(v.location[0]) ? v.location : ["request", ...v.location];
			seen.add(`${where.join(".")} ${v.code}`);
		}
		for (const line of seen)
			console.log(line);
	' "$tmp/headers" "$tmp/out"
}
covered=""
# passes NAME COVERS METHOD PATH STATUS BODY [REQUEST-BODY]: the answer
# reaches the client as the stand-in sent it.
passes() {
	local name=$1
	covered="$covered $2"
	shift 2
	send "$@"
	if [ "$(cat "$tmp/status")" = "$3" ] && [ -z "$(findings)" ]; then
		pass "$name passes"
	else
		fail "$name passes: got $(cat "$tmp/status"), $(findings | tr '\n' ' ')$(head -c 300 "$tmp/out")"
	fi
}
# refused NAME COVERS WHERE CODE METHOD PATH STATUS BODY [REQUEST-BODY]: the
# proxy refuses the exchange, naming WHERE and CODE among its findings; for
# a response finding it answers 500 problem+json instead of the stand-in.
refused() {
	local name=$1 where=$3 code=$4 want=500
	covered="$covered $2"
	shift 4
	case $where in request.*) want=422 ;; esac
	send "$@"
	if [ "$(cat "$tmp/status")" = "$want" ] && findings | grep -qxF "$where $code" &&
		grep -qi '^content-type: *application/problem+json' "$tmp/headers"; then
		pass "$name is refused ($where $code)"
	else
		fail "$name is refused ($where $code): got $(cat "$tmp/status"), $(findings | tr '\n' ' ')"
	fi
}

health='{"status":"degraded","schema_version":7,"cause":"storage_full","free_bytes":0}'
passes "health, degraded" health GET /health 200 "$health"
passes "health, cause null" health GET /health 200 "$(with "$health" 'd["status"]="ok"; d["cause"]=None')"
refused "health, unknown cause" health response.body.cause anyOf GET /health 200 \
	"$(with "$health" 'd["cause"]="tired"')"

customer='{"id":1,"org_id":null,"name":"Ana Fernández","email":"","phone":"","language":"es",
"preferred_channel":null,"notes":null,"consent":true,"case_count":12,
"created_at":"2024-12-30T23:38:30Z","updated_at":"2024-12-30T23:38:30Z","erased_at":null}'
passes "customer, nulls" "Customer ChannelOrNull TimeOrNull" GET /customers/1 200 "$customer"
passes "customer, values" "Customer ChannelOrNull TimeOrNull" GET /customers/1 200 \
	"$(with "$customer" 'd["preferred_channel"]="phone"; d["erased_at"]="2026-01-02T03:04:05Z"')"
refused "customer, preferred_channel outside the enum" ChannelOrNull response.body.preferred_channel anyOf \
	GET /customers/1 200 "$(with "$customer" 'd["preferred_channel"]="pigeon"')"
refused "customer, preferred_channel a number" ChannelOrNull response.body.preferred_channel anyOf \
	GET /customers/1 200 "$(with "$customer" 'd["preferred_channel"]=5')"
refused "customer, erased_at not a time" TimeOrNull response.body.erased_at format \
	GET /customers/1 200 "$(with "$customer" 'd["erased_at"]="yesterday"')"
refused "customer, id a string" Customer response.body.id type \
	GET /customers/1 200 "$(with "$customer" 'd["id"]="1"')"
refused "customer, no name" Customer response.body required \
	GET /customers/1 200 "$(with "$customer" 'del d["name"]')"
refused "customer list, a bad item" Customer response.body.items.1.language enum \
	GET /customers 200 "{\"items\":[$customer,$(with "$customer" 'd["language"]="xx"')],\"next_cursor\":null}"
refused "customer list, no next_cursor" Page response.body required \
	GET /customers 200 "{\"items\":[$customer]}"
refused "customer change: a bad preferred_channel" ChannelOrNull request.body.preferred_channel anyOf \
	PATCH /customers/1 200 "$customer" '{"preferred_channel":"pigeon"}'
passes "customer change: preferred_channel null" ChannelOrNull \
	PATCH /customers/1 200 "$customer" '{"preferred_channel":null}'

case='{"id":1,"customer_id":353,"subject":"Internet nie działa","category":"problem","status":"closed",
"priority":"high","owner_id":9,"team_id":2,"language":"pl","created_at":"2026-08-04T03:31:30Z",
"updated_at":"2026-08-13T00:42:49Z","first_response_at":"2026-08-04T07:44:54Z","resolved_at":null,
"reopen_count":0,"merged_into_id":null,"version":6,
"sla":{"first_response_due":"2026-08-04T10:00:00Z","resolution_due":null,"first_response_remaining_s":0,
"resolution_remaining_s":0,"first_response_breached":false,"resolution_breached":false,"paused":false},
"effort":{"contacts":1,"repeat_contacts":0,"transfers":1,"channel_switches":0,"re_explanations":0,
"robot_only":0,"reopens":0,"elapsed_s":109881,"score":2,"band":"medium"}}'
passes "case" Case GET /cases/1 200 "$case"
refused "case, status outside the enum" Case response.body.status enum \
	GET /cases/1 200 "$(with "$case" 'd["status"]="lost"')"
refused "case, reopen_count a string" Case response.body.reopen_count type \
	GET /cases/1 200 "$(with "$case" 'd["reopen_count"]="0"')"
refused "case, effort band outside the enum" Case response.body.effort.band enum \
	GET /cases/1 200 "$(with "$case" 'd["effort"]["band"]="huge"')"
refused "case, no status" Case response.body required \
	GET /cases/1 200 "$(with "$case" 'del d["status"]')"
refused "case list, an item without its SLA figures" Case response.body.items.0.sla required \
	GET /cases 200 "$(page "$(with "$case" 'del d["sla"]["paused"]')")"
refused "case opening: a bad category" CategoryOrNull request.body.category anyOf \
	POST /cases 201 "$case" '{"customer_id":1,"subject":"s","channel":"web","category":"moan"}'
refused "case opening: a bad priority" PriorityOrNull request.body.priority anyOf \
	POST /cases 201 "$case" '{"customer_id":1,"subject":"s","channel":"web","priority":9}'
passes "case opening: category and priority null" "CategoryOrNull PriorityOrNull" \
	POST /cases 201 "$case" '{"customer_id":1,"subject":"s","channel":"web","category":null,"priority":null}'

interaction='{"id":3,"case_id":1,"customer_id":353,"channel":"email","direction":"internal","kind":"status",
"agent_id":7,"facility_id":null,"started_at":"2026-08-05T07:32:14Z","duration_s":0,"body":null,
"sentiment":null,"to_agent_id":null,"to_team_id":null,"status_to":null}'
passes "interactions, status_to null" CaseStatusOrNull GET /cases/1/interactions 200 "$(page "$interaction")"
passes "interactions, status_to a status" CaseStatusOrNull GET /cases/1/interactions 200 \
	"$(page "$(with "$interaction" 'd["status_to"]="resolved"')")"
refused "interactions, status_to outside the enum" CaseStatusOrNull response.body.items.0.status_to anyOf \
	GET /cases/1/interactions 200 "$(page "$(with "$interaction" 'd["status_to"]="lost"')")"
refused "interactions, status_to a boolean" CaseStatusOrNull response.body.items.0.status_to anyOf \
	GET /cases/1/interactions 200 "$(page "$(with "$interaction" 'd["status_to"]=True')")"

policy='{"id":4,"name":"Low","priority":"low","category":null,"first_response_s":86400,
"resolution_s":288000,"calendar_id":1,"pause_on_pending":true}'
passes "SLA policy" "SlaPolicy PriorityOrNull CategoryOrNull" GET /sla-policies/4 200 "$policy"
passes "SLA policy, priority null, a category" "PriorityOrNull CategoryOrNull" GET /sla-policies/4 200 \
	"$(with "$policy" 'd["priority"]=None; d["category"]="complaint"')"
refused "SLA policy, priority outside the enum" PriorityOrNull response.body.priority anyOf \
	GET /sla-policies/4 200 "$(with "$policy" 'd["priority"]="asap"')"
refused "SLA policy, category a number" CategoryOrNull response.body.category anyOf \
	GET /sla-policies/4 200 "$(with "$policy" 'd["category"]=3')"
refused "SLA policy, no pause_on_pending" SlaPolicy response.body required \
	GET /sla-policies/4 200 "$(with "$policy" 'del d["pause_on_pending"]')"

survey='{"id":1,"kind":"csat","origin":"transactional","customer_id":475,"case_id":5,"team_id":1,
"channel":"phone","campaign":null,"language":"cs","sent_at":"2026-08-04T13:40:19Z",
"expires_at":"2026-08-19T00:00:00Z","answered_at":null,"score":null,"comment":null}'
passes "survey" "Survey ChannelOrNull" GET /surveys/1 200 "$survey"
passes "survey, channel null" "Survey ChannelOrNull" GET /surveys/1 200 "$(with "$survey" 'd["channel"]=None')"
refused "survey, channel outside the enum" ChannelOrNull response.body.channel anyOf \
	GET /surveys/1 200 "$(with "$survey" 'd["channel"]="fax"')"
refused "survey, score out of range" Survey response.body.score maximum \
	GET /surveys/1 200 "$(with "$survey" 'd["score"]=11')"
refused "survey, no origin" Survey response.body required \
	GET /surveys/1 200 "$(with "$survey" 'del d["origin"]')"
created="{\"id\":1,\"survey\":$survey,\"token\":\"$(printf 'a%.0s' $(seq 1 64))\",
\"link\":\"https://desk.example/survey/x\",\"message_id\":null}"
passes "survey sending: language null" "LanguageOrNull SurveyCreated" \
	POST /surveys 201 "$created" '{"kind":"nps","customer_id":1,"language":null}'
refused "survey sending: a bad language" LanguageOrNull request.body.language anyOf \
	POST /surveys 201 "$created" '{"kind":"nps","customer_id":1,"language":"xx"}'
refused "survey sending: no token in the answer" SurveyCreated response.body required \
	POST /surveys 201 "$(with "$created" 'del d["token"]')" '{"kind":"nps","customer_id":1}'

token=$(printf 'b%.0s' $(seq 1 64))
answered='{"kind":"nps","language":"en","answered_at":"2026-12-02T17:38:02Z","score":9,"comment":null,
"thanks":"Thank you for your feedback."}'
passes "survey answer" SurveyAnswered POST "/surveys/by-token/$token" 200 "$answered" '{"score":9,"comment":null}'
refused "survey answer, score a string" SurveyAnswered response.body.score type \
	POST "/surveys/by-token/$token" 200 "$(with "$answered" 'd["score"]="9"')" '{"score":9}'
refused "survey answer, no thanks" SurveyAnswered response.body required \
	POST "/surveys/by-token/$token" 200 "$(with "$answered" 'del d["thanks"]')" '{"score":9}'
dimensions='{"tangibles":7,"reliability":7,"responsiveness":6,"assurance":5,"empathy":4}'
passes "SERVQUAL answer" ServqualDimensionsOrNull POST "/surveys/by-token/$token" 200 \
	"$(with "$answered" 'd["kind"]="servqual"; d["score"]=None')" \
	"{\"expected\":$dimensions,\"perceived\":$dimensions,\"score\":null}"
refused "SERVQUAL answer: a rating out of range" ServqualDimensionsOrNull request.body.perceived.empathy maximum \
	POST "/surveys/by-token/$token" 200 "$answered" \
	"{\"expected\":$dimensions,\"perceived\":$(with "$dimensions" 'd["empathy"]=8')}"

rules="$(page '{"id":1,"kind":"ces","category":"problem","channel":null,"created_at":"2026-08-03T17:00:00Z"}')"
passes "survey rules" "CategoryOrNull ChannelOrNull" GET /survey-rules 200 "$rules"
refused "survey rules, category outside the enum" CategoryOrNull response.body.items.0.category anyOf \
	GET /survey-rules 200 "$(with "$rules" 'd["items"][0]["category"]="rant"')"

nps='{"n":31,"promoters":5,"passives":4,"detractors":22,"nps":-54.8,"ci_low":-81.4,"ci_high":-28.3,"se":13.6,
"distribution":{"9":4,"10":1},"filter":{"from":null,"to":null,"team":null,"channel":null,"origin":null}}'
passes "NPS report" "SurveyOriginOrNull ChannelOrNull" GET /reports/nps 200 "$nps"
passes "NPS report, origin and channel" "SurveyOriginOrNull ChannelOrNull" GET /reports/nps 200 \
	"$(with "$nps" 'd["filter"]["origin"]="manual"; d["filter"]["channel"]="web"')"
refused "NPS report, origin outside the enum" SurveyOriginOrNull response.body.filter.origin anyOf \
	GET /reports/nps 200 "$(with "$nps" 'd["filter"]["origin"]="walk-in"')"
refused "NPS report, a count not a number" NpsReport response.body.distribution.9 type \
	GET /reports/nps 200 "$(with "$nps" 'd["distribution"]["9"]="four"')"
loyalty='{"customers":0,"lapsed":0,"undecided":3,"fallback":true,
"fallback_reason":"no renewal has been decided yet"}'
passes "loyalty report" LoyaltyReport GET /reports/loyalty 200 "$loyalty"
passes "loyalty report, fallback_reason null" LoyaltyReport GET /reports/loyalty 200 \
	"$(with "$loyalty" 'd["fallback"]=False; d["fallback_reason"]=None')"
refused "loyalty report, fallback_reason outside the enum" LoyaltyReport response.body.fallback_reason anyOf \
	GET /reports/loyalty 200 "$(with "$loyalty" 'd["fallback_reason"]="bored"')"

error='{"error":{"code":"customer_not_found","message":"no such customer","field":null}}'
passes "an error answer" Error GET /customers/9 404 "$error"
refused "an error answer without code" Error response.body.error required \
	GET /customers/9 404 "$(with "$error" 'del d["error"]["code"]')"

for name in $(grep -oE '^    [A-Za-z]+OrNull:' "$root/docs/openapi.yaml" | tr -d ' :'); do
	case " $covered " in
	*" $name "*) pass "$name is covered" ;;
	*) fail "$name is covered: no case here sends it; add one right and one wrong answer" ;;
	esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
