#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/fetch-base.sh
# Installs Debian's linux-source-6.1 at the version pinned in
# base/linux-source-6.1.pin and checks the tarball's sha256.  If apt no
# longer offers that version, installs the newest 6.1 it offers and says so
# loudly (the tree target then applies the series with a 3-way merge).
# Prints the path of the tarball on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkg=$(pin_field 1); ver=$(pin_field 2); sum=$(pin_field 3)
tarball=/usr/src/linux-source-6.1.tar.xz
have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)

if [ "$have" != "$ver" ]; then
	if apt-cache madison "$pkg" 2>/dev/null | awk '{print $3}' | grep -qx "$ver"; then
		note "installing $pkg=$ver"
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			"$pkg=$ver" >&2 || die "apt-get install $pkg=$ver failed: run 'apt-get update' and retry"
	else
		newest=$(apt-cache madison "$pkg" 2>/dev/null | awk 'NR==1 {print $3}')
		[ -n "$newest" ] || die "apt offers no $pkg: add a Debian 12 (bookworm) source with security updates and run 'apt-get update'"
		cat >&2 <<-MSG
		########################################################################
		# WARNING: apt no longer offers the pinned $pkg $ver.
		# Falling back to $newest; the series will be applied with git am -3.
		# Results are NOT those of the pinned base.  Update base/ if intended.
		########################################################################
		MSG
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			"$pkg=$newest" >&2 || die "apt-get install $pkg=$newest failed"
		echo "$tarball"
		exit 0
	fi
fi
[ -f "$tarball" ] || die "$tarball missing although $pkg is installed: apt-get install --reinstall $pkg=$ver"
got=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$got" = "$sum" ] || die "sha256 of $tarball is $got, base/ pins $sum: reinstall $pkg=$ver (apt-get install --reinstall) or fix the pin"
echo "$tarball"
