#!/usr/bin/env bash
# Import benchmark: `loyaldesk import interactions` of the peer generator's
# CSV (../shared/peers/duckdb/gen.py) beside the sqlite3 CLI's `.import` of
# the same file into one table with two indexes (by case and by customer, as
# loyaldesk's interaction table has), measured in the same run, then the
# effort report on the imported store and `loyaldesk check` on it.
#
#   bash bench/import.sh [--n N] [--runs R] [--shuffled]
#
# --n: interactions (default 1000000); --runs: imports of each (default 1,
# the median is printed); --shuffled: the file's rows in random order (the
# import must give the same cases). Data is cached in bench/out/import-N.
# Prints one table. Not a test: timing belongs here, never in ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=1000000
runs=1
shuffled=0
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --shuffled) shuffled=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

gen=$root/../shared/peers/duckdb/gen.py
[ -f "$gen" ] || { echo "no peer generator at $gen" >&2; exit 1; }
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null

build=$root/build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target loyaldesk >/dev/null
bin=$build/loyaldesk

data=$root/bench/out/import-$n
mkdir -p "$data"
if [ ! -f "$data/interactions.csv" ]; then
  echo "generating $n interactions…"
  python3 "$gen" --n "$n" --seed 42 --out "$data" >/dev/null
fi
csv=$data/interactions.csv
if [ "$shuffled" = 1 ]; then
  if [ ! -f "$data/shuffled.csv" ]; then
    python3 - "$csv" "$data/shuffled.csv" <<'PY'
import random, sys
rows = open(sys.argv[1]).read().splitlines()
body = rows[1:]
random.Random(9).shuffle(body)
open(sys.argv[2], "w").write("\n".join([rows[0]] + body) + "\n")
PY
  fi
  csv=$data/shuffled.csv
fi

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The anchor: the sqlite3 CLI's .import into a table with two indexes.
anchor() {
  local db=$data/anchor.db
  rm -f "$db" "$db-wal" "$db-shm"
  local t0 t1
  t0=$(now)
  sqlite3 "$db" <<EOF
PRAGMA journal_mode = WAL;
CREATE TABLE interaction (id INTEGER PRIMARY KEY, case_id INTEGER, customer_id INTEGER,
  channel TEXT, direction TEXT, agent_id INTEGER, at INTEGER, kind TEXT);
CREATE INDEX interaction_case ON interaction (case_id, at, id);
CREATE INDEX interaction_customer ON interaction (customer_id, at, id);
.mode csv
.import --skip 1 $csv interaction
EOF
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

ours() {
  local db=$data/loyaldesk.db
  rm -f "$db" "$db-wal" "$db-shm"
  local t0 t1
  t0=$(now)
  "$bin" import interactions "$csv" --db "$db" 2> "$data/import.log"
  t1=$(now)
  echo "$t1 - $t0" | bc -l
}

a_times=(); o_times=()
for _ in $(seq 1 "$runs"); do
  a_times+=("$(anchor)")
  o_times+=("$(ours)")
done
a=$(printf '%s\n' "${a_times[@]}" | median)
o=$(printf '%s\n' "${o_times[@]}" | median)
db=$data/loyaldesk.db
cases=$(sqlite3 "$db" 'select count(*) from ticket')
customers=$(sqlite3 "$db" 'select count(*) from customer')
t0=$(now); "$bin" report effort --db "$db" --format json > "$data/effort.json"; t1=$(now)
report=$(echo "$t1 - $t0" | bc -l)
t0=$(now); "$bin" check --db "$db" 2> "$data/check.log"; t1=$(now)
check=$(echo "$t1 - $t0" | bc -l)

printf '\n%s interactions%s → %s cases, %s customers\n' "$n" \
  "$([ "$shuffled" = 1 ] && echo ' (shuffled)')" "$cases" "$customers"
printf '%-28s %10s %10s %8s\n' what seconds 'rows/s' ratio
printf '%-28s %10.2f %10.0f %8s\n' 'sqlite3 .import (anchor)' "$a" "$(echo "$n / $a" | bc -l)" 1.00
printf '%-28s %10.2f %10.0f %8.2f\n' 'loyaldesk import' "$o" "$(echo "$n / $o" | bc -l)" \
  "$(echo "$o / $a" | bc -l)"
printf '%-28s %10.3f\n' 'loyaldesk report effort' "$report"
printf '%-28s %10.2f   %s\n' 'loyaldesk check' "$check" "$(tail -1 "$data/check.log")"
