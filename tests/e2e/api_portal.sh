#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The customer portal's sign-in by e-mail link, end to end, through the
# validating proxy (lib/openapi_proxy.sh) and a real SMTP server on
# 127.0.0.1 (lib/smtp_sink.py): a customer who only ever wrote in asks for a
# link; it arrives by mail in Czech; the link signs in once (the session
# sees her own cases and no one else's), a replay is 410 and audited; an
# unknown address gets the same 202 and no mail; once sent, the outbox no
# longer holds the working link.
. "$(dirname "$0")/lib/api_harness.sh"

if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	echo "not ok - Debian's python3-aiosmtpd is missing (make deps installs it)"
	exit 1
fi
db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email boss@example.com \
	--name Boss --role manager --password-stdin > /dev/null 2>&1
sport=$(free_port)
/usr/bin/python3 "$(dirname "$0")/lib/smtp_sink.py" "$sport" "$tmp/mail" 2> "$tmp/sink.err" &
api_stop_later $!
for _ in $(seq 1 100); do [ -f "$tmp/mail/ready" ] && break; sleep 0.1; done
api_serve "$db" LOYALDESK_SMTP_URL="smtp://127.0.0.1:$sport" LOYALDESK_SMTP_TLS=off \
	LOYALDESK_MAIL_FROM="Podpora <podpora@desk.example>" LOYALDESK_PUBLIC_URL="https://desk.example"

mail_wait() { # mail_wait N: ≤ 20 s until the sink holds N messages
	for _ in $(seq 1 200); do
		[ "$(find "$tmp/mail" -name '*.eml' | wc -l)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

token=""
check "login" 201 "$(call POST /sessions '{"email":"boss@example.com","password":"correct horse battery"}')"
boss=$(json "$tmp/out" 'd["token"]')
token=$boss
check "a customer who wrote in" 201 "$(call POST /customers '{"name":"Jana Dvořáková","email":"jana@example.cz","language":"cs"}')"
jana=$(json "$tmp/out" 'd["id"]')
check "her case" 201 "$(call POST /cases "{\"customer_id\":$jana,\"subject\":\"Reklamace\",\"channel\":\"email\",\"body\":\"Dobrý den.\"}")"
check "someone else's" 201 "$(call POST /customers '{"name":"Petr Novák","email":"petr@example.cz"}')"
petr=$(json "$tmp/out" 'd["id"]')
check "his case" 201 "$(call POST /cases "{\"customer_id\":$petr,\"subject\":\"Faktura\",\"channel\":\"email\",\"body\":\"Dobrý den.\"}")"

token=""
check "ask for a link" 202 "$(call POST /portal/links '{"email":"Jana@Example.cz"}')"
check "an unknown address: the same answer" 202 "$(call POST /portal/links '{"email":"nobody@example.cz"}')"
check "not an address" 400 "$(direct POST /portal/links '{"email":"jana"}')"
mail_wait 1 && sleep 2
check "one mail, to her" 1 "$(find "$tmp/mail" -name '*.eml' | wc -l)"
link=$(python3 - "$tmp"/mail/*.eml <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
body = m.get_body(("plain",)).get_content()
print(m["To"], "|", m["Subject"], "|", next(w for w in body.split() if "/portal/login?token=" in w))
PY
)
check "in Czech, with the link" "Jana Dvořáková <jana@example.cz> | Váš odkaz pro přihlášení" "${link% | *}"
url=${link##* | }
check "the link" "https://desk.example/portal/login?token=" "${url%%=*}="
ptoken=${url##*token=}
check "sign in" 201 "$(call POST /portal/sessions "{\"token\":\"$ptoken\"}")"
session=$(json "$tmp/out" 'd["token"]')
check "as her portal login" "customer $jana" "$(json "$tmp/out" 'd["agent"]["role"] + " " + str(d["agent"]["customer_id"])')"
token=$session
check "her cases" 200 "$(call GET /cases)"
check "hers only" "1 $jana" "$(json "$tmp/out" 'str(len(d["items"])) + " " + str(d["items"][0]["customer_id"])')"
check "not his" 404 "$(call GET "/customers/$petr")"
token=""
check "the link again" 410 "$(call POST /portal/sessions "{\"token\":\"$ptoken\"}")"
check "is link_used" link_used "$(json "$tmp/out" 'd["error"]["code"]')"
check "a made-up link" 401 "$(call POST /portal/sessions '{"token":"0000000000000000000000000000000000000000000000000000000000000000"}')"
check "refusals are audited" 2 "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'portal.signin_refused'")"
token=$boss
check "the outbox" 200 "$(call GET '/outbox?status=all')"
check "no longer holds the working link" "False True" \
	"$(json "$tmp/out" 'str(any("'"$ptoken"'" in (m["body"] or "") for m in d["items"])) + " " + str(any("token=xxxx" in (m["body"] or "") for m in d["items"]))')"

api_finish
