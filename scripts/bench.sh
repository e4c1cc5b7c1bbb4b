#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/bench.sh
# Boots the base kernel (A), the series kernel (B) and the base again (C,
# the A/A control) in the same QEMU configuration, ROUNDS times (default 5)
# alternating A B C A B C ..., runs bench/folio_walk_bench in each guest
# (BENCH_ARGS, default "-r 3"), and writes under build/bench/: raw.csv (every
# round), summary.csv and table.txt (minimum, median and spread of each
# figure per kernel, the ratio series/base and the A/A ratio, then the
# targets met or not), plot.png (gnuplot) and sweep.png (status ns/page
# against addresses per call).  Under TCG only ratios within one run are
# meaningful.
# BEFORE=<commit of build/linux> adds a third kernel, D: the series before
# the range walker, built from the worktree build/before; rounds are then
# A B D C, and the table gains before and the ratio series/before.
# The guests have 2 vCPUs, one per node and one per host core (QEMU_SMP=4
# gives the 4 vCPUs of the test runs).
# BENCH_KIND=debug (default) measures the test kernels (DEBUG_VM, lockdep);
# BENCH_KIND=prod adds configs/x86_64-prod.config (no debugging) and writes
# to build/bench-prod/.  NOBUILD=1 boots the kernels as last built.
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
"$TOP/scripts/initramfs.sh" "$out/list" "$out/bin" "$BUSYBOX" "$out/initramfs.cpio"

{
	echo "base   $(git -C "$BUILD/base" rev-parse HEAD) $(kdir_of A)"
	echo "series $(git -C "$TREE" rev-parse HEAD) $(kdir_of B) (HEAD now; NOBUILD: as built)"
	[ -z "${BEFORE:-}" ] || echo "before $(git -C "$BUILD/before" rev-parse HEAD) $(kdir_of D)"
} >"$out/kernels.txt"
order="A B C"
[ -z "${BEFORE:-}" ] || order="A B D C"
echo "round,kernel,name,value,unit" >"$out/raw.csv"
t0=$(date +%s)
for r in $(seq 1 "$rounds"); do
	for k in $order; do
		img="$(kdir_of "$k")/$IMAGE"
		log="$out/round$r-$k.console"
		"$TOP/scripts/qemu-run.sh" "${BENCH_QEMU[@]}" -t 2400 x86_64 "$img" \
			"$out/initramfs.cpio" "$log" tests
		grep -q '^### RESULT folio_walk_bench 0 ' "$log" ||
			die "benchmark failed in round $r kernel $k: see $log"
		sed -nE "s/^# bench ([^ ]+) ([0-9.]+) ([^ ]+)\$/$r,$k,\\1,\\2,\\3/p" "$log" >>"$out/raw.csv"
	done
done
note "$rounds rounds ($order) in $(($(date +%s) - t0))s"
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
three = any(r["kernel"] == "D" for r in rows)
med = statistics.median
sp = lambda v: (max(v) - min(v)) / med(v) if med(v) else 0
ratio = lambda x, y: x / y if y else float("inf")
# one row per figure: {column: value}; kernels A (base), B (series),
# C (base again: A/A), D (before, with BEFORE)
table = []
for n in names:
    a, b, c, d = vals(n, "A"), vals(n, "B"), vals(n, "C"), vals(n, "D")
    if not a or not b or not c or (three and not d):
        continue
    t = {"figure": n, "unit": unit[n],
         "base min": min(a), "base med": med(a), "base spread": sp(a),
         "series min": min(b), "series med": med(b), "series spread": sp(b)}
    if three:
        t.update({"before min": min(d), "before med": med(d), "before spread": sp(d)})
    t.update({"B/A min": ratio(min(b), min(a)), "B/A med": ratio(med(b), med(a))})
    if three:
        t.update({"B/D min": ratio(min(b), min(d)), "B/D med": ratio(med(b), med(d))})
    t.update({"A/A min": ratio(min(c), min(a)), "A/A med": ratio(med(c), med(a))})
    noise = abs(t["A/A min"] - 1)
    t["outside A/A"] = "yes" if abs(t["B/A min"] - 1) > noise else "no (within A/A)"
    table.append(t)
hdr = list(table[0]) if table else ["figure"]
with open(out + "/summary.csv", "w") as f:
    w = csv.writer(f)
    w.writerow(hdr)
    for t in table:
        w.writerow([t[h] if isinstance(t[h], str) else "%.3f" % t[h] for h in hdr])
def cell(h, v):
    if isinstance(v, str):
        return v
    if "spread" in h:
        return "%.2f" % v
    return "%.3f" % v if "/" in h or v < 10 else "%.1f" % v
width = lambda h: 25 if h == "figure" else 6 if h == "unit" else max(len(h), 7)
fmt_row = lambda cells: " ".join(c.rjust(width(h)) if i > 1 and i < len(hdr) - 1
                                 else c.ljust(width(h)) for i, (h, c) in enumerate(zip(hdr, cells)))
fig = {t["figure"]: t for t in table}
txt = [fmt_row(hdr)] + [fmt_row([cell(h, t[h]) for h in hdr]) for t in table]
# distance of the status query from the pagemap floor
for kind in ("anon4k", "thp", "hugetlb2m"):
    s, p = fig.get("status_" + kind), fig.get("pagemap_" + kind)
    if s and p:
        txt.append("status/pagemap floor %-10s base %.1fx series %.1fx%s (min)" % (
            kind, s["base min"] / p["base min"], s["series min"] / p["series min"],
            " before %.1fx" % (s["before min"] / p["before min"]) if three else ""))

# The targets of the range walker (minima of the rounds; "A/A" is the
# base's own ratio between its two boots of a round, the noise).
tg = []
def target(what, value, op, limit, aa=None):
    if value is None:
        tg.append((what, "-", "%s %g" % (op, limit), "n/a", ""))
        return
    ok = value <= limit if op == "<=" else value >= limit
    tg.append((what, "%.3f" % value, "%s %g" % (op, limit), "met" if ok else "NOT MET",
               "" if aa is None else "%.3f" % aa))
def get(n, col):
    return fig[n][col] if n in fig and col in fig[n] else None
for kind in ("anon4k", "thp", "hugetlb2m"):
    for s, label in (("status_", "1 call"), ("status_by1024_", "calls of 1024")):
        a, b = get(s + kind, "series min"), get("pagemap_" + kind, "series min")
        target("status/pagemap %s, %s (x)" % (kind, label),
               a / b if a is not None and b else None, "<=", 3)
for kind in ("anon4k", "thp", "hugetlb2m"):
    target("shuffled %s series/before" % kind, get("status_shuffled_" + kind, "B/D min"),
           "<=", 1.02, get("status_shuffled_" + kind, "A/A min"))
b, a = get("ksm_unmerge_sparse_us", "series min"), get("ksm_unmerge_sparse_us", "base min")
target("KSM unmerge sparse 2 GiB base/series", a / b if b else None, ">=", 100)
target("KSM unmerge dense 4096 series/base", get("ksm_unmerge_ms", "B/A min"), "<=", 1.00,
       get("ksm_unmerge_ms", "A/A min"))
b, a = get("split_sparse_walk_ms", "series min"), get("split_sparse_walk_ms", "base min")
target("split walk 2 GiB base/series", a / b if b else None, ">=", 10)
# DAMON (issue #14): kdamond CPU time per region sample, series <= base
target("DAMON kdamond ns/sample series/base", get("damon_ns_per_sample", "B/A min"), "<=", 1.00,
       get("damon_ns_per_sample", "A/A min"))
txt.append("")
txt.append("%-42s %9s %8s %-8s %s" % ("target (minima)", "value", "target", "verdict", "A/A min"))
for t in tg:
    txt.append("%-42s %9s %8s %-8s %s" % t)
# the split of 32 THPs over 2 GiB: its time and the walk's share of it
cols = [("base", "base min")] + ([("before", "before min")] if three else []) + \
       [("series", "series min")]
w, s = fig.get("split_sparse_walk_ms"), fig.get("split_sparse_thp_ms")
if w and s:
    txt.append("")
    txt.append("split of 32 THPs in 2 GiB (ms, min): split time, walk alone, "
               "split time - walk alone, walk share")
    for k, col in cols:
        txt.append("  %-7s %10.3f %10.3f %10.3f %6.1f%%" % (
            k, s[col], w[col], s[col] - w[col], 100 * w[col] / s[col] if s[col] else 0))
open(out + "/table.txt", "w").write("\n".join(txt) + "\n")

with open(out + "/plot.dat", "w") as f:
    for t in table:
        if t["unit"] == "ns/page":
            f.write("%s %.3f %.3f %.3f\n" % (t["figure"], t["base min"], t["series min"],
                                              t["before min"] if three else 0))
# status ns/page against addresses per call (the one call: the whole range)
with open(out + "/sweep.dat", "w") as f:
    for kind in ("anon4k", "thp"):
        for per, n in ((1, "status_by1_"), (16, "status_by16_"), (1024, "status_by1024_"),
                       (65536, "status_")):
            t = fig.get(n + kind)
            if t:
                f.write("%d %.3f %.3f %.3f\n" % (per, t["base min"], t["series min"],
                                                  t["before min"] if three else 0))
        f.write("\n\n")
print(open(out + "/table.txt").read())
PY
before=
[ -z "${BEFORE:-}" ] || before=", '' using 4 title 'before'"
gnuplot -e "set terminal png noenhanced size 1200,500; set output '$out/plot.png';
	set style data histograms; set style fill solid; set ylabel 'ns per page (min of rounds)';
	set xtics rotate by -30; set logscale y;
	plot '$out/plot.dat' using 2:xtic(1) title 'base', '' using 3 title 'series'$before" ||
	note "gnuplot failed: no plot"
before=
[ -z "${BEFORE:-}" ] || before=", '' index 0 using 1:4 title 'anon4k before', '' index 1 using 1:4 title 'thp before'"
gnuplot -e "set terminal png noenhanced size 900,600; set output '$out/sweep.png';
	set style data linespoints; set logscale xy; set xtics (1, 16, 1024, 65536);
	set xlabel 'addresses per move_pages() call'; set ylabel 'status ns per page (min of rounds)';
	plot '$out/sweep.dat' index 0 using 1:2 title 'anon4k base', '' index 0 using 1:3 title 'anon4k series',
	'' index 1 using 1:2 title 'thp base', '' index 1 using 1:3 title 'thp series'$before" ||
	note "gnuplot failed: no sweep plot"
note "results in ${out#"$TOP"/}: table.txt summary.csv raw.csv plot.png sweep.png kernels.txt"
