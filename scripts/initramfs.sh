#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/initramfs.sh LIST BINDIR BUSYBOX OUT
# Builds the guest's initramfs OUT (cpio, newc): the static BUSYBOX, /init
# (guest/init.sh), the test lines of LIST as /tests/list and the
# statically linked test binaries from BINDIR as /tests/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || { sed -n '3,6p' "$0"; exit 2; }
list=$1 bindir=$2 busybox=$3 out=$4
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static: apt-get install busybox-static"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,tests}
cp "$busybox" "$root/bin/busybox"
cp "$TOP/guest/init.sh" "$root/init"
chmod +x "$root/init"
list_tests "$list" >"$root/tests/list"
cp -a "$bindir"/. "$root/tests/"
(cd "$root" && find . | sort | cpio --quiet -o -H newc --reproducible) >"$out"
note "initramfs $(basename "$out"): $(du -h "$out" | cut -f1)"
