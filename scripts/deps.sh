#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/deps.sh [cross|arm64|s390x]
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
# "s390x" (`make run ARCH=s390x`): the s390x cross compiler and libc,
# qemu-system-s390x (qemu-system-misc), and busybox-static:s390x and
# libnuma-dev:s390x unpacked into build/busybox-s390x and build/libnuma-s390x
# (apt-get download: libnuma-dev:s390x cannot be installed, its libc6-dev
# needs a linux-libc-dev:s390x of the host's version that the lists lack).
# gcc-12-multilib (gcc -m32 for move_pages_compat_32): not the gcc-multilib
# metapackage, which conflicts with every Debian cross compiler of `cross`.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev ccache git rsync cpio xz-utils
      kmod file python3 qemu-system-x86 busybox-static libnuma-dev libcap-dev pkg-config
      sparse gnuplot-nox python3-ply python3-git gcc-12-multilib)
[ "${1:-}" = cross ] && pkgs+=(gcc-aarch64-linux-gnu gcc-s390x-linux-gnu libc6-dev-arm64-cross
      libc6-dev-s390x-cross qemu-system-arm qemu-system-misc
      gcc-powerpc64le-linux-gnu gcc-riscv64-linux-gnu gcc-arm-linux-gnueabihf)
[ "${1:-}" = arm64 ] && pkgs+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm libnuma-dev:arm64)
[ "${1:-}" = s390x ] && pkgs+=(gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-system-misc)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Foreign-architecture packages that apt cannot install next to the host's
# (static busybox, libnuma for static tests): downloaded and unpacked under
# build/.  unpack ARCH DIR PKG...: PKG...:ARCH into $BUILD/DIR.
unpack() {
	local arch=$1 dir=$2 deb f
	shift 2
	[ "$(id -u)" = 0 ] || die "$arch packages: run as root (dpkg --add-architecture $arch, apt-get download)"
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		dpkg --add-architecture "$arch"
		step "apt-get update ($arch package lists)" "$LOGS/apt-update-$arch.log" apt-get update
	fi
	deb=$(mktemp -d)
	step "apt-get download ${*/%/:$arch}" "$LOGS/apt-download-$dir.log" \
		sh -c 'cd "$1" && shift && apt-get download "$@"' sh "$deb" "${@/%/:$arch}"
	rm -rf "${BUILD:?}/$dir"
	for f in "$deb"/*.deb; do dpkg-deb -x "$f" "$BUILD/$dir"; done
	rm -rf "$deb"
}
bb=$BUILD/busybox-arm64/bin/busybox
if [ "${1:-}" = arm64 ] && { [ ! -x "$bb" ] || ! dpkg --print-foreign-architectures | grep -qx arm64; }; then
	unpack arm64 busybox-arm64 busybox-static
	file -L "$bb" | grep -q 'ARM aarch64.*statically linked' || die "$bb: not a static arm64 busybox"
fi
bb=$BUILD/busybox-s390x/bin/busybox
if [ "${1:-}" = s390x ] && { [ ! -x "$bb" ] || [ ! -f "$BUILD/libnuma-s390x/usr/lib/s390x-linux-gnu/libnuma.a" ]; }; then
	unpack s390x busybox-s390x busybox-static
	unpack s390x libnuma-s390x libnuma-dev libnuma1
	file -L "$bb" | grep -q 'IBM S/390.*statically linked' || die "$bb: not a static s390x busybox"
fi
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or apt-get install them"
step "apt-get update" "$LOGS/apt-update.log" apt-get update
step "apt-get install ${missing[*]}" "$LOGS/apt-install.log" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
