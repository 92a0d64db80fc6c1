#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Webhooks end to end, through the validating proxy (lib/openapi_proxy.sh),
# against a real receiver on 127.0.0.1 (lib/hook_sink.py): an admin
# configures an endpoint and gets its secret once; a case opened, a contact
# added, a status changed and a survey answered arrive as signed envelopes
# the receiver verifies (HMAC-SHA256 of "t.body" under the secret), in order;
# a receiver failing with 500 is retried with back-off and the delivery log
# shows each attempt; an endpoint turned off is sent nothing; bad input is a
# clear 400; only admins manage them.
. "$(dirname "$0")/lib/api_harness.sh"

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
for who in admin:admin boss:manager; do
	printf 'correct horse battery\n' | "$bin" user add --db "$db" --email "${who%%:*}@example.com" \
		--name "${who%%:*}" --role "${who##*:}" --password-stdin > /dev/null 2>&1
done
api_serve "$db"

login() { token=""; call POST /sessions "{\"email\":\"$1\",\"password\":\"correct horse battery\"}" > /dev/null; json "$tmp/out" 'd["token"]'; }
# hooks_wait N: waits (≤ 30 s) until the receiver holds N requests
hooks_wait() {
	for _ in $(seq 1 300); do
		[ "$(find "$tmp/sink" -name '*.json' 2>/dev/null | wc -l)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

admin=$(login admin@example.com)
boss=$(login boss@example.com)
token=$boss
check "a manager may not" 403 "$(call POST /webhooks '{"url":"http://127.0.0.1:1/x","events":["case.created"]}')"
token=$admin
check "not a web link" 400 "$(direct POST /webhooks '{"url":"file:///etc/passwd","events":["case.created"]}')"
check "is invalid_url" invalid_url "$(json "$tmp/out" 'd["error"]["code"]')"
check "an unknown event" 400 "$(direct POST /webhooks '{"url":"http://127.0.0.1:1/x","events":["case.deleted"]}')"
check "no event" 400 "$(direct POST /webhooks '{"url":"http://127.0.0.1:1/x","events":[]}')"

hport=$(free_port)
check "endpoint" 201 "$(call POST /webhooks "{\"url\":\"http://127.0.0.1:$hport/desk\",\"events\":[\"case.created\",\"case.updated\",\"interaction.created\",\"survey.answered\"],\"description\":\"CRM\"}")"
hook=$(json "$tmp/out" 'd["id"]')
secret=$(json "$tmp/out" 'd["secret"]')
check "its secret, once" 64 "${#secret}"
check "not shown again" 200 "$(call GET "/webhooks/$hook")"
check "no secret in a read" False "$(json "$tmp/out" '"secret" in d')"
python3 "$(dirname "$0")/lib/hook_sink.py" "$hport" "$tmp/sink" "$secret" 200 200 500 > "$tmp/sink.log" 2>&1 &
api_stop_later $!
for _ in $(seq 1 100); do [ -f "$tmp/sink/ready" ] && break; sleep 0.1; done

check "customer" 201 "$(call POST /customers '{"name":"Jana Dvořáková","email":"jana@example.cz","language":"cs"}')"
cust=$(json "$tmp/out" 'd["id"]')
check "a case" 201 "$(call POST /cases "{\"customer_id\":$cust,\"subject\":\"Čerpadlo nefunguje\",\"channel\":\"web\",\"body\":\"Nefunguje.\"}")"
case_id=$(json "$tmp/out" 'd["id"]')
hooks_wait 2
check "case.created, then its first contact" "case.created interaction.created" \
	"$(for f in "$tmp"/sink/000.json "$tmp"/sink/001.json; do json "$f" 'd["event"]'; done | xargs)"
check "signed with the secret" "True True" \
	"$(for f in "$tmp"/sink/000.json "$tmp"/sink/001.json; do json "$f" 'd["verified"]'; done | xargs)"
check "the envelope" "case.created $case_id 1 application/json" \
	"$(json "$tmp/sink/000.json" '" ".join(str(x) for x in [d["body"]["event"], d["body"]["data"]["case"]["id"], d["body"]["attempt"], d["content_type"]])')"
check "no customer text in it" False "$(json "$tmp/sink/000.json" '"Čerpadlo" in json.dumps(d["body"], ensure_ascii=False)')"

# a status change is a status contact and a case update; the receiver
# fails the first of them (500): it is tried again 30 s later
check "status change" 200 "$(call PATCH "/cases/$case_id" '{"status":"pending"}')"
hooks_wait 4
check "case.updated names what changed" "status pending" \
	"$(python3 -c 'import json,sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    if d["event"] == "case.updated":
        print(",".join(d["body"]["data"]["changed"]), d["body"]["data"]["case"]["status"])' "$tmp"/sink/00[23].json)"
check "the third request was answered 500" 500 "$(json "$tmp/sink/002.json" 'd["status"]')"
sleep 1
check "the log" 200 "$(call GET "/webhooks/$hook/deliveries?limit=10")"
check "one pending after HTTP 500, the rest delivered" "delivered delivered pending delivered HTTP 500" \
	"$(json "$tmp/out" '" ".join([i["status"] for i in d["items"]] + [d["items"][2]["last_error"]])')"
check "tried again in 30 s" 30 "$(json "$tmp/out" 'int(__import__("datetime").datetime.fromisoformat(d["items"][2]["next_attempt_at"].replace("Z","+00:00")).timestamp() - __import__("datetime").datetime.fromisoformat(d["items"][2]["last_attempt_at"].replace("Z","+00:00")).timestamp())')"

# turned off: nothing is sent; ping while on is
check "turn it off" 200 "$(call PATCH "/webhooks/$hook" '{"active":false}')"
check "off" False "$(json "$tmp/out" 'd["active"]')"
check "a contact while off" 201 "$(call POST "/cases/$case_id/interactions" '{"channel":"phone","direction":"in","body":"Volám kvůli čerpadlu."}')"
sleep 3
check "nothing arrived" 4 "$(find "$tmp/sink" -name '*.json' | wc -l)"
check "turn it on" 200 "$(call PATCH "/webhooks/$hook" '{"active":true}')"
check "ping" 202 "$(call POST "/webhooks/$hook/ping" '{}')"
hooks_wait 5
check "the ping arrives, signed" "ping True" "$(json "$tmp/sink/004.json" 'd["event"] + " " + str(d["verified"])')"
check "the log keeps every delivery" 200 "$(call GET "/webhooks/$hook/deliveries")"
check "five of them" 5 "$(json "$tmp/out" 'len(d["items"])')"
check "remove" 204 "$(call DELETE "/webhooks/$hook")"
check "gone" 404 "$(call GET "/webhooks/$hook")"
check "its log too" 404 "$(call GET "/webhooks/$hook/deliveries")"

api_finish
