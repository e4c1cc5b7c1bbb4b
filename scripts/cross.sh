#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/cross.sh [TARGET...]
#   TARGET: arm64 s390x (cross, defconfig + configs/ARCH-cross.config,
#           every C object the series touches in mm/ and in that arch),
#           x86_64-nothp x86_64-nohuge (tinyconfig + guest config +
#           configs/TARGET.config, the whole mm/ directory).
#   Default: all four.
# Builds with W=1 in build/out/TARGET-cross and prints a table of results;
# fails if a build fails or W=1 reports a warning in a file the series
# touches.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(arm64 s390x x86_64-nothp x86_64-nohuge)
touched=$(git -C "$TREE" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/' || true)
table=()
fail=0
for t in "${targets[@]}"; do
	frags=() cross= base=defconfig
	case $t in
	arm64) karch=arm64 cross=aarch64-linux-gnu- ;;
	s390x) karch=s390 cross=s390x-linux-gnu- ;;
	x86_64-*) karch=x86_64 base=tinyconfig frags=("$TOP/configs/x86_64-guest.config") ;;
	*) die "unknown target $t" ;;
	esac
	case $t in
	x86_64-*) frags+=("$TOP/configs/$t.config"); objs="mm/" ;;
	*)	frags+=("$TOP/configs/$t-cross.config")
		objs=$(echo "$touched" | grep '\.c$' | grep -v '^arch/' | sed 's/\.c$/.o/' | tr '\n' ' ')
		objs+=" $(echo "$touched" | grep "^arch/$karch/.*\.c$" | sed 's/\.c$/.o/' | tr '\n' ' ' || true)"
		# mm/nommu.o is only built without an MMU
		objs=${objs//mm\/nommu.o/}
		[ -z "$cross" ] || command -v "${cross}gcc" >/dev/null || "$TOP/scripts/deps.sh" cross ;;
	esac
	out="$BUILD/out/$t-cross"
	t0=$(date +%s)
	if BASECONFIG=$base CROSS_COMPILE=$cross "$TOP/scripts/build.sh" "$TREE" "$out" "$karch" \
		"W=1 $objs" "${frags[@]}"; then
		w=$(grep -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: warning' "$LOGS/$t-cross-build.log" |
		    grep -F -f <(echo "$touched") || true)
		if [ -n "$w" ]; then
			echo "$w" >&2
			table+=("$t | $objs | W=1 WARNINGS | $(($(date +%s) - t0))s")
			fail=1
		else
			table+=("$t | $objs | ok, W=1 clean in touched files | $(($(date +%s) - t0))s")
		fi
	else
		table+=("$t | $objs | BUILD FAILED | $(($(date +%s) - t0))s")
		fail=1
	fi
done
echo "target | objects | result | time"
printf '%s\n' "${table[@]}"
exit $fail
