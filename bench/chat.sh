#!/usr/bin/env bash
# Live chat benchmark: the round trip of an agent's message to the visitor's
# live stream (agent's POST → the event on the visitor's Server-Sent Events
# stream), with 1 chat (at most 400 messages: a chat holds 500) and with 200
# open at once (each with its stream
# connected), beside a plain request to the bare libmicrohttpd responder
# (bench/ceiling.c) timed by the same client in the same run.
#
#   bash bench/chat.sh [--chats N] [--messages N] [--threads T]
#
# Prints one table; raw output stays in bench/out/. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

chats=200
messages=2000
threads=2
duration=0 customers=0 cases=0 fresh=0 # bench_setup's other options: unused here
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --chats) chats=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
out=$root/bench/out
. "$root/bench/wrk_lib.sh"
bench_setup "${args[@]+"${args[@]}"}"
mkdir -p "$out"

port_ceiling=18590
port_server=18591
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$build/ld_ceiling" $port_ceiling "$threads" & pids+=($!)
wait_port $port_ceiling

run() { # run CHATS MESSAGES: a fresh store, a server, the client
  local db=$out/chat-run.db n=$1 m=$2
  rm -f "$db" "$db-wal" "$db-shm"
  "$bin" init --db "$db" > /dev/null
  printf 'bench password 123\n' | "$bin" user add --db "$db" --email agent@example.com \
    --name Agent --role agent --password-stdin > /dev/null
  local key
  key=$("$bin" chat widget add Bench --db "$db" | sed -n 's/^key: //p')
  "$bin" serve --db "$db" --listen 127.0.0.1:$port_server --threads "$threads" \
    > "$out/chat-serve.log" 2>&1 &
  local server=$!
  wait_port $port_server
  local token
  token=$(curl -s -X POST -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port_server/api/v1/sessions" \
    -d '{"email":"agent@example.com","password":"bench password 123"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  python3 "$root/bench/chat_rt.py" $port_server $port_ceiling "$key" "$token" "$n" "$m" |
    tee -a "$out/chat-rt.txt"
  kill $server; wait $server 2>/dev/null || true
}

: > "$out/chat-rt.txt"
# One chat holds at most 500 messages (the desk's limit), system notices included.
run 1 $((messages < 400 ? messages : 400)) > "$out/chat-1.txt"
run "$chats" "$messages" > "$out/chat-$chats.txt"
printf '\n%-24s %6s %9s %9s %9s\n' measure chats 'p50 ms' 'p99 ms' 'msg/s'
for f in "$out/chat-1.txt" "$out/chat-$chats.txt"; do
  read -r _ n _ p50 p99 rate < <(grep '^chat ' "$f")
  printf '%-24s %6d %9.3f %9.3f %9d\n' 'agent → visitor stream' "$n" "$p50" "$p99" "$rate"
done
read -r _ _ _ p50 p99 rate < <(grep '^ceiling ' "$out/chat-$chats.txt")
printf '%-24s %6s %9.3f %9.3f %9d\n' 'bare responder GET' - "$p50" "$p99" "$rate"
