#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of `loyaldesk sla calendar|holiday|policy` against the real
# binary ($1): help, adding, listing (table and JSON) and changing calendars,
# holidays and policies; hours written back in canonical form; every bad
# value (zone, hours, date, target, enum) refused with a message and nothing
# stored; usage errors with exit 2; and a policy change the demo's cases do
# not feel (their due times stay, counted straight from the database).
# Prints "N passed, M failed" last.
set -u

. "$(dirname "$0")/lib/cli_harness.sh"

json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "${2:-out.txt}" 2>/dev/null; }
sql() { sqlite3 db "$1"; }

# ---- help and usage ----
run 0 "--help lists sla" -- "$BIN" --help
expect out.txt "^  sla " "--help lists sla"
run 0 "sla --help" -- "$BIN" sla --help
expect out.txt "Usage: loyaldesk sla calendar add" "sla --help shows its usage"
expect out.txt "--db PATH" "sla --help shows the common options"
run 0 "sla policy --help" -- "$BIN" sla policy --help
run 0 "sla calendar list --help" -- "$BIN" sla calendar list --help
run 2 "sla without words" -- "$BIN" sla
run 2 "sla unknown subcommand" -- "$BIN" sla policy rm 1
expect err.txt "unknown subcommand 'policy rm'" "unknown subcommand named"
run 2 "set without id" -- "$BIN" sla policy set --db db --resolution 4h
run 2 "set with a bad id" -- "$BIN" sla calendar set abc --db db --hours 24/7
run 1 "list from a missing database" -- "$BIN" sla policy list --db nowhere/desk.db
[ ! -e nowhere ] && ok || fail "sla list created a database at a mistyped path"

run 0 "init" -- "$BIN" init --db db

# ---- calendars ----
run 0 "calendar add" -- "$BIN" sla calendar add --db db --name "Praha" --tz Europe/Prague \
	--hours "Mon-Fri 8:00-12:00,13:00-17:00"
expect out.txt "^added calendar 1 Praha: Europe/Prague, mon-fri 08:00-12:00,13:00-17:00$" \
	"calendar add prints the canonical hours"
run 1 "unknown zone" -- "$BIN" sla calendar add --db db --name Mars --tz Mars/Olympus --hours 24/7
expect err.txt "time zone" "unknown zone explained"
run 1 "bad hours" -- "$BIN" sla calendar add --db db --name Mars --tz UTC \
	--hours "mon-fri 25:00-99:00"
expect err.txt "after 24:00" "bad hours explained"
run 1 "duplicate calendar" -- "$BIN" sla calendar add --db db --name Praha --tz UTC --hours 24/7
run 2 "calendar add without hours" -- "$BIN" sla calendar add --db db --name X --tz UTC
same "$(sql "SELECT count(*) FROM calendar")" 1 "refused calendars were not stored"
run 0 "calendar add 24/7" -- "$BIN" sla calendar add --db db --name "Kraków" --tz Europe/Warsaw \
	--hours 24/7
run 0 "calendar set" -- "$BIN" sla calendar set 1 --db db --hours "mon-sat 07:00-19:00"
expect out.txt "^changed calendar 1 Praha: Europe/Prague, mon-sat 07:00-19:00$" "calendar set"
run 1 "calendar set bad zone" -- "$BIN" sla calendar set 1 --db db --tz Europe/Atlantis
run 1 "calendar set unknown id" -- "$BIN" sla calendar set 99 --db db --hours 24/7
run 2 "calendar set nothing" -- "$BIN" sla calendar set 1 --db db
run 0 "calendar list" -- "$BIN" sla calendar list --db db
expect out.txt "^ID +NAME +TZ +HOURS" "calendar table header"
expect out.txt "^2 +Kraków +Europe/Warsaw +24/7$" "calendar table row"
run 0 "calendar list json" -- "$BIN" sla calendar list --db db --format json
same "$(json 'len(d)')" 2 "two calendars in JSON"
same "$(json 'd[0]["hours"] + "|" + d[0]["tz"]')" "mon-sat 07:00-19:00|Europe/Prague" \
	"calendar JSON members"
run 2 "bad format" -- "$BIN" sla calendar list --db db --format xml

# ---- holidays ----
run 0 "holiday add" -- "$BIN" sla holiday add --db db --calendar 1 --date 2026-12-24 \
	--name "Štědrý den"
run 0 "holiday add unnamed" -- "$BIN" sla holiday add --db db --calendar 1 --date 2026-01-01
run 0 "holiday add leap day" -- "$BIN" sla holiday add --db db --calendar 1 --date 2028-02-29
run 1 "holiday not a day" -- "$BIN" sla holiday add --db db --calendar 1 --date 2026-02-30
expect err.txt "real date" "impossible date explained"
run 1 "holiday twice" -- "$BIN" sla holiday add --db db --calendar 1 --date 2026-12-24
run 1 "holiday of an unknown calendar" -- "$BIN" sla holiday add --db db --calendar 9 \
	--date 2026-12-25
run 2 "holiday date shape" -- "$BIN" sla holiday add --db db --calendar 1 --date 24.12.2026
run 2 "holiday without calendar" -- "$BIN" sla holiday add --db db --date 2026-12-25
same "$(sql "SELECT count(*) FROM holiday")" 3 "refused holidays were not stored"
run 0 "holiday list" -- "$BIN" sla holiday list --db db --calendar 1
expect out.txt "^2026-01-01  -$" "unnamed holiday listed"
expect out.txt "^2026-12-24  Štědrý den$" "named holiday listed"
run 0 "holiday list json" -- "$BIN" sla holiday list --db db --calendar 1 --format json
same "$(json '[h["date"] for h in d]')" "['2026-01-01', '2026-12-24', '2028-02-29']" \
	"holidays by date"
same "$(json 'd[0]["name"]')" "None" "an unnamed holiday is null"
run 0 "holiday rm" -- "$BIN" sla holiday rm --db db --calendar 1 --date 2028-02-29
expect out.txt "^removed holiday 2028-02-29 from calendar 1$" "holiday rm"
run 1 "holiday rm again" -- "$BIN" sla holiday rm --db db --calendar 1 --date 2028-02-29
expect err.txt "no holiday on 2028-02-29" "missing holiday named"
same "$(sql "SELECT count(*) FROM holiday")" 2 "one holiday removed"

# ---- policies ----
run 0 "policy add" -- "$BIN" sla policy add --db db --name Urgent --priority urgent \
	--first-response 30m --resolution 4h --calendar 1 --pause-on-pending yes
expect out.txt "^added policy 1 Urgent: priority urgent, category any, first response 30m, resolution 4h, calendar 1, pause on pending yes$" \
	"policy add prints the policy"
run 0 "policy add defaults" -- "$BIN" sla policy add --db db --name Default --resolution 2d
run 2 "policy zero target" -- "$BIN" sla policy add --db db --name Zero --resolution 0
run 2 "policy negative target" -- "$BIN" sla policy add --db db --name Neg --first-response -5m
run 2 "policy target junk" -- "$BIN" sla policy add --db db --name Junk --resolution soon
run 2 "policy bad priority" -- "$BIN" sla policy add --db db --name P --priority asap
run 2 "policy bad category" -- "$BIN" sla policy add --db db --name C --category rant
run 2 "policy bad pause" -- "$BIN" sla policy add --db db --name P --pause-on-pending maybe
run 1 "policy target too long" -- "$BIN" sla policy add --db db --name Long --resolution 5000d
expect err.txt "resolution target" "over-long target explained"
run 1 "policy unknown calendar" -- "$BIN" sla policy add --db db --name Cal --calendar 9
run 1 "policy duplicate" -- "$BIN" sla policy add --db db --name Default --resolution 1d
same "$(sql "SELECT count(*) FROM sla_policy")" 2 "refused policies were not stored"
run 0 "policy set" -- "$BIN" sla policy set 2 --db db --priority low --resolution 90m \
	--first-response 15m
expect out.txt "first response 15m, resolution 90m" "policy set"
run 0 "policy set clears a target" -- "$BIN" sla policy set 2 --db db --first-response none \
	--calendar team
run 1 "policy set unknown" -- "$BIN" sla policy set 9 --db db --resolution 1h
run 0 "policy list" -- "$BIN" sla policy list --db db
expect out.txt "^ID +NAME +PRIORITY +CATEGORY +FIRST_RESPONSE +RESOLUTION +CALENDAR +PAUSE" \
	"policy table header"
expect out.txt "^2 +Default +low +any +none +90m +team +no$" "policy table row"
run 0 "policy list json" -- "$BIN" sla policy list --db db --format json
same "$(json 'd[0]["first_response_s"], d[0]["resolution_s"], d[0]["calendar_id"], d[0]["pause_on_pending"]')" \
	"(1800, 14400, 1, True)" "policy JSON members"
same "$(json 'd[1]["first_response_s"], d[1]["category"], d[1]["calendar_id"]')" \
	"(None, None, None)" "none/any are null in JSON"
same "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'sla_policy.%' OR action LIKE 'calendar.%' OR action LIKE 'holiday.%'")" \
	"11" "every change is audited"

# ---- a policy change leaves running cases alone ----
run 0 "demo" -- "$BIN" demo --db demo.db --customers 20 --cases 40 --seed 3
dues() { sqlite3 demo.db "SELECT group_concat(id || ':' || ifnull(sla_first_response_due, '') || ':' || ifnull(sla_resolution_due, ''), ',') FROM (SELECT * FROM ticket ORDER BY id)"; }
policy=$(sqlite3 demo.db "SELECT sla_policy_id FROM ticket WHERE sla_policy_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
[ -n "$policy" ] && ok || fail "demo cases run under a policy"
before=$(dues)
run 0 "change a demo policy" -- "$BIN" sla policy set "$policy" --db demo.db --resolution 1h \
	--first-response 10m
same "$(sqlite3 demo.db "SELECT resolution_s FROM sla_policy WHERE id = $policy")" 3600 "the policy changed"
same "$(dues)" "$before" "running cases keep their due times"

finish
