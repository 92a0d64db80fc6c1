#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: the README's five-minute tour, step by step, against the real
# binary with the demo data set — so the README stays true. Checks the effort
# signals the tour promises (web → phone switch, repeat contact, transfer
# without note, re-explanation to the new agent), the timeline order, search
# folding and the audit trail. Every call goes through a validating proxy
# (tests/e2e/lib/openapi_proxy.sh) and fails when the request or the answer
# is not what docs/openapi.yaml says; only a request the document itself
# forbids goes to the server directly.
#
#   bash tests/e2e/api_tour.sh path/to/loyaldesk
#
# Prints "N passed, M failed"; exits non-zero on any failure. 127.0.0.1 only.
set -u

bin=${1:?usage: api_tour.sh path/to/loyaldesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld_e2e_tour.XXXXXX")
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
	else failed=$((failed + 1)); echo "not ok - $1: expected '$2', got '$3'"; fi
}
json() { # json FILE PYTHON-EXPR-ON-d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null
}
. "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"

db=$tmp/loyaldesk.db
"$bin" demo --db "$db" --admin-password-stdin <<< 'loyaldesk-admin' > "$tmp/demo.log" 2>&1
check "demo loads" 0 $?
port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 100); do curl -s -o /dev/null "$base/health" && break; sleep 0.1; done
openapi_proxy_start "http://127.0.0.1:$port" "$tmp"
check "validating proxy starts" 0 $?
api=$base
[ -n "$OPENAPI_PROXY" ] && api=$OPENAPI_PROXY/api/v1

# call METHOD PATH [BODY] → status; body in $tmp/out. Through the proxy: what
# it finds is appended to $tmp/contract (this runs in a subshell, so a
# counter would not survive) and counted at the end.
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
# The same, straight to the server: for a request the document forbids.
direct() { target=$base call "$@"; }

token=""
check "login" 201 "$(call POST /sessions '{"email":"admin@example.com","password":"loyaldesk-admin"}')"
token=$(json "$tmp/out" 'd["token"]')
check "token is 64 hex" 64 "${#token}"

check "search folds diacritics" 200 "$(call GET '/customers?q=dvorak')"
check "dvorak finds Dvořák" True "$(json "$tmp/out" '"Dvořák" in d["items"][0]["name"] or "Dvořákov" in d["items"][0]["name"]')"

check "create customer" 201 "$(call POST /customers '{"name":"Łukasz Wróbel","email":"lukasz@example.pl","language":"pl","consent":true}')"
cust=$(json "$tmp/out" 'd["id"]')
check "new customer is 501" 501 "$cust"

check "open case" 201 "$(call POST /cases "{\"customer_id\":$cust,\"subject\":\"Invoice charged twice\",\"category\":\"problem\",\"channel\":\"web\",\"body\":\"I was charged twice for November.\"}")"
case_id=$(json "$tmp/out" 'd["id"]')
check "new case is 2001" 2001 "$case_id"
check "first contact counted" 1 "$(json "$tmp/out" 'd["effort"]["contacts"]')"

check "agent 3 takes it" 200 "$(call PATCH "/cases/$case_id" '{"owner_id":3}')"
check "an assignment is no transfer" "3 0 open" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["owner_id"], d["effort"]["transfers"], d["status"]])')"
check "phone call" 201 "$(call POST "/cases/$case_id/interactions" '{"channel":"phone","direction":"in","body":"Calling about the double charge"}')"
check "transfer without note" 200 "$(call POST "/cases/$case_id/transfer" '{"to_agent_id":5}')"
check "read case" 200 "$(call GET "/cases/$case_id")"
check "effort after the tour" "2 1 1 1 0 4.0 high" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["effort"][k] for k in ("contacts","repeat_contacts","transfers","channel_switches","re_explanations")] + [float(d["effort"]["score"]), d["effort"]["band"]])')"
check "owner is the new agent" 5 "$(json "$tmp/out" 'd["owner_id"]')"

# the customer has to tell agent 5 the story again
check "next call to agent 5" 201 "$(call POST "/cases/$case_id/interactions" '{"channel":"phone","direction":"in","agent_id":5,"body":"As I said before…"}')"
call GET "/cases/$case_id" > /dev/null
check "re-explanation counted" 1 "$(json "$tmp/out" 'd["effort"]["re_explanations"]')"

check "resolve" 200 "$(call PATCH "/cases/$case_id" '{"status":"resolved"}')"
check "status resolved" resolved "$(json "$tmp/out" 'd["status"]')"
check "timeline" 200 "$(call GET "/customers/$cust/timeline?limit=20")"
check "timeline newest first" "status transfer note web" \
	"$(json "$tmp/out" '" ".join([d["items"][0]["kind"], d["items"][2]["kind"], d["items"][4]["kind"], d["items"][-1]["channel"]])')"
check "the assignment names its agent" "3 None" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["items"][4]["to_agent_id"], d["items"][4]["agent_id"]])')"
check "timeline has all six" 6 "$(json "$tmp/out" 'len(d["items"])')"

# feedback: the transactional CES survey the resolve sent, through the outbox link
check "surveys of the customer" 200 "$(call GET "/surveys?customer_id=$cust")"
check "one transactional CES survey" "1 ces transactional" \
	"$(json "$tmp/out" '" ".join([str(len(d["items"])), d["items"][0]["kind"], d["items"][0]["origin"]])')"
check "no token in reads" False "$(json "$tmp/out" '"token" in d["items"][0]')"
check "outbox of the customer" 200 "$(call GET "/outbox?customer_id=$cust")"
link=$(json "$tmp/out" 'd["items"][0]["body"]' | grep -o 'http[^ ]*/survey/[0-9a-f]*')
stoken=${link##*/}
check "link carries a 64-hex token" 64 "${#stoken}"
check "invitation in Polish" pl "$(json "$tmp/out" 'd["items"][0]["language"]')"
saved=$token; token=""
check "open the survey without login" 200 "$(call GET "/surveys/by-token/$stoken")"
check "questions in Polish" True "$(json "$tmp/out" '"łatwe" in d["questions"][0]["text"] or "ł" in d["questions"][0]["text"]')"
check "answer out of range" "400 out_of_range" "$(call POST "/surveys/by-token/$stoken" '{"score":9}') $(json "$tmp/out" 'd["error"]["code"]')"
check "answer" 200 "$(call POST "/surveys/by-token/$stoken" '{"score":2,"comment":"Musiałem dzwonić dwa razy."}')"
check "the answer shows nothing internal" "False False" "$(json "$tmp/out" 'str("followup" in d) + " " + str("case_id" in d)')"
check "thanks in Polish" True "$(json "$tmp/out" 'len(d["thanks"]) > 0')"
token=$saved
check "open follow-ups of the customer" 200 "$(call GET "/followups?customer_id=$cust&status=open")"
check "closed loop: a follow-up" "low_ces open" "$(json "$tmp/out" 'd["items"][0]["reason"] + " " + d["items"][0]["status"]')"
task=$(json "$tmp/out" 'd["items"][0]["id"]')
token=""
check "follow-up readable by its id" "200 low_ces" "$(token=$saved call GET "/followups/$task") $(json "$tmp/out" 'd["reason"]')"
check "answered once" "409 survey_answered" "$(call POST "/surveys/by-token/$stoken" '{"score":7}') $(json "$tmp/out" 'd["error"]["code"]')"
token=$saved
check "close the loop" 200 "$(call PATCH "/followups/$task" '{"status":"done","note":"Refunded the second charge, apologised."}')"
check "follow-up done" done "$(json "$tmp/out" 'd["status"]')"
check "ces report" 200 "$(call GET /reports/ces)"
if command -v sqlite3 >/dev/null; then
	check "ces report counts the answers" "$(sqlite3 "$db" "select count(*) from survey where kind='ces' and answered_at is not null")" "$(json "$tmp/out" 'd["n"]')"
fi
check "nps report" 200 "$(call GET /reports/nps)"
check "nps keys" True "$(json "$tmp/out" 'all(k in d for k in ("n","promoters","passives","detractors","nps","ci_low","ci_high"))')"
check "loyalty report" 200 "$(call GET /reports/loyalty)"
check "loyalty model fitted on the demo" "False high_effort" "$(json "$tmp/out" 'str(d["fallback"]) + " " + d["features"][0]["name"]')"
check "risk list" 200 "$(call GET '/customers?order=risk&limit=3')"
check "risk list is ordered" True "$(json "$tmp/out" 'd["items"][0]["risk"] >= d["items"][1]["risk"] >= d["items"][2]["risk"]')"
check "outreach" 200 "$(call GET '/renewals/outreach?days=30')"

check "effort report" 200 "$(call GET /reports/effort)"
rep_cases=$(json "$tmp/out" 'd["cases"]')
rep_high=$(json "$tmp/out" 'd["high_effort"]["hits"]')
if command -v sqlite3 >/dev/null; then
	check "report counts every case" "$(sqlite3 "$db" 'select count(*) from ticket where merged_into_id is null')" "$rep_cases"
	check "report counts high effort" "$(sqlite3 "$db" "select count(*) from ticket where merged_into_id is null and effort_band = 'high'")" "$rep_high"
fi
check "report by web channel" 200 "$(call GET '/reports/effort?channel=web&from=2020-01-01')"
check "inverted range refused" "400 invalid_range" "$(call GET '/reports/effort?from=2026-02-01&to=2026-01-01') $(json "$tmp/out" 'd["error"]["code"]')"
check "unknown channel refused" "400 channel" "$(direct GET '/reports/effort?channel=pigeon') $(json "$tmp/out" 'd["error"]["field"]')"
check "unknown team is 404" 404 "$(call GET '/reports/effort?team=9999')"
check "bad date refused" 400 "$(call GET '/reports/effort?from=yesterday')"
check "unknown case is JSON 404" "404 case_not_found" "$(call GET /cases/999999) $(json "$tmp/out" 'd["error"]["code"]')"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
audits=$(sqlite3 "$db" "select count(*) from audit where object in ('case/2001','customer/501')" 2>/dev/null || echo skip)
if [ "$audits" != skip ]; then check "audit rows of the tour" 7 "$audits"; fi

: > "$tmp/out"
check "every answer as docs/openapi.yaml says" 0 "$(cat "$tmp/contract" 2>/dev/null | wc -l)"
openapi_proxy_params > "$tmp/params"
check "every query parameter in docs/openapi.yaml" 0 "$(wc -l < "$tmp/params")"
sed 's/^/# /' "$tmp/params"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
