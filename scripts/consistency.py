#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""usage: scripts/consistency.py

Checks that the harness's data files agree with each other (run by
`make selftest`): every guest list has its arch/ARCH.conf and guest config
fragment, lines of "name timeout command" with unique names; variants
replace tests that exist (of their own list of "only name timeout command"
lines, unique names, when they have one), their fragments exist; declared
differences, baselines, known failures (or a variant's own test) and known
dmesg reports name tests of the list and cases of the recorded base run,
each with its cause; checkpatch-allow.txt names patches of patches/series,
sparse-allow.txt files the series touches, each with a reason;
configs/cross-matrix.txt names existing fragments.  Prints one line per
problem and a count; exit 1 on any.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdict  # noqa: E402  (the one Python parser of lists and data files)

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []


def p(path):
    return os.path.join(TOP, path)


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def conf_keys(path):
    return dict(re.findall(r"^([A-Z_]+)=(\S*)", open(path).read(), re.M))


def main():
    checked = 0
    arches = sorted(os.path.basename(f)[:-5] for f in glob.glob(p("arch/*.conf")))
    want = conf_keys(p("arch/x86_64.conf")).keys()
    variants = sorted(glob.glob(p("tests/*.variant")))
    lists = {}
    only_names = set()  # the tests of the variants' own lists (make test-vmtests)
    for arch in arches:
        keys = conf_keys(p("arch/%s.conf" % arch))
        for k in want:
            if k not in keys:
                bad("arch/%s.conf" % arch, "no %s (keys as in arch/x86_64.conf)" % k)
        for f in ("configs/%s-guest.config" % arch, "tests/%s.list" % arch):
            if not os.path.exists(p(f)):
                bad("arch/%s.conf" % arch, "no %s" % f)
    for f in sorted(glob.glob(p("tests/*.list"))):
        arch = os.path.basename(f)[:-5]
        rel = os.path.relpath(f, TOP)
        if arch not in arches:
            bad(rel, "no arch/%s.conf" % arch)
        names = []
        for name, tmo, cmd in verdict.read_list(f):
            checked += 1
            if not tmo.isdigit() or not cmd:
                bad(rel, "want 'name timeout command': %s" % name)
            if name in names:
                bad(rel, "%s listed twice" % name)
            if name.endswith(verdict.SERIES):
                bad(rel, "%s: NAME.series is the base run's name for a series build" % name)
            names.append(name)
        lists[arch] = set(names)

    for v in variants:
        rel = os.path.relpath(v, TOP)
        own = []
        for l in verdict.data_lines(v):
            f = l.split()
            if f[0] != "only":
                continue
            if len(f) < 4 or not f[2].isdigit():
                bad(rel, "want 'only NAME TIMEOUT COMMAND': %s" % l)
            elif f[1] in own:
                bad(rel, "only %s twice" % f[1])
            elif f[1].endswith(verdict.SERIES):
                bad(rel, "%s: NAME.series is the base run's name for a series build" % f[1])
            own.append(f[1])
        only_names |= set(own)
        for l in verdict.data_lines(v):
            f = l.split()
            checked += 1
            if f[0] == "only":
                pass
            elif f[0] == "test":
                if len(f) < 4 or not f[2].isdigit():
                    bad(rel, "want 'test NAME TIMEOUT COMMAND': %s" % l)
                elif own and f[1] not in own:
                    bad(rel, "test %s is not one of its 'only' lines" % f[1])
                elif not own and not any(f[1] in names for names in lists.values()):
                    bad(rel, "test %s is in no list" % f[1])
            elif f[0] == "fragment":
                if not any(os.path.exists(p("configs/" + f[1].replace("ARCH", a))) for a in arches):
                    bad(rel, "fragment %s: no configs/ file for any arch" % f[1])
            elif f[0] in ("scale", "qemu-timeout"):
                if len(f) != 2 or not f[1].isdigit():
                    bad(rel, "want '%s N': %s" % (f[0], l))
            elif f[0] == "mem-node":
                if len(f) != 2 or not re.match(r"[1-9][0-9]*G$", f[1]):
                    bad(rel, "want 'mem-node NG': %s" % l)
            elif f[0] != "append":
                bad(rel, "unknown directive: %s" % l)

    for arch, names in sorted(lists.items()):
        def check_names(path, found, what, extra=()):
            for n in found:
                # kunit-SUITE: a KUnit suite the verdict read from the dmesg
                if n not in names and n not in extra and not n.startswith("kunit-"):
                    bad(path, "%s %s is not in tests/%s.list" % (what, n, arch))
        base = "baselines/%s.txt" % arch
        cases = "baselines/%s-cases.txt" % arch
        if not os.path.exists(p(base)):
            bad(base, "missing: run 'make baseline ARCH=%s'" % arch)
        table = verdict.read_table(p(base))
        checked += len(table)
        check_names(base, table, "test")
        for n, v in table.items():
            if v not in ("pass", "fail", "skip"):
                bad(base, "%s: %s is not pass, fail or skip" % (n, v))
        basecases = verdict.read_cases(verdict.data_lines(p(cases)))
        checked += len(basecases)
        check_names(cases, sorted({t for t, _ in basecases}), "test")
        def read(reader, name):
            try:
                return reader(p("tests/%s-%s.txt" % (name, arch)))
            except verdict.InputError as e:
                problems.append(str(e).replace(TOP + "/", ""))
                return {} if name != "known-dmesg" else []
        diffs = read(verdict.read_differences, "differences")
        kf = read(verdict.read_known_failures, "known-failures")
        kd = read(verdict.read_known_dmesg, "known-dmesg")
        checked += len(diffs) + len(kf) + len(kd)
        for (t, c), (b, s) in sorted(diffs.items()):
            where = "tests/differences-%s.txt" % arch
            if t not in names:
                bad(where, "test %s is not in tests/%s.list" % (t, arch))
            elif basecases and (t, c) not in basecases:
                bad(where, "%s %s: no such case in %s" % (t, c, cases))
            elif basecases and basecases[(t, c)] not in (b, "skip"):
                bad(where, "%s %s: base=%s, but %s recorded %s" % (t, c, b, cases, basecases[(t, c)]))
            if b == s:
                bad(where, "%s %s: base and series values are the same" % (t, c))
        # a variant's own test (run_vmtests) may be a known failure too
        check_names("tests/known-failures-%s.txt" % arch, kf, "test", only_names)
        for w, t, _ in kd:
            for r in (w, t):
                try:
                    re.compile(r)
                except re.error as e:
                    bad("tests/known-dmesg-%s.txt" % arch, "%s: %s" % (r, e))
    for f in glob.glob(p("tests/*-*.txt")):
        m = re.match(r"(known-failures|known-dmesg|differences)-(.*)\.txt$", os.path.basename(f))
        if m and m.group(2) not in lists:
            bad(os.path.relpath(f, TOP), "no tests/%s.list" % m.group(2))

    series = [l.strip() for l in verdict.data_lines(p("patches/series"))]
    touched = set()
    for s in series:
        if not os.path.exists(p("patches/" + s)):
            bad("patches/series", "no patches/%s" % s)
            continue
        touched |= set(re.findall(r"^\+\+\+ b/(\S+)", open(p("patches/" + s), errors="replace").read(), re.M))
    for l in verdict.data_lines(p("tests/checkpatch-allow.txt")):
        f = l.split(None, 2)
        checked += 1
        if len(f) < 3:
            bad("tests/checkpatch-allow.txt", "want 'patch TYPE reason': %s" % l)
        elif f[0] not in series:
            bad("tests/checkpatch-allow.txt", "%s is not in patches/series" % f[0])
    for l in verdict.data_lines(p("tests/sparse-allow.txt")):
        checked += 1
        m = re.match(r"(\S+): .* -- (\S.*)$", l)
        if not m:
            bad("tests/sparse-allow.txt", "want 'file: message -- reason': %s" % l)
        elif touched and m.group(1) not in touched:
            bad("tests/sparse-allow.txt", "%s: no patch of the series touches it" % m.group(1))

    targets = []
    for l in verdict.data_lines(p("configs/cross-matrix.txt")):
        f = l.split()
        checked += 1
        if len(f) != 8 or f[7] not in ("yes", "no") or f[6] not in ("objects", "mm/", "vmlinux"):
            bad("configs/cross-matrix.txt", "want 8 columns (target arch srcarch cross base "
                "fragments builds ci): %s" % l)
            continue
        if f[0] in targets:
            bad("configs/cross-matrix.txt", "target %s twice" % f[0])
        targets.append(f[0])
        for frag in f[5].split(","):
            if not os.path.exists(p("configs/" + frag)):
                bad("configs/cross-matrix.txt", "%s: no configs/%s" % (f[0], frag))

    for l in problems:
        print(l)
    print("%d entries checked, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
