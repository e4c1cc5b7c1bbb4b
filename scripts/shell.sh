#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/shell.sh [ARCH [series|base]]
# `make shell`: boots the guest kernel of arch/ARCH.conf last built by a run
# (default: x86_64, series) with its test initramfs, and an interactive shell
# on this terminal instead of the test run (Ctrl-a x quits).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-x86_64} kind=${2:-series}
load_arch "$arch"
out=$(NOBUILD=1 "$TOP/scripts/kernel.sh" "$kind" "$arch")
[ -f "$out/initramfs.cpio" ] || die "no initramfs in $out: run 'make run ARCH=$arch' first"
exec "$TOP/scripts/qemu-run.sh" -a "fw.kernel=$kind" "$arch" "$out/$IMAGE" "$out/initramfs.cpio" /dev/null shell
