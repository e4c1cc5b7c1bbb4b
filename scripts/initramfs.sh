#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/initramfs.sh LIST BINDIR OUT
# Builds the guest's initramfs OUT (cpio, newc): busybox-static, /init
# (scripts/guest-init.sh), the test list LIST as /tests/list and the
# statically linked test binaries from BINDIR as /tests/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || { sed -n '3,6p' "$0"; exit 2; }
list=$1 bindir=$2 out=$3
busybox=${BUSYBOX:-/bin/busybox}
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static: apt-get install busybox-static"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,tests}
cp "$busybox" "$root/bin/busybox"
cp "$TOP/scripts/guest-init.sh" "$root/init"
chmod +x "$root/init"
grep -v '^#' "$list" >"$root/tests/list" || true
cp -a "$bindir"/. "$root/tests/"
(cd "$root" && find . | sort | cpio --quiet -o -H newc --reproducible) >"$out"
note "initramfs $(basename "$out"): $(du -h "$out" | cut -f1)"
