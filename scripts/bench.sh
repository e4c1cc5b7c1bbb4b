#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/bench.sh
# Boots the base kernel (A), the series kernel (B) and the base again (C,
# the A/A control) in the same QEMU configuration, ROUNDS times (default 5)
# alternating A B C A B C ..., runs bench/folio_walk_bench in each guest
# (BENCH_ARGS, default "-r 3"), and writes under build/bench/: raw.csv (every
# round), summary.csv and table.txt (minimum, median and spread of each
# figure per kernel, the ratio series/base and the A/A ratio) and plot.png
# (gnuplot).  Under TCG only ratios within one run are meaningful.
# The guests have 2 vCPUs, one per node and one per host core (QEMU_SMP=4
# gives the 4 vCPUs of the test runs).
# BENCH_KIND=debug (default) measures the test kernels (DEBUG_VM, lockdep);
# BENCH_KIND=prod adds configs/x86_64-prod.config (no debugging) and writes
# to build/bench-prod/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${ROUNDS:-5}
ab_kernels
sfx=$SFX
out="$BUILD/bench$sfx"
mkdir -p "$out/bin"
step "building the benchmark" "$LOGS/bench-build.log" \
	gcc -Wall -O2 -static -iquote "$TREE/tools/testing/selftests/vm" \
	-o "$out/bin/folio_walk_bench" "$TOP/bench/folio_walk_bench.c"
printf 'folio_walk_bench 1800 ./folio_walk_bench %s\n' "${BENCH_ARGS:--r 3}" >"$out/list"
"$TOP/scripts/initramfs.sh" "$out/list" "$out/bin" "$out/initramfs.cpio"

echo "round,kernel,name,value,unit" >"$out/raw.csv"
t0=$(date +%s)
for r in $(seq 1 "$rounds"); do
	for k in A B C; do
		case $k in
		B) img="$BUILD/out/x86_64$sfx/arch/x86/boot/bzImage" ;;
		*) img="$BUILD/out/x86_64-base$sfx/arch/x86/boot/bzImage" ;;
		esac
		log="$out/round$r-$k.console"
		LIST=$out/list QEMU_TIMEOUT=2400 "$TOP/scripts/qemu-run.sh" x86_64 "$img" \
			"$out/initramfs.cpio" "$log" tests
		grep -q '^### RESULT folio_walk_bench 0 ' "$log" ||
			die "benchmark failed in round $r kernel $k: see $log"
		sed -nE "s/^# bench ([^ ]+) ([0-9.]+) ([^ ]+)\$/$r,$k,\\1,\\2,\\3/p" "$log" >>"$out/raw.csv"
	done
done
note "$rounds rounds in $(($(date +%s) - t0))s"
python3 - "$out" <<'PY'
import csv, statistics, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/raw.csv")))
names = []
for r in rows:
    if r["name"] not in names:
        names.append(r["name"])
def vals(name, k):
    return [float(r["value"]) for r in rows if r["name"] == name and r["kernel"] == k]
unit = {r["name"]: r["unit"] for r in rows}
lines, table = [], []
hdr = ("figure", "unit", "base min", "base med", "base spread", "series min", "series med",
       "series spread", "B/A min", "B/A med", "A/A min", "A/A med", "outside A/A")
for n in names:
    a, b, c = vals(n, "A"), vals(n, "B"), vals(n, "C")
    if not a or not b or not c:
        continue
    sp = lambda v: (max(v) - min(v)) / statistics.median(v) if statistics.median(v) else 0
    ba_min, ba_med = min(b) / min(a), statistics.median(b) / statistics.median(a)
    aa_min, aa_med = min(c) / min(a), statistics.median(c) / statistics.median(a)
    noise = abs(aa_min - 1)
    verdict = "yes" if abs(ba_min - 1) > noise else "no (within A/A)"
    table.append((n, unit[n], min(a), statistics.median(a), sp(a), min(b), statistics.median(b),
                  sp(b), ba_min, ba_med, aa_min, aa_med, verdict))
with open(out + "/summary.csv", "w") as f:
    w = csv.writer(f)
    w.writerow(hdr)
    for t in table:
        w.writerow([t[0], t[1]] + ["%.3f" % x for x in t[2:12]] + [t[12]])
fmt = "%-20s %-8s %10s %10s %7s %10s %10s %7s %7s %7s %7s %7s  %s"
with open(out + "/table.txt", "w") as f:
    f.write(fmt % hdr + "\n")
    for t in table:
        f.write(fmt % ((t[0], t[1]) + tuple("%.1f" % x for x in (t[2], t[3])) + ("%.2f" % t[4],)
                       + tuple("%.1f" % x for x in (t[5], t[6])) + ("%.2f" % t[7],)
                       + tuple("%.3f" % x for x in t[8:12]) + (t[12],)) + "\n")
    # distance of the status query from the pagemap floor
    for kind in ("anon4k", "thp", "hugetlb2m"):
        s = [t for t in table if t[0] == "status_" + kind]
        p = [t for t in table if t[0] == "pagemap_" + kind]
        if s and p:
            f.write("status/pagemap floor %-10s base %.1fx series %.1fx (min)\n"
                    % (kind, s[0][2] / p[0][2], s[0][5] / p[0][5]))
with open(out + "/plot.dat", "w") as f:
    for t in table:
        if t[1] == "ns/page":
            f.write("%s %.3f %.3f\n" % (t[0], t[2], t[5]))
print(open(out + "/table.txt").read())
PY
gnuplot -e "set terminal png noenhanced size 1000,500; set output '$out/plot.png';
	set style data histograms; set style fill solid; set ylabel 'ns per page (min of rounds)';
	set xtics rotate by -30; set logscale y;
	plot '$out/plot.dat' using 2:xtic(1) title 'base', '' using 3 title 'series'" ||
	note "gnuplot failed: no plot"
note "results in ${out#"$TOP"/}: table.txt summary.csv raw.csv plot.png"
