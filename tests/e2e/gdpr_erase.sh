#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: a customer's personal data goes in through every path that
# can carry it, comes out whole in the export, and after the erasure is
# nowhere — not in the live rows, not in SQLite's free space, free pages,
# search index segments, write-ahead log or -shm, not anywhere in the data
# directory — while every figure stays the same.
#
# Every personal text is a fresh random token (ZQXJ-<hex>), written through:
# customer create and update (name three times, e-mail, phone, notes), case
# subjects (create and PATCH), contact bodies (staff API, the customer's own
# login, a transfer's handover note, `loyaldesk import interactions`), a
# customer login account, survey comments (the public API route and the
# public HTML form), follow-up notes, and the outbox (the invitations carry
# the name and the subject). Then: export (zip, customer.json) has them all;
# erase; the database files and the data directory are searched byte for
# byte (case-folded) with the server still running and again after it
# stopped; the effort and loyalty reports are byte-identical before and
# after; `loyaldesk check` finds 0 differences and 0 audit breaks.
#
#   bash tests/e2e/gdpr_erase.sh path/to/loyaldesk
#
# Every API call goes through the validating proxy (lib/openapi_proxy.sh).
# Prints "N passed, M failed"; exits non-zero on any failure. 127.0.0.1 only.
set -u

bin=${1:?usage: gdpr_erase.sh path/to/loyaldesk}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ld_e2e_gdpr.XXXXXX")
data=$tmp/data
mkdir -p "$data"
db=$data/loyaldesk.db
pid=""
passed=0
failed=0
. "$(dirname "$0")/lib/openapi_proxy.sh"
unset LOYALDESK_DB LOYALDESK_CONFIG LOYALDESK_LISTEN LOYALDESK_GDPR_RETENTION
cleanup() {
	openapi_proxy_stop
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${GDPR_KEEP:-}" ] && trap "openapi_proxy_stop; kill \$pid 2>/dev/null" EXIT
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok - $1";
	else failed=$((failed + 1)); echo "not ok - $1: expected '$2', got '$3'"; fi
}
json() { # json FILE PYTHON-EXPR-ON-d
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null
}
. "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"
# A fresh token: ZQXJ- and 12 random hex digits (48 bits: no accidental match).
tok() { python3 -c 'import secrets; print("ZQXJ-" + secrets.token_hex(6).upper())'; }
tokens=()
new() { # new VAR...: each VAR gets a fresh token, remembered in tokens
	local v
	for v in "$@"; do printf -v "$v" '%s' "$(tok)"; tokens+=("${!v}"); done
}

# ---- a desk and its server ----------------------------------------------
"$bin" init --db "$db" > "$tmp/init.log" 2>&1
check "init" 0 $?
"$bin" user add --db "$db" --role admin --email admin@example.com --name Admin \
	--password-stdin <<< 'gdpr-admin-password' > "$tmp/user.log" 2>&1
check "admin account" 0 $?
"$bin" user add --db "$db" --role agent --email agent@example.com --name Agent \
	--password-stdin <<< 'gdpr-agent-password' >> "$tmp/user.log" 2>&1
check "agent account" 0 $?

start_server() {
	port=$(free_port)
	"$bin" serve --db "$db" --listen "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 &
	pid=$!
	base="http://127.0.0.1:$port/api/v1"
	for _ in $(seq 1 600); do curl -s -o /dev/null "$base/health" && break; sleep 0.1; done
}
start_server
openapi_proxy_start "http://127.0.0.1:$port" "$tmp"
check "validating proxy starts" 0 $?
api=$base
[ -n "$OPENAPI_PROXY" ] && api=$OPENAPI_PROXY/api/v1

# call METHOD PATH [BODY] → status; body in $tmp/out (as api_tour.sh).
call() {
	local args=(-s -o "$tmp/out" -D "$tmp/headers" -w '%{http_code}' -X "$1")
	[ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
	[ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
	curl "${args[@]}" "$api$2"
	if [ -n "$OPENAPI_PROXY" ] &&
		! openapi_proxy_verdict "$1" "/api/v1$2" "$tmp/headers" "$tmp/out" > "$tmp/verdict"; then
		echo "$1 $2: $(cat "$tmp/verdict")" >> "$tmp/contract"
		echo "not ok - $1 $2 is not what docs/openapi.yaml says: $(cat "$tmp/verdict")" >&2
	fi
}
login() { # login EMAIL PASSWORD → token
	local saved=${token:-}
	token=""
	call POST /sessions "{\"email\":\"$1\",\"password\":\"$2\"}" > /dev/null
	json "$tmp/out" 'd["token"]'
	token=$saved
}
token=$(login admin@example.com gdpr-admin-password)
check "admin logs in" 64 "${#token}"
agent_token=$(login agent@example.com gdpr-agent-password)

# ---- a bystander, whose data must stay -----------------------------------
check "bystander" 201 "$(call POST /customers '{"name":"Bystander Keep","email":"keep@example.com","consent":true}')"
other=$(json "$tmp/out" 'd["id"]')
check "bystander's case" 201 "$(call POST /cases "{\"customer_id\":$other,\"subject\":\"Keep this subject\",\"channel\":\"web\",\"body\":\"keep this body\"}")"

# ---- the person, through every input path ---------------------------------
new name1 name2 name3 notes1 notes2 mail
phone="+4$(python3 -c 'import secrets; print(secrets.randbelow(9 * 10**10) + 10**10)')"
tokens+=("${phone#+}")
email=$(echo "$mail" | tr 'A-Z' 'a-z')@example.com
check "customer create" 201 "$(call POST /customers "{\"name\":\"Jana $name1\",\"email\":\"$email\",\"phone\":\"$phone\",\"notes\":\"notes $notes1\",\"consent\":true}")"
cid=$(json "$tmp/out" 'd["id"]')
check "customer update 1" 200 "$(call PATCH "/customers/$cid" "{\"name\":\"Jana $name2\"}")"
check "customer update 2" 200 "$(call PATCH "/customers/$cid" "{\"name\":\"Jana $name3\",\"notes\":\"notes $notes2\"}")"

new subj1 subj2 body1 body2 body3 hand
check "case create" 201 "$(call POST /cases "{\"customer_id\":$cid,\"subject\":\"about $subj1\",\"channel\":\"email\",\"body\":\"first $body1\"}")"
case1=$(json "$tmp/out" 'd["id"]')
check "case subject changes" 200 "$(call PATCH "/cases/$case1" "{\"subject\":\"about $subj2\"}")"
check "contact by staff" 201 "$(call POST "/cases/$case1/interactions" "{\"channel\":\"email\",\"direction\":\"out\",\"body\":\"reply $body2\"}")"
agent_id=$(token=$agent_token call GET /sessions/current > /dev/null; json "$tmp/out" 'd["agent"]["id"] if "agent" in d else d["id"]')
check "transfer with a handover note" 200 "$(call POST "/cases/$case1/transfer" "{\"to_agent_id\":$agent_id,\"note\":\"handover $hand\"}")"

new lname lmail
login_email=$(echo "$lmail" | tr 'A-Z' 'a-z')@example.com
check "customer login account" 201 "$(call POST /agents "{\"name\":\"Login $lname\",\"email\":\"$login_email\",\"role\":\"customer\",\"customer_id\":$cid,\"password\":\"gdpr-customer-password\"}")"
login_id=$(json "$tmp/out" 'd["id"]')
customer_token=$(login "$login_email" gdpr-customer-password)
check "customer logs in" 64 "${#customer_token}"
check "contact by the customer's own login" 201 "$(token=$customer_token call POST "/cases/$case1/interactions" "{\"channel\":\"web\",\"body\":\"mine $body3\"}")"
check "case resolved" 200 "$(call PATCH "/cases/$case1" '{"status":"resolved"}')"

new comment1 comment2 note
check "nps survey (outbox invitation)" 201 "$(call POST /surveys "{\"kind\":\"nps\",\"customer_id\":$cid,\"case_id\":$case1}")"
stoken=$(json "$tmp/out" 'd["token"]')
check "outbox holds the invitation" 200 "$(call GET /outbox)"
check "… which names the person and the case" 1 \
	"$(json "$tmp/out" "int(any('$name3' in m['body'] and '$subj2' in m['body'] for m in d['items']))")"
check "survey answered by the public API route" 200 "$(token='' call POST "/surveys/by-token/$stoken" "{\"score\":2,\"comment\":\"said $comment1\"}")"
check "csat survey" 201 "$(call POST /surveys "{\"kind\":\"csat\",\"customer_id\":$cid,\"case_id\":$case1}")"
stoken2=$(json "$tmp/out" 'd["token"]')
status=$(curl -s -o "$tmp/page" -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
	--data-urlencode "score=1" --data-urlencode "comment=wrote $comment2" "${base%/api/v1}/survey/$stoken2")
check "survey answered by the public HTML form" 200 "$status"
check "follow-ups opened" 200 "$(call GET "/followups?customer_id=$cid")"
fid=$(json "$tmp/out" 'd["items"][0]["id"]')
check "follow-up note" 200 "$(call PATCH "/followups/$fid" "{\"status\":\"done\",\"note\":\"called $note\"}")"

new isubj ibody
printf 'case_id,customer_id,channel,direction,at,kind,body,case_subject\n900,%s,phone,in,2024-03-01T10:00:00Z,call,"called %s","imported %s"\n' \
	"$cid" "$ibody" "$isubj" > "$tmp/import.csv"
"$bin" import interactions "$tmp/import.csv" --db "$db" > "$tmp/import.log" 2>&1
check "contact imported by the CLI" 0 $?

# ---- export ----------------------------------------------------------------
# Through the proxy for the contract (status, headers); the bytes straight from
# the server, since the proxy re-encodes a binary body.
check "export" 200 "$(call GET "/customers/$cid/export")"
check "export is a zip" 1 "$(grep -ci '^content-type: application/zip' "$tmp/headers")"
check "export names its file" 1 "$(grep -ci '^content-disposition: attachment' "$tmp/headers")"
curl -s -o "$tmp/export.zip" -H "Authorization: Bearer $token" "$base/customers/$cid/export"
python3 - "$tmp/export.zip" "${tokens[@]}" > "$tmp/export.check" <<'EOF'
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
doc = json.loads(z.read("customer.json"))
text = json.dumps(doc).lower()
missing = [t for t in sys.argv[2:] if t.lower() not in text]
print("names", " ".join(sorted(names)))
print("format", doc["format"], doc["format_version"])
print("cases", len(doc["cases"]), "contacts", sum(len(c["contacts"]) for c in doc["cases"]))
print("missing", len(missing), " ".join(missing))
print("secrets", int("argon2" in text or "password_hash" in text or "digest" in text))
print("accounts", len(doc["accounts"]), "surveys", len(doc["surveys"]),
      "followups", len(doc["followups"]), "messages", len(doc["messages"]),
      "audit", int(len(doc["audit"]) > 0))
EOF
check "export archive layout" "names attachments/ customer.json" "$(grep '^names' "$tmp/export.check")"
check "export format" "format loyaldesk.customer-export 1" "$(grep '^format' "$tmp/export.check")"
check "export has both cases with their contacts" "cases 2 contacts 7" "$(grep '^cases' "$tmp/export.check")"
# Replaced texts (the first two names and notes, the first subject) are not
# kept by the desk, so they are not in the export either.
check "export holds every current text" "missing 4 $(printf '%s\n' "$name1" "$name2" "$notes1" "$subj1" | sort | tr '\n' ' ')" \
	"$(grep '^missing' "$tmp/export.check" | tr ' ' '\n' | tail -n +3 | sort | tr '\n' ' ' | sed 's/^/missing 4 /')"
check "export has no password hash or token digest" "secrets 0" "$(grep '^secrets' "$tmp/export.check")"
check "export has accounts, surveys, follow-ups, messages, audit" \
	"accounts 1 surveys 2 followups 2 messages 3 audit 1" "$(grep '^accounts' "$tmp/export.check")"
check "export is for admins" 403 "$(token=$agent_token call GET "/customers/$cid/export")"
check "export of an unknown customer" 404 "$(call GET "/customers/999999/export")"
"$bin" audit --db "$db" --action customer.export --format json > "$tmp/export.audit"
check "each export is audited" 2 "$(wc -l < "$tmp/export.audit")"

# ---- the figures before -----------------------------------------------------
call GET "/reports/effort?from=2000-01-01" > /dev/null; cp "$tmp/out" "$tmp/effort.before"
call GET /reports/loyalty > /dev/null; cp "$tmp/out" "$tmp/loyalty.before"
call GET "/reports/nps?from=2000-01-01" > /dev/null; cp "$tmp/out" "$tmp/nps.before"

# Raw bytes of every file in the data directory, case-folded (the store
# lower-cases e-mail addresses and the search index folds everything), for
# the whole token and for its random part alone.
residue() {
	python3 - "$data" "${tokens[@]}" <<'EOF'
import os, sys
root, toks = sys.argv[1], sys.argv[2:]
found = []
for dirpath, _, files in os.walk(root):
    for f in files:
        blob = open(os.path.join(dirpath, f), "rb").read().lower()
        for t in toks:
            for needle in {t.lower(), t.lower().split("-")[-1]}:
                if needle.encode() in blob:
                    found.append(f + ":" + t)
print(len(found), " ".join(sorted(set(found))))
EOF
}
check "the texts are in the files before the erasure" 1 "$(residue | awk '{print int($1 > 0)}')"
check "search finds the person before" 1 "$(call GET "/customers?q=$name3" > /dev/null; json "$tmp/out" 'len(d["items"])')"

# ---- erase ------------------------------------------------------------------
check "erase is for admins" 403 "$(token=$agent_token call POST "/customers/$cid/erase" '{}')"
check "erase of an unknown customer" 404 "$(call POST "/customers/999999/erase" '{}')"
check "a reason naming the customer is refused" 400 "$(call POST "/customers/$cid/erase" "{\"reason\":\"asked by Jana $name3\"}")"
check "… with its code" reason_names_customer "$(json "$tmp/out" 'd["error"]["code"]')"
check "erase" 200 "$(call POST "/customers/$cid/erase" '{"reason":"art. 17 request, ticket 4711"}')"
wal=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
check "the write-ahead log was truncated" 0 "$wal"
cp "$tmp/out" "$tmp/erase.json"
check "erase removed the contacts" 5 "$(json "$tmp/erase.json" 'd["removed"]["contacts"]')"
check "erase compacted the files" True "$(json "$tmp/erase.json" 'd["compacted"]')"
check "erase again" 200 "$(call POST "/customers/$cid/erase" '{}')"
check "… is idempotent" "True 0 0" "$(json "$tmp/out" 'str(d["already_erased"]) + " " + str(d["removed"]["contacts"]) + " " + str(d["removed"]["audit_details"])')"
check "erased record" 200 "$(call GET "/customers/$cid")"
check "… has a placeholder name" "erased customer #$cid   None" \
	"$(json "$tmp/out" 'd["name"] + " " + str(d["email"]) + " " + str(d["phone"]) + " " + str(d["notes"])')"
check "an erased record cannot be written again" 409 "$(call PATCH "/customers/$cid" '{"name":"Back again"}')"
check "search finds nothing" 0 "$(call GET "/customers?q=$name3" > /dev/null; json "$tmp/out" 'len(d["items"])')"
check "the login is gone" 401 "$(token='' call POST /sessions "{\"email\":\"$login_email\",\"password\":\"gdpr-customer-password\"}")"
check "its session is gone" 401 "$(token=$customer_token call GET /sessions/current)"
check "the bystander stays" "Bystander Keep" "$(call GET "/customers/$other" > /dev/null; json "$tmp/out" 'd["name"]')"
check "no survey for an erased customer" 409 "$(call POST /surveys "{\"kind\":\"nps\",\"customer_id\":$cid}")"

call GET "/reports/effort?from=2000-01-01" > /dev/null; cp "$tmp/out" "$tmp/effort.after"
call GET /reports/loyalty > /dev/null; cp "$tmp/out" "$tmp/loyalty.after"
call GET "/reports/nps?from=2000-01-01" > /dev/null; cp "$tmp/out" "$tmp/nps.after"
check "effort report byte-identical" 0 "$(cmp -s "$tmp/effort.before" "$tmp/effort.after"; echo $?)"
check "loyalty report byte-identical" 0 "$(cmp -s "$tmp/loyalty.before" "$tmp/loyalty.after"; echo $?)"
check "nps report byte-identical" 0 "$(cmp -s "$tmp/nps.before" "$tmp/nps.after"; echo $?)"

# ---- residue ----------------------------------------------------------------
check "no trace while the server runs" "0 " "$(residue)"
check "the bystander's texts are still there" 1 "$(python3 -c "import sys; print(int(b'keep this body' in open(sys.argv[1],'rb').read()))" "$db")"
kill "$pid"
wait "$pid" 2>/dev/null
pid=""
check "no trace after the server stopped" "0 " "$(residue)"

"$bin" check --db "$db" > "$tmp/check.log" 2>&1
check "check passes" 0 $?
check "check: 0 differences" 1 "$(grep -c ': 0 differences' "$tmp/check.log")"
check "check: the audit chain verifies" 1 "$(grep -c ' 0 breaks' "$tmp/check.log")"
"$bin" audit --db "$db" --action customer.erase --format json > "$tmp/erase.audit"
check "erasures are audited without personal data" "2 0" \
	"$(echo "$(wc -l < "$tmp/erase.audit") $(grep -ci zqxj "$tmp/erase.audit")")"

# ---- the CLI ----------------------------------------------------------------
"$bin" gdpr export --customer "$cid" --out "$tmp/cli.zip" --db "$db" > /dev/null 2>&1
check "gdpr export on the CLI" 0 $?
check "… holds nothing of the person any more" 0 \
	"$(python3 -c "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.read('customer.json').lower().count(b'zqxj'))" "$tmp/cli.zip")"
"$bin" gdpr erase --customer "$other" --db "$db" < /dev/null > /dev/null 2>&1
check "gdpr erase without --yes and no terminal refuses" 1 $?
"$bin" gdpr erase --customer "$other" --yes --db "$db" > "$tmp/erase.cli" 2>&1
check "gdpr erase --yes" 0 $?
check "… prints what it removed" 1 "$(grep -c '^contacts: 1$' "$tmp/erase.cli")"
check "… and that it compacted" 1 "$(grep -c '^compacted: yes$' "$tmp/erase.cli")"
check "nothing of the bystander after the CLI erasure" 0 "$(grep -ac 'keep this body' "$db")"

if [ -n "$OPENAPI_PROXY" ]; then
	check "every answer is what docs/openapi.yaml says" 0 "$(cat "$tmp/contract" 2>/dev/null | wc -l)"
	openapi_proxy_params > "$tmp/params" 2>&1
	check "every query parameter is documented" 0 $?
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
