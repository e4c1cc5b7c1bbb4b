#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/run-tests.sh series|base [ARCH]
# The main job for one kernel: build it, build the selftests of its list
# statically, pack the initramfs, boot it under QEMU, run the list, and
# print TAP and the summary line.
#   series: build/linux (base + series).  Fails on any failure that is not
#           in tests/known-failures-ARCH.txt, on any regression against
#           tests/baseline-ARCH.txt and on any kernel warning in dmesg.
#   base:   the unpatched base (a git worktree of tag `base` in build/base);
#           its selftests come from the base tree, and tests the series
#           adds from build/linux.  Records tests/baseline-ARCH.txt.
# TESTS="name ..." runs only those tests of the list (for debugging).
# VM_SRC=dir builds the series' vm selftests from dir instead of
# build/linux/tools/testing/selftests/vm (test changes not committed yet).
# ARCH: x86_64 (build/out/x86_64), arm64 (cross-built, build/out/arm64-guest)
# or s390x (cross-built, build/out/s390x-guest).
# TESTLIST=file replaces tests/ARCH.list by a list of the same tests;
# SUFFIX and EXTRA_FRAGMENTS build another kernel (make test-kasan).
# NOBUILD=1 boots the kernel last built in the output directory as it is
# (test changes against a kernel built before; the tree may be mid-rebase).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kind=${1:-series} arch=${2:-x86_64}
list="$TOP/tests/$arch.list"
if [ -n "${TESTLIST:-}" ]; then
	# TESTLIST=file: another list of the same tests (other timeouts or
	# arguments, e.g. tests/x86_64-kasan.list); results are still compared
	# with the baseline and known failures of tests/ARCH.list
	names() { awk '!/^#/ && NF >= 3 { print $1 }' "$1"; }
	[ "$(names "$TESTLIST")" = "$(names "$list")" ] ||
		die "$TESTLIST must list the tests of $list, in the same order"
	list=$TESTLIST
fi
export KNOWN_DMESG=${KNOWN_DMESG:-$TOP/tests/known-dmesg-$arch.txt}
if [ -n "${TESTS:-}" ]; then
	# TESTS="name ...": run only these lines of the list (no baseline
	# comparison of the others, no differential)
	sub="$BUILD/$arch-subset.list"
	awk -v want=" $TESTS " '/^#/ || NF < 3 || index(want, " " $1 " ")' "$list" >"$sub"
	list=$sub
	SUFFIX=${SUFFIX:-}
fi
case $arch in
x86_64) target=bzImage image=arch/x86/boot/bzImage ;;
arm64)
	target=Image image=arch/arm64/boot/Image outname=arm64-guest
	# cross compiler, qemu-system-aarch64 and Debian's arm64 busybox-static
	"$TOP/scripts/deps.sh" arm64
	export ARCH=arm64 BUSYBOX=${BUSYBOX:-$BUILD/busybox-arm64/bin/busybox}
	[ "$(uname -m)" = aarch64 ] || export CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}
	;;
s390x)
	# the kernel's ARCH is s390; the harness (lists, configs, logs) says s390x
	target=bzImage image=arch/s390/boot/bzImage outname=s390x-guest karch=s390
	# cross compiler, qemu-system-s390x, Debian's s390x busybox-static and libnuma
	"$TOP/scripts/deps.sh" s390x
	export ARCH=s390 BUSYBOX=${BUSYBOX:-$BUILD/busybox-s390x/bin/busybox}
	[ "$(uname -m)" = s390x ] || export CROSS_COMPILE=${CROSS_COMPILE-s390x-linux-gnu-}
	;;
*) die "unknown ARCH $arch" ;;
esac
frags=("$TOP/configs/$arch-guest.config" ${EXTRA_FRAGMENTS:-})
out="$BUILD/out/${outname:-$arch}${SUFFIX:-}"
src=$TREE
if [ "$kind" = base ]; then
	src="$BUILD/base"
	out="$out-base"
	base_worktree "$src"
fi
[ -d "$src" ] || die "no $src: run 'make tree' first"

if [ -n "${NOBUILD:-}" ]; then
	[ -f "$out/$image" ] || die "NOBUILD: no kernel in $out yet"
	note "NOBUILD: booting $out/$image as built $(date -r "$out/$image" '+%F %T')"
else
	"$TOP/scripts/build.sh" "$src" "$out" "${karch:-$arch}" "$target" "${frags[@]}"
fi
bindir="$out/tests"
if [ "$kind" = base ]; then
	# tests the series adds do not exist in the base tree: build them from
	# the series tree (they are user space; the kernel under test differs)
	SELFTESTS_VM=${VM_SRC:-} "$TOP/scripts/selftests.sh" "$TREE" "$out" "$list" "$out/tests-series"
	sub=$(mktemp)
	awk '!/^#/ && NF >= 3 { p = $3; sub("^\\./", "", p) } { print }' "$list" >"$sub"
	have=$(mktemp)
	for p in $(awk '!/^#/ && NF >= 3 { sub("^\\./", "", $3); print $3 }' "$list" | sort -u); do
		[ -f "$src/tools/testing/selftests/vm/$p.c" ] && echo "$p"
	done >"$have"
	awk 'NR == FNR { have[$1] = 1; next }
	     /^#/ || NF < 3 { print; next }
	     { p = $3; sub("^\\./", "", p); if (p in have) print }' "$have" "$list" >"$sub"
	"$TOP/scripts/selftests.sh" "$src" "$out" "$sub" "$bindir"
	for p in "$out/tests-series"/*; do
		[ -e "$bindir/$(basename "$p")" ] || cp "$p" "$bindir/"
	done
	# A test of the base tree that the series extends with "# case" lines
	# (split_huge_page_test) also runs in its series version, as NAME.series,
	# so that the differential has the base kernel's answer to every case.
	guestlist="$BUILD/$arch-base-guest.list"
	cp "$list" "$guestlist"
	while read -r name tmo prog args; do
		case $name in ''|'#'*) continue ;; esac
		prog=${prog#./}
		src_c="tools/testing/selftests/vm/$prog.c"
		grep -q '# case ' "${VM_SRC:-$TREE/tools/testing/selftests/vm}/$prog.c" 2>/dev/null || continue
		grep -qx "$prog" "$have" || continue
		git -C "$TREE" diff --quiet base HEAD -- "$src_c" && continue
		cp "$out/tests-series/$prog" "$bindir/$prog.series"
		echo "$name.series $tmo ./$prog.series $args" >>"$guestlist"
	done <"$list"
	rm -f "$sub" "$have"
else
	SELFTESTS_VM=${VM_SRC:-} "$TOP/scripts/selftests.sh" "$src" "$out" "$list" "$bindir"
fi
"$TOP/scripts/initramfs.sh" "${guestlist:-$list}" "$bindir" "$out/initramfs.cpio"
log="$LOGS/$arch-$kind${SUFFIX:-}.console"
LIST=${guestlist:-$list} QEMU_APPEND="fw.kernel=$kind ${QEMU_APPEND:-}" "$TOP/scripts/qemu-run.sh" "$arch" "$out/$image" "$out/initramfs.cpio" "$log" tests
# scripts/verdict.py: TAP, summary line; LOG.results and LOG.cases
v=(--console "$log" --list "${guestlist:-$list}" --results "$log.results" --cases "$log.cases"
   --known-dmesg "$KNOWN_DMESG")
if [ "$kind" = base ] && [ -n "${TESTS:-}" ]; then
	python3 "$TOP/scripts/verdict.py" "${v[@]}"
elif [ "$kind" = base ]; then
	rc=0
	python3 "$TOP/scripts/verdict.py" "${v[@]}" || rc=$?
	{ echo "# Results of tests/$arch.list on the unpatched base ($(pin_field 2)), from 'make baseline'"
	  cat "$log.results"; } >"$TOP/tests/baseline-$arch.txt"
	{ echo "# '# case' lines of the semantics tests on the unpatched base, from 'make baseline'"
	  cat "$log.cases"; } >"$TOP/tests/baseline-$arch-cases.txt"
	note "recorded tests/baseline-$arch.txt and tests/baseline-$arch-cases.txt (verdict rc $rc)"
else
	v+=(--baseline "$TOP/tests/baseline-$arch.txt" --known-failures "$TOP/tests/known-failures-$arch.txt")
	# the differential check (base vs series "# case" lines) is one more test
	[ -n "${TESTS:-}" ] || v+=(--base-cases "$TOP/tests/baseline-$arch-cases.txt"
				   --differences "$TOP/tests/differences-$arch.txt")
	python3 "$TOP/scripts/verdict.py" "${v[@]}"
fi
