#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/selftests.sh ARCH SRC KOUT LIST BINDIR [VMDIR]
# Builds, statically, every vm selftest that LIST runs, from the tree SRC
# (so that tests the series adds or fixes are the ones run), against the uapi
# headers of the kernel build KOUT, for the guest of arch/ARCH.conf (its
# cross compiler on other hosts); installs them into BINDIR.  VMDIR: the
# directory to build the tests from (default SRC/tools/testing/selftests/vm).
# A list that runs run_vmtests.sh (the vm kselftests' own runner, which runs
# ./NAME): every vm test is built and installed with the directory's scripts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 5 ] || [ $# -eq 6 ] || { sed -n '3,10p' "$0"; exit 2; }
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
targets=() scripts=()
for p in "${progs[@]}"; do
	case $p in
	# the runner runs every test of the directory: build them all
	# (TEST_GEN_FILES, TEST_GEN_PROGS), install its scripts (TEST_PROGS,
	# TEST_FILES)
	run_vmtests.sh) targets+=(all); scripts+=("$vm"/*.sh) ;;
	*) targets+=("$obj/$p") ;;
	esac
done
mk=(make -C "$vm" OUTPUT="$obj" ARCH="$KARCH"
    KHDR_INCLUDES="-isystem $kout/usr/include" USERLDFLAGS=-static
    CC="${CROSS}gcc${SELFTEST_CFLAGS:+ $SELFTEST_CFLAGS}" -j"${JOBS:-$(nproc)}")
[ -z "$SELFTEST_MACHINE" ] || mk+=(MACHINE="$SELFTEST_MACHINE")
what="${#progs[@]} programs"
[ ${#scripts[@]} -eq 0 ] || what="all (run_vmtests.sh)"
[ ${#progs[@]} -eq 0 ] ||
	step "vm selftests: $what" "$LOGS/$(basename "$kout")-selftests.log" \
		"${mk[@]}" "${targets[@]}"
rm -rf "$bindir"
mkdir -p "$bindir"
if [ ${#scripts[@]} -gt 0 ]; then
	# every program built: the runner's tests, not only the list's
	find "$obj" -maxdepth 1 -type f -perm -u+x -exec cp {} "$bindir/" \;
	cp "${scripts[@]}" "$bindir/"
else
	for p in "${progs[@]}"; do cp "$obj/$p" "$bindir/"; done
fi
for d in "${dirs[@]}"; do
	mkdir -p "$bindir/$d"
	cp "$src/tools/testing/selftests/$d"/*.sh "$bindir/$d/"
done
