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
targets=() scripts=()
for p in $progs; do
	case $p in
	# the kselftests' own runner runs every test of the directory: build
	# them all (TEST_GEN_FILES, TEST_GEN_PROGS) and install its scripts
	# (TEST_PROGS, TEST_FILES)
	run_vmtests.sh) targets+=(all); scripts+=("$vm"/*.sh) ;;
	*) targets+=("$obj/$p") ;;
	esac
done
mk=(make -C "$vm" OUTPUT="$obj" ARCH="$arch"
    KHDR_INCLUDES="-isystem $kout/usr/include" USERLDFLAGS=-static
    CC="${CROSS_COMPILE:-}gcc${numa_s390x:-}" -j"${JOBS:-$(nproc)}")
[ "$arch" = x86_64 ] || mk+=(MACHINE="$arch")
# protection_keys_{32,64}'s own link rule ignores USERLDFLAGS
[ ${#scripts[@]} -eq 0 ] || mk+=(EXTRA_CFLAGS=-static)
step "vm selftests: $(echo $progs | wc -w) programs" "$LOGS/$(basename "$kout")-selftests.log" \
	"${mk[@]}" "${targets[@]}"
rm -rf "$bindir"
mkdir -p "$bindir"
if [ ${#scripts[@]} -gt 0 ]; then
	# every program built: the runner's tests, not only the list's
	find "$obj" -maxdepth 1 -type f -perm -u+x -exec cp {} "$bindir/" \;
	cp "${scripts[@]}" "$bindir/"
else
	for p in $progs; do cp "$obj/$p" "$bindir/"; done
fi
