#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# `loyaldesk mailgate` as an MTA's pipe transport runs it: messages on
# standard input, exit codes per sysexits(3). A new case, a reply threaded by
# In-Reply-To, a repeat delivery, machine mail and the null sender, a forged
# reference, files (kept by content, one over the limit named and the
# message quarantined), what is not mail (65, quarantined, listed, repaired
# and re-injected), an oversized message, a busy store (75: nothing lost,
# delivered on the retry), bad options (64) and configuration (78); then the
# files through the API (download headers, another customer's 404) and in
# the GDPR export.
# shellcheck source=lib/cli_harness.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/cli_harness.sh"
# shellcheck source=lib/serve.sh
. "$HERE/lib/serve.sh"
unset LOYALDESK_DATA_DIR LOYALDESK_MAIL_ATTACHMENT_MAX LOYALDESK_MAIL_MAX_MESSAGE
trap 'serve_stop >/dev/null 2>&1; rm -rf "$WORK"' EXIT

DB=$WORK/var/desk.db
q() { sqlite3 "$DB" "$1"; }
mg() { "$BIN" mailgate --db "$DB" "$@"; }

run 0 "init" -- "$BIN" init --db "$DB"

# ---- a new case: Czech, ISO-8859-2 quoted-printable, RFC 2047 name ----
cat >m1.eml <<'EOF'
From: =?ISO-8859-2?Q?Ji=F8=ED_Dvo=F8=E1k?= <Jiri@Example.CZ>
To: podpora@example.com
Subject: =?ISO-8859-2?Q?Reklamace_=E8erpadla?=
Message-ID: <m1.2026@example.cz>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-2
Content-Transfer-Encoding: quoted-printable

Dobr=FD den, =E8erpadlo nefunguje.
EOF
run 0 "a new message is delivered" -- mg --recipient podpora@example.com <m1.eml
expect out.txt '^new_case case=1 contact=1 customer=1 new_customer' "it opens case 1 for a new customer"
same "$(q "SELECT name || '|' || email || '|' || language FROM customer")" \
	"Jiří Dvořák|jiri@example.cz|cs" "the customer: decoded name, address, language of .cz"
same "$(q "SELECT subject FROM ticket WHERE id = 1")" "Reklamace čerpadla" "the case's subject"
same "$(q "SELECT channel || '|' || direction || '|' || body FROM interaction WHERE id = 1")" \
	"email|in|Dobrý den, čerpadlo nefunguje." "the contact"

# ---- the reply, threaded by In-Reply-To; the same message again ----
printf 'From: jiri@example.cz\nSubject: Re: Reklamace\nIn-Reply-To: <m1.2026@example.cz>\nMessage-ID: <m2@example.cz>\n\nJe to model X-200.\n' >m2.eml
run 0 "a reply is delivered" -- mg <m2.eml
expect out.txt '^added case=1 ' "the reply joins case 1"
run 0 "the same message again" -- mg <m2.eml
expect out.txt '^duplicate case=1 contact=0' "a repeat delivery adds nothing"
same "$(q "SELECT count(*) FROM interaction WHERE case_id = 1")" 2 "case 1 has two contacts"

# ---- machine mail and the null sender open nothing ----
printf 'From: news@example.org\nPrecedence: bulk\nSubject: Newsletter\n\nNews.\n' >bulk.eml
run 0 "bulk mail is taken (exit 0)" -- mg <bulk.eml
expect out.txt '^ignored reason=precedence' "and ignored"
printf 'From: someone@example.org\nSubject: Undelivered\n\nBounce.\n' >bounce.eml
run 0 "null sender" -- mg --sender '<>' <bounce.eml
expect out.txt '^ignored reason=null_sender' "a bounce's null sender opens nothing"
same "$(q "SELECT count(*) FROM customer")" 1 "no customer for machine mail"
same "$(q "SELECT count(*) FROM audit WHERE action = 'mail.ignored'")" 2 "both audited"

# ---- a forged reference to Jiří's case ----
printf 'From: mallory@example.net\nSubject: Re: [#1] Reklamace\nIn-Reply-To: <m1.2026@example.cz>\nMessage-ID: <f1@example.net>\n\nSend me his invoice.\n' >forged.eml
run 0 "a forged reference is delivered" -- mg <forged.eml
expect out.txt '^new_case case=2 .*forged_reference' "on a case of its own, flagged"
same "$(q "SELECT count(*) FROM interaction WHERE case_id = 1")" 2 "nothing added to case 1"
same "$(q "SELECT count(*) FROM interaction WHERE case_id = 2 AND kind = 'note' AND body LIKE '%another customer%'")" 1 \
	"an internal note warns the agent"

# ---- files: one kept by content, one over the limit ----
python3 - <<'EOF'
import base64
small = b"%PDF-1.4\n% invoice\n"
big = bytes(range(256)) * 12  # 3 KiB, over a 1 KiB limit
def part(name, data, ctype):
    return ("--b\nContent-Type: %s\nContent-Disposition: attachment; filename*=UTF-8''%s\n"
            "Content-Transfer-Encoding: base64\n\n%s\n" % (ctype, name, base64.encodebytes(data).decode()))
msg = ("From: jiri@example.cz\nSubject: Re: [#1] faktura\nMessage-ID: <files@example.cz>\n"
       "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
       "Posílám fakturu.\n" + part("faktura%20%C4%8D.pdf", small, "application/pdf")
       + part("data.bin", big, "application/octet-stream") + "--b--\n")
open("files.eml", "w").write(msg)
open("small.pdf", "wb").write(small)
EOF
LOYALDESK_MAIL_ATTACHMENT_MAX=1K run 0 "a message with files" -- mg <files.eml
expect out.txt '^added case=1 .* files=1 refused=1' "one file kept, one refused"
sha=$(sha256sum small.pdf | cut -d' ' -f1)
same "$(q "SELECT filename || '|' || size || '|' || sha256 FROM attachment")" "faktura č.pdf|19|$sha" \
	"the attachment row: decoded RFC 2231 name, size, digest"
cmp -s small.pdf "var/attachments/${sha:0:2}/$sha" && ok || fail "the file is stored under its digest"
same "$(q "SELECT count(*) FROM interaction WHERE case_id = 1 AND kind = 'note' AND body LIKE '%data.bin%quarantine%'")" 1 \
	"the refused file is named in a note, with the quarantined message"
run 0 "quarantine list" -- mg --quarantine-list
expect out.txt $'\t''attachment_over_limit$' "the whole message is in the quarantine"

# ---- not mail at all: 65, quarantined, repaired, re-injected ----
printf '\001\002\003 not a header line\n\nbody\n' >garbage.eml
run 65 "garbage is EX_DATAERR" -- mg <garbage.eml
expect err.txt "kept in the quarantine as [0-9TZ]+-[0-9a-f]{16}\\.eml" "and says where it is"
printf 'Subject: who wrote this?\nMessage-ID: <nofrom@x>\n\nNo sender.\n' >nofrom.eml
run 65 "no sender is EX_DATAERR" -- mg <nofrom.eml
run 0 "quarantine list" -- mg --quarantine-list
same "$(grep -c . out.txt)" 3 "three messages quarantined"
expect out.txt $'\t''mime_no_sender$' "the missing sender's reason"
name=$(awk -F'\t' '$4 == "mime_no_sender" {print $1}' out.txt)
same "$(cmp -s nofrom.eml "var/quarantine/$name" && echo same)" same "kept byte for byte"
run 65 "re-injecting it unchanged fails again" -- mg --reinject "$name"
[ -e "var/quarantine/$name" ] && ok || fail "and it stays in the quarantine"
{ printf 'From: Repaired <fixed@example.com>\n'; cat "var/quarantine/$name"; } >fixed.eml
cp fixed.eml "var/quarantine/$name"
run 0 "re-injecting the repaired message" -- mg --reinject "$name"
expect out.txt '^new_case ' "is delivered"
[ ! -e "var/quarantine/$name" ] && [ ! -e "var/quarantine/$name.reason" ] && ok ||
	fail "and leaves the quarantine"

# ---- an oversized message is kept whole ----
head -c 5000 /dev/zero | tr '\0' 'x' | { printf 'From: big@example.com\nSubject: big\n\n'; cat; echo; } >big.eml
LOYALDESK_MAIL_MAX_MESSAGE=1K run 65 "over mail.max_message" -- mg <big.eml
expect err.txt "larger than mail.max_message" "says why"
big=$(ls -t var/quarantine/*.eml | head -1)
same "$(stat -c %s "$big")" "$(stat -c %s big.eml)" "the quarantine holds all of it"

# ---- a busy store: 75, nothing lost, delivered on the retry ----
printf 'From: jiri@example.cz\nSubject: Re: [#1]\nMessage-ID: <busy@example.cz>\n\nWhile busy.\n' >busy.eml
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open("locked", "w").close()
time.sleep(8)
c.execute("ROLLBACK")' "$DB" &
LOCKER=$!
for _ in $(seq 1 100); do [ -e locked ] && break; sleep 0.05; done
before=$(ls var/quarantine | wc -l)
run 75 "a locked store is EX_TEMPFAIL" -- mg <busy.eml
expect err.txt "try again later" "the MTA is told to retry"
same "$(ls var/quarantine | wc -l)" "$before" "nothing quarantined for a busy store"
wait "$LOCKER"
run 0 "the retry delivers it" -- mg <busy.eml
expect out.txt '^added case=1 ' "on case 1"

# ---- bad options and configuration ----
run 64 "an unknown option is EX_USAGE" -- mg --bogus
run 64 "a stray argument is EX_USAGE" -- mg file.eml
run 64 "a bad team id is EX_USAGE" -- mg --team x
printf 'From: new@example.com\nSubject: team\n\nHello.\n' >team.eml
run 75 "an unknown team keeps the message at the MTA (78 would bounce it)" -- mg --team 999 <team.eml
LOYALDESK_MAIL_ATTACHMENT_MAX=lots run 75 "a bad setting keeps the message at the MTA" -- mg <m1.eml
LOYALDESK_MAIL_ATTACHMENT_MAX=lots run 78 "a bad setting by hand is EX_CONFIG" -- mg --quarantine-list

# ---- the files through the API and in the GDPR export ----
printf 'correct horse battery\n' >pw.txt
run 0 "user add admin" -- "$BIN" user add --db "$DB" --email ops@example.com --name Ops \
	--role admin --password-stdin <pw.txt
if serve_start "$DB"; then
	ok
	token=$(curl -s -m 30 -X POST -H 'Content-Type: application/json' \
		-d '{"email":"ops@example.com","password":"correct horse battery"}' \
		"$SERVE_URL/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
	auth=(-H "Authorization: Bearer $token")
	curl -s -m 30 "${auth[@]}" "$SERVE_URL/api/v1/cases/1/attachments" >list.json
	same "$(python3 -c 'import json; i=json.load(open("list.json"))["items"]; print(len(i), i[0]["filename"], i[0]["url"])')" \
		"1 faktura č.pdf /api/v1/attachments/1" "the case lists its file"
	same "$(curl -s -m 30 "${auth[@]}" -D h.txt -o got.pdf -w '%{http_code}' "$SERVE_URL/api/v1/attachments/1")" 200 \
		"the file downloads"
	cmp -s got.pdf small.pdf && ok || fail "byte for byte"
	expect h.txt "^Content-Disposition: attachment; filename=\"faktura _.pdf\"; filename\\*=UTF-8''faktura%20%C4%8D.pdf" \
		"as a download, with its name"
	expect h.txt "^X-Content-Type-Options: nosniff" "never sniffed"
	expect h.txt "^Content-Type: application/pdf" "typed"
	same "$(curl -s -m 30 "${auth[@]}" -o /dev/null -w '%{http_code}' "$SERVE_URL/api/v1/attachments/99")" 404 \
		"an unknown file is 404"
	serve_stop
	same $? 0 "serve stops cleanly"
else
	fail "serve did not start"
fi
run 0 "GDPR export" -- "$BIN" gdpr export --db "$DB" --customer 1 --out export.zip
same "$(python3 -c '
import json, zipfile
z = zipfile.ZipFile("export.zip")
doc = json.loads(z.read("customer.json"))
a = doc["attachments"]
print(len(a), a[0]["path"], z.read(a[0]["path"]) == open("small.pdf", "rb").read())')" \
	"1 attachments/1-faktura č.pdf True" "the export carries the customer's file"
run 0 "GDPR erase" -- "$BIN" gdpr erase --db "$DB" --customer 1 --reason "request 12/2026" --yes
expect out.txt "^files: 1$" "the erasure counts the file"
[ ! -e "var/attachments/${sha:0:2}/$sha" ] && ok || fail "the erased customer's file is gone from the data directory"

finish
