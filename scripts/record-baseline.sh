#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/record-baseline.sh ARCH
# The last step of `make baseline`: records the results and '# case' lines of
# the base run (build/results/ARCH-base/) into baselines/ARCH.txt and
# baselines/ARCH-cases.txt, the only tracked files a run writes (review them
# in the diff).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || { sed -n '3,7p' "$0"; exit 2; }
arch=$1 res="$BUILD/results/$1-base"
[ -s "$res/results.txt" ] || die "no $res/results.txt: run 'make baseline ARCH=$arch'"
mkdir -p "$TOP/baselines"
{ echo "# Results of tests/$arch.list on the unpatched base ($(pin_field 2)), from 'make baseline'"
  cat "$res/results.txt"; } >"$TOP/baselines/$arch.txt"
{ echo "# '# case' lines of the semantics tests on the unpatched base, from 'make baseline'"
  cat "$res/cases.txt"; } >"$TOP/baselines/$arch-cases.txt"
note "recorded baselines/$arch.txt and baselines/$arch-cases.txt: review them with git diff"
