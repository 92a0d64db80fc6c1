# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by the command-line end-to-end scripts (tests/e2e/cli_*.sh); sourced,
# never run. Gives: BIN (absolute path of the binary, from $1), WORK (a
# temporary directory, the current one, removed at exit unless a script sets
# its own trap), counters with ok/fail, and the checks run/expect/same/empty.
# A script ends with `finish`, which prints "N passed, M failed".

BIN=${1:?usage: $0 path/to/loyaldesk}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
unset LOYALDESK_DB LOYALDESK_CONFIG LOYALDESK_LISTEN LOYALDESK_THREADS LOYALDESK_MAX_BODY LOYALDESK_MIN_FREE

passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# run EXPECTED_EXIT DESCRIPTION -- COMMAND...: stdout in out.txt, stderr in err.txt
run() {
	local want=$1 what=$2
	shift 3
	"$@" >out.txt 2>err.txt
	local got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		fail "$what: exit $got, wanted $want"
		sed 's/^/    stderr: /' err.txt | head -5
	fi
}

# expect FILE PATTERN DESCRIPTION: FILE contains PATTERN (grep -E)
expect() {
	if grep -Eq -- "$2" "$1"; then ok; else fail "$3: no /$2/ in $1"; sed 's/^/    /' "$1" | head -5; fi
}

# same A B DESCRIPTION
same() {
	if [ "$1" = "$2" ]; then ok; else fail "$3: '$1' != '$2'"; fi
}

# empty FILE DESCRIPTION
empty() {
	if [ ! -s "$1" ]; then ok; else fail "$2: $1 is not empty"; sed 's/^/    /' "$1" | head -3; fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
