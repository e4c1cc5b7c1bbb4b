#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/results.sh LOG LIST [BASELINE] [KNOWN]
# Turns a guest console LOG into TAP (one line per test of LIST), checks the
# guest's dmesg, and prints the final "N passed, N failed, N skipped" line.
# rc 0 = pass, 4 = skip (kselftest's KSFT_SKIP), anything else = fail.
# Fails (exit 1) when a test fails, unless KNOWN lists it with its cause;
# a test that passes in BASELINE and fails here is a regression and fails
# even if KNOWN lists it.  Any kernel warning in dmesg fails the run, unless
# tests/known-dmesg-ARCH.txt names it (warning line, call trace, cause): those
# are bugs of the base, printed on every run.
# A failed test's output (its last 80 lines) is printed before its "not ok".
# Writes the per-test results as "name pass|fail|skip" to LOG.results.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || { sed -n '3,10p' "$0"; exit 2; }
log=$1 list=$2 baseline=${3:-/dev/null} known=${4:-/dev/null}
[ -f "$baseline" ] || baseline=/dev/null
[ -f "$known" ] || known=/dev/null
knowndmesg=${KNOWN_DMESG:-$TOP/tests/known-dmesg-$(basename "$list" .list).txt}
[ -f "$knowndmesg" ] || knowndmesg=/dev/null
TOP=$TOP python3 - "$log" "$list" "$baseline" "$known" "$knowndmesg" <<'PY'
import os, re, subprocess, sys
log, lst, baseline, known, knowndmesg = sys.argv[1:]
text = open(log, errors="replace").read()
tests = [l.split()[0] for l in open(lst) if l.strip() and not l.startswith("#")]
def table(path):
    d = {}
    for l in open(path):
        l = l.split("#", 1)[0] if not l.startswith("#") else ""
        if l.strip():
            name, rest = l.split(None, 1) if len(l.split()) > 1 else (l.strip(), "")
            d[name] = rest.strip()
    return d
base = table(baseline)
knownfail = {}
for l in open(known):
    if l.strip() and not l.startswith("#"):
        name, reason = (l.split(None, 1) + [""])[:2]
        knownfail[name] = reason.strip()

# known dmesg reports: "warning-line regex | call-trace regex | cause"
knowndm = []
for l in open(knowndmesg):
    if l.strip() and not l.startswith("#"):
        f = [x.strip() for x in l.split(" | ", 2)]
        if len(f) != 3 or not f[2]:
            sys.exit("%s: want 'warning regex | trace regex | cause': %s" % (knowndmesg, l))
        knowndm.append(f)

results = {}
for m in re.finditer(r"^### RESULT (\S+) (\d+) (\d+)", text, re.M):
    results[m.group(1)] = (int(m.group(2)), int(m.group(3)))
# "# case" lines of the semantics tests, prefixed with the test name
cases, cur = [], None
for l in text.splitlines():
    m = re.match(r"### TEST (\S+)", l)
    if m:
        # NAME.series: the series version of a base test, run on the base
        cur = re.sub(r"\.series$", "", m.group(1))
    elif cur and l.startswith("# case "):
        cases.append("%s %s\n" % (cur, l))
open(log + ".cases", "w").writelines(cases)
diffbase = os.environ.get("DIFF_BASELINE")
FAIL_LINES = 80
passed = failed = skipped = 0
bad = False
out = []
print("TAP version 13")
print("1..%d" % (len(tests) + (1 if diffbase else 0)))
for i, t in enumerate(tests, 1):
    if t not in results:
        status, note = "fail", "did not run (guest crashed or timed out?)"
    else:
        rc, secs = results[t]
        status = {0: "pass", 4: "skip"}.get(rc, "fail")
        note = "%ds" % secs + ("" if status != "fail" else ", rc %d%s" % (rc, " (timeout)" if rc in (124, 143) else ""))
    out.append("%s %s\n" % (t, status))
    if status == "pass":
        passed += 1
        print("ok %d %s # %s" % (i, t, note))
    elif status == "skip":
        skipped += 1
        print("ok %d %s # SKIP %s" % (i, t, note))
    else:
        failed += 1
        if base.get(t) == "pass":
            note += "; REGRESSION: passes on the base"
            bad = True
        elif t in knownfail:
            note += "; known: " + knownfail[t]
        else:
            bad = True
        # what the test printed, so that a CI log shows why it failed
        m = re.search(r"^### TEST %s\n(.*?)(?=^### RESULT %s |^### TEST |\Z)" % (re.escape(t), re.escape(t)),
                      text, re.M | re.S)
        body = m.group(1).splitlines() if m else []
        if len(body) > FAIL_LINES:
            print("# %s: %d lines of output, the last %d:" % (t, len(body), FAIL_LINES))
            body = body[-FAIL_LINES:]
        for l in body:
            print("#   " + l)
        print("not ok %d %s # %s" % (i, t, note))
open(log + ".results", "w").writelines(out)
if diffbase:
    # base and series must differ in exactly the cases the tests declare
    i = len(tests) + 1
    if not os.path.exists(diffbase):
        print("not ok %d differential # no %s: run 'make baseline'" % (i, diffbase))
        failed += 1
        bad = True
    else:
        r = subprocess.run([os.path.join(os.environ["TOP"], "scripts/differential.sh"),
                            diffbase, log + ".cases"], stdout=subprocess.PIPE, text=True)
        sys.stdout.write(r.stdout)
        if r.returncode == 0:
            passed += 1
            print("ok %d differential # base vs series: as declared" % i)
        else:
            failed += 1
            bad = True
            print("not ok %d differential # base vs series differ from what the tests declare" % i)


dm = re.search(r"^### DMESG BEGIN\n(.*?)^### DMESG END", text, re.M | re.S)
pat = re.compile(r"WARNING:|\bBUG[: ]|kernel BUG|Bad page|KASAN|UBSAN|"
                 r"possible recursive locking|circular locking|inconsistent lock state|"
                 r"suspicious RCU usage|general protection fault|Oops|Kernel panic|"
                 r"list_(add|del) corruption|hung_task|soft lockup|sleeping function called")
if not dm:
    print("# dmesg: not captured (guest did not finish)")
    bad = True
else:
    lines = dm.group(1).splitlines()
    # split into reports: a report runs from a hit to the next "end trace"
    hits, allowed = [], []
    i = 0
    while i < len(lines):
        if not pat.search(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and "---[ end trace" not in lines[j] and not pat.search(lines[j]) and j - i < 200:
            j += 1
        if j < len(lines) and pat.search(lines[j]) and "---[ end trace" not in lines[j]:
            j -= 1
        block = "\n".join(lines[i:j + 1])
        why = next((k[2] for k in knowndm if re.search(k[0], lines[i]) and re.search(k[1], block)), None)
        (allowed if why else hits).append((lines[i], why))
        i = j + 1
    for l, why in allowed:
        print("# dmesg: known, not ours: %s -- %s" % (l.strip(), why))
    if hits:
        bad = True
        print("# dmesg: %d kernel warning report(s):" % len(hits))
        for l, _ in hits[:20]:
            print("#   " + l)
    else:
        print("# dmesg: clean" + (" apart from the known reports above" if allowed else ""))
if "### QEMU TIMEOUT" in text:
    print("# QEMU timed out")
    bad = True
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if bad else 0)
PY
