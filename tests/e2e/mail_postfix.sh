#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The whole mail path through Debian's Postfix on loopback, as an installation
# runs it (docs/mail.md): a private Postfix instance (its own configuration,
# queue and log in a temporary directory; no system service) takes mail for
# desk.test over SMTP and hands it to `loyaldesk mailgate` through a pipe(8)
# transport running as nobody; `loyaldesk serve` sends the agent's reply to
# that Postfix, which relays it to a test SMTP server (lib/smtp_sink.py). A
# customer's mail opens a case, the reply reaches the customer threaded on it,
# their answer to the reply joins the same case, and an auto-reply opens
# nothing. Needs root (Postfix's master runs as root) and the postfix package;
# where Postfix cannot be run it says so and is skipped.
# shellcheck source=lib/cli_harness.sh
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/cli_harness.sh"
# shellcheck source=lib/serve.sh
. "$HERE/lib/serve.sh"
# shellcheck source=lib/ports.sh
. "$HERE/lib/ports.sh"
unset LOYALDESK_DATA_DIR LOYALDESK_SMTP_URL LOYALDESK_SMTP_TLS LOYALDESK_MAIL_FROM
SINK_PID=
PF=$WORK/postfix
cleanup() {
	serve_stop >/dev/null 2>&1
	[ -d "$PF/conf" ] && postfix -c "$PF/conf" stop >/dev/null 2>&1
	[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

skip() { echo "skip: $*"; echo "0 passed, 0 failed (skipped)"; exit 0; }
[ "$(id -u)" = 0 ] || skip "Postfix's master must run as root; this test runs as $(id -un)"
command -v postfix >/dev/null && [ -x /usr/lib/postfix/sbin/master ] ||
	skip "Debian's postfix is not installed (make deps installs it as root)"
id postfix >/dev/null 2>&1 && getent group postdrop >/dev/null || skip "the postfix user or the postdrop group is missing"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "FAIL: python3-aiosmtpd is missing"; exit 1; }
# pipe(8) runs mailgate as nobody: it must reach the binary and the store.
chmod 755 "$WORK"
d=$BIN
while d=$(dirname "$d") && [ "$d" != / ]; do
	[ "$(( 0$(stat -c %a "$d") & 05 ))" = 5 ] || skip "nobody cannot reach $BIN ($d is $(stat -c %a "$d"))"
done

DB=$WORK/desk/desk.db
q() { sqlite3 "$DB" "$1"; }
mkdir -p desk && chmod 777 desk
run 0 "init" -- "$BIN" init --db "$DB"
chmod 666 "$DB"

sink_port=$(free_port)
/usr/bin/python3 "$HERE/lib/smtp_sink.py" "$sink_port" sink 2>sink.err &
SINK_PID=$!
for _ in $(seq 1 100); do [ -f sink/ready ] && break; sleep 0.1; done
[ -f sink/ready ] && ok || fail "the SMTP sink did not start"

# ---- a private Postfix ----
pf_port=$(free_port)
mkdir -p "$PF/conf" "$PF/queue" "$PF/data"
chown postfix "$PF/data"
chmod 777 "$PF"
cat >"$PF/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.desk.test
mydomain = desk.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = desk.test
transport_maps = inline:{ desk.test=loyaldesk: }
relayhost = [127.0.0.1]:$sink_port
smtp_dns_support_level = disabled
smtp_tls_security_level = none
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
alias_maps =
alias_database =
local_recipient_maps =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
loyaldesk_destination_recipient_limit = 1
EOF
cat >"$PF/conf/master.cf" <<EOF
127.0.0.1:$pf_port inet n - n - - smtpd
pickup    unix  n  -  n  60    1  pickup
cleanup   unix  n  -  n  -     0  cleanup
qmgr      unix  n  -  n  300   1  qmgr
rewrite   unix  -  -  n  -     -  trivial-rewrite
bounce    unix  -  -  n  -     0  bounce
defer     unix  -  -  n  -     0  bounce
trace     unix  -  -  n  -     0  bounce
verify    unix  -  -  n  -     1  verify
flush     unix  n  -  n  1000? 0  flush
proxymap  unix  -  -  n  -     -  proxymap
smtp      unix  -  -  n  -     -  smtp
relay     unix  -  -  n  -     -  smtp
showq     unix  n  -  n  -     -  showq
error     unix  -  -  n  -     -  error
retry     unix  -  -  n  -     -  error
discard   unix  -  -  n  -     -  discard
anvil     unix  -  -  n  -     1  anvil
scache    unix  -  -  n  -     1  scache
postlog   unix-dgram n - n - 1 postlogd
loyaldesk unix  -  n  n  -     2  pipe
  flags=Rq user=nobody argv=$BIN mailgate --db $DB --sender \${sender} --recipient \${recipient}
EOF
postfix -c "$PF/conf" check >pf.err 2>&1
if ! postfix -c "$PF/conf" start >>pf.err 2>&1; then
	fail "Postfix did not start: $(tail -3 pf.err) $(tail -3 "$PF/maillog" 2>/dev/null)"
	finish
fi
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$pf_port") 2>/dev/null && break; sleep 0.1; done
ok

# smtp_send FILE RCPT: one message to Postfix over SMTP
smtp_send() {
	python3 - "$pf_port" "$1" "$2" <<'PY'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=20)
raw = open(sys.argv[2], "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
s.sendmail("jan.kowalski@example.pl", [sys.argv[3]], raw)
s.quit()
PY
}
# wait_for SQL VALUE: until the store answers VALUE (≤ 30 s)
wait_for() {
	for _ in $(seq 1 300); do [ "$(q "$1" 2>/dev/null)" = "$2" ] && return 0; sleep 0.1; done
	echo "    store: '$(q "$1" 2>&1)', wanted '$2'; Postfix's log:"
	tail -4 "$PF/maillog" | sed 's/^/    /'
	return 1
}

# ---- mail in: Postfix → pipe → mailgate → a case ----
cat >in1.eml <<'EOF'
From: =?UTF-8?Q?Jan_Kowalski?= <jan.kowalski@example.pl>
To: support@desk.test
Subject: =?UTF-8?Q?Zwrot_pieni=C4=99dzy?=
Message-ID: <pf-in-1@example.pl>
Content-Type: text/plain; charset=utf-8

Dzień dobry, proszę o zwrot.
EOF
smtp_send in1.eml support@desk.test && ok || fail "Postfix took the customer's mail"
wait_for "SELECT subject FROM ticket WHERE id = 1" "Zwrot pieniędzy" && ok || fail "the mail became case 1"
same "$(q "SELECT name || '|' || language FROM customer WHERE email = 'jan.kowalski@example.pl'")" \
	"Jan Kowalski|pl" "the customer, by address and name, Polish by .pl"
grep -q 'relay=loyaldesk.*status=sent (delivered via loyaldesk service (new_case case=1' "$PF/maillog" &&
	ok || fail "Postfix logs mailgate's answer"

# ---- mail out: serve → Postfix → the customer's server ----
printf 'correct horse battery\n' >pw.txt
run 0 "agent" -- "$BIN" user add --db "$DB" --email agent@desk.test --name Agent --role agent --password-stdin <pw.txt
if ! serve_start "$DB" LOYALDESK_SMTP_URL="smtp://127.0.0.1:$pf_port" LOYALDESK_SMTP_TLS=off \
	LOYALDESK_MAIL_FROM="Support <support@desk.test>"; then
	fail "serve did not start"
	finish
fi
token=$(curl -s -m 30 -X POST -H 'Content-Type: application/json' \
	-d '{"email":"agent@desk.test","password":"correct horse battery"}' \
	"$SERVE_URL/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
same "$(curl -s -m 30 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-X POST "$SERVE_URL/api/v1/cases/1/interactions" \
	-d '{"channel":"email","direction":"out","body":"Dzień dobry, zwrot został zlecony."}')" 201 "the agent replies"
for _ in $(seq 1 300); do [ -n "$(find sink -name '*.eml' 2>/dev/null)" ] && break; sleep 0.1; done
out=$(find sink -name '*.eml' | head -1)
[ -n "$out" ] && ok || fail "the reply reached the customer's server through Postfix"
grep -q '^to jan.kowalski@example.pl$' "${out%.eml}.env" 2>/dev/null && ok || fail "addressed to the customer"
grep -q '^In-Reply-To: <pf-in-1@example.pl>' "$out" 2>/dev/null && ok || fail "threaded on their message"
grep -q '^Subject: \[#1\] ' "$out" 2>/dev/null && ok || fail "tagged [#1]"
grep -q 'by mx.desk.test (Postfix)' "$out" 2>/dev/null && ok || fail "and it went through Postfix"
mid=$(sed -n 's/^Message-I[dD]: <\(.*\)>\r\{0,1\}$/\1/p' "$out" | head -1)

# ---- their answer to the reply comes back in through Postfix ----
printf 'From: jan.kowalski@example.pl\nTo: support@desk.test\nSubject: Re: [#1] Zwrot\nIn-Reply-To: <%s>\nMessage-ID: <pf-in-2@example.pl>\n\nDziękuję!\n' "$mid" >in2.eml
smtp_send in2.eml support@desk.test && ok || fail "Postfix took the answer"
wait_for "SELECT count(*) FROM interaction WHERE case_id = 1 AND direction = 'in'" 2 && ok ||
	fail "the answer joined case 1"

# ---- an auto-reply through Postfix opens nothing ----
printf 'From: jan.kowalski@example.pl\nTo: support@desk.test\nSubject: Out of office\nAuto-Submitted: auto-replied\nMessage-ID: <pf-ar@example.pl>\n\nAway.\n' >ar.eml
smtp_send ar.eml support@desk.test && ok || fail "Postfix took the auto-reply"
for _ in $(seq 1 300); do grep -q 'ignored reason=auto_submitted' "$PF/maillog" && break; sleep 0.1; done
grep -q 'status=sent (delivered via loyaldesk service (ignored reason=auto_submitted' "$PF/maillog" &&
	ok || fail "delivered and ignored: no bounce, no loop"
same "$(q "SELECT count(*) FROM ticket")" 1 "no case for the auto-reply"
finish
