#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Mail out against a real SMTP server on 127.0.0.1 (tests/e2e/lib/smtp_sink.py,
# Debian's python3-aiosmtpd): an agent's reply to a customer who wrote in by
# mail leaves `loyaldesk serve` over SMTP — MIME, UTF-8 quoted-printable, the
# case tag, In-Reply-To and References to the customer's message, the line in
# the customer's language — and the customer's answer to it threads back onto
# the case. A temporary refusal is retried with back-off and then delivered; a
# permanent one is given up, shown to the agent as a note on the case and
# audited, and can be retried by a manager. A customer without an address
# cannot be "sent" a reply; "send": false records one sent elsewhere. A
# survey invitation goes out marked Auto-Submitted with its link, which the
# outbox then forgets. After a restart nothing is sent twice.
# shellcheck source=lib/cli_harness.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/cli_harness.sh"
# shellcheck source=lib/serve.sh
. "$HERE/lib/serve.sh"
# shellcheck source=lib/ports.sh
. "$HERE/lib/ports.sh"
unset LOYALDESK_DATA_DIR LOYALDESK_SMTP_URL LOYALDESK_SMTP_TLS LOYALDESK_MAIL_FROM
SINK_PID=
trap 'serve_stop >/dev/null 2>&1; [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	echo "FAIL: Debian's python3-aiosmtpd is missing (make deps installs it)"
	exit 1
fi

DB=$WORK/var/desk.db
q() { sqlite3 "$DB" "$1"; }
mg() { "$BIN" mailgate --db "$DB" "$@"; }
# sink_wait N: waits (≤ 20 s) until the sink holds N messages
sink_wait() {
	for _ in $(seq 1 200); do
		[ "$(find sink -name '*.eml' | wc -l)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
# outbox_wait ID STATUS: waits (≤ 20 s) until message ID has STATUS
outbox_wait() {
	local s
	for _ in $(seq 1 200); do
		s=$(curl -s -m 10 "${auth[@]}" "$SERVE_URL/api/v1/outbox?status=all&limit=100" |
			python3 -c "import json,sys; print(next((m['status'] for m in json.load(sys.stdin)['items'] if m['id'] == $1), ''))")
		[ "$s" = "$2" ] && return 0
		sleep 0.1
	done
	echo "    message $1 is '$s', not '$2'"
	return 1
}
post() { curl -s -m 30 "${auth[@]}" -H 'Content-Type: application/json' -o resp.json -w '%{http_code}' -X POST "$SERVE_URL$1" -d "$2"; }
field() { python3 -c "import json; print(json.load(open('resp.json'))$1)"; }

run 0 "init" -- "$BIN" init --db "$DB"
printf 'correct horse battery\n' >pw.txt
run 0 "manager" -- "$BIN" user add --db "$DB" --email boss@example.com --name Boss --role manager --password-stdin <pw.txt

port=$(free_port)
/usr/bin/python3 "$HERE/lib/smtp_sink.py" "$port" sink 2>sink.err &
SINK_PID=$!
for _ in $(seq 1 100); do [ -f sink/ready ] && break; sleep 0.1; done
[ -f sink/ready ] && ok || fail "the SMTP sink did not start: $(head -3 sink.err)"

# ---- the customer writes in ----
cat >in1.eml <<'EOF'
From: =?UTF-8?Q?Ji=C5=99=C3=AD_Dvo=C5=99=C3=A1k?= <jiri@example.cz>
To: podpora@desk.example
Subject: Reklamace čerpadla
Message-ID: <in1@mail.example.cz>
Content-Type: text/plain; charset=utf-8

Dobrý den, čerpadlo nefunguje.
EOF
run 0 "the customer's mail" -- mg <in1.eml
expect out.txt '^new_case case=1 ' "opens case 1"

env=(LOYALDESK_SMTP_URL="smtp://127.0.0.1:$port" LOYALDESK_SMTP_TLS=off
	LOYALDESK_MAIL_FROM="Podpora Example <podpora@desk.example>")
if ! serve_start "$DB" "${env[@]}"; then
	fail "serve did not start"
	finish
fi
ok
token=$(curl -s -m 30 -X POST -H 'Content-Type: application/json' \
	-d '{"email":"boss@example.com","password":"correct horse battery"}' \
	"$SERVE_URL/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
auth=(-H "Authorization: Bearer $token")

# ---- the agent's reply goes out ----
same "$(post /api/v1/cases/1/interactions '{"channel":"email","direction":"out","body":"Dobrý den,\nvýměnu čerpadla zařídíme do pátku.\nS pozdravem, Petra"}')" 201 "the reply is recorded"
reply_id=$(field '["id"]')
sink_wait 1 && ok || fail "the reply did not reach the mail server"
python3 - sink/0001.eml sink/0001.env >mail1.txt <<'PY'
import email, email.policy, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=email.policy.default)
env = open(sys.argv[2]).read().split()
print("env", env[1], env[3])
print("crlf", b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""))
print("from", m["From"])
print("to", m["To"])
print("subject", m["Subject"])
print("in-reply-to", m["In-Reply-To"])
print("references", m["References"])
print("message-id", m["Message-ID"])
print("auto", m["Auto-Submitted"])
print("type", m.get_content_type(), m.get_content_charset(), m["Content-Transfer-Encoding"])
print("language", m["Content-Language"])
body = m.get_content()
print("body", "výměnu čerpadla zařídíme do pátku." in body)
print("footer", "Váš případ č. 1 – odpovědí na tento e-mail jej doplníte." in body)
PY
expect mail1.txt '^env podpora@desk.example jiri@example.cz$' "the envelope: from the desk, to the customer"
expect mail1.txt '^crlf True$' "CRLF line ends throughout"
expect mail1.txt '^from Podpora Example <podpora@desk.example>$' "From: mail.from"
expect mail1.txt '^to Jiří Dvořák <jiri@example.cz>$' "To: the customer, by name"
expect mail1.txt '^subject \[#1\] Reklamace čerpadla$' "the subject carries the case tag"
expect mail1.txt '^in-reply-to <in1@mail.example.cz>$' "In-Reply-To: the customer's message"
expect mail1.txt '^references <in1@mail.example.cz>$' "References: the thread"
expect mail1.txt '^auto None$' "a person's reply is not marked automatic"
expect mail1.txt '^type text/plain utf-8 quoted-printable$' "UTF-8, quoted-printable"
expect mail1.txt '^language cs$' "in the customer's language"
expect mail1.txt '^body True$' "the agent's words"
expect mail1.txt '^footer True$' "and the case line in Czech"
mid=$(sed -n 's/^message-id <\(.*\)>$/\1/p' mail1.txt)
curl -s -m 30 "${auth[@]}" "$SERVE_URL/api/v1/outbox?status=all" >outbox.json
same "$(python3 -c "import json; m=json.load(open('outbox.json'))['items'][0]; print(m['status'], m['interaction_id'], m['case_id'], m['message_id'], m['attempts'])")" \
	"sent $reply_id 1 $mid 1" "the outbox: sent once, the Message-ID the mail carried"

# ---- the customer answers the desk's mail: it threads back ----
printf 'From: jiri@example.cz\nSubject: Re: [#1] Reklamace\nIn-Reply-To: <%s>\nMessage-ID: <in2@mail.example.cz>\n\nDěkuji.\n' "$mid" >in2.eml
run 0 "the customer's answer" -- mg <in2.eml
expect out.txt '^added case=1 ' "joins case 1 by the desk's Message-ID"

# ---- a temporary refusal: retried with back-off, then delivered ----
same "$(post /api/v1/customers '{"name":"Tomáš Later","email":"tempfail-2@example.com","language":"en","consent":true}')" 201 "customer 2"
same "$(post /api/v1/cases '{"customer_id":2,"subject":"Invoice","channel":"email","body":"Where is it?"}')" 201 "case 2"
same "$(post /api/v1/cases/2/interactions '{"channel":"email","direction":"out","body":"It is on its way."}')" 201 "reply to case 2"
outbox_wait 2 retrying && ok || fail "a 451 makes it retrying"
same "$(q "SELECT attempts || ' ' || (next_attempt_at - created_at BETWEEN 55 AND 70) || ' ' || (last_error LIKE '%451%') FROM outbox WHERE id = 2")" \
	"1 1 1" "one attempt, the next in a minute, the server's 451 kept"
q "UPDATE outbox SET next_attempt_at = 0 WHERE id = 2" # a minute passes
for _ in $(seq 1 100); do [ "$(q 'SELECT attempts FROM outbox WHERE id = 2')" = 2 ] && break; sleep 0.1; done
same "$(q "SELECT attempts || ' ' || (next_attempt_at - strftime('%s','now') BETWEEN 100 AND 130) FROM outbox WHERE id = 2")" \
	"2 1" "the second refusal waits two minutes"
q "UPDATE outbox SET next_attempt_at = 0 WHERE id = 2"
outbox_wait 2 sent && ok || fail "the third attempt is delivered"
same "$(grep -l '^to tempfail-2@example.com$' sink/*.env | wc -l)" 1 "delivered once"

# ---- a permanent refusal: given up, shown to the agent, retried by a manager ----
same "$(post /api/v1/customers '{"name":"Nobody","email":"reject@example.com","language":"de","consent":true}')" 201 "customer 3"
same "$(post /api/v1/cases '{"customer_id":3,"subject":"Kündigung","channel":"email","body":"Bitte kündigen."}')" 201 "case 3"
same "$(post /api/v1/cases/3/interactions '{"channel":"email","direction":"out","body":"Erledigt."}')" 201 "reply to case 3"
outbox_wait 3 failed && ok || fail "a 550 gives it up"
curl -s -m 30 "${auth[@]}" "$SERVE_URL/api/v1/cases/3/interactions" >its.json
same "$(python3 -c "
import json
notes = [i for i in json.load(open('its.json'))['items'] if i['kind'] == 'note']
print(len(notes), 'reject@example.com' in notes[-1]['body'], '550' in notes[-1]['body'])")" \
	"1 True True" "the agent sees a note: to whom, the server's answer"
same "$(q "SELECT count(*) FROM audit WHERE action = 'mail.failed' AND object = 'message/3'")" 1 "audited mail.failed"
same "$(post /api/v1/outbox/3/retry '{}')" 200 "a manager retries it"
outbox_wait 3 failed && ok || fail "refused again"
same "$(post /api/v1/outbox/1/retry '{}')" 409 "a sent message cannot be retried"

# ---- no address; recorded, not sent ----
same "$(post /api/v1/customers '{"name":"Phone Only","phone":"+420601123456","language":"cs"}')" 201 "customer 4"
same "$(post /api/v1/cases '{"customer_id":4,"subject":"Hovor","channel":"phone"}')" 201 "case 4"
same "$(post /api/v1/cases/4/interactions '{"channel":"email","direction":"out","body":"Hello"}')" 400 "no address: 400"
same "$(field '["error"]["code"]')" customer_has_no_email "customer_has_no_email"
same "$(q "SELECT count(*) FROM interaction WHERE case_id = 4 AND direction = 'out'")" 0 "and nothing recorded"
same "$(post /api/v1/cases/1/interactions '{"channel":"email","direction":"out","body":"Sent from my phone","send":false}')" 201 "send false records it"
same "$(post /api/v1/cases/1/interactions '{"channel":"phone","direction":"out","send":true}')" 400 "a call cannot be sent"
same "$(field '["error"]["code"]')" not_sendable "not_sendable"

# ---- a survey invitation: automatic, its link forgotten once sent ----
before=$(find sink -name '*.eml' | wc -l)
run 0 "survey campaign" -- "$BIN" survey campaign --db "$DB" --name "Q4" --language en
sink_wait $((before + 1)) && ok || fail "the invitation went out"
inv=$(grep -l '^to tempfail-2@example.com$' sink/*.env | tail -1)
inv=${inv%.env}.eml
grep -q '^Auto-Submitted: auto-generated' "$inv" && ok || fail "the invitation is Auto-Submitted"
grep -q '/survey/' "$inv" && ok || fail "and carries its link"
for _ in $(seq 1 50); do [ "$(q "SELECT count(*) FROM outbox WHERE survey_id IS NOT NULL AND sent_at IS NOT NULL")" -ge 1 ] && break; sleep 0.1; done
tok=$(grep -o '/survey/[0-9a-f]*' "$inv" | head -1 | cut -d/ -f3)
same "$(q "SELECT count(*) FROM outbox WHERE body LIKE '%$tok%'")|${#tok}" "0|${#tok}" "the sent invitation's token is blanked in the outbox"

# ---- a restart sends nothing twice ----
sent=$(find sink -name '*.eml' | wc -l)
serve_stop
same $? 0 "serve stops cleanly"
serve_start "$DB" "${env[@]}" && ok || fail "serve starts again"
sleep 5
same "$(find sink -name '*.eml' | wc -l)" "$sent" "nothing is sent again after the restart"
serve_stop

# ---- without mail.smtp_url nothing is sent, and serve says so ----
serve_start "$DB" && ok || fail "serve without mail"
expect serve.err 'mail is not sent: mail.smtp_url is not set' "serve says mail is off"
serve_stop
run 1 "outbox send without smtp_url" -- "$BIN" outbox send --db "$DB"
expect err.txt 'mail.smtp_url is not set' "the CLI says why"
finish
