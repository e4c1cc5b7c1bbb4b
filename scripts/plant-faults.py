#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""usage: scripts/plant-faults.py

Tests the tests of the verdict: plants one fault at a time in a copy of
scripts/verdict.py (each breaks one rule), runs the fixtures on it
(scripts/selftest.sh --verdict) and prints which fixtures catch it.  Exit 1
when a fault goes unnoticed or no longer applies (the verdict changed: update
the list).  About 5 s per fault; not part of `make selftest`.
"""
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (the rule it breaks, text of verdict.py, replacement)
faults = [
 ("regression against the base ignored", 'if base.get(t) == "pass":', 'if False:'),
 ("known failures not honoured", 'if t in knownfail:', 'if False:'),
 ("a known failure without a cause accepted", 'if len(f) < 2 or not f[1].strip():', 'if False:'),
 ("rc 124 not reported as a timeout", 'rc in (124, 143)', 'rc in (143,)'),
 ("a test without RESULT counted as a skip", 'status, note = "fail", "did not run', 'status, note = "skip", "did not run'),
 ("a failed test's output not printed", 'for l in body:\n            out("#   " + l)', 'for l in body[:0]:\n            out("#   " + l)'),
 ("failed output cut to 8 lines, not 80", 'FAIL_LINES = 80', 'FAIL_LINES = 8'),
 ("unknown dmesg reports pass", '        if hits:\n            failed += 1\n            bad = True', '        if hits:\n            pass'),
 ("known dmesg matched on the warning line only", 're.search(k[0], lines[i]) and re.search(k[1], block)', 're.search(k[0], lines[i])'),
 ("known dmesg matched on the trace only", 're.search(k[0], lines[i]) and re.search(k[1], block)', 're.search(k[1], block)'),
 ("known dmesg reports not recognised", 'if why:\n            allowed', 'if False:\n            allowed'),
 ("dmesg not captured passes", '        out("# dmesg: not captured (guest did not finish)")\n        failed += 1\n        bad = True', '        out("# dmesg: not captured (guest did not finish)")'),
 ("QEMU timeout passes", '        out("# QEMU timed out")\n        failed += 1\n        bad = True', '        out("# QEMU timed out")'),
 ("a failed KUnit suite passes", 'else "pass" if m.group(1) == "ok" else "fail"', 'else "pass"'),
 ("KUnit suites not read", 'suites = kunit_suites(dm.group(1)) if dm else []', 'suites = []'),
 ("declared series value not checked", '            if s != ds:', '            if False:'),
 ("declared base value not checked", '            if b != db:', '            if False:'),
 ("undeclared difference accepted", '        elif b != s:\n            out.append', '        elif False:\n            out.append'),
 ("case on one kernel only accepted", '        if key not in base or key not in series:', '        if False:'),
 ("declared case that never ran accepted", 'for key in sorted(set(declared) - keys):', 'for key in sorted(set(declared) - keys - set(declared)):'),
 ("got=skip not treated as skipped", '        if "skip" in (b, s):', '        if False:'),
 ("old lines' base= read instead of got=", 'd[k[0]] = k[1].get("got")', 'd[k[0]] = k[1].get("base", k[1].get("got"))'),
 ("op= not part of the case key", 'return (test, name + (":" + op if op else "")), kv', 'return (test, name), kv'),
 ("missing base cases file passes", '            failed += 1\n            bad = True\n        else:\n            lines, problems', '            pass\n        else:\n            lines, problems'),
 ("NAME.series cases not counted as NAME's", '                cur = cur[:-len(SERIES)]', '                pass'),
 ("NAME.series gets a TAP line", 'if not t.endswith(SERIES)]', ']'),
]


def main():
    src = open(os.path.join(TOP, "scripts/verdict.py")).read()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        mut = os.path.join(tmp, "verdict.py")
        for what, a, b in faults:
            if src.count(a) != 1:
                print("%-48s NOT PLANTED: the text is not in verdict.py once" % what)
                bad += 1
                continue
            open(mut, "w").write(src.replace(a, b))
            r = subprocess.run(["bash", os.path.join(TOP, "scripts/selftest.sh"), "--verdict", mut],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            caught = re.findall(r"^not ok \d+ verdict: (\S+)", r.stdout, re.M)
            print("%-48s caught by: %s" % (what, ", ".join(caught) if caught else "NOTHING"))
            bad += not caught
    print("%d faults planted, %d not caught" % (len(faults), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
