#!/usr/bin/env bash
# Soak: `loyaldesk serve` under mixed, realistic traffic for a bounded time,
# watched for errors and for memory that keeps growing.
#
#   bash bench/soak.sh [--minutes M] [--customers N] [--cases N] [--threads T]
#                      [--conns C] [--bin PATH]
#
# A fresh copy of a demo database (N customers, N cases; generated once into
# bench/out/ and kept), with a survey campaign sent so there are open links
# to answer, is served on 127.0.0.1 with T worker threads (default 2). wrk
# then sends, from C connections (default 4, one per wrk thread, so every
# answer can be matched to its request), for M minutes (default 10):
# case reads, customer timelines, case and customer lists, the effort and
# NPS reports; new cases, inbound contacts, transfers and resolutions on
# random cases; logins; and survey answers (bench/wrk/soak.lua has the
# proportions and what each kind may answer). The server's RSS is sampled
# every 10 s.
#
# Printed: requests by kind; errors — answers the mix does not explain (a
# write on a merged case may be refused, a 500 may not) and socket errors;
# RSS at the start, at the end and its maximum, and whether it stayed within
# 10% of its value at the end of the warm-up (the first fifth of the run, when
# the page caches fill) from then on; then `loyaldesk check` on the database
# the traffic wrote. Exits 1 when there was an unexplained answer, a socket
# error, RSS growth past 10% or a check difference.
#
# Not a test: it takes minutes and judges a running process, so it is not in
# ctest (docs/operations.md, "Soak"). Traffic goes to 127.0.0.1 only, and
# every loop ends with the run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

minutes=10
customers=5000
cases=20000
threads=2
conns=4
bin=
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --customers) customers=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --conns) conns=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case $minutes in ''|*[!0-9]*|0) echo "--minutes takes a whole number of minutes, 1 or more" >&2; exit 2 ;; esac

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null

if [ -z "$bin" ]; then
  build=$root/build-bench
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target loyaldesk >/dev/null
  bin=$build/loyaldesk
fi
case $bin in /*) ;; *) bin=$root/$bin ;; esac

out=$root/bench/out
mkdir -p "$out"
demo=$out/soak-demo-$customers-$cases.db
db=$out/soak.db
password='soak password 123'
if [ ! -f "$demo" ]; then
  echo "generating the demo desk: $customers customers, $cases cases…"
  "$bin" demo --db "$demo.tmp" --customers "$customers" --cases "$cases" \
    --admin-password-stdin <<< "$password" > "$out/soak-demo.log"
  mv "$demo.tmp" "$demo"
fi
rm -f "$db" "$db-wal" "$db-shm"
cp "$demo" "$db"
"$bin" survey campaign --db "$db" --name soak --kind csat > "$out/soak-campaign.log"
# The open links (answered once each; SERVQUAL wants more than a score).
sqlite3 "$db" "SELECT substr(o.body, instr(o.body, '/survey/') + 8, 64) FROM outbox o
  JOIN survey s ON s.id = o.survey_id
  WHERE o.sent_at IS NULL AND s.answered_at IS NULL AND s.kind <> 'servqual'
    AND s.expires_at > strftime('%s', 'now') AND instr(o.body, '/survey/') > 0" \
  > "$out/soak-tokens.txt"
n_cust=$(sqlite3 "$db" 'SELECT max(id) FROM customer')
n_case=$(sqlite3 "$db" 'SELECT max(id) FROM ticket')
n_team=$(sqlite3 "$db" 'SELECT max(id) FROM team')
echo "desk: $n_cust customers, $n_case cases, $n_team teams, $(wc -l < "$out/soak-tokens.txt") open survey links"

server=
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$bin" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" > "$out/soak-serve.out" \
  2> "$out/soak-serve.err" &
server=$!
base=
for _ in $(seq 1 600); do
  base=$(sed -n 's/^loyaldesk listening on \(http:\/\/.*\)$/\1/p' "$out/soak-serve.out")
  [ -n "$base" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$base" ] || { echo "serve did not start:" >&2; tail -5 "$out/soak-serve.err" >&2; exit 1; }
token=$(curl -s -m 10 -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$password\"}" "$base/api/v1/sessions" |
  sed -n 's/.*"token": *"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status" 2>/dev/null || echo 0; }
: > "$out/soak-rss.txt"
(
  t=0
  while kill -0 "$server" 2>/dev/null && [ "$t" -le $((minutes * 60 + 10)) ]; do
    printf '%d %d\n' "$t" "$(rss_kb)" >> "$out/soak-rss.txt"
    sleep 10
    t=$((t + 10))
  done
) &
sampler=$!

echo "soak: $minutes min, $conns connections, $threads server threads, on $base"
LD_WRK_DIR=$root/bench/wrk LD_TOKEN=$token LD_CUSTOMERS=$n_cust LD_CASES=$n_case \
  LD_TEAMS=$n_team LD_EMAIL=admin@example.com LD_PASSWORD=$password \
  LD_TOKENS=$out/soak-tokens.txt LD_THREADS=$conns \
  wrk -t "$conns" -c "$conns" -d "$((minutes * 60))s" --timeout 10s \
    -s "$root/bench/wrk/soak.lua" "$base" > "$out/soak-wrk.txt"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=
printf '%d %d\n' "$((minutes * 60))" "$(rss_kb)" >> "$out/soak-rss.txt"

kill -TERM "$server"
wait "$server" || { echo "serve exited with an error" >&2; }
server=

status=0
requests=$(awk '$1 == "requests" { print $2 }' "$out/soak-wrk.txt")
socket=$(awk '$1 == "socket_errors" { print $2 }' "$out/soak-wrk.txt")
bad=$(awk '$1 == "unexpected" { n += $NF } END { print n + 0 }' "$out/soak-wrk.txt")
echo
echo "requests: $requests ($(awk -v r="$requests" -v m="$minutes" 'BEGIN { printf "%.0f", r / (m * 60) }')/s)"
awk '$1 == "mix" { printf "  %-14s %9d\n", $2, $3 }' "$out/soak-wrk.txt" | sort
echo "errors: $bad unexplained answers, $socket socket errors"
awk '$1 == "unexpected" { printf "  %s %s %s: %d\n", $2, $3, $4, $5 }' "$out/soak-wrk.txt"
[ "$bad" -eq 0 ] && [ "$socket" -eq 0 ] || status=1

# RSS: start, end, max; after warm-up (the first fifth) within 10% of its value then.
read -r rss_start rss_end rss_max rss_warm rss_after verdict < <(awk -v warm=$((minutes * 12)) '
  { t[NR] = $1; r[NR] = $2 }
  END {
    max = 0; for (i = 1; i <= NR; i++) if (r[i] > max) max = r[i]
    for (i = 1; i <= NR && t[i] < warm; i++) ; base = r[i]
    after = 0; for (j = i; j <= NR; j++) if (r[j] > after) after = r[j]
    printf "%d %d %d %d %d %s\n", r[1], r[NR], max, base, after, (after <= base * 1.10 ? "yes" : "no")
  }' "$out/soak-rss.txt")
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
echo "RSS: start $(mb "$rss_start"), end $(mb "$rss_end"), max $(mb "$rss_max");" \
  "after warm-up $(mb "$rss_warm") → at most $(mb "$rss_after"): within 10%: $verdict"
[ "$verdict" = yes ] || status=1

if "$bin" check --db "$db" > "$out/soak-check.txt" 2> "$out/soak-check.err"; then
  tail -2 "$out/soak-check.err"
else
  tail -2 "$out/soak-check.err"
  echo "  the differences: bench/out/soak-check.txt"
  status=1
fi
exit $status
