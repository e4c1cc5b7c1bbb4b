#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/differential.sh BASE_CASES SERIES_CASES
# Compares the "# case NAME ... base=B series=S got=G" lines that the
# semantics tests (move_pages_semantics, ksm_functional_tests) print, as
# extracted by results.sh from a base run and a series run.  Passes when
# every case ran on both kernels with the result the test expects there,
# and the cases whose results differ are exactly those the tests declare
# as changed by the series (B != S).  Skipped cases (got=skip) are listed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || { sed -n '3,10p' "$0"; exit 2; }
python3 - "$1" "$2" <<'PY'
import re, sys
def load(path):
    d = {}
    for l in open(path):
        m = re.match(r"(\S+)\s+# case (\S+)(.*)", l.strip())
        if not m:
            continue
        test, name, rest = m.groups()
        kv = dict(re.findall(r"(\w+)=(\S+)", rest))
        op = kv.get("op", "")
        d[(test, name + (":" + op if op else ""))] = kv
    return d
base, series = load(sys.argv[1]), load(sys.argv[2])
bad = 0
changed, skipped = [], []
for key in sorted(set(base) | set(series)):
    b, s = base.get(key), series.get(key)
    name = "%s %s" % key
    if b is None or s is None:
        print("# differential: %s ran only on the %s" % (name, "series" if b is None else "base"))
        bad += 1
        continue
    if "skip" in (b.get("got"), s.get("got")):
        skipped.append(name)
        continue
    if b["got"] != b["base"]:
        print("# differential: %s: base kernel gave %s, test expects %s" % (name, b["got"], b["base"]))
        bad += 1
    if s["got"] != s["series"]:
        print("# differential: %s: series gave %s, test expects %s" % (name, s["got"], s["series"]))
        bad += 1
    declared = b["base"] != b["series"]
    differ = b["got"] != s["got"]
    if differ != declared:
        print("# differential: %s: base %s, series %s, but the test declares it %s"
              % (name, b["got"], s["got"], "changed" if declared else "unchanged"))
        bad += 1
    if differ:
        changed.append("%s: %s -> %s" % (name, b["got"], s["got"]))
print("# differential: %d cases compared, %d differ as declared, %d skipped, %d problems"
      % (len(set(base) | set(series)) - len(skipped), len(changed), len(skipped), bad))
for c in changed:
    print("#   changed: " + c)
for c in skipped:
    print("#   skipped: " + c)
sys.exit(1 if bad else 0)
PY
