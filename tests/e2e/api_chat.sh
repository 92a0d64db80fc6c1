#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Live chat end to end against a real `serve`, through the validating proxy
# (lib/openapi_proxy.sh) for the JSON calls and straight to the server for
# the event streams: a visitor begins a chat through a widget with its bot
# on; an agent on the live feed sees it arrive and answers; the visitor's
# own stream carries the answer; the visitor closes; the transcript is one
# chat contact on the customer's case, with the agent's first answer as the
# case's first response; a message after the close is refused; a returning
# visitor with the same e-mail joins the same customer; a chat nobody
# answered but the bot closes after [chat] idle_timeout as a contact with a
# robot only; bad input gets clear answers; the widget's page only embeds
# in its own site.
. "$(dirname "$0")/lib/api_harness.sh"

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email eva@example.com \
	--name "Eva Nováková" --role agent --password-stdin > /dev/null 2>&1
"$bin" chat widget add Shop --bot --origin https://shop.example --db "$db" > "$tmp/widget" 2>&1
check "chat widget add" 0 $?
key=$(sed -n 's/^key: //p' "$tmp/widget")
check "the widget has a public key" 24 "${#key}"
grep -q "data-widget=\"$key\"" "$tmp/widget"
check "add prints the script tag" 0 $?
api_serve "$db" LOYALDESK_CHAT_IDLE_TIMEOUT=4

token=""
check "agent login" 201 "$(call POST /sessions '{"email":"eva@example.com","password":"correct horse battery"}')"
eva=$(json "$tmp/out" 'd["token"]')

# The agents' feed, from now.
curl -sN -H "Authorization: Bearer $eva" "$base/chats/events" > "$tmp/feed" &
api_stop_later $!
sleep 0.3

check "a visitor begins a chat" 201 "$(call POST /chats "{\"widget\":\"$key\",\"message\":\"Můj balík nedorazil\",\"name\":\"Jana\",\"email\":\"Jana@Example.cz\",\"language\":\"cs\",\"page\":\"https://shop.example/orders\"}")"
visitor=$(json "$tmp/out" 'd["token"]')
chat=$(json "$tmp/out" 'd["chat"]["id"]')
check "the chat waits" waiting "$(json "$tmp/out" 'd["chat"]["state"]')"
check "the bot answers first, in Czech" "bot True" "$(json "$tmp/out" 'd["messages"][1]["author"] + " " + str(d["messages"][1]["body"].startswith("Děkujeme"))')"
check "the visitor sees no desk fields" None "$(json "$tmp/out" 'd["chat"].get("customer_id")')"

curl -sN "$base/chat/$visitor/events" > "$tmp/visitor" &
api_stop_later $!
for _ in $(seq 1 50); do grep -q "Můj balík" "$tmp/feed" && break; sleep 0.1; done
grep -q "Můj balík nedorazil" "$tmp/feed"
check "the agent's feed shows the new chat at once" 0 $?

token=$eva
check "the agent answers" 201 "$(call POST "/chats/$chat/messages" '{"body":"Dobrý den, hned to prověřím."}')"
check "answering takes the chat" active "$(call GET "/chats/$chat" > /dev/null; json "$tmp/out" 'd["chat"]["state"]')"
check "the chat names its customer" "jana@example.cz" "$(json "$tmp/out" 'd["chat"]["visitor_email"]')"
customer=$(json "$tmp/out" 'd["chat"]["customer_id"]')
for _ in $(seq 1 50); do grep -q "hned to prověřím" "$tmp/visitor" && break; sleep 0.1; done
grep -q "hned to prověřím" "$tmp/visitor"
check "the visitor's stream carries the answer" 0 $?
grep -q "se připojil(a) k chatu" "$tmp/visitor"
check "the visitor is told who joined, in Czech" 0 $?

token=""
check "the visitor writes" 201 "$(call POST "/chat/$visitor/messages" '{"body":"Děkuji, číslo objednávky 4711."}')"
check "an empty message" 400 "$(call POST "/chat/$visitor/messages" '{"body":"   "}')"
check "… says why" missing_field "$(json "$tmp/out" 'd["error"]["code"]')"
long=$(python3 -c 'print("x" * 4001)')
check "a message over 4000 bytes" 400 "$(direct POST "/chat/$visitor/messages" "{\"body\":\"$long\"}")"
check "… is too long" too_long "$(json "$tmp/out" 'd["error"]["code"]')"
check "a control character" 400 "$(call POST "/chat/$visitor/messages" '{"body":"a\u0007b"}')"
check "a token that opens no chat" 404 "$(call GET "/chat/$(printf '0%.0s' $(seq 1 64))")"
check "the visitor closes" 200 "$(call POST "/chat/$visitor/close" '{}')"
check "… by the visitor" visitor "$(json "$tmp/out" 'd["chat"]["close_reason"]')"
check "a message after the close" 409 "$(call POST "/chat/$visitor/messages" '{"body":"Ještě něco"}')"
check "… is refused clearly" chat_closed "$(json "$tmp/out" 'd["error"]["code"]')"
check "closing twice" 409 "$(call POST "/chat/$visitor/close" '{}')"
for _ in $(seq 1 50); do grep -q "event: closed" "$tmp/visitor" && break; sleep 0.1; done
grep -q "event: closed" "$tmp/visitor"
check "the visitor's stream ends with closed" 0 $?
last=$(grep '^id: ' "$tmp/visitor" | sed -n '2p' | cut -d' ' -f2)
curl -s --max-time 5 -H "Last-Event-ID: $last" "$base/chat/$visitor/events" > "$tmp/again"
check "a reconnection resumes after Last-Event-ID" "$(grep -c '^id: ' "$tmp/visitor")" "$(( $(grep -c '^id: ' "$tmp/again") + 2 ))"
curl -s --max-time 5 "$base/chat/$visitor/events?after=0" > "$tmp/all"
check "?after=0 replays the whole chat" "$(grep -c '^id: ' "$tmp/visitor")" "$(grep -c '^id: ' "$tmp/all")"
check "a bad Last-Event-ID" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Last-Event-ID: x' "$base/chat/$visitor/events")"

token=$eva
call GET "/chats/$chat" > /dev/null
case_id=$(json "$tmp/out" 'd["chat"]["case_id"]')
check "the closed chat is on a case" 1 "$([ -n "$case_id" ] && [ "$case_id" != None ] && echo 1)"
check "the case's contacts" 200 "$(call GET "/cases/$case_id/interactions")"
check "one chat contact carries the transcript" "chat in 1" "$(json "$tmp/out" '" ".join([d["items"][0]["channel"], d["items"][0]["direction"], str(int("číslo objednávky 4711" in d["items"][0]["body"]))])')"
check "the agent's first answer is the desk's reply" "out Dobrý den, hned to prověřím." "$(json "$tmp/out" 'd["items"][1]["direction"] + " " + d["items"][1]["body"]')"
check "the case" 200 "$(call GET "/cases/$case_id")"
check "… was answered (first response)" 1 "$(json "$tmp/out" 'int(d.get("first_response_at") is not None)')"
check "… counts one contact, not four" 1 "$(json "$tmp/out" 'd["effort"]["contacts"]')"

# A returning visitor: the same address joins the same customer.
token=""
check "the visitor comes back" 201 "$(call POST /chats "{\"widget\":\"$key\",\"message\":\"Zase já\",\"email\":\"jana@example.cz\"}")"
again=$(json "$tmp/out" 'd["token"]')
chat2=$(json "$tmp/out" 'd["chat"]["id"]')
token=$eva
call GET "/chats/$chat2" > /dev/null
check "… and is the same customer" "$customer" "$(json "$tmp/out" 'd["chat"]["customer_id"]')"

# Nobody answers but the bot: closed after the idle time, a robot-only contact.
for _ in $(seq 1 150); do
	call GET "/chats/$chat2" > /dev/null
	[ "$(json "$tmp/out" 'd["chat"]["state"]')" = closed ] && break
	sleep 0.1
done
check "a quiet chat is closed" "closed idle" "$(json "$tmp/out" 'd["chat"]["state"] + " " + d["chat"]["close_reason"]')"
iid=$(json "$tmp/out" 'd["chat"]["interaction_id"]')
case2=$(json "$tmp/out" 'd["chat"]["case_id"]')
check "… on the customer's open case" "$case_id" "$case2"
call GET "/cases/$case2/interactions" > /dev/null
check "… as a contact with the bot only" bot "$(json "$tmp/out" '[i["channel"] for i in d["items"] if i["id"] == '"$iid"'][0]')"
token=""
check "… and the visitor can write no more" 409 "$(call POST "/chat/$again/messages" '{"body":"Haló?"}')"

# Bad input at the start (what the document forbids goes straight to the server).
check "an unknown widget" 404 "$(call POST /chats '{"widget":"ffffffffffffffffffffffff","message":"Hi"}')"
check "no message" 400 "$(direct POST /chats "{\"widget\":\"$key\"}")"
check "a bad e-mail" 400 "$(call POST /chats "{\"widget\":\"$key\",\"message\":\"Hi\",\"email\":\"nope\"}")"
check "… says why" invalid_email "$(json "$tmp/out" 'd["error"]["code"]')"
check "an unknown field" 400 "$(direct POST /chats "{\"widget\":\"$key\",\"message\":\"Hi\",\"x\":1}")"

# Staff only on the agent's side.
check "the list needs an account" 401 "$(direct GET /chats)"

# The widget's files and page.
code=$(curl -s -o "$tmp/w.js" -w '%{http_code}' "$base/../../chat/widget.js")
check "widget.js" 200 "$code"
grep -q "data-widget" "$tmp/w.js"
check "… is the loader" 0 $?
code=$(curl -s -D "$tmp/fh" -o /dev/null -w '%{http_code}' "$base/../../chat/frame?widget=$key&lang=cs")
check "the chat page" 200 "$code"
grep -qi "frame-ancestors https://shop.example" "$tmp/fh"
check "… embeds only in the widget's site" 0 $?
check "the page of an unknown widget" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$base/../../chat/frame?widget=ffffffffffffffffffffffff")"

# Out of service: since when it was taken out, and no new chat begins.
token=""
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email root@example.com \
	--name Root --role admin --password-stdin > /dev/null 2>&1
call POST /sessions '{"email":"root@example.com","password":"correct horse battery"}' > /dev/null
token=$(json "$tmp/out" 'd["token"]')
check "the widgets" 200 "$(call GET /chat-widgets)"
wid=$(json "$tmp/out" 'd["items"][0]["id"]')
check "taken out of service" 200 "$(call PATCH "/chat-widgets/$wid" '{"active":false}')"
check "… since now, not 1970" 1 "$(json "$tmp/out" 'int(d["disabled_at"] >= "2020")')"
since=$(json "$tmp/out" 'd["disabled_at"]')
check "… once" 200 "$(call PATCH "/chat-widgets/$wid" '{"active":false}')"
check "… keeps the first time" "$since" "$(json "$tmp/out" 'd["disabled_at"]')"
token=""
check "no chat begins through it" 404 "$(call POST /chats "{\"widget\":\"$key\",\"message\":\"Hi\"}")"

api_finish
