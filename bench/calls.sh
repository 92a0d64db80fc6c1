#!/usr/bin/env bash
# Phone benchmark: a telephone system's events on a demo store (default 20k
# customers), through wrk on 127.0.0.1, beside the bare libmicrohttpd
# responder (bench/ceiling.c) measured in the same run:
#   ring   a new call for a known customer's number: E.164, the customer by
#          number, their open cases (the screen pop), the call row — c1, c8
#   cycle  whole calls, ringing → answered → ended (a contact on the
#          caller's open case or a new case): one connection, events in order
#
#   bash bench/calls.sh [--customers N] [--cases N] [--duration S] [--threads T] [--fresh]
#
# Prints one table; raw wrk output stays in bench/out/. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

customers=20000
cases=38000
duration=10
threads=2
fresh=0
out=$root/bench/out
. "$root/bench/wrk_lib.sh"
bench_setup "$@"

mkdir -p "$out"
seed=$out/calls-$customers-$cases.db
db=$out/calls-run.db
if [ "$fresh" = 1 ] || [ ! -f "$seed" ]; then
  rm -f "$seed" "$seed-wal" "$seed-shm"
  echo "generating $customers customers / $cases cases…"
  "$bin" demo --db "$seed" --customers "$customers" --cases "$cases" \
    --admin-password-stdin <<< 'bench password 123' > "$out/demo.log"
fi
# Every run starts from the same store: the calls of the last one are gone.
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$seed" ".backup '$db'"
cti=$("$bin" integration add "Bench PBX" --db "$db" | sed -n 's/^token: //p')
numbers=$out/calls-numbers.lua
sqlite3 "$db" "SELECT phone FROM customer WHERE phone <> '' ORDER BY random() LIMIT 5000" |
  awk 'BEGIN { print "return {" } { printf "  \"%s\",\n", $0 } END { print "}" }' > "$numbers"
echo "store: $(sqlite3 "$db" 'select count(*) from customer') customers," \
  "$(sqlite3 "$db" 'select count(*) from ticket') cases," \
  "$(sqlite3 "$db" "select count(*) from customer where phone <> ''") with a phone"

port_ceiling=18490
port_server=18491
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$build/ld_ceiling" $port_ceiling "$threads" & pids+=($!)
wait_port $port_ceiling
declare -A ceil
for c in 1 8; do ceil[$c]=$(run_wrk ceiling "http://127.0.0.1:$port_ceiling/" "" $c); done
kill "${pids[0]}"

LOYALDESK_PHONE_COUNTRY_CODE=420 "$bin" serve --db "$db" --listen 127.0.0.1:$port_server \
  --threads "$threads" > "$out/serve.log" 2>&1 &
server=$!; pids+=($server)
wait_port $port_server
export LD_CTI=$cti LD_NUMBERS=$numbers

printf '\n%-10s %5s %10s %8s %8s %8s %6s\n' operation conc 'req/s' 'p50 ms' 'p99 ms' 'ceiling' 'non2xx'
for c in 1 8; do
  read -r r p50 p99 bad <<< "${ceil[$c]}"
  printf '%-10s %5d %10.0f %8.3f %8.3f %7.0f%% %6d\n' ceiling "$c" "$r" "$p50" "$p99" 100 "$bad"
done
row() { # row OP SCRIPT CONNS
  local r p50 p99 bad cr
  read -r r p50 p99 bad <<< "$(run_wrk "$1" "http://127.0.0.1:$port_server" "$root/bench/wrk/$2.lua" "$3")"
  read -r cr _ <<< "${ceil[$3]}"
  printf '%-10s %5d %10.0f %8.3f %8.3f %7.1f%% %6d\n' "$1" "$3" "$r" "$p50" "$p99" \
    "$(echo "100 * $r / $cr" | bc -l)" "$bad"
}
row ring call_ring 1
row ring call_ring 8
row cycle call_cycle 1
echo
echo "calls: $(sqlite3 "$db" "select count(*) from call"), ended: $(sqlite3 "$db" "select count(*) from call where state = 'ended'"), audit rows: $(sqlite3 "$db" "select count(*) from audit where action like 'call.%'")"
