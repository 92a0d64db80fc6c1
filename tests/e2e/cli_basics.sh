#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end test of the command line against the real binary ($1): help and
# exit codes, init, user add/list/passwd, demo, export → import round trip,
# bad CSV rows (reported with their line numbers and skipped, also contacts
# whose kind their channel cannot carry; with --strict nothing is imported),
# configuration precedence, the common options given before the command.
# Works in a temporary
# directory; prints "N passed, M failed" last and exits non-zero on failure.
set -u

. "$(dirname "$0")/lib/cli_harness.sh"

# rows FILE: data rows of a CSV export (records, not counting the header)
rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8"))) - 1)' "$1"; }

# ---- help and usage ----
run 0 "--help" -- "$BIN" --help
cp out.txt help.txt
expect help.txt "Commands:" "--help lists commands"
for cmd in init serve demo user import export; do
	expect help.txt "^  $cmd " "--help lists $cmd"
	run 0 "$cmd --help" -- "$BIN" "$cmd" --help
	expect out.txt "Usage: loyaldesk $cmd" "$cmd --help shows its usage"
	expect out.txt "--db PATH" "$cmd --help shows the common options"
done
run 0 "help user" -- "$BIN" help user
expect out.txt "user passwd" "help user"
run 2 "no command" -- "$BIN"
expect err.txt "Usage: loyaldesk" "usage on stderr without a command"
run 2 "unknown command" -- "$BIN" frobnicate
expect err.txt "unknown command 'frobnicate'" "unknown command named"
expect err.txt "Usage: loyaldesk" "unknown command prints usage on stderr"
run 2 "unknown option" -- "$BIN" init --frob
expect err.txt "unknown option '--frob'" "unknown option named"
run 2 "missing option value" -- "$BIN" init --db
run 2 "bad --listen" -- "$BIN" serve --listen 127.0.0.1:99999
expect err.txt "^loyaldesk: --listen:" "bad --listen explained"
run 2 "bad --threads" -- "$BIN" serve --threads 0
run 2 "user without subcommand" -- "$BIN" user
run 2 "import without file" -- "$BIN" import customers
run 2 "export of what" -- "$BIN" export orders
run 1 "export from a missing database" -- "$BIN" export customers --db nowhere/desk.db
[ ! -e nowhere ] && ok || fail "export created a database at a mistyped path"

# ---- init ----
run 0 "init" -- "$BIN" init --db a/b/desk.db
expect out.txt "schema version [0-9]+" "init prints the schema version"
[ -f a/b/desk.db ] && ok || fail "init created a/b/desk.db"
run 0 "init again" -- "$BIN" init --db a/b/desk.db

# ---- users ----
printf 'correct horse battery\n' >pw.txt
run 0 "user add admin" -- "$BIN" user add --db a/b/desk.db --email Ops@Example.com \
	--name "Kateřina Černá" --role admin --password-stdin <pw.txt
expect out.txt "ops@example.com" "user add lower-cases the login"
run 0 "user add agent without password" -- "$BIN" user add --db a/b/desk.db \
	--email lukasz@example.com --name "Łukasz Wróbel" --role agent
expect out.txt "no password was set" "user add says no password was set"
run 1 "duplicate user" -- "$BIN" user add --db a/b/desk.db --email ops@example.com \
	--name Dup --role agent
expect err.txt "^loyaldesk: " "failure message prefixed"
run 2 "bad role" -- "$BIN" user add --db a/b/desk.db --email x@example.com --name X --role boss
run 1 "invalid email" -- "$BIN" user add --db a/b/desk.db --email not-an-email --name X --role agent
run 0 "user list" -- "$BIN" user list --db a/b/desk.db
expect out.txt "Łukasz Wróbel" "user list shows names with diacritics"
run 0 "user list json" -- "$BIN" user list --db a/b/desk.db --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert len(d)==2 and d[0]["role"]=="admin"' \
	&& ok || fail "user list --format json is a JSON array of both accounts"
run 0 "user passwd" -- "$BIN" user passwd --db a/b/desk.db --email lukasz@example.com --password-stdin <pw.txt
run 2 "user passwd without --password-stdin" -- "$BIN" user passwd --db a/b/desk.db --email lukasz@example.com
run 1 "user passwd unknown" -- "$BIN" user passwd --db a/b/desk.db --email nobody@example.com --password-stdin <pw.txt

# ---- configuration: file < environment < flag ----
mkdir conf
printf '[store]\ndb = conf/from-file.db\n' >conf/loyaldesk.conf
run 0 "config file" -- "$BIN" init --config conf/loyaldesk.conf
expect out.txt "conf/from-file.db" "db from the config file"
run 0 "env over file" -- env LOYALDESK_DB=conf/from-env.db \
	"$BIN" init --config conf/loyaldesk.conf
expect out.txt "conf/from-env.db" "db from the environment beats the file"
run 0 "flag over env" -- env LOYALDESK_DB=conf/from-env.db "$BIN" init \
	--config conf/loyaldesk.conf --db conf/from-flag.db
expect out.txt "conf/from-flag.db" "db from the flag beats the environment"
printf '[store]\ndb = x\nbogus line\n' >conf/bad.conf
run 1 "broken config" -- "$BIN" init --config conf/bad.conf
expect err.txt "bad.conf:3:" "config error names its line"
run 1 "missing config" -- env LOYALDESK_CONFIG=conf/nope.conf "$BIN" init

# ---- demo ----
run 0 "demo" -- "$BIN" demo --db demo.db --customers 50 --cases 100 --seed 7
expect out.txt "loaded 50 customers, 100 cases" "demo summary"
expect out.txt "admin login: admin@example.com +password: [0-9a-f]{20}" "demo prints the admin password"
run 1 "demo refuses a used store" -- "$BIN" demo --db demo.db --customers 5 --cases 5
expect err.txt "already holds data" "demo explains the refusal"
run 0 "demo --force" -- "$BIN" demo --db demo.db --customers 5 --cases 5 --force

# ---- export → import round trip ----
run 0 "export customers" -- "$BIN" export customers --db demo.db --out customers.csv
same "$(rows customers.csv)" 55 "exported customer rows"
run 0 "import customers" -- "$BIN" import customers customers.csv --db copy.db
expect err.txt "imported 55 customers" "import counts customers"
run 0 "export the copy" -- "$BIN" export customers --db copy.db --out copy.csv
same "$(rows copy.csv)" "$(rows customers.csv)" "same customer count after the round trip"
run 0 "export interactions" -- "$BIN" export interactions --db demo.db --out interactions.csv
n_inter=$(rows interactions.csv)
[ "$n_inter" -gt 300 ] && ok || fail "a demo of 105 cases has hundreds of interactions ($n_inter)"
run 0 "import interactions" -- "$BIN" import interactions interactions.csv --db copy.db
expect err.txt "imported $n_inter interactions" "every interaction imported"
run 0 "export imported interactions" -- "$BIN" export interactions --db copy.db --out copy-i.csv
same "$(rows copy-i.csv)" "$n_inter" "same interaction count after the round trip"
run 0 "export to stdout" -- "$BIN" export customers --db copy.db
expect out.txt "^id,name,email,phone,language,preferred_channel,org_id,consent,created_at" "header on stdout"

# ---- bad rows ----
printf '\xef\xbb\xbfname,email,language\r\n' >bad.csv
printf 'Jiří Novák,jiri.novak@seznam.cz,cs\r\n' >>bad.csv
printf '"Müller, Jürgen",juergen@gmx.de,de\r\n' >>bad.csv
printf 'Zofia Zając,not-an-email,pl\r\n' >>bad.csv
printf '"Multi\nline Name",ml@example.com,en\r\n' >>bad.csv
printf 'Bad Quote",x@example.com,en\r\n' >>bad.csv
printf 'Олена Коваленко,olena@ukr.net,uk\r\n' >>bad.csv
printf 'Bad \xff UTF,u@example.com,en\r\n' >>bad.csv
printf 'Dup,jiri.novak@seznam.cz,cs\r\n' >>bad.csv
run 1 "strict import refuses" -- "$BIN" import customers bad.csv --strict --db strict.db
expect err.txt "^line 4: " "strict reports the bad e-mail on line 4"
expect err.txt "^line 7: " "strict reports the malformed quote on line 7"
expect err.txt "^line 9: " "strict reports invalid UTF-8 on line 9"
expect err.txt "^line 10: " "strict reports the duplicate on line 10"
expect err.txt "nothing was imported" "strict says nothing was imported"
run 0 "export after strict" -- "$BIN" export customers --db strict.db --out strict.csv
same "$(rows strict.csv)" 0 "strict imported nothing"
run 0 "lenient import skips bad rows" -- "$BIN" import customers bad.csv --db lenient.db
expect err.txt "^line 4: .*e-mail" "bad e-mail reported with its line"
expect err.txt "^line 7: " "malformed quote reported with its line"
expect err.txt "^line 9: .*UTF-8" "invalid UTF-8 reported with its line"
expect err.txt "^line 10: " "duplicate e-mail reported with its line"
expect err.txt "imported 4 customers; skipped 4 bad rows" "lenient summary"
run 0 "export lenient" -- "$BIN" export customers --db lenient.db --out lenient.csv
same "$(rows lenient.csv)" 4 "four good customers imported"
expect lenient.csv "Müller, Jürgen" "quoted comma survives"
expect lenient.csv "Олена Коваленко" "Cyrillic survives"
printf 'name,email\n' >nohead.csv
run 1 "interactions without required columns" -- "$BIN" import interactions nohead.csv --db lenient.db
expect err.txt "no column \"case_id\"" "missing column named"
run 1 "import of a missing file" -- "$BIN" import customers does-not-exist.csv --db lenient.db

# ---- the peer layout (id,case_id,customer_id,channel,direction,agent_id,at,kind) ----
cat >peer.csv <<'EOF'
id,case_id,customer_id,channel,direction,agent_id,at,kind
1,1,17,bot,in,,1767225600,message
2,1,17,chat,in,5,1767226000,message
3,1,17,chat,internal,5,1767226100,transfer
4,1,17,phone,in,9,1767230000,call
5,1,17,phone,out,9,1767231000,call
6,2,1,email,in,5,1767300000,message
7,2,1,email,out,5,1767303600,message
8,2,1,email,sideways,5,1767303700,message
EOF
run 0 "import the peer layout" -- "$BIN" import interactions peer.csv --db peer.db
expect err.txt "^line 9: unknown direction" "bad direction reported"
expect err.txt "imported 7 interactions; skipped 1 bad row" "peer summary"

# ---- contacts that cannot be: a kind the channel does not carry is a bad row ----
cat >contradict.csv <<'EOF'
id,case_id,customer_id,channel,direction,agent_id,at,kind
1,1,17,email,in,5,1767225600,visit
2,1,17,email,in,5,1767226000,message
3,2,18,phone,in,5,1767300000,call
4,2,18,phone,in,5,1767301000,message
5,2,18,visit,in,5,1767302000,visit
6,2,18,visit,internal,5,1767302100,note
EOF
run 0 "import skips contradictory rows" -- "$BIN" import interactions contradict.csv --db contradict.db
expect err.txt "^line 2: .*visit does not go with channel email" "a visit by e-mail reported by line"
expect err.txt "^line 3: case 1 was not created" "the rest of that case follows it"
expect err.txt "^line 5: .*message does not go with channel phone" "a message by phone reported by line"
expect err.txt "imported 3 interactions; skipped 3 bad rows" "contradiction summary"

# ---- the common options before the command ----
mkdir lead
run 0 "--db before init" -- "$BIN" --db lead/desk.db init
expect out.txt "lead/desk.db" "init used the --db given before it"
[ -f lead/desk.db ] && ok || fail "--db before init created lead/desk.db"
run 0 "--db=PATH before init" -- "$BIN" --db=lead/eq.db init
[ -f lead/eq.db ] && ok || fail "--db=PATH before init created lead/eq.db"
run 0 "--config before init" -- "$BIN" --config conf/loyaldesk.conf init
expect out.txt "conf/from-file.db" "init read the --config given before it"
run 0 "a flag after the command wins" -- "$BIN" --db lead/unused.db init --db lead/desk.db
expect out.txt "lead/desk.db" "the later --db is used"
[ ! -e lead/unused.db ] && ok || fail "the overridden --db was created"
run 0 "--db before a command with a subcommand" -- "$BIN" --db lead/desk.db \
	user add --email lead@example.com --name Lead --role agent
run 0 "--db before user list" -- "$BIN" --db lead/desk.db user list --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert [a["email"] for a in d] == ["lead@example.com"]' \
	&& ok || fail "user list read the --db given before the command"
run 0 "--db before import" -- "$BIN" --db lead/desk.db import customers customers.csv
expect err.txt "imported 55 customers" "import wrote to the --db given before it"
run 0 "--db before report" -- "$BIN" --db lead/desk.db report effort --format json
run 0 "--db before --help" -- "$BIN" --db lead/desk.db --help
expect out.txt "Commands:" "help after a leading option"
run 2 "leading --db without a value" -- "$BIN" --db
expect err.txt "option '--db' needs a value" "missing value named"
run 2 "leading option without a command" -- "$BIN" --db lead/desk.db
expect err.txt "Usage: loyaldesk" "usage without a command"
run 2 "unknown leading option" -- "$BIN" --frob init
expect err.txt "unknown option '--frob'" "unknown leading option named"
[ ! -e var ] && ok || fail "no default database was created along the way"

finish
