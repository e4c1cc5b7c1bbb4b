#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/run-tests.sh series|base [ARCH [VARIANT]]
# The main job for one kernel of the guest of arch/ARCH.conf (default
# x86_64): build it (scripts/kernel.sh), build the vm selftests of
# tests/ARCH.list statically, pack the initramfs, boot it under QEMU, run the
# list, and print the verdict (scripts/verdict.py: TAP, summary line).
# Outputs in build/results/ARCH-KIND[-VARIANT]/: console.log, guest.list (the
# lines the guest ran), tap.txt, results.txt, cases.txt.
#   series: build/linux (base + series), judged against baselines/ARCH.txt
#           (regressions), tests/known-failures-ARCH.txt,
#           tests/known-dmesg-ARCH.txt, and the differential of
#           baselines/ARCH-cases.txt with tests/differences-ARCH.txt.
#   base:   the unpatched base (the worktree build/base at tag `base`); its
#           selftests come from the base tree, the tests the series adds
#           from build/linux.  `make baseline` records the results into
#           baselines/ (scripts/record-baseline.sh).  Exits 0 when the guest
#           ran (its failures are the base's).
# VARIANT: tests/VARIANT.variant (kasan: make test-kasan; vmtests: make
# test-vmtests, whose list is its `only` lines: no differential).
# Knobs: TESTS="name ..." runs only those tests of the list (no
# differential); VM_SRC=dir builds the series' vm selftests from dir instead
# of build/linux/tools/testing/selftests/vm (test changes not committed yet);
# NOBUILD=1 boots the kernel last built (scripts/kernel.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ $# -lt 1 ] || [ $# -gt 3 ]; then sed -n '3,24p' "$0"; exit 2; fi
kind=$1 arch=${2:-x86_64} variant=${3:-}
load_arch "$arch"
res="$BUILD/results/$arch-$kind${variant:+-$variant}"
rm -rf "$res"
mkdir -p "$res"
guest_list "$TOP/tests/$arch.list" "$variant" "${TESTS:-}" >"$res/guest.list"
[ -s "$res/guest.list" ] || die "no test of tests/$arch.list to run (TESTS=${TESTS:-})"
if [ "$kind" = base ]; then
	# a case declared base=oops in tests/differences-ARCH.txt crashes the
	# base: its test skips it there (-x CASE; it reports got=skip)
	awk 'NR == FNR { if (!/^#/ && $3 == "base=oops") x[$1] = x[$1] " -x " $2; next }
	     $1 in x { $0 = $0 x[$1] } { print }' \
		"$TOP/tests/differences-$arch.txt" "$res/guest.list" >"$res/guest.list.new"
	mv "$res/guest.list.new" "$res/guest.list"
fi
out=$("$TOP/scripts/kernel.sh" "$kind" "$arch" "$variant")
bindir="$out/tests"
vm_series=${VM_SRC:-$TREE/tools/testing/selftests/vm}
if [ "$kind" = base ]; then
	src="$BUILD/base"
	# tests the series adds do not exist in the base tree: build them from
	# the series tree (they are user space; the kernel under test differs)
	"$TOP/scripts/selftests.sh" "$arch" "$TREE" "$out" "$res/guest.list" "$out/tests-series" "$vm_series"
	have=" "
	for p in $(list_progs "$res/guest.list"); do
		[ ! -f "$src/tools/testing/selftests/vm/$p.c" ] || have+="$p "
	done
	awk -v have="$have" '{ p = $3; sub("^\\./", "", p) } index(have, " " p " ")' \
		"$res/guest.list" >"$res/base-tree.list"
	"$TOP/scripts/selftests.sh" "$arch" "$src" "$out" "$res/base-tree.list" "$bindir"
	for p in "$out/tests-series"/*; do
		[ -e "$bindir/$(basename "$p")" ] || cp -r "$p" "$bindir/"
	done
	# A test of the base tree that the series extends with "# case" lines
	# (split_huge_page_test) also runs in its series build, as NAME.series,
	# so that the differential has the base kernel's answer to every case
	# (scripts/verdict.py counts NAME.series' cases as NAME's).
	while read -r name tmo prog args; do
		prog=${prog#./}
		case $have in *" $prog "*) ;; *) continue ;; esac
		grep -q '# case ' "$vm_series/$prog.c" 2>/dev/null || continue
		git -C "$TREE" diff --quiet base HEAD -- "tools/testing/selftests/vm/$prog.c" && continue
		cp "$out/tests-series/$prog" "$bindir/$prog.series"
		echo "$name.series $tmo ./$prog.series $args" >>"$res/guest.list"
	done < <(list_tests "$res/guest.list")
else
	"$TOP/scripts/selftests.sh" "$arch" "$TREE" "$out" "$res/guest.list" "$bindir" "$vm_series"
fi
"$TOP/scripts/initramfs.sh" "$res/guest.list" "$bindir" "$BUSYBOX" "$out/initramfs.cpio"
tmo=$(variant_get "$variant" qemu-timeout)
[ -n "$tmo" ] || tmo=$(list_tests "$res/guest.list" | awk '{ s += $2 } END { print s + 300 }')
append="fw.kernel=$kind $(variant_get "$variant" append)"
mem=$(variant_get "$variant" mem-node)
"$TOP/scripts/qemu-run.sh" -t "$tmo" ${mem:+-m "$mem"} -a "${append% }" "$arch" "$out/$IMAGE" "$out/initramfs.cpio" \
	"$res/console.log" tests

v=(--console "$res/console.log" --list "$res/guest.list" --results "$res/results.txt"
   --cases "$res/cases.txt" --known-dmesg "$TOP/tests/known-dmesg-$arch.txt")
if [ "$kind" = series ]; then
	v+=(--baseline "$TOP/baselines/$arch.txt" --known-failures "$TOP/tests/known-failures-$arch.txt")
	# the differential check (base vs series "# case" lines) is one more
	# test, of the tests of the list (not of a variant's own `only` list)
	[ -n "${TESTS:-}$(variant_get "$variant" only)" ] || v+=(--base-cases "$TOP/baselines/$arch-cases.txt"
				   --differences "$TOP/tests/differences-$arch.txt")
fi
set +e
python3 "$TOP/scripts/verdict.py" "${v[@]}" | tee "$res/tap.txt"
rc=${PIPESTATUS[0]}
set -e
note "results in ${res#"$TOP"/}: console.log tap.txt results.txt cases.txt"
if [ "$kind" = base ] && [ -z "${TESTS:-}" ]; then
	note "base run: verdict rc $rc (the base's own failures); 'make baseline' records it"
	exit 0
fi
exit "$rc"
