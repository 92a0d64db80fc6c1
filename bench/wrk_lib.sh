# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by the wrk benchmarks (api.sh, calls.sh); sourced. Needs $root
# (the work tree), $out (bench/out) and $duration (seconds per run).
#   bench_setup ARGS…            the common options (--customers --cases
#                                --duration --threads --fresh, -h: the script's
#                                header) over the caller's defaults; installs wrk
#                                and sqlite3 when missing; builds the Release
#                                binaries into $build (build-bench) and sets $bin
#   wait_port PORT               until something answers on 127.0.0.1:PORT (≤ 10 min:
#                                a store from an older release migrates first)
#   run_wrk NAME URL SCRIPT CONNS  prints "req/s p50_ms p99_ms non2xx"; raw output
#                                in $out/NAME-cCONNS.txt

bench_setup() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --customers) customers=$2; shift 2 ;;
      --cases) cases=$2; shift 2 ;;
      --duration) duration=$2; shift 2 ;;
      --threads) threads=$2; shift 2 ;;
      --fresh) fresh=1; shift ;;
      -h|--help) awk 'NR > 1 { if (!/^#/) exit; print }' "$0"; exit 0 ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
  command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
  command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null
  build=$root/build-bench
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$(nproc)" --target loyaldesk ld_ceiling >/dev/null
  bin=$build/loyaldesk
}

wait_port() {
  for _ in $(seq 1 6000); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2; return 1
}

run_wrk() {
  local name=$1 url=$2 script=$3 conns=$4 wthreads=1
  [ "$conns" -gt 1 ] && wthreads=2
  local args=(-t"$wthreads" -c"$conns" -d"${duration}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  LD_WRK_DIR=$root/bench/wrk wrk "${args[@]}" "$url" > "$out/$name-c$conns.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=ms($2) }
    /^ +99%/ { p99=ms($2) }
    /Non-2xx/ { bad=$5 }
    END { printf "%s %.3f %.3f %d\n", rps, p50, p99, bad }' "$out/$name-c$conns.txt"
}
