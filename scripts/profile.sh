#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/profile.sh
# Where the time of the move_pages() status query (and of the dense KSM
# unmerge, and of DAMON's sampling) goes, in guest instructions: boots the base kernel (A), the series kernel (B) and, with
# BEFORE=<commit> as for scripts/bench.sh, the series before the range walker
# (D) with the QEMU plugin bench/insn_profile.c, runs
# `bench/folio_walk_bench -P` (LOOPS status queries of 64 Ki pages, default
# 10) for each case (CASES, default "anon4k thp hugetlb2m shuffled";
# shuffled: the anon4k array in a random order; ksm: one MADV_UNMERGEABLE
# of 4096 merged pages; damon: 5 s of a kdamond sampling 1000 regions of
# 1 GiB, the process asleep, counted per region sample; LOOPS is ignored
# for these two), and folds the instructions
# executed between the program's markers into kernel functions with each
# kernel's System.map.  Writes build/profile[-prod]/profile.txt:
# instructions per page (or sample) for each kernel, the ratios B/A (and B/D), and the
# functions whose count differs most (B against D with BEFORE).
# Instruction counts do not depend on the host's load (unlike TCG time), but
# they are a proxy: an atomic or a TLB miss costs more than an add.
# BENCH_KIND=debug (default) or prod, as for scripts/bench.sh (same kernels).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

loops=${LOOPS:-10}
cases=${CASES:-anon4k thp hugetlb2m shuffled}
ab_kernels
sfx=$SFX
out="$BUILD/profile$sfx"
mkdir -p "$out/bin"
step "building the QEMU plugin and the benchmark" "$LOGS/profile-build.log" sh -c "
	gcc -Wall -O2 -shared -fPIC -o '$out/insn_profile.so' '$TOP/bench/insn_profile.c' &&
	gcc -Wall -O2 -static -iquote '$TREE/tools/testing/selftests/vm' \
		-o '$out/bin/folio_walk_bench' '$TOP/bench/folio_walk_bench.c'"

for c in $cases; do
	l=$loops
	case $c in ksm | damon) l=1 ;; esac
	printf 'folio_walk_bench 1800 ./folio_walk_bench -P %s:%s\n' "$c" "$l" >"$out/list-$c"
	"$TOP/scripts/initramfs.sh" "$out/list-$c" "$out/bin" "$BUSYBOX" "$out/initramfs-$c.cpio"
	for k in $KERNELS; do
		kdir=$(kdir_of "$k")
		log="$out/$c-$k.console"
		rm -f "$out/$c-$k.tbs"
		"$TOP/scripts/qemu-run.sh" "${BENCH_QEMU[@]}" -t 2400 \
			-x "-plugin $out/insn_profile.so,out=$out/$c-$k.tbs" \
			x86_64 "$kdir/$IMAGE" "$out/initramfs-$c.cpio" "$log" tests
		grep -q '^### RESULT folio_walk_bench 0 ' "$log" ||
			die "folio_walk_bench -P $c failed on kernel $k: see $log"
		grep -q '^# markers 2$' "$out/$c-$k.tbs" ||
			die "the plugin did not see both markers ($c, kernel $k)"
		cp "$kdir/System.map" "$out/System.map-$k"
	done
done

python3 - "$out" "$cases" "$KERNELS" <<'PY' | tee "$out/profile.txt"
import bisect, collections, re, sys
out, cases, kernels = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()

def per_of(c, k):
    # "# profile per N UNIT": what the window handled, printed by the guest
    m = re.search(r"^# profile per (\d+) (\S+)", open(f"{out}/{c}-{k}.console").read(), re.M)
    if not m:
        sys.exit(f"no '# profile per N UNIT' line in {out}/{c}-{k}.console")
    return int(m.group(1)), m.group(2)

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

syms = {k: symbols(k) for k in kernels}
three = "D" in kernels
# the functions are compared between the series and its reference: the
# series before the range walker with BEFORE, else the base
ref = "D" if three else "A"
print(f"# guest instructions per page of the move_pages() status query "
      f"(LOOPS queries of 65536 pages) or of the dense KSM unmerge (ksm), or per "
      f"region sample of DAMON (damon); A = base, "
      f"B = series{', D = series before the range walker' if three else ''}")
totals = {}
for c in cases:
    per = {k: fold(c, k, syms[k]) for k in kernels}
    # each kernel's count over what its own window handled (DAMON's number
    # of samples differs from boot to boot; the status and KSM windows not)
    units = {k: per_of(c, k) for k in kernels}
    for k in kernels:
        per[k] = collections.Counter({n: v / units[k][0] for n, v in per[k].items()})
    tot = totals[c] = {k: sum(per[k].values()) for k in kernels}
    line = f"\n{c} (per {units['B'][1]}): A {tot['A']:.1f}  B {tot['B']:.1f}"
    if three:
        line += f"  D {tot['D']:.1f}"
    line += f"  B/A {tot['B'] / tot['A']:.3f}"
    if three:
        line += f"  B/D {tot['B'] / tot['D']:.3f}"
    print(line)
    a, b = per[ref], per["B"]
    cols = "".join(f" {k:>8}" for k in kernels)
    print(f"  {'function':36}{cols} {'B-' + ref:>8}")
    keys = sorted(set().union(*per.values()), key=lambda n: -(abs(b[n] - a[n]) + (a[n] + b[n]) / 4))
    for n in keys[:24]:
        if sum(per[k][n] for k in kernels) < 0.5:
            continue
        cols = "".join(f" {per[k][n]:8.1f}" for k in kernels)
        print(f"  {n[:36]:36}{cols} {b[n] - a[n]:+8.1f}")
if three:
    print("\n# summary: instructions per page, series before the range walker (D) "
          "and after (B)")
    for c in cases:
        t = totals[c]
        print(f"  {c:12} before {t['D']:8.1f}  after {t['B']:8.1f}  "
              f"after/before {t['B'] / t['D']:.3f}")
PY
