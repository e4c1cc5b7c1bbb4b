#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/selftests.sh SRC KOUT LIST BINDIR
# Builds, statically, every vm selftest that LIST runs, from the tree SRC
# (so that tests the series adds or fixes are the ones run), against the uapi
# headers of the kernel build KOUT; installs them into BINDIR.
# Environment: ARCH (default x86_64), CROSS_COMPILE (default for arm64 on
# another host: aarch64-linux-gnu-), SELFTESTS_VM (the directory to build
# the tests from, default SRC/tools/testing/selftests/vm).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || { sed -n '3,10p' "$0"; exit 2; }
src=$1 kout=$2 list=$3 bindir=$4
arch=${ARCH:-x86_64}
vm=${SELFTESTS_VM:-$src/tools/testing/selftests/vm}
if [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
	CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}
fi
# s390x: Debian's libnuma-dev:s390x, unpacked by scripts/deps.sh s390x
[ "$arch" != s390 ] || numa_s390x=" -I$BUILD/libnuma-s390x/usr/include -L$BUILD/libnuma-s390x/usr/lib/s390x-linux-gnu"
progs=$(awk '!/^#/ && NF >= 3 { sub("^\\./", "", $3); print $3 }' "$list" | sort -u)
step "uapi headers ($(basename "$kout"))" "$LOGS/$(basename "$kout")-headers.log" \
	make -C "$src" O="$kout" ARCH="$arch" headers
# one object directory per source tree: the base run builds from two trees
obj="$kout/selftests-vm-$(basename "$src")"
mkdir -p "$obj" "$bindir"
targets=()
for p in $progs; do targets+=("$obj/$p"); done
mk=(make -C "$vm" OUTPUT="$obj" ARCH="$arch"
    KHDR_INCLUDES="-isystem $kout/usr/include" USERLDFLAGS=-static
    CC="${CROSS_COMPILE:-}gcc${numa_s390x:-}" -j"${JOBS:-$(nproc)}")
[ "$arch" = x86_64 ] || mk+=(MACHINE="$arch")
step "vm selftests: $(echo $progs | wc -w) programs" "$LOGS/$(basename "$kout")-selftests.log" \
	"${mk[@]}" "${targets[@]}"
rm -rf "$bindir"
mkdir -p "$bindir"
for p in $progs; do cp "$obj/$p" "$bindir/"; done
