#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# Runs each libFuzzer harness for a while on a copy of its seed corpus
# (docs/fuzzing.md); what `make fuzz` calls after building them.
#
#   bash fuzz/run.sh BIN_DIR SECONDS HARNESS...
#
# BIN_DIR holds the built harnesses (build-fuzz/fuzz). Each one runs alone
# (one core; they take turns) for SECONDS with fuzz/corpus/HARNESS/ copied to
# BIN_DIR/work/HARNESS/ — the committed corpus is never written — and its
# dictionary fuzz/HARNESS.dict when there is one. A finding (a crash, a
# sanitizer report, a broken invariant, a leak, an input running over 10 s)
# is kept as BIN_DIR/findings/HARNESS-crash-… with the end of the log; the
# other harnesses still run, and the script then exits 1. Prints the
# executions of each harness.
set -uo pipefail

bin=${1:?usage: run.sh BIN_DIR SECONDS HARNESS...}
seconds=${2:?usage: run.sh BIN_DIR SECONDS HARNESS...}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$bin/work
findings=$bin/findings
mkdir -p "$findings"
failed=()
summary=()

for h in "$@"; do
	if [ ! -x "$bin/$h" ]; then
		echo "fuzz: $bin/$h is not built" >&2
		exit 2
	fi
	rm -rf "${work:?}/$h"
	mkdir -p "$work/$h"
	cp -R "$here/corpus/$h/." "$work/$h/"
	args=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1
		-artifact_prefix="$findings/$h-")
	[ -f "$here/$h.dict" ] && args+=(-dict="$here/$h.dict")
	log=$work/$h.log
	start=$work/$h.start
	touch "$start" # tells this run's findings from older ones
	echo "fuzz: $h for ${seconds}s on $(find "$here/corpus/$h" -type f | wc -l) seeds"
	"$bin/$h" "${args[@]}" "$work/$h" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -ne 0 ]; then
		failed+=("$h")
		summary+=("$h: FINDING after ${runs:-?} executions (exit $rc)")
		echo "fuzz: $h found something (exit $rc); the end of its log:" >&2
		grep -v '^    #[0-9]' "$log" | tail -n 25 >&2
		find "$findings" -name "$h-*" -newer "$start" | sort | while read -r f; do
				echo "fuzz: replay with: $bin/$h $f" >&2
			done
	else
		summary+=("$h: ${runs:-?} executions in ${seconds}s, corpus $(find "$work/$h" -type f | wc -l) inputs")
	fi
done

printf 'fuzz: %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "fuzz: findings in ${failed[*]} (kept in $findings)" >&2
	exit 1
fi
