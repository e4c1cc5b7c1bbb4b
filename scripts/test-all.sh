#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/test-all.sh STEP...
# `make test` (what CI runs, .ci/run): runs each STEP, a make target
# (selftest check cross sparse run), with its output on this terminal and in
# build/results/test-STEP.log; a step that fails does not stop the others.
# Each step ends with its own "N passed, N failed, N skipped" line (one that
# has none, having stopped early, counts as 1 failed).  Then prints one
# table of the steps (result, counts, time) and, last, a single
# "N passed, N failed, N skipped" line over all of them.  Exit status 1 if
# any step failed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || { sed -n '3,11p' "$0"; exit 2; }
mkdir -p "$BUILD/results"
rows=() tp=0 tf=0 ts=0 bad=0
for s in "$@"; do
	log="$BUILD/results/test-$s.log"
	t0=$(date +%s)
	note "make test: step $s (log: ${log#"$TOP"/})"
	set +e
	make -C "$TOP" --no-print-directory "$s" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
	secs=$(($(date +%s) - t0))
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1 || true)
	if [ -n "$line" ]; then
		read -r p _ f _ k _ <<<"$line"
	else
		p=0 f=0 k=0
	fi
	# a failed step counts at least one failure
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=$((f + 1))
	if [ "$rc" -eq 0 ]; then result=pass; else result=FAIL bad=1; fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + k))
	rows+=("$(printf '%-10s %-6s %7s %7s %8s %6dm%02ds' "$s" "$result" "$p" "$f" "$k" $((secs / 60)) $((secs % 60)))")
done
echo
printf '%-10s %-6s %7s %7s %8s %9s\n' step result passed failed skipped time
printf '%s\n' "${rows[@]}"
echo "$tp passed, $tf failed, $ts skipped"
exit $bad
