#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of `loyaldesk survey campaign` and of the feedback the demo
# loads, against the real binary ($1): the demo's surveys, answers, follow-ups
# and renewals (counted straight from the database), a dry run that sends
# nothing, a campaign whose invitations land in the outbox with a working
# link, survey fatigue on a second run, consent, the language filter, and the
# refusals with exit 2. Prints "N passed, M failed" last.
set -u

. "$(dirname "$0")/lib/cli_harness.sh"

json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "${2:-out.txt}" 2>/dev/null; }
sql() { sqlite3 db "$1"; }

run 0 "demo" -- "$BIN" demo --db db --admin-password-stdin <<<'loyaldesk-admin'
expect out.txt "^feedback: [1-9][0-9]* surveys sent, [1-9][0-9]* answered" "demo reports its feedback"
surveys=$(sql "SELECT count(*) FROM survey")
answered=$(sql "SELECT count(*) FROM survey WHERE answered_at IS NOT NULL")
expect out.txt "^feedback: $surveys surveys sent, $answered answered" "demo counts match the store"
same "$(sql "SELECT count(*) FROM survey WHERE origin <> 'transactional'")" "0" "demo surveys are transactional"
same "$(sql "SELECT count(*) FROM survey s JOIN customer c ON c.id = s.customer_id WHERE c.consent = 0")" \
	"0" "no survey without consent"
same "$(sql "SELECT count(*) FROM survey s JOIN customer c ON c.id = s.customer_id WHERE c.email IS NULL")" \
	"0" "no survey without an address to deliver it"
same "$(sql "SELECT count(*) FROM survey WHERE expires_at % 86400 <> 0")" "0" "links expire at a UTC midnight"
# fatigue: no two surveys of one customer within 30 days
same "$(sql "SELECT count(*) FROM survey a JOIN survey b ON a.customer_id = b.customer_id
	AND a.id < b.id AND abs(b.sent_at - a.sent_at) < 30 * 86400")" "0" "demo respects fatigue"
same "$(sql "SELECT count(*) FROM followup f JOIN survey s ON s.id = f.survey_id
	WHERE NOT ((s.kind = 'nps' AND s.score <= 6) OR (s.kind = 'ces' AND s.score <= 3)
	OR (s.kind = 'csat' AND s.score <= 2))")" "0" "follow-ups only for unhappy answers"
same "$(sql "SELECT count(*) FROM survey s WHERE ((s.kind = 'nps' AND s.score <= 6)
	OR (s.kind = 'ces' AND s.score <= 3) OR (s.kind = 'csat' AND s.score <= 2))
	AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.survey_id = s.id)")" "0" \
	"every unhappy answer has a follow-up"
same "$(sql "SELECT count(*) FROM subscription")" "$(sql "SELECT count(*) FROM customer")" \
	"one subscription per customer"
# the aggregates the reports read equal a recount of the answers
same "$(sql "SELECT sum(answers) FROM survey_agg")" \
	"$(sql "SELECT count(*) FROM survey WHERE answered_at IS NOT NULL AND score IS NOT NULL")" \
	"survey_agg counts every scored answer"
same "$(sql "SELECT sum(customers) FROM loyalty_agg")" "$(sql "SELECT count(*) FROM customer")" \
	"loyalty cells count every customer once"
same "$(sql "SELECT group_concat(k || ':' || n) FROM (SELECT key AS k, sum(customers) AS n
	FROM loyalty_agg WHERE customers > 0 GROUP BY key ORDER BY key)")" \
	"$(sql "SELECT group_concat(k || ':' || n) FROM (SELECT loyalty_key AS k, count(*) AS n
	FROM customer GROUP BY loyalty_key ORDER BY loyalty_key)")" "loyalty cells match a recount"
run 0 "nps report" -- "$BIN" report nps --db db --format json
same "$(json 'd["n"]')" "$(sql "SELECT count(*) FROM survey WHERE kind = 'nps' AND answered_at IS NOT NULL")" \
	"nps report counts the nps answers"

# ---- campaigns ----
outbox0=$(sql "SELECT count(*) FROM outbox")
run 0 "dry run" -- "$BIN" survey campaign --db db --name "Autumn NPS" --dry-run --format json
same "$(json 'd["dry_run"]')" "True" "dry run says so"
consenting=$(sql "SELECT count(*) FROM customer WHERE consent = 1")
same "$(json 'd["sent"] + d["fatigued"] + d["no_email"]')" "$consenting" "dry run: sent + fatigued + no e-mail = consenting"
same "$(json 'd["no_consent"]')" "$(sql "SELECT count(*) FROM customer WHERE consent = 0")" "dry run counts no consent"
same "$(sql "SELECT count(*) FROM outbox")" "$outbox0" "dry run sends nothing"
would=$(json 'd["sent"]')

run 0 "campaign cs" -- "$BIN" survey campaign --db db --name "Autumn NPS" --language cs --format json
sent_cs=$(json 'd["sent"]')
same "$(sql "SELECT count(*) FROM survey WHERE campaign = 'Autumn NPS'")" "$sent_cs" "campaign surveys stored"
same "$(sql "SELECT count(*) FROM survey s JOIN customer c ON c.id = s.customer_id
	WHERE s.campaign = 'Autumn NPS' AND (c.language <> 'cs' OR s.origin <> 'relationship' OR s.kind <> 'nps')")" \
	"0" "campaign asks Czech customers, relationship NPS"
same "$(sql "SELECT count(*) FROM outbox o JOIN survey s ON s.id = o.survey_id WHERE s.campaign = 'Autumn NPS'")" \
	"$(sql "SELECT count(*) FROM survey s JOIN customer c ON c.id = s.customer_id WHERE s.campaign = 'Autumn NPS' AND c.email IS NOT NULL")" \
	"every invitation with an address is in the outbox"
same "$(sql "SELECT count(*) FROM outbox o JOIN survey s ON s.id = o.survey_id
	WHERE s.campaign = 'Autumn NPS' AND o.body NOT LIKE '%/survey/%'")" "0" "invitations carry the link"
same "$(sql "SELECT count(*) FROM outbox o JOIN survey s ON s.id = o.survey_id
	WHERE s.campaign = 'Autumn NPS' AND o.language <> 'cs'")" "0" "invitations in Czech"

run 0 "campaign again" -- "$BIN" survey campaign --db db --name "Autumn NPS" --language cs --format json
same "$(json 'd["sent"]')" "0" "second run: everyone is fatigued"
same "$(json 'd["fatigued"] + d["no_email"]')" "$(json 'd["considered"] - d["no_consent"]')" "second run counts fatigue"

run 0 "limit" -- "$BIN" survey campaign --db db --name "Spring CES" --kind ces --limit 3 --format json
same "$(json 'd["sent"]')" "3" "limit caps the campaign"
same "$(sql "SELECT count(*) FROM survey WHERE campaign = 'Spring CES' AND kind = 'ces'")" "3" "limited campaign stored"
[ "$would" -ge "$sent_cs" ] && ok || fail "dry run counted at least the Czech campaign"

# ---- refusals ----
run 2 "no name" -- "$BIN" survey campaign --db db
expect err.txt "--name is required" "name required"
run 2 "bad kind" -- "$BIN" survey campaign --db db --name x --kind happiness
expect err.txt "--kind must be nps, csat, ces or servqual" "bad kind named"
run 2 "bad window" -- "$BIN" survey campaign --db db --name x --renewing-within 0
run 2 "bad limit" -- "$BIN" survey campaign --db db --name x --limit -1
run 2 "unknown action" -- "$BIN" survey blast --db db
run 1 "bad language" -- "$BIN" survey campaign --db db --name x --language xx
run 1 "missing db" -- "$BIN" survey campaign --db nowhere.db --name x
[ ! -e nowhere.db ] && ok || fail "a missing database is not created"

finish
