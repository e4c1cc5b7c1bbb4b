#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/fetch-base.sh
# Fetches the source tarball of Debian's linux-source-6.1 at the version
# pinned in base/linux-source-6.1.pin and checks its sha256.  The package is
# never installed: the host may have any other version installed (a newer
# security update, say) and keeps it.  The tarball comes from
#   1. /usr/src/linux-source-6.1.tar.xz, if the pinned version is installed;
#   2. build/src/, if an earlier run fetched it;
#   3. `apt-get download` of the pinned .deb into build/src/.
# If apt no longer offers the pinned version, it takes the newest 6.1 apt
# offers and says so loudly (the tree target then applies the series with a
# 3-way merge).
# Prints "VERSION TARBALL" on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkg=$(pin_field 1); ver=$(pin_field 2); sum=$(pin_field 3)
src=$BUILD/src
have=$(dpkg-query -W -f='${Status} ${Version}' "$pkg" 2>/dev/null || true)

if [ "$have" = "install ok installed $ver" ] &&
	[ "$(sha256sum "/usr/src/$pkg.tar.xz" 2>/dev/null | cut -d' ' -f1)" = "$sum" ]; then
	echo "$ver /usr/src/$pkg.tar.xz"
	exit 0
fi

if ! apt-cache madison "$pkg" 2>/dev/null | awk '{print $3}' | grep -qx "$ver"; then
	newest=$(apt-cache madison "$pkg" 2>/dev/null | awk 'NR==1 {print $3}')
	[ -n "$newest" ] || die "apt offers no $pkg: add a Debian 12 (bookworm) source with security updates and run 'apt-get update'"
	cat >&2 <<-MSG
	########################################################################
	# WARNING: apt no longer offers the pinned $pkg $ver.
	# Falling back to $newest; the series will be applied with git am -3.
	# Results are NOT those of the pinned base.  Update base/ if intended.
	########################################################################
	MSG
	ver=$newest
	sum=
fi

tarball=$src/${pkg}_$ver.tar.xz
if [ ! -f "$tarball" ]; then
	mkdir -p "$src"
	rm -f "$src/${pkg}_"*.deb "$tarball.tmp"
	note "downloading $pkg=$ver (apt-get download, not installed)"
	(cd "$src" && apt-get download "$pkg=$ver") >&2 ||
		die "apt-get download $pkg=$ver failed: run 'apt-get update' and retry"
	deb=$(ls "$src/${pkg}_"*.deb)
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$tarball.tmp" ||
		die "$deb holds no ./usr/src/$pkg.tar.xz"
	rm -f "$deb"
	mv "$tarball.tmp" "$tarball"
fi
if [ -n "$sum" ]; then
	got=$(sha256sum "$tarball" | cut -d' ' -f1)
	[ "$got" = "$sum" ] || die "sha256 of $tarball is $got, base/ pins $sum: remove it and retry, or fix the pin"
fi
echo "$ver $tarball"
