#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/check-series.sh
# Static checks of patches/:
#  1. the series applies in order on the base (git am in the worktree
#     build/check, reset to `base` first);
#  2. scripts/checkpatch.pl --strict on every patch: errors fail; a warning
#     or check fails unless tests/checkpatch-allow.txt lists it with a reason;
#  3. bisectability: after each patch, the directories of the C files it
#     touches are built (x86-64 guest config); the s390 files it touches
#     are cross-built with W=1 (configs/s390x-cross.config); when it touches
#     tools/testing/selftests/vm, the vm selftests it changes are built
#     (static, as for the guest), and every one that links vm_util.c when
#     it changes vm_util.[ch] or the Makefile.
# Ends with "N passed, N failed, N skipped", one per patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

wt="$BUILD/check"
allow="$TOP/tests/checkpatch-allow.txt"
mapfile -t series < <(grep -v '^#' "$TOP/patches/series" | grep . || true)
if [ ${#series[@]} -eq 0 ]; then
	note "empty series: nothing to check"
	exit 0
fi
base_worktree "$wt"
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q --detach base
git -C "$wt" reset -q --hard base

fail=0 npass=0 nfail=0
out="$BUILD/out/x86_64-check"
cross_target s390x	# the s390 objects: as the s390x target of `make cross`
for p in "${series[@]}"; do
	f0=$fail fail=0
	git -C "$wt" -c user.name="folio-walk developers" -c user.email="dev@folio-walk.invalid" \
		am -q --keep-cr "$TOP/patches/$p" || die "$p does not apply on base + the patches before it"
	# checkpatch
	# shellcheck disable=SC2015 # cd cannot fail (am just ran there); || true: checkpatch's exit status
	cp_out=$(cd "$wt" && ./scripts/checkpatch.pl --strict --show-types --no-summary -q \
		"$TOP/patches/$p" 2>&1 || true)
	while read -r line; do
		case $line in
		ERROR:*) echo "checkpatch: $p: $line" >&2; fail=1 ;;
		WARNING:*|CHECK:*)
			type=${line#*:}; type=${type%%:*}
			if grep -qE "^${p}[[:space:]]+${type}[[:space:]]+[^[:space:]]" "$allow" 2>/dev/null; then
				echo "checkpatch: $p: allowed $type ($(grep -E "^${p}[[:space:]]+$type" "$allow" | head -1 | cut -d' ' -f3-))" >&2
			else
				echo "checkpatch: $p: $line (not in tests/checkpatch-allow.txt)" >&2; fail=1
			fi ;;
		esac
	done <<<"$cp_out"
	# build the directories of the C files the patch touches: kbuild then
	# builds what this config has there (mm/nommu.o is not in an MMU
	# build, for instance), incrementally
	dirs=$( (git -C "$wt" diff --name-only HEAD~1 HEAD -- '*.c' | grep -v '^tools/' |
		 grep -v '^arch/'; git -C "$wt" diff --name-only HEAD~1 HEAD -- 'arch/x86/*.c') |
		sed 's|/[^/]*$|/|' | sort -u | tr '\n' ' ' || true)
	if [ -n "${dirs// /}" ]; then
		"$TOP/scripts/build.sh" "$wt" "$out" x86_64 "$dirs" "$TOP/configs/x86_64-guest.config" ||
			{ echo "bisect: $p: build of $dirs failed" >&2; fail=1; }
	else
		note "$p: no x86-64 C file to build"
	fi
	# vm selftests the patch changes (all of them if it changes vm_util or
	# the Makefile): the series' tests must build after each patch too
	vmd=tools/testing/selftests/vm
	vmfiles=$(git -C "$wt" diff --name-only HEAD~1 HEAD -- "$vmd" || true)
	progs=$(echo "$vmfiles" | sed -n "s|^$vmd/\([^/]*\)\.c\$|\1|p" | grep -v '^vm_util$' || true)
	if echo "$vmfiles" | grep -qE "^$vmd/(vm_util\.[ch]|Makefile)\$"; then
		# shellcheck disable=SC2016 # $(OUTPUT) is the Makefile's text, not a shell expansion
		progs="$progs $(sed -n 's|^\$(OUTPUT)/\([^:]*\): vm_util\.c$|\1|p' "$wt/$vmd/Makefile")"
	fi
	progs=$(for t in $progs; do [ -f "$wt/$vmd/$t.c" ] && echo "$t"; done | sort -u | tr '\n' ' ')
	if [ -n "${progs// /}" ]; then
		[ -f "$out/usr/include/linux/mman.h" ] ||
			make -s -C "$wt" O="$out" ARCH=x86_64 headers >"$LOGS/x86_64-check-headers.log" 2>&1
		targets=()
		for t in $progs; do targets+=("$out/selftests-vm/$t"); done
		mkdir -p "$out/selftests-vm"
		step "$p: vm selftests $progs" "$LOGS/x86_64-check-selftests.log" \
			make -C "$wt/$vmd" OUTPUT="$out/selftests-vm" ARCH=x86_64 \
			KHDR_INCLUDES="-isystem $out/usr/include" USERLDFLAGS=-static \
			-j"${JOBS:-$(nproc)}" "${targets[@]}"
	fi
	# s390 objects (uv.c, fault.c) with the s390x cross configuration
	s390=$(git -C "$wt" diff --name-only HEAD~1 HEAD -- 'arch/s390/*.c' | sed 's/\.c$/.o/' |
	       tr '\n' ' ' || true)
	if [ -n "${s390// /}" ]; then
		command -v "${cross}gcc" >/dev/null || "$TOP/scripts/deps.sh" cross
		"$TOP/scripts/build.sh" -b "$base" -c "$cross" "$wt" \
			"$BUILD/out/s390x-check" "$karch" "W=1 $s390" "${frags[@]/#/$TOP/configs/}" ||
			{ echo "bisect: $p: s390x build of $s390 failed" >&2; fail=1; }
	fi
	if [ $fail -eq 0 ]; then npass=$((npass + 1)); else nfail=$((nfail + 1)); fi
	fail=$((f0 | fail))
done
echo "$npass passed, $nfail failed, 0 skipped"
[ $fail -eq 0 ] || die "series checks failed"
note "series checks passed: ${#series[@]} patches apply, checkpatch clean, each builds"
