#!/usr/bin/env bash
# Effort-report benchmark against the DuckDB peer (../shared/peers/duckdb),
# both measured in the same run on the same generated data:
#   1. gen.py --n N --seed 42 → bench/out/peer-N (kept; skipped when present);
#   2. the peer's npm deps in a writable copy, bench/out/duckdb-peer (once);
#   3. loyaldesk (Release) imports interactions + renewals into a fresh
#      bench/out/report-N.db (import time and rows/s: not the report time);
#   4. `loyaldesk report effort --format json` and `report loyalty` R times
#      each under /usr/bin/time -v
#      (median wall, max RSS), then GET /api/v1/reports/effort once through
#      `loyaldesk serve` (curl time, server RSS from /proc);
#   5. `node run.mjs --data DIR --runs R [--threads K]` under /usr/bin/time -v
#      (median query time, load apart; peak RSS of the node process).
#
#   bash bench/report.sh [--n N (10000000)] [--runs R (3)] [--threads K]
#
# --threads K goes to DuckDB and to `serve`; without it DuckDB uses one thread
# per core. Prints one table; raw output stays in bench/out/. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

n=10000000
runs=3
threads=
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

peer_src=$root/../shared/peers/duckdb
[ -f "$peer_src/gen.py" ] || { echo "peer not found at $peer_src" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "installing time"; apt-get install -y -qq time >/dev/null; }
command -v node >/dev/null || { echo "node is required for the DuckDB peer" >&2; exit 1; }
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null

out=$root/bench/out
mkdir -p "$out"
data=$out/peer-$n
tag=report-$n

# ---- 1. data (cached)
if [ ! -f "$data/expected.json" ]; then
  echo "generating $n interactions (seed 42)…"
  t0=$(date +%s.%N)
  python3 "$peer_src/gen.py" --n "$n" --seed 42 --out "$data" > "$out/$tag-gen.log" 2>&1
  printf 'generated in %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
fi

# ---- 2. peer deps (a writable copy; once)
peer=$out/duckdb-peer
if [ ! -d "$peer/node_modules/@duckdb/node-api" ]; then
  echo "installing the DuckDB peer's npm deps in $peer…"
  rm -rf "$peer"
  cp -r "$peer_src" "$peer"
  chmod -R u+w "$peer"
  # npm 11 refuses `npm ci` with the peer's lock (it lists only the linux-x64
  # optional bindings); `npm install` then resolves the same pinned version.
  (cd "$peer" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } \
    > "$out/duckdb-peer-npm.log" 2>&1)
fi
# keep the copy's report.sql/run.mjs in step with the peer
cp "$peer_src/run.mjs" "$peer_src/report.sql" "$peer/"

# ---- 3. build + import
build=$root/build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target loyaldesk >/dev/null
bin=$build/loyaldesk

db=$out/$tag.db
rm -f "$db" "$db-wal" "$db-shm"
echo "importing $n interactions into $db…"
t0=$(date +%s.%N)
/usr/bin/time -v "$bin" import interactions "$data/interactions.csv" --db "$db" \
  > "$out/$tag-import.out" 2> "$out/$tag-import.err"
t1=$(date +%s.%N)
"$bin" import renewals "$data/customers.csv" --db "$db" \
  > "$out/$tag-renewals.out" 2> "$out/$tag-renewals.err"
t2=$(date +%s.%N)
imp_s=$(echo "$t1 - $t0" | bc -l)
ren_s=$(echo "$t2 - $t1" | bc -l)
imp_rss=$(awk '/Maximum resident/ {print $NF}' "$out/$tag-import.err")
grep -m1 '^imported' "$out/$tag-import.err" || true
grep -m1 '^imported' "$out/$tag-renewals.err" || true
printf 'import interactions %.1f s (%.0f rows/s, peak RSS %.0f MB); renewals %.1f s — not report time\n' \
  "$imp_s" "$(echo "$n / $imp_s" | bc -l)" "$(echo "$imp_rss / 1024" | bc -l)" "$ren_s"

# ---- 4a. loyaldesk CLI report, R times
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall_s() { # GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): M:SS.ss"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2, p, ":"); s=0; for (i=1;i<=n;i++) s=s*60+p[i]; print s}' "$1"
}
# time_report KIND: runs `report KIND` R times; sets med (s) and rss (kB)
time_report() {
  local kind=$1 times=() i t0 t1 r
  rss=0
  for i in $(seq "$runs"); do
    t0=$(date +%s.%N)
    /usr/bin/time -v "$bin" report "$kind" --db "$db" --format json \
      > "$out/$tag-$kind.json" 2> "$out/$tag-$kind-$i.time"
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
    r=$(awk '/Maximum resident/ {print $NF}' "$out/$tag-$kind-$i.time")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  med=$(printf '%s\n' "${times[@]}" | median)
  printf 'loyaldesk report %s runs (s): %s  median %.3f s  (GNU time wall: %s)\n' "$kind" \
    "$(printf '%.3f ' "${times[@]}")" "$med" \
    "$(for i in $(seq "$runs"); do wall_s "$out/$tag-$kind-$i.time"; done | tr '\n' ' ')"
}
time_report effort
ld_med=$med ld_rss=$rss
cp "$out/$tag-effort.json" "$out/$tag-ld.json"
time_report loyalty
loy_med=$med loy_rss=$rss

# ---- 4b. HTTP report, once
port=18482
password='bench report password'
"$bin" user add --db "$db" --email admin@bench.test --name Admin --role admin \
  --password-stdin <<< "$password" > /dev/null 2>&1 || true
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
"$bin" serve --db "$db" --listen 127.0.0.1:$port --threads "${threads:-2}" > "$out/$tag-serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
rss_before=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
token=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@bench.test\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
http_s=$(curl -s -m 3600 -o "$out/$tag-http.json" -w '%{time_total}' \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/reports/effort")
loy_http_s=$(curl -s -m 3600 -o "$out/$tag-http-loyalty.json" -w '%{time_total}' \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/reports/loyalty")
http_rss=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
http_hwm=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
kill "$server"; wait "$server" 2>/dev/null || true; server=
printf 'HTTP loyalty report %.3f s\n' "$loy_http_s"
printf 'HTTP report %.3f s; server RSS %.0f MB before, %.0f MB after (peak %.0f MB)\n' "$http_s" \
  "$(echo "$rss_before/1024" | bc -l)" "$(echo "$http_rss/1024" | bc -l)" "$(echo "$http_hwm/1024" | bc -l)"

# ---- 5. DuckDB peer, same run
targs=(--data "$data" --runs "$runs" --json "$out/$tag-duckdb.json")
[ -n "$threads" ] && targs+=(--threads "$threads")
(cd "$peer" && /usr/bin/time -v node run.mjs "${targs[@]}") \
  > "$out/$tag-duckdb.out" 2> "$out/$tag-duckdb.time" || true
grep -E '^(DuckDB|load|query runs|check)' "$out/$tag-duckdb.out" || { cat "$out/$tag-duckdb.time" >&2; exit 1; }
dd_rss=$(awk '/Maximum resident/ {print $NF}' "$out/$tag-duckdb.time")

# ---- 6. table
python3 - "$out/$tag-ld.json" "$out/$tag-http.json" "$out/$tag-duckdb.json" "$data/expected.json" \
  "$ld_med" "$ld_rss" "$http_s" "$http_hwm" "$dd_rss" "$n" "$loy_med" "$loy_rss" \
  "$out/$tag-loyalty.json" <<'PY'
import json, sys
ld, http, dd, exp = (json.load(open(p)) for p in sys.argv[1:5])
ld_med, ld_rss, http_s, http_hwm, dd_rss, n, loy_med, loy_rss = map(float, sys.argv[5:13])
loy = json.load(open(sys.argv[13]))
dd_med, dd_load = dd["query_median_s"], dd["load_s"]
mb = lambda k: k / 1024
print(f"\neffort report, {int(n):,} interactions, {exp['cases']:,} cases; DuckDB {dd['version']} threads={dd['threads']}")
print(f"{'':28}{'loyaldesk':>12}{'DuckDB':>12}{'ratio':>10}  target")
print(f"{'report median (s)':28}{ld_med:12.3f}{dd_med:12.3f}{dd_med / ld_med:9.1f}×  ≥ 10× faster")
print(f"{'loyalty report median (s)':28}{loy_med:12.3f}")
both = ld_med + loy_med
print(f"{'effort + loyalty (s)':28}{both:12.3f}{dd_med:12.3f}{dd_med / both:9.1f}×  ≥ 10× faster")
print(f"{'peak RSS (MB)':28}{mb(max(ld_rss, loy_rss)):12.1f}{mb(dd_rss):12.1f}{'1/%.0f' % (dd_rss / max(ld_rss, loy_rss)):>10}  ≤ 1/20")
print(f"{'HTTP report (s) / srv peak MB':28}{http_s:12.3f}{mb(http_hwm):12.1f}  (server, once)")
print(f"{'DuckDB load, apart (s)':28}{'':12}{dd_load:12.3f}")
rows = [("repeat_contact", "share_repeat_contact"), ("transferred", "share_transfer"),
        ("channel_switch", "share_channel_switch"), ("re_explanation", "share_re_explanation"),
        ("transfers_per_case", "mean_transfers_per_case")]
def val(r, k):
    v = r.get(k)
    return v["share"] if isinstance(v, dict) else v
print(f"\n{'figure':22}{'expected':>12}{'loyaldesk':>12}{'|Δ| cli':>11}{'|Δ| http':>11}{'|Δ| DuckDB':>12}")
for k, e in rows:
    x, h, d = val(ld, k), val(http, k), dd["figures"][e]
    print(f"{k:22}{exp[e]:12.6f}{x:12.6f}{abs(x - exp[e]):11.2e}{abs(h - exp[e]):11.2e}{abs(d - exp[e]):12.2e}")
l = http.get("lapse_ratio_high_effort") or {}
print(f"{'lapse ratio (http)':22}{exp.get('lapse_ratio', float('nan')):12.6f}{(l.get('ratio') or float('nan')):12.6f}")
lh = loy.get("lapse_high_effort") or {}
oh = loy.get("odds_high_effort") or {}
print(f"{'lapse ratio (loyalty)':22}{exp.get('lapse_ratio', float('nan')):12.6f}{(lh.get('ratio') or float('nan')):12.6f}")
print(f"loyalty model: {int(loy['customers']):,} customers, {int(loy['lapsed']):,} lapsed, "
      f"fallback {loy['fallback']}, high-effort odds ratio {oh.get('ratio')} "
      f"[{oh.get('ci_low')}, {oh.get('ci_high')}]")
print(f"DuckDB check: {dd['check']}")
PY
