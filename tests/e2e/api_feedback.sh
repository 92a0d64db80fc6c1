#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Claims and compliments end to end, through the validating proxy
# (lib/openapi_proxy.sh): an agent files a claim a customer phoned in about
# the billing department — a complaint case in Billing's queue with her words
# as its first contact — which cannot be resolved before she had an answer,
# and reads open → answered → resolved; a compliment for an agent is credited
# to the agent's team and opens no case; the customer files her own in the
# portal; a visitor with no account uses the public form, becomes a customer
# by her address, and is held back after five forms; lists filter by subject
# without diacritics, by target and by period; a manager credits, an agent
# may not; the counts per team and agent; bad input refused with nothing
# kept; an erasure blanks the words and keeps the count.
. "$(dirname "$0")/lib/api_harness.sh"

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
check "init" 0 $?
pw='correct horse battery'
add_user() { printf '%s\n' "$pw" | "$bin" user add --db "$db" --password-stdin "$@" > /dev/null 2>&1; }
api_serve "$db"
login() { token=""; call POST /sessions "{\"email\":\"$1\",\"password\":\"$pw\"}" > /dev/null; json "$tmp/out" 'd["token"]'; }

add_user --email boss@example.com --name Boss --role manager
token=$(login boss@example.com)
staff=$token
check "billing" 201 "$(call POST /teams '{"name":"Billing"}')"
billing=$(json "$tmp/out" 'd["id"]')
check "support" 201 "$(call POST /teams '{"name":"Support"}')"
support=$(json "$tmp/out" 'd["id"]')
add_user --email jan@example.com --name "Jan Novák" --role agent --team "$billing"
add_user --email eva@example.com --name "Eva Malá" --role agent --team "$support"
check "the agents" 200 "$(call GET '/agents?limit=10')"
jan=$(json "$tmp/out" '[a["id"] for a in d["items"] if a["email"]=="jan@example.com"][0]')
eva=$(json "$tmp/out" '[a["id"] for a in d["items"] if a["email"]=="eva@example.com"][0]')
check "a branch" 201 "$(call POST /facilities '{"name":"Praha 1","tz":"Europe/Prague","hours":"mon-fri 08:00-17:00"}')"
branch=$(json "$tmp/out" 'd["id"]')
check "a customer" 201 "$(call POST /customers '{"name":"Jana Dvořáková","email":"jana@example.cz","language":"cs"}')"
cust=$(json "$tmp/out" 'd["id"]')
add_user --email jana@example.cz --name "Jana Dvořáková" --role customer --customer "$cust"

# ---- a claim by phone, taken by an agent ----
token=$(login jan@example.com)
agent=$token
check "the claim" 201 "$(call POST /claims "{\"customer_id\":$cust,\"subject\":\"Účet stržen dvakrát\",\"text\":\"Platba prošla dvakrát.\",\"team_id\":$billing}")"
claim=$(json "$tmp/out" 'd["id"]')
case_id=$(json "$tmp/out" 'd["case_id"]')
check "open, by the agent, in her language" "open agent cs $jan" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["state"], d["source"], d["language"], d["filed_by"]])')"
check "Location" 1 "$(grep -ci "^location: /api/v1/claims/$claim" "$tmp/headers")"
check "its case" 200 "$(call GET "/cases/$case_id")"
check "a complaint in Billing's queue" "complaint $billing" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["category"], d["team_id"]])')"
check "her words are its first contact, by phone" "Platba prošla dvakrát. phone" \
	"$(call GET "/cases/$case_id/interactions" > /dev/null; json "$tmp/out" 'd["items"][0]["body"] + " " + d["items"][0]["channel"]')"
check "not resolved in silence" 409 "$(call PATCH "/cases/$case_id" '{"status":"resolved"}')"
check "named" claim_unanswered "$(json "$tmp/out" 'd["error"]["code"]')"
check "the answer" 201 "$(call POST "/cases/$case_id/interactions" '{"channel":"phone","direction":"out","body":"Druhou platbu vracíme."}')"
check "answered" answered "$(call GET "/claims/$claim" > /dev/null; json "$tmp/out" 'd["state"]')"
check "resolved now" 200 "$(call PATCH "/cases/$case_id" '{"status":"resolved"}')"
check "the claim is resolved, in time" "resolved False" \
	"$(call GET "/claims/$claim" > /dev/null; json "$tmp/out" 'd["state"] + " " + str(d["overdue"])')"

# ---- a compliment ----
check "a compliment for Eva" 201 "$(call POST /compliments "{\"customer_id\":$cust,\"subject\":\"Skvělá paní na pobočce\",\"text\":\"Paní Malá mi vše vysvětlila.\",\"agent_id\":$eva,\"facility_id\":$branch,\"channel\":\"visit\"}")"
compliment=$(json "$tmp/out" 'd["id"]')
check "credited to her team, no case" "$support None" "$(json "$tmp/out" 'str(d["team_id"]) + " " + str(d["case_id"])')"
check "her words kept" "Paní Malá mi vše vysvětlila." "$(json "$tmp/out" 'd["text"]')"
check "the customer still has one case" 1 "$(call GET "/cases?customer_id=$cust" > /dev/null; json "$tmp/out" 'len(d["items"])')"
check "an agent may not move the praise" 403 "$(direct PATCH "/compliments/$compliment" "{\"agent_id\":$jan}")"

# ---- the portal ----
token=$(login jana@example.cz)
check "her own claim" 201 "$(call POST /claims "{\"subject\":\"Nikdo mi neodpověděl\",\"text\":\"Psala jsem třikrát.\",\"facility_id\":$branch}")"
check "from the portal, on the web" portal "$(json "$tmp/out" 'd["source"]')"
check "not for someone else" 404 "$(direct POST /claims "{\"customer_id\":$((cust + 1)),\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing}")"
check "she sees her own" 2 "$(call GET /claims > /dev/null; json "$tmp/out" 'len(d["items"])')"

# ---- the public form ----
token=""
check "the form" 201 "$(call POST /compliments "{\"name\":\"Petra Nová\",\"email\":\"Petra@Example.com\",\"subject\":\"Díky\",\"text\":\"Rychlé vyřízení.\",\"team_id\":$support,\"language\":\"cs\"}")"
check "from the form, a new customer" "form True" "$(json "$tmp/out" 'd["source"] + " " + str(d["customer_id"] != '"$cust"')')"
check "the form names no customer id" 403 "$(direct POST /claims "{\"customer_id\":$cust,\"email\":\"x@example.com\",\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing}")"
check "nor reaches into her cases" 403 "$(call POST /claims "{\"email\":\"jana@example.cz\",\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing,\"case_id\":$case_id}")"
check "nor goes without an address" 400 "$(call POST /claims "{\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing}")"
check "nor about nobody" 400 "$(call POST /compliments '{"email":"x@example.com","subject":"x","text":"y"}')"
check "target_required" target_required "$(json "$tmp/out" 'd["error"]["code"]')"
last=201
for i in 1 2 3 4 5 6; do
	last=$(call POST /compliments "{\"email\":\"many@example.com\",\"subject\":\"Díky $i\",\"text\":\"ok\",\"team_id\":$support}")
	[ "$last" = 429 ] && break
done
check "held back after five forms" 429 "$last"
check "with Retry-After" 1 "$(grep -ci '^retry-after: [1-9]' "$tmp/headers")"

# ---- lists ----
token=$staff
check "by subject, without diacritics" "$claim" "$(call GET '/claims?subject=UCET%20STRZEN' > /dev/null; json "$tmp/out" '" ".join(str(x["id"]) for x in d["items"])')"
check "by branch" 1 "$(call GET "/claims?facility_id=$branch" > /dev/null; json "$tmp/out" 'len(d["items"])')"
check "by agent" "$compliment" "$(call GET "/compliments?agent_id=$eva" > /dev/null; json "$tmp/out" '" ".join(str(x["id"]) for x in d["items"])')"
check "by period" 0 "$(call GET '/claims?from=2030-01-01' > /dev/null; json "$tmp/out" 'len(d["items"])')"
check "by a customer" 2 "$(call GET "/claims?customer_id=$cust" > /dev/null; json "$tmp/out" 'len(d["items"])')"
check "a claim is no compliment" 404 "$(call GET "/compliments/$claim")"

# ---- crediting and the counts ----
check "a manager credits Jan" 200 "$(call PATCH "/compliments/$compliment" "{\"agent_id\":$jan,\"team_id\":null}")"
check "and his team" "$jan $billing" "$(json "$tmp/out" 'str(d["agent_id"]) + " " + str(d["team_id"])')"
check "per team" 200 "$(call GET /reports/feedback)"
check "billing: one claim resolved, one compliment" "1 1 1" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [[i for i in d["items"] if i["team_id"]=='"$billing"'][0][k] for k in ["claims","claims_resolved","compliments"]])')"
check "in all: two claims, one open" "2 1" "$(json "$tmp/out" 'str(d["total"]["claims"]) + " " + str(d["total"]["claims_open"])')"
check "per agent" 200 "$(call GET '/reports/feedback?by=agent')"
check "Jan's compliment" 1 "$(json "$tmp/out" '[i for i in d["items"] if i["agent_id"]=='"$jan"'][0]["compliments"]')"
check "per branch" 200 "$(call GET '/reports/feedback?by=facility&from=2020-01-01&to=2030-12-31')"
check "an agent may not count" 403 "$(token=$agent call GET /reports/feedback)"
check "an unknown grouping" 400 "$(direct GET '/reports/feedback?by=planet')"

# ---- bad input: refused, nothing kept ----
before=$(sqlite3 "$db" 'select count(*) from feedback')
check "an unknown field" 400 "$(direct POST /claims "{\"customer_id\":$cust,\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing,\"urgent\":true}")"
check "a subject of two lines" 400 "$(call POST /claims "{\"customer_id\":$cust,\"subject\":\"a\\nb\",\"text\":\"y\",\"team_id\":$billing}")"
check "a NUL in the subject" 400 "$(call POST /claims "{\"customer_id\":$cust,\"subject\":\"a\\u0000b\",\"text\":\"y\",\"team_id\":$billing}")"
check "an unknown team" 404 "$(call POST /claims "{\"customer_id\":$cust,\"subject\":\"x\",\"text\":\"y\",\"team_id\":999}")"
check "a bot channel" 400 "$(call POST /claims "{\"customer_id\":$cust,\"subject\":\"x\",\"text\":\"y\",\"team_id\":$billing,\"channel\":\"bot\"}")"
long=$(head -c 4001 /dev/zero | tr '\0' a)
check "a compliment too long" 400 "$(call POST /compliments "{\"customer_id\":$cust,\"subject\":\"x\",\"text\":\"$long\",\"team_id\":$billing}")"
check "not JSON" 400 "$(call POST /claims '{"subject":')"
check "nothing kept" "$before" "$(sqlite3 "$db" 'select count(*) from feedback')"

# ---- by mail: a new thread to the claims address is a claim, to the compliments address a compliment ----
mail() { # mail TO MESSAGE-ID SUBJECT BODY
	printf 'From: =?UTF-8?Q?Old=C5=99ich_Kr=C3=A1l?= <oldrich@example.cz>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n%s\r\n' "$1" "$3" "$2" "$4" |
		LOYALDESK_MAIL_CLAIMS_ADDRESS='Reklamace <reklamace@desk.example>' \
		LOYALDESK_MAIL_COMPLIMENTS_ADDRESS=pochvaly@desk.example \
		"$bin" mailgate --db "$db" --team "$billing" --sender oldrich@example.cz --recipient "$1"
}
out=$(mail Reklamace@Desk.example c1@example.cz "Rozbitý kotel" "Kotel po opravě nefunguje.")
check "mail to the claims address" 0 $?
check "is a new case and a claim" 1 "$(printf '%s\n' "$out" | grep -c '^claim=')"
mclaim=$(printf '%s\n' "$out" | sed -n 's/^claim=//p')
check "from e-mail, in Billing's queue, about Billing" "email $billing" \
	"$(call GET "/claims/$mclaim" > /dev/null; json "$tmp/out" 'd["source"] + " " + str(d["team_id"])')"
mcase=$(json "$tmp/out" 'd["case_id"]')
check "its case a complaint, the mail its first contact" "complaint" \
	"$(call GET "/cases/$mcase" > /dev/null; json "$tmp/out" 'd["category"]')"
out=$(mail reklamace@desk.example c1@example.cz "Rozbitý kotel" "Kotel po opravě nefunguje.")
check "delivered twice, filed once" duplicate "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
check "one claim by mail" 1 "$(call GET "/claims?case_id=$mcase" > /dev/null; json "$tmp/out" 'len(d["items"])')"
out=$(mail pochvaly@desk.example p1@example.cz "Děkuji technikovi" "Pan technik byl vstřícný a rychlý.")
check "mail to the compliments address" compliment "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
mcomp=$(printf '%s\n' "$out" | sed -n 's/^compliment=//p')
check "a compliment with its words, no case, named later" "email Pan technik byl vstřícný a rychlý. None" \
	"$(call GET "/compliments/$mcomp" > /dev/null; json "$tmp/out" 'd["source"] + " " + d["text"] + " " + str(d["case_id"])')"
out=$(mail pochvaly@desk.example p1@example.cz "Děkuji technikovi" "Pan technik byl vstřícný a rychlý.")
check "again: no second compliment" duplicate "$(printf '%s\n' "$out" | head -1 | cut -d' ' -f1)"
out=$(mail podpora@desk.example d1@example.cz "Dotaz" "Kdy přijedete?")
check "mail to the desk is neither" 0 "$(printf '%s\n' "$out" | grep -c '^claim=\|^compliment=')"

# ---- erasure: the words go, the count stays ----
"$bin" gdpr erase --customer "$cust" --yes --db "$db" > /dev/null 2>&1
check "erased" 0 $?
check "her claim's subject is blank" "" "$(call GET "/claims/$claim" > /dev/null; json "$tmp/out" 'd["subject"]')"
check "the compliment's words too" "" "$(call GET "/compliments/$compliment" > /dev/null; json "$tmp/out" 'd["text"]')"
check "still counted (and the one by mail)" 3 "$(call GET /reports/feedback > /dev/null; json "$tmp/out" 'd["total"]["claims"]')"

api_finish
