#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/deps.sh [cross|arm64]
# Installs the Debian packages the harness needs (x86-64 build and guest;
# with "cross" also the cross compilers of `make cross` / `make cross-all`:
# arm64, s390x, powerpc64le, riscv64, arm (i386 uses the host gcc -m32), and
# the arm64/s390x QEMUs), running apt-get
# update first only when something is missing.
# "arm64" (the arm64 guest of `make run ARCH=arm64`): the arm64 cross
# compiler, libnuma-dev:arm64 (static libnuma for the tests),
# qemu-system-aarch64, and Debian's arm64 busybox-static for the guest,
# unpacked into build/busybox-arm64 (dpkg --add-architecture arm64, then
# apt-get download: it cannot be installed next to the host's busybox).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev ccache git rsync cpio xz-utils
      kmod file python3 qemu-system-x86 busybox-static libnuma-dev libcap-dev pkg-config
      sparse gnuplot-nox python3-ply python3-git)
[ "${1:-}" = cross ] && pkgs+=(gcc-aarch64-linux-gnu gcc-s390x-linux-gnu libc6-dev-arm64-cross
      libc6-dev-s390x-cross qemu-system-arm qemu-system-misc
      gcc-powerpc64le-linux-gnu gcc-riscv64-linux-gnu gcc-arm-linux-gnueabihf)
[ "${1:-}" = arm64 ] && pkgs+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm libnuma-dev:arm64)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
bb=$BUILD/busybox-arm64/bin/busybox
if [ "${1:-}" = arm64 ] && { [ ! -x "$bb" ] || ! dpkg --print-foreign-architectures | grep -qx arm64; }; then
	[ "$(id -u)" = 0 ] || die "arm64 packages: run as root (dpkg --add-architecture arm64, apt-get download)"
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	step "apt-get update (arm64 package lists)" "$LOGS/apt-update-arm64.log" apt-get update
	deb=$(mktemp -d)
	step "apt-get download busybox-static:arm64" "$LOGS/apt-download-arm64.log" \
		sh -c 'cd "$1" && apt-get download busybox-static:arm64' sh "$deb"
	rm -rf "$BUILD/busybox-arm64"
	dpkg-deb -x "$deb"/busybox-static_*_arm64.deb "$BUILD/busybox-arm64"
	rm -rf "$deb"
	file -L "$bb" | grep -q 'ARM aarch64.*statically linked' || die "$bb: not a static arm64 busybox"
fi
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or apt-get install them"
step "apt-get update" "$LOGS/apt-update.log" apt-get update
step "apt-get install ${missing[*]}" "$LOGS/apt-install.log" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
