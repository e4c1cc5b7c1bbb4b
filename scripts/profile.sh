#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/profile.sh
# Where the time of the move_pages() status query goes, in guest
# instructions: boots the base kernel (A) and the series kernel (B) with the
# QEMU plugin bench/insn_profile.c, runs `bench/folio_walk_bench -P` (LOOPS
# status queries of 64 Ki pages, default 10) for each case (CASES, default
# "anon4k thp hugetlb2m"), and folds the instructions executed between the
# program's markers into kernel functions with each kernel's System.map.
# Writes build/profile[-prod]/profile.txt: instructions per page for each
# kernel, the ratio B/A, and the functions whose count differs most.
# Instruction counts do not depend on the host's load (unlike TCG time), but
# they are a proxy: an atomic or a TLB miss costs more than an add.
# BENCH_KIND=debug (default) or prod, as for scripts/bench.sh (same kernels).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

loops=${LOOPS:-10}
cases=${CASES:-anon4k thp hugetlb2m}
ab_kernels
sfx=$SFX
out="$BUILD/profile$sfx"
mkdir -p "$out/bin"
step "building the QEMU plugin and the benchmark" "$LOGS/profile-build.log" sh -c "
	gcc -Wall -O2 -shared -fPIC -o '$out/insn_profile.so' '$TOP/bench/insn_profile.c' &&
	gcc -Wall -O2 -static -iquote '$TREE/tools/testing/selftests/vm' \
		-o '$out/bin/folio_walk_bench' '$TOP/bench/folio_walk_bench.c'"

for c in $cases; do
	printf 'folio_walk_bench 1800 ./folio_walk_bench -P %s:%s\n' "$c" "$loops" >"$out/list-$c"
	"$TOP/scripts/initramfs.sh" "$out/list-$c" "$out/bin" "$out/initramfs-$c.cpio"
	for k in A B; do
		case $k in
		A) kdir="$BUILD/out/x86_64-base$sfx" ;;
		B) kdir="$BUILD/out/x86_64$sfx" ;;
		esac
		log="$out/$c-$k.console"
		rm -f "$out/$c-$k.tbs"
		LIST=$out/list-$c QEMU_TIMEOUT=2400 \
			QEMU_EXTRA="-plugin $out/insn_profile.so,out=$out/$c-$k.tbs" \
			"$TOP/scripts/qemu-run.sh" x86_64 "$kdir/arch/x86/boot/bzImage" \
			"$out/initramfs-$c.cpio" "$log" tests
		grep -q '^### RESULT folio_walk_bench 0 ' "$log" ||
			die "folio_walk_bench -P $c failed on kernel $k: see $log"
		grep -q '^# markers 2$' "$out/$c-$k.tbs" ||
			die "the plugin did not see both markers ($c, kernel $k)"
		cp "$kdir/System.map" "$out/System.map-$k"
	done
done

python3 - "$out" "$loops" "$cases" <<'PY' | tee "$out/profile.txt"
import bisect, collections, sys
out, loops, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
pages = loops * 65536

def symbols(k):
    syms = []
    for line in open(f"{out}/System.map-{k}"):
        a, t, n = line.split()[:3]
        if t in "tTwW":
            syms.append((int(a, 16), n))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]

def fold(c, k, syms):
    addrs, names = syms
    per = collections.Counter()
    for line in open(f"{out}/{c}-{k}.tbs"):
        if line.startswith("#"):
            continue
        v, ins, ex = line.split()
        v = int(v, 16)
        if v < 0x800000000000:
            per["[user]"] += int(ins)
        else:
            i = bisect.bisect_right(addrs, v) - 1
            per[names[i] if i >= 0 else "?"] += int(ins)
    return per

syms = {k: symbols(k) for k in "AB"}
print(f"# guest instructions per page of the move_pages() status query "
      f"({loops} queries of 65536 pages; A = base, B = series)")
for c in cases:
    a, b = fold(c, "A", syms["A"]), fold(c, "B", syms["B"])
    ta, tb = sum(a.values()) / pages, sum(b.values()) / pages
    print(f"\n{c}: A {ta:.1f}  B {tb:.1f}  B/A {tb / ta:.3f}")
    print(f"  {'function':36} {'A/page':>8} {'B/page':>8} {'B-A':>8}")
    keys = sorted(set(a) | set(b), key=lambda n: -(abs(b[n] - a[n]) + (a[n] + b[n]) / 4))
    for n in keys[:24]:
        if (a[n] + b[n]) / pages < 0.5:
            continue
        print(f"  {n[:36]:36} {a[n] / pages:8.1f} {b[n] / pages:8.1f} {(b[n] - a[n]) / pages:+8.1f}")
PY
