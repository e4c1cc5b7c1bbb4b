#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/deps.sh [cross|ARCH]
# Installs the Debian packages the harness needs (x86-64 build and guest),
# running apt-get update first only when something is missing.
# ARCH (arm64, s390x: `make run ARCH=...`): also the packages of
# arch/ARCH.conf (DEPS_PKGS: cross compiler, libc, QEMU, foreign libraries),
# and its foreign packages that apt cannot install next to the host's
# (DEPS_UNPACK: static busybox, libnuma for the static tests), downloaded
# with apt-get download and unpacked under build/ (dpkg --add-architecture
# first).
# cross: the cross compilers of configs/cross-matrix.txt (gcc-PREFIX; i386
# uses the host gcc -m32) and the host packages of every arch/*.conf.
# gcc-12-multilib (gcc -m32 for move_pages_compat_32): not the gcc-multilib
# metapackage, which conflicts with every Debian cross compiler of `cross`.
# bash-static: the guest's bash for run_vmtests.sh (make test-vmtests).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev ccache git rsync cpio xz-utils
      kmod file python3 qemu-system-x86 busybox-static libnuma-dev libcap-dev pkg-config
      sparse gnuplot-nox python3-ply python3-git gcc-12-multilib shellcheck bash-static)
unpack_dirs=
case ${1:-} in
'') ;;
cross)
	for t in $(cross_targets all); do
		cross_target "$t"
		[ -z "$cross" ] || pkgs+=("gcc-${cross%-}")
	done
	for a in $(arches); do
		load_arch "$a"
		for p in $DEPS_PKGS; do
			case $p in *:*) ;; *) pkgs+=("$p") ;; esac
		done
	done ;;
*)
	load_arch "$1"
	# shellcheck disable=SC2206 # a list of package names
	pkgs+=($DEPS_PKGS)
	unpack_dirs=$DEPS_UNPACK ;;
esac
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | awk '!seen[$0]++')
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# unpack ARCH DIR PKG...: PKG...:ARCH into $BUILD/DIR.
unpack() {
	local arch=$1 dir=$2 deb f
	shift 2
	[ "$(id -u)" = 0 ] || die "$arch packages: run as root (dpkg --add-architecture $arch, apt-get download)"
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		dpkg --add-architecture "$arch"
		step "apt-get update ($arch package lists)" "$LOGS/apt-update-$arch.log" apt-get update
	fi
	deb=$(mktemp -d)
	# shellcheck disable=SC2016 # "$1" and "$@" are sh -c's own arguments
	step "apt-get download ${*/%/:$arch}" "$LOGS/apt-download-$dir.log" \
		sh -c 'cd "$1" && shift && apt-get download "$@"' sh "$deb" "${@/%/:$arch}"
	rm -rf "${BUILD:?}/$dir"
	for f in "$deb"/*.deb; do dpkg-deb -x "$f" "$BUILD/$dir"; done
	rm -rf "$deb"
}
# DEPS_UNPACK: "DIR=PKG,PKG ...": the packages of Debian's architecture ARCH
# (arm64, s390x: the same names as the harness's)
for u in $unpack_dirs; do
	dir=${u%%=*}
	if [ ! -d "$BUILD/$dir" ] || ! dpkg --print-foreign-architectures | grep -qx "$1"; then
		IFS=, read -r -a list <<<"${u#*=}"
		unpack "$1" "$dir" "${list[@]}"
	fi
done
if [ -n "$unpack_dirs" ]; then
	file -L "$BUSYBOX" | grep -q "$BUSYBOX_FILE" || die "$BUSYBOX: not a static $1 busybox"
fi
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or apt-get install them"
step "apt-get update" "$LOGS/apt-update.log" apt-get update
step "apt-get install ${missing[*]}" "$LOGS/apt-install.log" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
