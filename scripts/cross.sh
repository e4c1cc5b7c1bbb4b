#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/cross.sh [ARCH...]      (default: arm64 s390x)
# Cross-builds, with W=1, every C object the series touches (mm/, the
# arch's own files, nothing of other architectures) for each ARCH, from
# defconfig plus configs/ARCH-cross.config, in build/out/ARCH-cross.
# Prints a table of results; fails if any build fails or if W=1 reports a
# warning in a file the series touches.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(arm64 s390x)
files=$(git -C "$TREE" diff --name-only base..HEAD -- '*.c' | grep -v '^tools/' || true)
table=()
fail=0
for a in "${arches[@]}"; do
	case $a in
	arm64) karch=arm64 cross=aarch64-linux-gnu- ;;
	s390x) karch=s390 cross=s390x-linux-gnu- ;;
	*) die "unknown ARCH $a" ;;
	esac
	command -v "${cross}gcc" >/dev/null || "$TOP/scripts/deps.sh" cross
	objs=$(echo "$files" | grep -v '^arch/' | sed 's/\.c$/.o/' | tr '\n' ' ')
	objs+=" $(echo "$files" | grep "^arch/$karch/" | sed 's/\.c$/.o/' | tr '\n' ' ')"
	out="$BUILD/out/$a-cross"
	t0=$(date +%s)
	if BASECONFIG=defconfig CROSS_COMPILE=$cross "$TOP/scripts/build.sh" "$TREE" "$out" "$karch" \
		"W=1 $objs" "$TOP/configs/$a-cross.config"; then
		# W=1 warnings in the files the series touches
		w=$(grep -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: warning' "$LOGS/$a-cross-build.log" |
		    grep -F -f <(git -C "$TREE" diff --name-only base..HEAD) || true)
		if [ -n "$w" ]; then
			echo "$w" >&2
			table+=("$a | $(echo $objs | wc -w) objects | W=1 WARNINGS | $(($(date +%s) - t0))s")
			fail=1
		else
			table+=("$a | $(echo $objs | wc -w) objects | ok, W=1 clean | $(($(date +%s) - t0))s")
		fi
	else
		table+=("$a | $(echo $objs | wc -w) objects | BUILD FAILED | $(($(date +%s) - t0))s")
		fail=1
	fi
done
echo "arch | objects | result | time"
printf '%s\n' "${table[@]}"
exit $fail
