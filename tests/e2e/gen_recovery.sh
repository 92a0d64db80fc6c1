#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# End-to-end: loyaldesk recovers rates it was not told. loyaldesk-gen (built
# next to loyaldesk, tools/gen/gen.c) writes a customer base with the CEB-like
# rates of docs/gen.md — 30% high effort, 62% repeat contact, 57% channel
# switch, 40% transferred of which 56% re-explain, lapse 8% without and 4×
# that after a high-effort case — and truth.json with the population values
# and the realised counts. After `import interactions` and `import renewals`:
#
#   report effort   each share within 4 standard errors of the population
#                   value, |est − p| ≤ 4·√(p(1−p)/n) over n cases (the
#                   re-explanation share of transferred cases over the
#                   transferred ones), transfers per case within 4·√(Var/n);
#                   and the hits exactly the realised counts, since the
#                   generator writes each signal exactly as the scorer reads it
#   report loyalty  no fallback to priors; customers and lapses as written;
#                   the lapse rate within 4 standard errors over n customers;
#                   the true risk ratio and odds ratio of lapse after high
#                   effort within the reported 95% intervals widened 4× on
#                   the log scale, |ln est − ln truth| ≤ 4·(ln hi − ln lo)/3.92
#
# Also: the same seed gives byte-identical files, another seed other files,
# and rates no data set can have are refused with exit 2 and a reason.
# Every comparison is printed.
set -u
. "$(dirname "$0")/lib/cli_harness.sh"
GEN=$(dirname "$BIN")/loyaldesk-gen
CUSTOMERS=5000
SEED=20100701

if ! command -v python3 >/dev/null; then
	echo "python3 not found; skipped"
	finish
fi
if [ ! -x "$GEN" ]; then
	fail "no generator at $GEN (build the loyaldesk-gen target)"
	finish
fi

# ---- the generator: deterministic, and strict about its flags ----
run 0 "generate" -- "$GEN" --customers "$CUSTOMERS" --seed "$SEED" --out set
run 0 "generate again" -- "$GEN" --customers "$CUSTOMERS" --seed "$SEED" --out again
run 0 "generate with another seed" -- "$GEN" --customers "$CUSTOMERS" --seed $((SEED + 1)) \
	--out other
sums() { (cd "$1" && cksum interactions.csv customers.csv truth.json 2>&1); }
same "$(sums set)" "$(sums again)" "same seed, same files"
if [ "$(sums set)" != "$(sums other)" ]; then ok; else fail "another seed wrote the same files"; fi

run 2 "re-explainers beyond the high-effort share" -- "$GEN" --out bad --high-effort 0.2 \
	--transfer 0.5 --reexplain 0.56
expect err.txt "infeasible rates: a re-explanation comes after a transfer" "says why"
run 2 "more switches than repeat contacts" -- "$GEN" --out bad --switch 0.7 --repeat 0.6
expect err.txt "infeasible rates: a channel switch needs a second contact" "says why"
run 2 "lapse probability above 1" -- "$GEN" --out bad --lapse-other 0.3 --lapse-ratio 4
expect err.txt "above 1" "says why"
run 2 "a malformed number" -- "$GEN" --out bad --customers 12x
expect err.txt "--customers must be a whole number" "names the flag"
run 2 "a rate out of range" -- "$GEN" --out bad --high-effort 1
expect err.txt "--high-effort must be a number above 0 and below 1" "names the bounds"
run 2 "no --out" -- "$GEN" --customers 10
if [ ! -e bad ]; then ok; else fail "a refused command wrote files"; fi

# ---- into loyaldesk ----
truth() { python3 -c 'import json,sys; print(json.load(open("set/truth.json"))["realised"][sys.argv[1]])' "$1"; }
run 0 "init" -- "$BIN" init --db db
run 0 "import interactions" -- "$BIN" import interactions set/interactions.csv --db db
expect err.txt "imported $(truth interactions) interactions" "every row imported"
run 0 "import renewals" -- "$BIN" import renewals set/customers.csv --db db
expect err.txt "imported $(truth customers) renewals" "every renewal imported"

# check KIND NAME EST TRUTH [N [VAR]] — Python expressions over r (the report
# in report.json), e (truth.json) and z (its "realised" counts). KIND: share,
# mean, ratio (EST an object with ratio, ci_low, ci_high) or exact. Prints the
# comparison on stderr and True or False on stdout.
cat >check.py <<'PY'
import json, math, sys
kind, name, est_x, truth_x = sys.argv[1:5]
rest = sys.argv[5:]
def say(line, good):
    sys.stderr.write("  %-34s %s  %s\n" % (name, line, "ok" if good else "OUT"))
    print(good)
try:
    r = json.load(open("report.json"))
except ValueError:
    sys.stderr.write("  %-34s the report printed no JSON\n" % name)
    print(False)
    sys.exit(0)
e = json.load(open("set/truth.json"))
z = e["realised"]
try:
    est, truth = eval(est_x), eval(truth_x)
    if kind == "exact":
        say("got %s, want %s" % (est, truth), est == truth)
    elif kind in ("share", "mean"):
        n = eval(rest[0])
        var = truth * (1 - truth) if kind == "share" else eval(rest[1])
        bound = 4 * math.sqrt(var / n)
        say("est %.5f truth %.5f |diff| %.5f <= %.5f (n %d)"
            % (est, truth, abs(est - truth), bound, n), abs(est - truth) <= bound)
    else:
        lo, hi, ratio = est["ci_low"], est["ci_high"], est["ratio"]
        bound = 4 * (math.log(hi) - math.log(lo)) / (2 * 1.96)
        diff = abs(math.log(ratio) - math.log(truth))
        say("est %.4f [%.4f, %.4f] truth %.4f |ln diff| %.4f <= %.4f"
            % (ratio, lo, hi, truth, diff, bound), diff <= bound)
except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError) as x:
    sys.stderr.write("  %-34s cannot compare: %s: %s\n" % (name, type(x).__name__, x))
    print(False)
PY
check() { same "$(python3 check.py "$@")" True "$2"; }

echo "report effort: shares against the population values, hits against the realised counts"
run 0 "report effort" -- "$BIN" report effort --db db --format json
cp out.txt report.json
check exact "cases" 'r["cases"]' 'z["cases"]'
check share "high effort" 'r["high_effort"]["share"]' 'e["share_high_effort"]' 'r["cases"]'
check share "repeat contact" 'r["repeat_contact"]["share"]' 'e["share_repeat_contact"]' \
	'r["cases"]'
check share "channel switch" 'r["channel_switch"]["share"]' 'e["share_channel_switch"]' \
	'r["cases"]'
check share "transferred" 'r["transferred"]["share"]' 'e["share_transfer"]' 'r["cases"]'
check share "re-explanation" 'r["re_explanation"]["share"]' 'e["share_re_explanation"]' \
	'r["cases"]'
check share "re-explanation of transferred" \
	'r["re_explanation"]["hits"] / r["transferred"]["hits"]' \
	'e["share_re_explanation_of_transferred"]' 'r["transferred"]["hits"]'
check mean "transfers per case" 'r["transfers_per_case"]' 'e["mean_transfers_per_case"]' \
	'r["cases"]' 'e["var_transfers_per_case"]'
check exact "high effort cases" 'r["high_effort"]["hits"]' 'z["high_effort_cases"]'
check exact "repeat contact cases" 'r["repeat_contact"]["hits"]' 'z["repeat_contact_cases"]'
check exact "channel switch cases" 'r["channel_switch"]["hits"]' 'z["channel_switch_cases"]'
check exact "transferred cases" 'r["transferred"]["hits"]' 'z["transferred_cases"]'
check exact "re-explanation cases" 'r["re_explanation"]["hits"]' 'z["re_explanation_cases"]'
check exact "transfers" 'round(r["transfers_per_case"] * r["cases"])' 'z["transfers"]'
check exact "robot-only cases" 'r["robot_only"]["hits"]' '0'
check exact "reopened cases" 'r["reopened"]["hits"]' '0'

echo "report loyalty:"
run 0 "report loyalty" -- "$BIN" report loyalty --db db --format json
cp out.txt report.json
check exact "fallback to priors" 'r["fallback"]' '0'
check exact "customers in the fit" 'r["customers"]' 'z["customers"]'
check exact "lapsed customers" 'r["lapsed"]' 'z["lapsed"]'
check share "lapse rate" 'r["lapsed"] / r["customers"]' 'e["lapse_rate"]' 'r["customers"]'
check ratio "lapse risk ratio, high effort" 'r["lapse_high_effort"]' 'e["lapse_ratio"]'
check ratio "lapse odds ratio, high effort" 'r["odds_high_effort"]' 'e["lapse_odds_ratio"]'
finish
