#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of `loyaldesk report` against the real binary ($1): help,
# the effort report as a table, JSON (checked against counts taken straight
# from the database with sqlite3), CSV and XLSX, the filters (period with an
# inclusive --to, first channel, team) and the refusals with their exit
# codes — 2 for a malformed option, 1 for what the app refuses — writing
# nothing. Works in a temporary directory; prints "N passed, M failed" last
# and exits non-zero on failure.
set -u

. "$(dirname "$0")/lib/cli_harness.sh"

# json EXPRESSION [FILE]: evaluates a Python expression over the JSON in FILE (out.txt) as d
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "${2:-out.txt}" 2>/dev/null; }

# sql QUERY: one value from the demo database
sql() { sqlite3 db "$1"; }

report() { "$BIN" report effort --db db "$@"; }

# ---- help ----
run 0 "--help" -- "$BIN" --help
expect out.txt "^  report " "--help lists report"
run 0 "report --help" -- "$BIN" report --help
expect out.txt "Usage: loyaldesk report KIND" "report --help shows its usage"
expect out.txt "--format table\|json\|csv\|xlsx" "report --help shows the formats"
expect out.txt "--db PATH" "report --help shows the common options"
expect out.txt "^  effort " "report --help lists the effort report"
run 0 "help report" -- "$BIN" help report
expect out.txt "Usage: loyaldesk report KIND" "help report"
run 0 "report effort --help" -- "$BIN" report effort --help
expect out.txt "Usage: loyaldesk report KIND" "report effort --help"

# ---- the demo database ----
run 0 "demo" -- "$BIN" demo --db db --customers 50 --cases 200 --admin-password-stdin <<<'a long password'
cases=$(sql "select count(*) from ticket where merged_into_id is null")
high=$(sql "select count(*) from ticket where merged_into_id is null and effort_band='high'")
[ "$cases" -gt 0 ] && ok || fail "the demo has cases ($cases)"

# ---- table ----
run 0 "table" -- report
expect out.txt "^Customer effort — cases opened at any time, all teams, any first channel" "header with the filter"
expect out.txt "^cases covered +$cases$" "cases covered"
expect out.txt "^high-effort cases +[0-9]+\.[0-9]%  \[[0-9.]+–[0-9.]+\] +$high of $cases$" "high-effort share, interval, counts"
for label in "had to contact again \(repeat\)" "had to repeat information" "switched channel" \
	"  of which web → phone" "were transferred" "left without an answer by a bot" \
	"had a resolved case reopened" "transfers per case +[0-9]+\.[0-9]{2}$" \
	"contacts per case +[0-9]+\.[0-9]{2}$" "mean time to resolution +[0-9]+ (d|h|min|s)"; do
	expect out.txt "^$label" "table line /$label/"
done

# ---- json ----
run 0 "json" -- report --format json
python3 -c 'import json; json.load(open("out.txt"))' && ok || fail "--format json parses"
same "$(json 'd["cases"]')" "$cases" "json cases = non-merged cases in the database"
same "$(json 'd["high_effort"]["hits"]')" "$high" "json high_effort.hits = high-band cases in the database"
same "$(json 'sorted(d)')" "$(python3 -c 'print(sorted(["cases","high_effort","medium_effort","repeat_contact","re_explanation","channel_switch","web_to_phone","transferred","robot_only","reopened","transfers_per_case","contacts_per_case","mean_resolution_s","resolved_cases","lapse_ratio_high_effort","lapse_ratio_contact","disloyalty_ratio","fcr_24h","fcr_7d","fcr_30d","filter"]))')" "json keys"
same "$(json 'sorted(d["transferred"])')" "['ci_high', 'ci_low', 'hits', 'n', 'share']" "json share keys"
same "$(json 'all(d[k]["n"] == d["cases"] and d[k]["ci_low"] <= d[k]["share"] <= d[k]["ci_high"] for k in d if isinstance(d[k], dict) and "n" in d[k] and not k.startswith("fcr_"))')" "True" "json shares are of the cases, inside their intervals"
# FCR: first contacts among resolved cases (by the day resolved), counted straight from the database
for w in 24h:86400 7d:604800 30d:2592000; do
	key=${w%%:*} secs=${w##*:}
	first=$(sql "select count(*) from ticket where merged_into_id is null and status in ('resolved','closed') and (fcr_prev_gap is null or fcr_prev_gap > $secs)")
	back=$(sql "select count(*) from ticket where merged_into_id is null and status in ('resolved','closed') and (fcr_prev_gap is null or fcr_prev_gap > $secs) and fcr_next_gap <= $secs")
	same "$(json "d['fcr_$key']['n']")" "$first" "fcr_$key counts first contacts"
	same "$(json "d['fcr_$key']['hits']")" "$((first - back))" "fcr_$key counts those not followed"
done
same "$(json 'd["fcr_24h"]["share"] >= d["fcr_7d"]["share"] - 0.2')" "True" "fcr windows are plausible"
[ "$(sql "select count(*) from ticket where fcr_next_gap is not null")" -gt 0 ] && ok || fail "the demo has followed-up cases"
same "$(json 'd["filter"]')" "{'from': None, 'to': None, 'team': None, 'channel': None, 'facility': None}" "json filter without options"
same "$(json 'd["resolved_cases"]')" "$(sql "select count(*) from ticket where merged_into_id is null and status in ('resolved','closed')")" "json resolved_cases"

# ---- csv ----
run 0 "csv" -- report --format csv
lines=$(wc -l <out.txt)
[ "$lines" -ge 10 ] && ok || fail "csv has 10+ lines ($lines)"
same "$(head -1 out.txt | tr -d '\r')" "measure,share,ci_low,ci_high,hits,n" "csv header"
expect out.txt "^high_effort,[0-9.]+,[0-9.]+,[0-9.]+,$high,$cases" "csv high_effort row"
expect out.txt "^mean_resolution_s,[0-9.]+,,,," "csv mean row"

# ---- xlsx ----
run 0 "xlsx" -- report --format xlsx --out effort.xlsx
empty out.txt "xlsx writes nothing to standard output"
same "$(head -c 2 effort.xlsx)" "PK" "xlsx is a zip"
python3 -c 'import zipfile; z=zipfile.ZipFile("effort.xlsx"); assert "xl/worksheets/sheet1.xml" in z.namelist(); assert b"name=\"Effort\"" in z.read("xl/workbook.xml")' \
	&& ok || fail "xlsx holds the worksheet Effort"
[ ! -e effort.xlsx.part ] && ok || fail "no effort.xlsx.part left behind"
run 2 "xlsx to standard output" -- report --format xlsx
expect err.txt "give --out" "xlsx without --out explained"
empty out.txt "xlsx without --out writes nothing"
run 2 "xlsx to -" -- report --format xlsx --out -

# ---- --out ----
run 0 "json to a file" -- report --format json --out effort.json
empty out.txt "--out leaves standard output empty"
same "$(json 'd["cases"]' effort.json)" "$cases" "the file holds the report"

# ---- filters ----
run 0 "--channel web" -- report --channel web --format json
web=$(json 'd["cases"]')
[ "$web" -le "$cases" ] && ok || fail "--channel web narrows ($web > $cases)"
same "$web" "$(sql "select count(*) from ticket where merged_into_id is null and first_channel='web'")" "--channel web counts web first contacts"
same "$(json 'd["filter"]["channel"]')" "web" "filter.channel"
run 0 "--team 1" -- report --team 1 --format json
same "$(json 'd["cases"]')" "$(sql "select count(*) from ticket where merged_into_id is null and team_id=1")" "--team 1 counts the team's cases"
same "$(json 'd["filter"]["team"]')" "1" "filter.team"
# --facility: the cases with a contact at the branch, counted straight from the database
branch=$(sql "select facility_id from interaction where facility_id is not null group by facility_id order by count(*) desc limit 1")
[ -n "$branch" ] && ok || fail "the demo has branch visits"
run 0 "--facility" -- report --facility "$branch" --format json
same "$(json 'd["cases"]')" "$(sql "select count(*) from ticket where merged_into_id is null and id in (select case_id from interaction where facility_id=$branch)")" "--facility counts the branch's cases"
same "$(json 'd["high_effort"]["hits"]')" "$(sql "select count(*) from ticket where merged_into_id is null and effort_band='high' and id in (select case_id from interaction where facility_id=$branch)")" "--facility counts the branch's high-effort cases"
same "$(json 'd["filter"]["facility"]')" "$branch" "filter.facility"
run 0 "--facility table" -- report --facility "$branch"
expect out.txt "^Customer effort — .*, at branch .+ \($branch\)$" "the header names the branch"
run 1 "unknown branch" -- report --facility 999 --out bad.json
expect err.txt "^loyaldesk: --facility: no branch 999" "unknown branch named"
run 2 "malformed branch" -- report --facility 0
run 2 "facility only for effort" -- "$BIN" report csat --db db --facility "$branch"
expect err.txt "--facility applies to the effort report" "facility refused for csat"
run 0 "--team table" -- report --team 1
expect out.txt "^Customer effort — .*, team .+ \(1\), " "the header names the team"

# a 31-day window starting a week after the first case; --to includes its day
from=$(sql "select date(min(created_at) + 7 * 86400, 'unixepoch') from ticket")
to=$(sql "select date('$from', '+30 days')")
in_window=$(sql "select count(*) from ticket where merged_into_id is null and created_at >= strftime('%s', '$from') and created_at < strftime('%s', '$to', '+1 day')")
run 0 "--from --to" -- report --from "$from" --to "$to" --format json
same "$(json 'd["cases"]')" "$in_window" "--from $from --to $to covers the cases opened on those days"
same "$(json 'd["filter"]["from"]')" "${from}T00:00:00Z" "filter.from"
same "$(json 'd["filter"]["to"]')" "$(sql "select date('$to', '+1 day')")T00:00:00Z" "filter.to is the midnight after --to"
run 0 "--to as an instant inside the day" -- report --from "$from" --to "${to}T12:00:00+02:00" --format json
same "$(json 'd["cases"]')" "$in_window" "an instant --to is rounded out to its whole day"
expect err.txt "note: .*covers all of $to" "the rounding is noted on stderr"
run 0 "table with a period" -- report --from "$from" --to "$to"
expect out.txt "cases opened $from through $to \(UTC\)" "the header states the period"

# ---- refusals: 2 for a malformed option, 1 for what the app refuses; nothing written ----
run 2 "bad date" -- report --from 2026-02-30 --out bad.json --format json
expect err.txt "--from must be a date" "bad date explained"
run 2 "29 February of a common year" -- report --to 2025-02-29
run 2 "a bare year" -- report --from 2026
run 2 "bad time" -- report --to 2026-01-01T24:30:00Z
run 1 "inverted range" -- report --from 2026-03-01 --to 2026-02-01 --out bad.json --format json
expect err.txt "^loyaldesk: --to: the period ends before it starts" "inverted range explained"
run 2 "unknown channel" -- report --channel fax --out bad.json
expect err.txt "--channel must be email, phone, chat, web, visit, social or bot" "channels listed"
run 1 "unknown team" -- report --team 999 --out bad.json
expect err.txt "no team 999" "unknown team named"
run 2 "malformed team" -- report --team abc
run 2 "unknown format" -- report --format pdf
run 2 "unexpected argument" -- report extra
[ ! -e bad.json ] && [ ! -e bad.json.part ] && ok || fail "a refused report wrote a file"
run 2 "report without a name" -- "$BIN" report
expect err.txt "which report\? \(effort, nps, csat, ces, servqual or loyalty\)" "report names the reports"
run 2 "unknown report" -- "$BIN" report churn --db db
expect err.txt "unknown report 'churn'" "unknown report named"
run 0 "loyalty by renewal period" -- "$BIN" report loyalty --db db --from 2026-01-01 --format json
run 1 "loyalty takes no team" -- "$BIN" report loyalty --db db --team 1
expect err.txt "only from and to apply" "loyalty refuses a team"
run 2 "origin only for surveys" -- "$BIN" report effort --db db --origin manual
expect err.txt "--origin applies to the survey reports" "origin refused for effort"
run 2 "bad origin" -- "$BIN" report nps --db db --origin robot
expect err.txt "--origin must be manual, transactional or relationship" "bad origin named"
run 1 "inverted survey period" -- "$BIN" report csat --db db --from 2026-02-01 --to 2026-01-01
for kind in nps csat ces servqual loyalty; do
	run 0 "report $kind json" -- "$BIN" report "$kind" --db db --format json
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out.txt || fail "report $kind json parses"
done
run 0 "nps json" -- "$BIN" report nps --db db --format json
same "$(json 'sorted(k for k in d if k != "filter")')" "['detractors', 'n', 'nps', 'passives', 'promoters']" "nps json keys"
run 0 "loyalty csv" -- "$BIN" report loyalty --db db --format csv
expect out.txt "^odds_high_effort," "loyalty csv has the odds ratio row"

# ---- text a spreadsheet would evaluate ----
# CSV: --raw-csv only goes with --format csv (the measures' figures stay
# numbers either way: tests/cli/test_report_out.c).
run 0 "csv, raw" -- report --format csv --raw-csv
same "$(head -1 out.txt | tr -d '\r')" "measure,share,ci_low,ci_high,hits,n" "raw csv header"
run 2 "--raw-csv without csv" -- report --format json --raw-csv
expect err.txt "--raw-csv applies to --format csv" "--raw-csv without csv explained"
# XLSX: a team named like a formula is a string in the sheet, never a formula.
printf '%s\r\n' 'case_id,customer_id,channel,direction,at,kind,case_team' \
	'1,1,web,in,1767225600,message,"=HYPERLINK(""http://x"",""click"")"' >formula-team.csv
run 0 "a team named like a formula" -- "$BIN" import interactions formula-team.csv --db db
formula_team=$(sql "select id from team where name = '=HYPERLINK(\"http://x\",\"click\")'")
[ -n "$formula_team" ] && ok || fail "the team was created by its name"
run 0 "xlsx of that team" -- report --team "${formula_team:-0}" --format xlsx --out team.xlsx
cat >xlsx_cells.py <<'EOF'
import sys, zipfile
import xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
strings = [] if "xl/sharedStrings.xml" not in z.namelist() else [
    "".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
cell = sheet.find(".//m:c[@r='A2']", ns)
kind = cell.get("t") if cell is not None else None
if kind == "s":
    text = strings[int(cell.find("m:v", ns).text)]
elif kind == "inlineStr":
    text = "".join(t.text or "" for t in cell.iter("{%s}t" % ns["m"]))
else:
    text = ""
print(sheet.find(".//m:f", ns) is not None, kind in ("s", "inlineStr"),
      'team =HYPERLINK("http://x","click")' in text)
EOF
same "$(python3 xlsx_cells.py team.xlsx)" "False True True" \
	"the team's name is a string cell of the workbook, no formula anywhere"
run 2 "options before the name" -- "$BIN" report --db db effort
run 1 "missing database" -- "$BIN" report effort --db nowhere/desk.db
[ ! -e nowhere ] && ok || fail "report created a database at a mistyped path"

finish
