#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/deps.sh [cross]
# Installs the Debian packages the harness needs (x86-64 build and guest;
# with "cross" also the arm64/s390x compilers and QEMUs), running apt-get
# update first only when something is missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential bc bison flex libelf-dev libssl-dev ccache git rsync cpio xz-utils
      kmod file python3 qemu-system-x86 busybox-static libnuma-dev libcap-dev pkg-config
      sparse gnuplot-nox python3-ply python3-git)
[ "${1:-}" = cross ] && pkgs+=(gcc-aarch64-linux-gnu gcc-s390x-linux-gnu libc6-dev-arm64-cross
      libc6-dev-s390x-cross qemu-system-arm qemu-system-misc)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or apt-get install them"
step "apt-get update" "$LOGS/apt-update.log" apt-get update
step "apt-get install ${missing[*]}" "$LOGS/apt-install.log" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
