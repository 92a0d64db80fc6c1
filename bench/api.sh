#!/usr/bin/env bash
# API benchmark: a store with 100k customers and ~1M interactions, then wrk on
# 127.0.0.1 at concurrency 1 and 8 against four operations, each figure also
# given as a share of a bare libmicrohttpd responder measured in the same run
# (bench/ceiling.c, same thread settings).
#
#   bash bench/api.sh [--customers N] [--cases N] [--duration S] [--threads T] [--fresh]
#
# Prints one table; raw wrk output stays in bench/out/. Not a test: timing
# belongs here, never in ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

customers=100000
cases=190000   # ≈ 5.3 interactions per case in the demo mix → ≈ 1M interactions
duration=10
threads=2
fresh=0
out=$root/bench/out
. "$root/bench/wrk_lib.sh"
bench_setup "$@"

mkdir -p "$out"
db=$out/api-$customers-$cases.db
password='bench password 123'
if [ "$fresh" = 1 ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "generating $customers customers / $cases cases…"
  t0=$(date +%s.%N)
  "$bin" demo --db "$db" --customers "$customers" --cases "$cases" --admin-password-stdin \
    <<< "$password" > "$out/demo.log"
  t1=$(date +%s.%N)
  printf 'generated in %.1f s\n' "$(echo "$t1 - $t0" | bc)"
fi
n_cust=$(sqlite3 "$db" 'select count(*) from customer')
n_case=$(sqlite3 "$db" 'select max(id) from ticket')
n_int=$(sqlite3 "$db" 'select count(*) from interaction')
echo "store: $n_cust customers, $n_case cases, $n_int interactions"

port_ceiling=18480
port_server=18481
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT


"$build/ld_ceiling" $port_ceiling "$threads" & pids+=($!)
wait_port $port_ceiling
declare -A ceil
for c in 1 8; do ceil[$c]=$(run_wrk ceiling "http://127.0.0.1:$port_ceiling/" "" $c); done
kill "${pids[0]}"

"$bin" serve --db "$db" --listen 127.0.0.1:$port_server --threads "$threads" > "$out/serve.log" 2>&1 &
server=$!; pids+=($server)
wait_port $port_server
token=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port_server/api/v1/sessions" | sed -n 's/.*"token": *"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }
export LD_TOKEN=$token LD_CUSTOMERS=$n_cust LD_CASES=$n_case

printf '\n%-16s %5s %10s %8s %8s %8s %6s\n' operation conc 'req/s' 'p50 ms' 'p99 ms' 'ceiling' 'non2xx'
for c in 1 8; do
  read -r r p50 p99 bad <<< "${ceil[$c]}"
  printf '%-16s %5d %10.0f %8.3f %8.3f %7.0f%% %6d\n' ceiling "$c" "$r" "$p50" "$p99" 100 "$bad"
done
for op in case_read timeline_read case_create interaction_add; do
  for c in 1 8; do
    read -r r p50 p99 bad <<< "$(run_wrk "$op" "http://127.0.0.1:$port_server" "$root/bench/wrk/$op.lua" $c)"
    read -r cr _ <<< "${ceil[$c]}"
    printf '%-16s %5d %10.0f %8.3f %8.3f %7.1f%% %6d\n' "$op" "$c" "$r" "$p50" "$p99" \
      "$(echo "100 * $r / $cr" | bc -l)" "$bad"
  done
done
rss=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
printf '\nserver RSS %.1f MB (peak %.1f MB)\n' "$(echo "$rss/1024" | bc -l)" "$(echo "$hwm/1024" | bc -l)"
