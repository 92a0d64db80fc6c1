#!/usr/bin/env bash
# Mail-in benchmark: `loyaldesk mailgate` on a mixed corpus of N messages
# (default 1,000) built from tests/mail/ — every language, charset and shape
# of the corpus, loops and unreadable ones included, each with its own
# Message-ID, from 200 senders, a quarter of them replies to an earlier
# message — one process per message, as an MTA's pipe transport runs it.
# Beside it, in the same run and on the same files, two anchors of the same
# shape: `cat FILE >/dev/null` (the floor of a process per message) and the
# sqlite3 CLI inserting one row per message into a WAL database (a process,
# a database open and one committed write: what any mailgate must do at least);
# and `loyaldesk mailgate --help`, the start of the binary alone (its shared
# libraries loaded and relocated), which every message pays.
#
#   bash bench/mail.sh [--n N]
#
# Prints messages per second and the median and 99th percentile of one
# message's wall time for each, the ratios to the anchors, and what mailgate
# made of the messages. Not a test: timing belongs here, never in ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null

build=$root/build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target loyaldesk >/dev/null
bin=$build/loyaldesk

out=$root/bench/out/mail-$n
rm -rf "$out"
mkdir -p "$out/msgs"
python3 - "$root/tests/mail" "$out/msgs" "$n" <<'PY'
import os, random, re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(7)
files = sorted(f for f in os.listdir(src) if f.endswith((".eml", ".bin")))
raw = {f: open(os.path.join(src, f), "rb").read() for f in files}
sent = []  # (message id, sender) of messages filed so far
for i in range(n):
    f = files[i % len(files)]
    b = raw[f]
    mid = b"<bench-%d@mail.example>" % i
    sender = b"customer%d@example.cz" % rnd.randrange(200)
    if re.search(rb"(?m)^Message-ID:", b):
        b = re.sub(rb"(?m)^Message-ID:[^\n]*", b"Message-ID: " + mid, b, count=1)
    # a person's message: a chosen sender, and a quarter reply to an earlier one of theirs
    if f.endswith(".eml") and not f.startswith(("loop-", "no-sender")):
        b = re.sub(rb"(?m)^From:([^<\n]*)<[^>\n]*>", rb"From:\1<" + sender + b">", b, count=1)
        mine = [m for m, s in sent if s == sender]
        if mine and rnd.random() < 0.25:
            b = b.replace(b"\nSubject:", b"\nIn-Reply-To: " + rnd.choice(mine) + b"\nSubject:", 1)
        sent.append((mid, sender))
    open(os.path.join(dst, "%05d-%s" % (i, f)), "wb").write(b)
PY

db=$out/desk.db
"$bin" init --db "$db" >/dev/null
sqlite3 "$out/anchor.db" 'PRAGMA journal_mode=WAL;
  CREATE TABLE msg(id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, body BLOB);' >/dev/null

# run LABEL COMMAND…: the command once per message (the file on standard
# input; {} in COMMAND is replaced by its number), each timed; writes
# LABEL.times (seconds per message) and LABEL.out (what each printed).
run() {
  local label=$1
  shift
  python3 - "$out" "$label" "$@" <<'PY'
import os, subprocess, sys, time
out, label, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
files = sorted(os.listdir(os.path.join(out, "msgs")))
times, lines = [], []
for i, f in enumerate(files):
    args = [a.replace("{}", str(i)) for a in cmd]
    with open(os.path.join(out, "msgs", f), "rb") as fh:
        t = time.perf_counter()
        p = subprocess.run(args, stdin=fh, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    first = p.stdout.decode("utf-8", "replace").split(" ", 1)[0].strip()
    lines.append("%d %s" % (p.returncode, first or "-"))
open(os.path.join(out, label + ".times"), "w").write("\n".join("%.6f" % x for x in times) + "\n")
open(os.path.join(out, label + ".out"), "w").write("\n".join(lines) + "\n")
PY
}

echo "mail: $n messages from $(ls "$root/tests/mail" | grep -c -E '\.(eml|bin)$') corpus files; one process per message"
run cat cat
run start "$bin" mailgate --help
run sqlite3 sqlite3 "$out/anchor.db" \
  "INSERT INTO msg(message_id, body) VALUES ('bench-{}@mail.example', readfile('/dev/stdin'))"
run mailgate "$bin" mailgate --db "$db" --sender bench@mail.example --recipient support@desk.example

python3 - "$out" "$n" <<'PY'
import collections, sys
out, n = sys.argv[1], int(sys.argv[2])
def stats(label):
    t = sorted(float(x) for x in open("%s/%s.times" % (out, label)))
    total = sum(t)
    return len(t) / total, t[len(t) // 2] * 1e3, t[min(len(t) - 1, int(len(t) * 0.99))] * 1e3
rows = {l: stats(l) for l in ("cat", "start", "sqlite3", "mailgate")}
print("%-34s %10s %10s %10s" % ("", "msgs/s", "p50 ms", "p99 ms"))
names = {"cat": "cat FILE >/dev/null (floor)", "start": "loyaldesk mailgate --help (start)", "sqlite3": "sqlite3 CLI, one insert (anchor)",
         "mailgate": "loyaldesk mailgate"}
for l, (rate, p50, p99) in rows.items():
    print("%-34s %10.0f %10.2f %10.2f" % (names[l], rate, p50, p99))
m, c, s = rows["mailgate"], rows["cat"], rows["sqlite3"]
st = rows["start"]
print("mailgate p50 = %.1f× cat, %.1f× sqlite3 CLI; p99 = %.1f× sqlite3 CLI; "
      "the binary's start is %.0f%% of a message"
      % (m[1] / c[1], m[1] / s[1], m[2] / s[2], 100 * st[1] / m[1]))
outcomes = collections.Counter(l.strip() for l in open("%s/mailgate.out" % out))
print("mailgate outcomes (exit, first word): " +
      ", ".join("%s: %d" % kv for kv in sorted(outcomes.items())))
bad = [k for k in outcomes if k.split()[0] not in ("0", "65")]
if bad:
    print("unexpected exits: %s" % bad)
    sys.exit(1)
PY
