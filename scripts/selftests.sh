#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/selftests.sh ARCH SRC KOUT LIST BINDIR [VMDIR]
# Builds, statically, every vm selftest that LIST runs, from the tree SRC
# (so that tests the series adds or fixes are the ones run), against the uapi
# headers of the kernel build KOUT, for the guest of arch/ARCH.conf (its
# cross compiler on other hosts); installs them into BINDIR.  VMDIR: the
# directory to build the tests from (default SRC/tools/testing/selftests/vm).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 5 ] || [ $# -eq 6 ] || { sed -n '3,8p' "$0"; exit 2; }
arch=$1 src=$2 kout=$3 list=$4 bindir=$5 vm=${6:-$2/tools/testing/selftests/vm}
load_arch "$arch"
# DIR/NAME.sh: a script of tools/testing/selftests/DIR, copied with the
# other scripts of DIR (it sources them); every other program is a vm test
mapfile -t progs < <(list_progs "$list" | grep -v /)
mapfile -t dirs < <(list_progs "$list" | sed -n 's|^\([^/]*\)/.*\.sh$|\1|p' | sort -u)
step "uapi headers ($(basename "$kout"))" "$LOGS/$(basename "$kout")-headers.log" \
	make -C "$src" O="$kout" ARCH="$KARCH" headers
# one object directory per source tree: the base run builds from two trees
obj="$kout/selftests-vm-$(basename "$src")"
mkdir -p "$obj" "$bindir"
targets=()
for p in "${progs[@]}"; do targets+=("$obj/$p"); done
mk=(make -C "$vm" OUTPUT="$obj" ARCH="$KARCH"
    KHDR_INCLUDES="-isystem $kout/usr/include" USERLDFLAGS=-static
    CC="${CROSS}gcc${SELFTEST_CFLAGS:+ $SELFTEST_CFLAGS}" -j"${JOBS:-$(nproc)}")
[ -z "$SELFTEST_MACHINE" ] || mk+=(MACHINE="$SELFTEST_MACHINE")
[ ${#progs[@]} -eq 0 ] ||
	step "vm selftests: ${#progs[@]} programs" "$LOGS/$(basename "$kout")-selftests.log" \
		"${mk[@]}" "${targets[@]}"
rm -rf "$bindir"
mkdir -p "$bindir"
for p in "${progs[@]}"; do cp "$obj/$p" "$bindir/"; done
for d in "${dirs[@]}"; do
	mkdir -p "$bindir/$d"
	cp "$src/tools/testing/selftests/$d"/*.sh "$bindir/$d/"
done
