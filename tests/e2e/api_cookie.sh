#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The web UI's session as the API gives it, through the validating proxy:
# signing in with cookie true answers no token and sets ld_session
# (HttpOnly, SameSite=Strict); the cookie authenticates reads, and writes
# only with X-Requested-With: loyaldesk (CSRF); a Bearer token still works
# alone; signing out clears the cookie and ends the session.
. "$(dirname "$0")/lib/api_harness.sh"

db=$tmp/desk.db
"$bin" init --db "$db" > /dev/null 2>&1
printf 'correct horse battery\n' | "$bin" user add --db "$db" --email boss@example.com \
	--name Boss --role manager --password-stdin > /dev/null 2>&1
api_serve "$db"
jar=$tmp/jar
token=""
check "sign in for the UI" 201 "$(call POST /sessions '{"email":"boss@example.com","password":"correct horse battery","cookie":true}')"
check "no token in the answer" False "$(json "$tmp/out" '"token" in d')"
check "the cookie, HttpOnly and SameSite=Strict" 1 \
	"$(grep -ci '^set-cookie: ld_session=[0-9a-f]\{64\}; Path=/; Max-Age=[0-9]*; HttpOnly; SameSite=Strict' "$tmp/headers")"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: ld_session=\([0-9a-f]*\);.*/\1/p' "$tmp/headers")
ui() { curl -s -o "$tmp/out" -w '%{http_code}' -H "Cookie: ld_session=$cookie" "$@"; }
check "the cookie reads" 200 "$(ui "$base/teams")"
check "a cookie write without the UI's header" 403 "$(ui -X POST -H 'Content-Type: application/json' -d '{"name":"Forged"}' "$base/teams")"
check "is a CSRF refusal" csrf_required "$(json "$tmp/out" 'd["error"]["code"]')"
check "nothing was made" 0 "$(sqlite3 "$db" "select count(*) from team where name = 'Forged'")"
check "with it, the write is the UI's" 201 "$(ui -X POST -H 'X-Requested-With: loyaldesk' -H 'Content-Type: application/json' -d '{"name":"Billing"}' "$base/teams")"
check "a malformed cookie is no session" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Cookie: ld_session=xyz' "$base/teams")"
check "a Bearer login still answers its token" 201 "$(call POST /sessions '{"email":"boss@example.com","password":"correct horse battery"}')"
bearer=$(json "$tmp/out" 'd["token"]')
check "and writes without the header" 201 "$(token=$bearer call POST /teams '{"name":"Support"}')"
check "sign out by cookie" 204 "$(ui -X DELETE -H 'X-Requested-With: loyaldesk' -D "$tmp/h2" "$base/sessions/current")"
check "clears the cookie" 1 "$(grep -ci '^set-cookie: ld_session=; Path=/; Max-Age=0' "$tmp/h2")"
check "and ends the session" 401 "$(ui "$base/teams")"
api_finish
