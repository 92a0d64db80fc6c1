#!/usr/bin/env bash
# Branch reports: the effort report of one branch (read from the branch's
# cases and summed by the rules the aggregates are made of), beside the whole
# desk's effort report (from the aggregates), the branch's summary and its
# case list, and the claims and compliments (lists, the subject filter, the
# counts per team, summed in C from the rows), on one connection through `loyaldesk serve`; the bare
# libmicrohttpd responder (bench/ceiling.c) and the sqlite3 CLI running one
# query over the same cases (process start included) are the anchors, in the
# same run, on a demo store (cached in bench/out).
#
#   bash bench/branch.sh [--customers N (5000)] [--cases N (50000)]
#                        [--duration S (5)] [--threads T (2)] [--fresh]
#
# Prints one table; raw output stays in bench/out/. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

customers=5000
cases=50000
duration=5
threads=2
fresh=0
out=$root/bench/out
. "$root/bench/wrk_lib.sh"
bench_setup "$@"
mkdir -p "$out"

db=$out/branch-$customers-$cases.db
password='bench password 123'
if [ "$fresh" = 1 ] || [ ! -f "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "generating $customers customers / $cases cases…"
  "$bin" demo --db "$db" --customers "$customers" --cases "$cases" --admin-password-stdin \
    <<< "$password" > "$out/branch-demo.log"
fi
# the busiest branch
read -r branch visits branch_cases < <(sqlite3 -separator ' ' "$db" \
  "select facility_id, count(*), count(distinct case_id) from interaction
   where facility_id is not null group by facility_id order by 2 desc limit 1")
n_case=$(sqlite3 "$db" 'select count(*) from ticket')
n_fb=$(sqlite3 "$db" "select count(*) from feedback")
echo "store: $n_case cases, $n_fb claims and compliments; branch $branch: $visits visits on $branch_cases cases"

port_ceiling=18484
port_server=18485
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$build/ld_ceiling" $port_ceiling "$threads" & pids+=($!)
wait_port $port_ceiling
ceiling=$(run_wrk branch-ceiling "http://127.0.0.1:$port_ceiling/" "" 1)
kill "${pids[0]}"

"$bin" serve --db "$db" --listen 127.0.0.1:$port_server --threads "$threads" \
  > "$out/branch-serve.log" 2>&1 &
pids+=($!)
wait_port $port_server
token=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port_server/api/v1/sessions" | sed -n 's/.*"token": *"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }
export LD_TOKEN=$token

# The same figures two ways must agree before anything is timed.
got=$(curl -s -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port_server/api/v1/reports/effort?facility=$branch" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["cases"], d["high_effort"]["hits"])')
sql="select count(*), sum(effort_band = 'high') from ticket where merged_into_id is null
     and id in (select case_id from interaction where facility_id = $branch)"
want=$(sqlite3 -separator ' ' "$db" "$sql")
[ "$got" = "$want" ] || { echo "branch report $got, sqlite3 $want" >&2; exit 1; }

printf '\n%-34s %9s %9s %9s\n' measure 'req/s' 'p50 ms' 'p99 ms'
read -r r p50 p99 _ <<< "$ceiling"
printf '%-34s %9.0f %9.3f %9.3f\n' 'bare responder GET' "$r" "$p50" "$p99"
for m in "effort report, whole desk|/api/v1/reports/effort" \
         "effort report, one branch|/api/v1/reports/effort?facility=$branch" \
         "branch summary|/api/v1/facilities/$branch/summary" \
         "branch case list, 50|/api/v1/cases?facility_id=$branch&limit=50" \
         "claims of the branch, 50|/api/v1/claims?facility_id=$branch&limit=50" \
         "claims by subject (folded), 50|/api/v1/claims?subject=nikdo&limit=50" \
         "claims and compliments per team|/api/v1/reports/feedback?by=team"; do
  name=${m%%|*} path=${m#*|}
  read -r r p50 p99 bad <<< "$(LD_PATH=$path run_wrk "branch-${name// /_}" \
    "http://127.0.0.1:$port_server" "$root/bench/wrk/get.lua" 1)"
  [ "$bad" = 0 ] || { echo "$name: $bad non-2xx answers" >&2; exit 1; }
  printf '%-34s %9.0f %9.3f %9.3f\n' "$name" "$r" "$p50" "$p99"
done
times=()
for _ in $(seq 20); do
  t0=$(date +%s%N); sqlite3 "$db" "$sql" > /dev/null; t1=$(date +%s%N)
  times+=("$(( (t1 - t0) / 1000 ))")
done
printf '%-34s %9s %9.3f %9s\n' 'sqlite3 CLI, the branch query' - \
  "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] / 1000}')" -
