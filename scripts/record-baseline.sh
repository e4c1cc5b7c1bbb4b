#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/record-baseline.sh ARCH
# The last step of `make baseline`: records the results and '# case' lines of
# the base run (build/results/ARCH-base/) into tests/baseline-ARCH.txt and
# tests/baseline-ARCH-cases.txt, the only tracked files a run writes (review them
# in the diff).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || { sed -n '3,7p' "$0"; exit 2; }
arch=$1 res="$BUILD/results/$1-base"
[ -s "$res/results.txt" ] || die "no $res/results.txt: run 'make baseline ARCH=$arch'"
{ echo "# Results of tests/$arch.list on the unpatched base ($(pin_field 2)), from 'make baseline'"
  cat "$res/results.txt"; } >"$TOP/tests/baseline-$arch.txt"
{ echo "# '# case' lines of the semantics tests on the unpatched base, from 'make baseline'"
  cat "$res/cases.txt"; } >"$TOP/tests/baseline-$arch-cases.txt"
note "recorded tests/baseline-$arch.txt and tests/baseline-$arch-cases.txt: review them with git diff"
