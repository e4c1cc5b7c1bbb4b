#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/selftest.sh [--verdict FILE] [--update]
# The harness's own tests (`make selftest`, first step of `make test`), in
# seconds, without a kernel:
#  1. the verdict's fixtures: each directory of tests/selftest/ but inputs/
#     holds a console log, optional inputs that replace those of
#     tests/selftest/inputs/, optional verdict arguments (args), and the
#     expected output: TAP, summary and exit status (expected), and the
#     '# case' lines written (expected-cases, when there is one); the
#     replay-* fixtures are real console logs with the inputs of their run,
#     expected as the verdict before verdict.py (scripts/results.sh and
#     differential.sh, since removed) judged them;
#  2. shellcheck (Debian's) on every shell script;
#  3. scripts/consistency.py: lists, variants, differences, baselines and allow
#     lists name existing tests, cases and patches;
# --verdict FILE runs only the fixtures, on another verdict program (a
# planted fault: scripts/plant-faults.py);
# --update rewrites the expected files from the verdict's output (review the
# diff).  Prints "N passed, N failed, N skipped" (one per check).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verdict=$TOP/scripts/verdict.py update='' only_fixtures=''
while [ $# -gt 0 ]; do
	case $1 in
	--verdict) verdict=$(realpath "$2") only_fixtures=1; shift 2 ;;
	--update) update=1; shift ;;
	*) sed -n '3,18p' "$0"; exit 2 ;;
	esac
done
fixtures=$TOP/tests/selftest
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed + skipped)) $*"; }
notok() { failed=$((failed + 1)); echo "not ok $((passed + failed + skipped)) $*"; }
skip() { skipped=$((skipped + 1)); echo "ok $((passed + failed + skipped)) $* # SKIP"; }
t0=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 2. (started now, reported after the fixtures) shellcheck on every shell
# script of the harness: it takes longest
mapfile -t sh < <(cd "$TOP" && git ls-files -co --exclude-standard | grep -E '\.sh$|^\.ci/run$|\.conf$' |
		  grep -v '^tests/' | sort)
if [ -z "$only_fixtures" ] && command -v shellcheck >/dev/null; then
	(cd "$TOP" && shellcheck -x -P SCRIPTDIR "${sh[@]}" >"$tmp/shellcheck" 2>&1; echo $? >"$tmp/shellcheck.rc") &
fi

# 1. the verdict's fixtures
default_args="--console console --list list --baseline baseline --known-failures known-failures
	--known-dmesg known-dmesg --base-cases base-cases --differences differences --results results
	--cases cases"
for dir in "$fixtures"/*/; do
	name=$(basename "$dir")
	[ "$name" != inputs ] || continue
	w="$tmp/$name"
	mkdir -p "$w"
	cp "$fixtures"/inputs/* "$w/"
	cp "$dir"/* "$w/"
	args=$default_args
	[ ! -f "$w/args" ] || args=$(cat "$w/args")
	# shellcheck disable=SC2086 # args: the fixture's verdict arguments, split on spaces
	(cd "$w" && { python3 "$verdict" $args; echo "# exit status $?"; }) >"$w/output" 2>&1 || true
	if [ -n "$update" ]; then
		cp "$w/output" "$dir/expected"
		[ ! -f "$dir/expected-cases" ] || cp "$w/cases" "$dir/expected-cases"
	fi
	if ! diff -u "$dir/expected" "$w/output" >"$w/diff"; then
		sed 's/^/#   /' "$w/diff"
		notok "verdict: $name"
	elif [ -f "$dir/expected-cases" ] && ! diff -u "$dir/expected-cases" "$w/cases" >"$w/diff"; then
		sed 's/^/#   /' "$w/diff"
		notok "verdict: $name (cases file)"
	else
		ok "verdict: $name ($(tail -n 1 "$dir/expected" | sed 's/^# //'))"
	fi
done

if [ -n "$only_fixtures" ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
fi

# 2. shellcheck (started above)
wait
if ! command -v shellcheck >/dev/null; then
	skip "shellcheck: not installed (apt-get install shellcheck)"
elif [ "$(cat "$tmp/shellcheck.rc")" = 0 ]; then
	ok "shellcheck: ${#sh[@]} scripts clean"
else
	sed 's/^/#   /' "$tmp/shellcheck" | head -n 60
	notok "shellcheck: $(grep -c '^In ' "$tmp/shellcheck") findings"
fi

# 3. consistency of the data files
if python3 "$TOP/scripts/consistency.py" >"$tmp/consistency" 2>&1; then
	ok "consistency: $(tail -n 1 "$tmp/consistency")"
else
	sed 's/^/#   /' "$tmp/consistency"
	notok "consistency: the data files disagree"
fi

note "selftest done in $(($(date +%s) - t0))s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
