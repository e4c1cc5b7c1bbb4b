#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""usage: scripts/verdict.py --console LOG --list LIST [options]

The verdict of one guest run: turns the console LOG of guest/init.sh
into TAP on stdout (one line per test of LIST, then the differential), checks
the guest's dmesg, and ends with the line "N passed, N failed, N skipped".
Exit status 0: the run passes; 1: it fails; 2: bad arguments or input files.

Rules (each has a fixture under tests/selftest/, run by `make selftest`):
  - a test's rc 0 is a pass, 4 (kselftest's KSFT_SKIP) a skip, anything else
    a failure; 124 (timeout(1)) and 143 are reported as timeouts; a test
    without a "### RESULT" line did not run (the guest crashed or timed out);
  - a failure fails the run unless --known-failures lists the test with its
    cause; a test that passes in --baseline and fails here is a regression
    and fails the run even when listed as known;
  - a failed test's output (its last 80 lines) is printed before its
    "not ok", so that a CI log says why;
  - any kernel warning report in the dmesg fails the run unless
    --known-dmesg names it ("warning-line regex | call-trace regex | cause");
    a dmesg that was not captured (the guest did not finish) and a QEMU
    timeout ("### QEMU TIMEOUT", written by scripts/qemu-run.sh) fail it;
  - the KUnit suites that ran at boot (their unindented "ok N SUITE" /
    "not ok N SUITE" lines in the dmesg) are one check each, named
    kunit-SUITE, under the rules of the tests (baseline, known failures);
  - with --base-cases (the '# case' lines of the base run) the differential
    is one more TAP line: every case must run on both kernels (a case that
    gave got=skip on either is listed as skipped); a case that --differences
    declares ("TEST CASE base=V series=V reason") must give exactly those
    values, every other case the same value on both kernels, and every
    declared case must have run.
Test lines of LIST named NAME.series (the series' build of test NAME, run on
the base by `make baseline` for its '# case' lines) get no TAP line; their
'# case' lines count as NAME's.
Outputs: --results FILE ("name pass|fail|skip" per test), --cases FILE
("TEST # case NAME k=v... got=V" per case line of the console).
"""
import argparse
import re
import sys

FAIL_LINES = 80
SERIES = ".series"
WARN = re.compile(r"WARNING:|\bBUG[: ]|kernel BUG|Bad page|KASAN|UBSAN|"
                  r"possible recursive locking|circular locking|inconsistent lock state|"
                  r"suspicious RCU usage|general protection fault|Oops|Kernel panic|"
                  r"list_(add|del) corruption|hung_task|soft lockup|sleeping function called")


class InputError(Exception):
    pass


def data_lines(path):
    """The lines of a data file without comment lines and blank lines."""
    if not path:
        return []
    try:
        with open(path) as f:
            return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    except FileNotFoundError:
        return []


def read_list(path):
    """A test list: "name timeout command..." per line -> [(name, timeout, command)]."""
    out = []
    for l in data_lines(path):
        f = l.split(None, 2)
        out.append((f[0], f[1] if len(f) > 1 else "", f[2] if len(f) > 2 else ""))
    return out


def read_table(path):
    """"name value [# comment]" per line -> {name: value} (baselines)."""
    d = {}
    for l in data_lines(path):
        l = l.split("#", 1)[0]
        if l.strip():
            f = l.split(None, 1)
            d[f[0]] = f[1].strip() if len(f) > 1 else ""
    return d


def read_known_failures(path):
    """"name cause" per line -> {name: cause}; the cause is required."""
    d = {}
    for l in data_lines(path):
        f = l.split(None, 1)
        if len(f) < 2 or not f[1].strip():
            raise InputError("%s: want 'name cause': %s" % (path, l))
        d[f[0]] = f[1].strip()
    return d


def read_known_dmesg(path):
    """"warning regex | trace regex | cause" per line -> [(re, re, cause)]."""
    out = []
    for l in data_lines(path):
        f = [x.strip() for x in l.split(" | ", 2)]
        if len(f) != 3 or not f[2]:
            raise InputError("%s: want 'warning regex | trace regex | cause': %s" % (path, l))
        out.append(f)
    return out


def case_key(line):
    """"TEST # case NAME [op=OP] k=v..." -> ((TEST, NAME[:OP]), {k: v}), or None."""
    m = re.match(r"(\S+)\s+# case (\S+)(.*)", line.strip())
    if not m:
        return None
    test, name, rest = m.groups()
    kv = dict(re.findall(r"(\w+)=(\S+)", rest))
    op = kv.get("op", "")
    return (test, name + (":" + op if op else "")), kv


def read_cases(lines):
    """Case lines -> {(TEST, CASE): got value}."""
    d = {}
    for l in lines:
        k = case_key(l)
        if k:
            d[k[0]] = k[1].get("got")
    return d


def read_differences(path):
    """"TEST CASE base=V series=V reason" per line -> {(TEST, CASE): (V, V)}."""
    d = {}
    for l in data_lines(path):
        m = re.match(r"(\S+)\s+(\S+)\s+base=(\S+)\s+series=(\S+)\s+(\S.*)$", l)
        if not m:
            raise InputError("%s: want 'TEST CASE base=V series=V reason': %s" % (path, l))
        d[(m.group(1), m.group(2))] = (m.group(3), m.group(4))
    return d


def console_cases(text):
    """The '# case' lines of the console, prefixed with their test's name
    (NAME.series counts as NAME)."""
    cases, cur = [], None
    for l in text.splitlines():
        m = re.match(r"### TEST (\S+)", l)
        if m:
            cur = m.group(1)
            if cur.endswith(SERIES):
                cur = cur[:-len(SERIES)]
        elif cur and l.startswith("# case "):
            cases.append("%s %s\n" % (cur, l))
    return cases


def differential(base, series, declared):
    """Compares the case values of the two kernels: returns (report lines,
    number of problems)."""
    out, bad = [], 0
    changed, skipped = [], []
    keys = set(base) | set(series)
    for key in sorted(keys):
        name = "%s %s" % key
        b, s = base.get(key, "<none>"), series.get(key, "<none>")
        if "skip" in (b, s):
            skipped.append(name)
            continue
        if key not in base or key not in series:
            out.append("# differential: %s ran only on the %s" % (name, "series" if key not in base else "base"))
            bad += 1
            continue
        if b is None or s is None:
            out.append("# differential: %s: no got= on the %s" % (name, "base" if b is None else "series"))
            bad += 1
            continue
        if key in declared:
            db, ds = declared[key]
            if b != db:
                out.append("# differential: %s: base kernel gave %s, declared base=%s" % (name, b, db))
                bad += 1
            if s != ds:
                out.append("# differential: %s: series gave %s, declared series=%s" % (name, s, ds))
                bad += 1
        elif b != s:
            out.append("# differential: %s: base %s, series %s, but no difference is declared" % (name, b, s))
            bad += 1
        if b != s:
            changed.append("%s: %s -> %s" % (name, b, s))
    for key in sorted(set(declared) - keys):
        out.append("# differential: %s %s: declared, but ran on neither kernel" % key)
        bad += 1
    out.append("# differential: %d cases compared, %d differ as declared, %d skipped, %d problems"
               % (len(keys) - len(skipped), len(changed), len(skipped), bad))
    out += ["#   changed: " + c for c in changed]
    out += ["#   skipped: " + c for c in skipped]
    return out, bad


def dmesg_reports(lines, known):
    """Splits the dmesg into reports (from a hit to the next "end trace"):
    returns ([(line, cause)] of the known ones, [line] of the others)."""
    allowed, hits = [], []
    i = 0
    while i < len(lines):
        if not WARN.search(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and "---[ end trace" not in lines[j] and not WARN.search(lines[j]) and j - i < 200:
            j += 1
        if j < len(lines) and WARN.search(lines[j]) and "---[ end trace" not in lines[j]:
            j -= 1
        block = "\n".join(lines[i:j + 1])
        why = next((k[2] for k in known if re.search(k[0], lines[i]) and re.search(k[1], block)), None)
        if why:
            allowed.append((lines[i], why))
        else:
            hits.append(lines[i])
        i = j + 1
    return allowed, hits


def failure(t, base, knownfail):
    """A failed check t: (what to add to its note, whether it fails the run).
    A regression against the base fails even when listed as known."""
    if base.get(t) == "pass":
        return "; REGRESSION: passes on the base", True
    if t in knownfail:
        return "; known: " + knownfail[t], False
    return "", True


KUNIT = re.compile(r"^(?:\[\s*\d+\.\d+\] )?(ok|not ok) \d+ (\S+)(?:\s+#\s*(SKIP\b.*))?\s*$", re.M)


def kunit_suites(dmesg):
    """The KUnit suites that ran at boot (CONFIG_KUNIT) and their top-level
    results in the dmesg: [(suite, "pass"|"fail"|"skip")].  Only KUnit
    prints unindented TAP result lines into the kernel log."""
    return [(m.group(2), "skip" if m.group(3) else "pass" if m.group(1) == "ok" else "fail")
            for m in KUNIT.finditer(dmesg)]


def verdict(a, out):
    text = open(a.console, errors="replace").read()
    tests = [t for t, _, _ in read_list(a.list) if not t.endswith(SERIES)]
    base = read_table(a.baseline)
    knownfail = read_known_failures(a.known_failures)
    knowndm = read_known_dmesg(a.known_dmesg)
    declared = read_differences(a.differences) if a.base_cases else {}

    results = {}
    for m in re.finditer(r"^### RESULT (\S+) (\d+) (\d+)", text, re.M):
        results[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    cases = console_cases(text)
    if a.cases:
        open(a.cases, "w").writelines(cases)

    dm = re.search(r"^### DMESG BEGIN\n(.*?)^### DMESG END", text, re.M | re.S)
    suites = kunit_suites(dm.group(1)) if dm else []

    passed = failed = skipped = 0
    bad = False
    res = []
    out("TAP version 13")
    out("1..%d" % (len(tests) + (1 if a.base_cases else 0) + len(suites)))
    for i, t in enumerate(tests, 1):
        if t not in results:
            status, note = "fail", "did not run (guest crashed or timed out?)"
        else:
            rc, secs = results[t]
            status = {0: "pass", 4: "skip"}.get(rc, "fail")
            note = "%ds" % secs
            if status == "fail":
                note += ", rc %d%s" % (rc, " (timeout)" if rc in (124, 143) else "")
        res.append("%s %s\n" % (t, status))
        if status == "pass":
            passed += 1
            out("ok %d %s # %s" % (i, t, note))
            continue
        if status == "skip":
            skipped += 1
            out("ok %d %s # SKIP %s" % (i, t, note))
            continue
        failed += 1
        why, fails = failure(t, base, knownfail)
        note += why
        bad |= fails
        m = re.search(r"^### TEST %s\n(.*?)(?=^### RESULT %s |^### TEST |\Z)" % (re.escape(t), re.escape(t)),
                      text, re.M | re.S)
        body = m.group(1).splitlines() if m else []
        if len(body) > FAIL_LINES:
            out("# %s: %d lines of output, the last %d:" % (t, len(body), FAIL_LINES))
            body = body[-FAIL_LINES:]
        for l in body:
            out("#   " + l)
        out("not ok %d %s # %s" % (i, t, note))
    if a.base_cases:
        i = len(tests) + 1
        try:
            base_lines = open(a.base_cases).readlines()
        except FileNotFoundError:
            base_lines = None
        if base_lines is None:
            out("not ok %d differential # no %s: run 'make baseline'" % (i, a.base_cases))
            failed += 1
            bad = True
        else:
            lines, problems = differential(read_cases(base_lines), read_cases(cases), declared)
            for l in lines:
                out(l)
            if problems == 0:
                passed += 1
                out("ok %d differential # base vs series: as declared" % i)
            else:
                failed += 1
                bad = True
                out("not ok %d differential # base vs series differ from what is declared" % i)

    # the KUnit suites, one check each, under the same rules as the tests
    i = len(tests) + (1 if a.base_cases else 0)
    for suite, status in suites:
        i += 1
        t = "kunit-" + suite
        res.append("%s %s\n" % (t, status))
        if status == "pass":
            passed += 1
            out("ok %d %s # KUnit suite at boot" % (i, t))
        elif status == "skip":
            skipped += 1
            out("ok %d %s # SKIP KUnit suite at boot" % (i, t))
        else:
            failed += 1
            why, fails = failure(t, base, knownfail)
            bad |= fails
            note = "KUnit suite at boot failed: see its lines in the dmesg" + why
            out("not ok %d %s # %s" % (i, t, note))
    if a.results:
        open(a.results, "w").writelines(res)

    if not dm:
        out("# dmesg: not captured (guest did not finish)")
        failed += 1
        bad = True
    else:
        allowed, hits = dmesg_reports(dm.group(1).splitlines(), knowndm)
        for l, why in allowed:
            out("# dmesg: known, not ours: %s -- %s" % (l.strip(), why))
        if hits:
            failed += 1
            bad = True
            out("# dmesg: %d kernel warning report(s):" % len(hits))
            for l in hits[:20]:
                out("#   " + l)
        else:
            out("# dmesg: clean" + (" apart from the known reports above" if allowed else ""))
    if "### QEMU TIMEOUT" in text:
        out("# QEMU timed out")
        failed += 1
        bad = True
    out("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if bad else 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                usage=__doc__.split("\n", 1)[0][len("usage: "):])
    p.add_argument("--console", required=True, help="guest console log")
    p.add_argument("--list", required=True, help="the test list that ran")
    p.add_argument("--baseline", help="results of the base run (name pass|fail|skip)")
    p.add_argument("--known-failures", help="name cause")
    p.add_argument("--known-dmesg", help="warning regex | trace regex | cause")
    p.add_argument("--base-cases", help="'# case' lines of the base run: adds the differential")
    p.add_argument("--differences", help="declared differences: TEST CASE base=V series=V reason")
    p.add_argument("--results", help="output: name pass|fail|skip per test")
    p.add_argument("--cases", help="output: the '# case' lines of this run")
    a = p.parse_args(argv)
    try:
        return verdict(a, print)
    except InputError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
