#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/kernel.sh series|base ARCH [VARIANT]
# Builds the guest kernel of arch/ARCH.conf: tinyconfig + configs/ARCH-guest.config
# (+ the fragment of tests/VARIANT.variant), of build/linux (series) or of the
# unpatched base (base: the worktree build/base at tag `base`), in
# build/out/OUT[-VARIANT][-base] (-VARIANT: a variant with a fragment; one
# without boots the kernel of build/out/OUT); prints that directory on stdout.
# NOBUILD=1: no build, the kernel last built there (the tree may be mid-rebase).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ $# -lt 2 ] || [ $# -gt 3 ]; then sed -n '3,9p' "$0"; exit 2; fi
kind=$1 arch=$2 variant=${3:-}
load_arch "$arch"
frags=("$TOP/configs/$arch-guest.config")
frag=$(variant_get "$variant" fragment)
if [ -n "$frag" ]; then
	frags+=("$TOP/configs/${frag//ARCH/$arch}")
	[ -f "${frags[-1]}" ] || die "variant $variant: no ${frags[-1]#"$TOP"/} for $arch"
fi
out="$BUILD/out/$OUT${frag:+-$variant}"
src=$TREE
case $kind in
series) ;;
base) src="$BUILD/base" out="$out-base"; base_worktree "$src" ;;
*) die "kernel.sh: series or base, not $kind" ;;
esac
[ -d "$src" ] || die "no $src: run 'make tree' first"
if [ -n "${NOBUILD:-}" ]; then
	[ -f "$out/$IMAGE" ] || die "NOBUILD: no kernel in $out yet"
	note "NOBUILD: booting $out/$IMAGE as built $(date -r "$out/$IMAGE" '+%F %T')"
else
	# cross compiler, QEMU, the guest's busybox (no-op when installed)
	[ -z "$DEPS_PKGS$DEPS_UNPACK" ] || "$TOP/scripts/deps.sh" "$arch" >&2
	"$TOP/scripts/build.sh" -c "$CROSS" "$src" "$out" "$KARCH" "$IMAGE_TARGET" "${frags[@]}" >&2
fi
echo "$out"
