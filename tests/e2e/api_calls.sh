#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Phone (CTI) end to end, through the validating proxy (lib/openapi_proxy.sh):
# a telephone system with an integration token made by `loyaldesk
# integration add` reports a call as Asterisk's dialplan would (ringing,
# answered, ended, with the caller's number as the carrier gives it, the
# agent's login, the IVR path and the recording link). Ringing answers the
# screen pop — the customer whose number was typed in as "603 123 456" and
# their open case; the ended call is a phone contact with its talk time on
# that case, counted as a channel switch after the customer's e-mail. A
# caller nobody knows gets a case of their own; a call that only met the IVR
# is a contact with a robot. Refused, clearly and audited: an event for a call
# that never rang, the end of an ended call, an account's token, a revoked
# token, malformed bodies. Staff read the calls.
. "$(dirname "$0")/lib/api_harness.sh"

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
check "init" 0 $?
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email boss@example.com \
	--name Boss --role manager --password-stdin > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email jan@example.com \
	--name "Jan Novák" --role agent --password-stdin > /dev/null 2>&1
"$bin" integration add "Asterisk Praha" --db "$db" > "$tmp/integration.txt" 2>&1
check "integration add" 0 $?
cti=$(sed -n 's/^token: //p' "$tmp/integration.txt")
check "its token is 64 hex" 64 "${#cti}"

api_serve "$db" LOYALDESK_PHONE_COUNTRY_CODE=420

login_agent() { token=""; call POST /sessions '{"email":"jan@example.com","password":"correct horse battery"}' > /dev/null; json "$tmp/out" 'd["token"]'; }
# pbx BODY: the telephone system's POST /calls with the integration's token
pbx() { token=$cti call POST /calls "$1"; }

token=""
check "login" 201 "$(call POST /sessions '{"email":"boss@example.com","password":"correct horse battery"}')"
staff=$(json "$tmp/out" 'd["token"]')
token=$staff
check "customer with a national number" 201 \
	"$(call POST /customers '{"name":"Jana Dvořáková","email":"jana@example.cz","phone":"603 123 456","language":"cs"}')"
cust=$(json "$tmp/out" 'd["id"]')
check "her case by e-mail" 201 \
	"$(call POST /cases "{\"customer_id\":$cust,\"subject\":\"Čerpadlo nefunguje\",\"channel\":\"email\",\"body\":\"Dobrý den, čerpadlo nefunguje.\"}")"
case_id=$(json "$tmp/out" 'd["id"]')

# ---- the call, as the dialplan reports it (its clock: Unix seconds or ISO 8601) ----
t0=$(date +%s)
iso_end=$(date -u -d "@$((t0 + 192))" +%Y-%m-%dT%H:%M:%SZ)
check "a SIP caller" 201 "$(pbx '{"event":"ringing","call_id":"sip.1","caller":"sip:+420603123456@pbx.example;user=phone"}')"
check "is found too" "$cust +420603123456" "$(json "$tmp/out" 'str(d["customer"]["id"]) + " " + d["call"]["number"]')"
check "ringing" 201 "$(pbx '{"event":"ringing","call_id":"1764756000.17","caller":"00420603123456","ivr_path":"2","at":'"$t0"'}')"
check "screen pop: the caller" "$cust Jana Dvořáková 1" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["customer"]["id"], d["customer"]["name"], d["matches"]])')"
check "screen pop: her open case" "$case_id" "$(json "$tmp/out" 'd["open_cases"][0]["id"]')"
check "the number in E.164" "+420603123456 ringing" \
	"$(json "$tmp/out" 'd["call"]["number"] + " " + d["call"]["state"]')"
check "no notes to the telephone system" None "$(json "$tmp/out" 'd["customer"]["notes"]')"
call_id=$(json "$tmp/out" 'd["call"]["id"]')
check "answered by login" 200 "$(pbx '{"event":"answered","call_id":"1764756000.17","agent":"jan@example.com","at":'"$((t0 + 12))"'}')"
check "answered" answered "$(json "$tmp/out" 'd["call"]["state"]')"
check "ended" 200 "$(pbx '{"event":"ended","call_id":"1764756000.17","at":"'"$iso_end"'","recording_url":"https://pbx.example/rec/1764756000.17.wav"}')"
check "on her open case, 180 s of talk" "$case_id 180" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["call"]["case_id"], d["call"]["duration_s"]])')"
check "the contact on the case" 200 "$(call GET "/cases/$case_id/interactions")"
check "a phone call with the agent and its length" "phone call in 180" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["items"][-1]["channel"], d["items"][-1]["kind"], d["items"][-1]["direction"], d["items"][-1]["duration_s"]])')"
check "the recording is linked" True "$(json "$tmp/out" '"https://pbx.example/rec/1764756000.17.wav" in d["items"][-1]["body"]')"
check "effort: two contacts, one channel switch" 200 "$(call GET "/cases/$case_id")"
check "effort figures" "2 1" "$(json "$tmp/out" '" ".join(str(d["effort"][k]) for k in ("contacts","channel_switches"))')"

# ---- refusals ----
check "the end again" 409 "$(pbx '{"event":"ended","call_id":"1764756000.17"}')"
check "is call_ended" call_ended "$(json "$tmp/out" 'd["error"]["code"]')"
check "a call that never rang" 404 "$(pbx '{"event":"answered","call_id":"nope.1","agent":"jan@example.com"}')"
check "is unknown_call" "unknown_call call_id" "$(json "$tmp/out" 'd["error"]["code"] + " " + d["error"]["field"]')"
check "both are audited" 2 "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'call.refused'")"
check "an account's token" 401 "$(token=$staff call POST /calls '{"event":"ringing","call_id":"s.1","caller":"+420603123456"}')"
check "no token" 401 "$(token='' direct POST /calls '{"event":"ringing","call_id":"s.2"}')"
check "not JSON" 400 "$(token=$cti direct POST /calls '{"event":')"
check "an unknown field" 400 "$(token=$cti direct POST /calls '{"event":"ringing","call_id":"u.1","colour":"red"}')"
check "is unknown_field" unknown_field "$(json "$tmp/out" 'd["error"]["code"]')"
check "a recording that is no web link" 400 "$(pbx '{"event":"ringing","call_id":"u.2","recording_url":"javascript:alert(1)"}')"
check "is invalid_url" "invalid_url recording_url" "$(json "$tmp/out" 'd["error"]["code"] + " " + d["error"]["field"]')"
check "an unknown event" 400 "$(token=$cti direct POST /calls '{"event":"hold","call_id":"u.3"}')"
check "nothing of them was kept" 2 "$(sqlite3 "$db" "SELECT count(*) FROM call")"

# ---- a caller nobody knows, and one who met only the IVR ----
check "unknown caller rings" 201 "$(pbx '{"event":"ringing","call_id":"m.1","caller":"+48 22 123 45 67"}')"
check "nobody has the number" None "$(json "$tmp/out" 'd["customer"]')"
check "missed" 200 "$(pbx '{"event":"ended","call_id":"m.1"}')"
missed_case=$(json "$tmp/out" 'd["call"]["case_id"]')
check "a case of their own" 200 "$(call GET "/cases/$missed_case")"
check "named by the missed call" "Missed call from +48221234567 pl" \
	"$(json "$tmp/out" 'd["subject"] + " " + d["language"]')"
check "IVR only" 201 "$(pbx '{"event":"ringing","call_id":"i.1","caller":"+48221234567","ivr_path":"1>4"}')"
check "now known" True "$(json "$tmp/out" 'd["customer"] is not None and d["open_cases"][0]["id"] == '"$missed_case")"
check "hung up in the IVR" 200 "$(pbx '{"event":"ended","call_id":"i.1"}')"
check "a contact with a robot" 200 "$(call GET "/cases/$missed_case/interactions")"
check "on channel bot" "bot call" "$(json "$tmp/out" 'd["items"][-1]["channel"] + " " + d["items"][-1]["kind"]')"

# ---- she then comes to a branch: a visit on the same case ----
check "a branch" 201 "$(call POST /facilities '{"name":"Praha Wenceslas","address":"Václavské náměstí 1, Praha","hours":"mon-fri 08:00-18:00","tz":"Europe/Prague"}')"
branch=$(json "$tmp/out" 'd["id"]')
check "a visit there" 201 "$(call POST "/cases/$case_id/interactions" "{\"channel\":\"visit\",\"direction\":\"in\",\"facility_id\":$branch}")"
check "the branch's cases" 200 "$(call GET "/cases?facility_id=$branch")"
check "hers" "$case_id" "$(json "$tmp/out" '" ".join(str(c["id"]) for c in d["items"])')"
check "the branch's summary" 200 "$(call GET "/facilities/$branch/summary")"
check "one visit, one visitor, one case, a repeat contact" "1 1 1 1" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["visits"], d["visitors"], d["cases"], d["repeat_contact"]["hits"]])')"
check "an agent may not read it" 403 "$(token=$(login_agent) call GET "/facilities/$branch/summary")"
check "the effort report of the branch" 200 "$(call GET "/reports/effort?facility=$branch")"
check "its one case, come again, the filter named" "1 1 $branch" \
	"$(json "$tmp/out" '" ".join(str(x) for x in [d["cases"], d["repeat_contact"]["hits"], d["filter"]["facility"]])')"
check "the effort report of no branch" 404 "$(call GET "/reports/effort?facility=99999")"
check "named" facility_not_found "$(json "$tmp/out" 'd["error"]["code"]')"
check "a branch is not a survey filter" 400 "$(direct GET "/reports/csat?facility=$branch")"

# ---- staff read the calls; the integration is revoked ----
check "calls list" 200 "$(call GET '/calls?state=ended&limit=10')"
check "three ended calls" 3 "$(json "$tmp/out" 'len(d["items"])')"
check "one call" 200 "$(call GET "/calls/$call_id")"
check "its first agent" True "$(json "$tmp/out" 'd["first_agent_id"] is not None')"
check "calls of the case" 1 "$(call GET "/calls?case_id=$case_id" > /dev/null; json "$tmp/out" 'len(d["items"])')"
"$bin" integration revoke 1 --db "$db" > /dev/null 2>&1
check "revoke" 0 $?
check "a revoked token" 401 "$(pbx '{"event":"ringing","call_id":"r.1","caller":"+420603123456"}')"

api_finish
