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
# mktemp's 0700 would be the guest's /: tests run as another user (sudo -u
# nobody in run_vmtests.sh) could not even run /bin/sh
chmod 755 "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,tests}
cp "$busybox" "$root/bin/busybox"
cp "$TOP/scripts/guest-init.sh" "$root/init"
chmod +x "$root/init"
grep -v '^#' "$list" >"$root/tests/list" || true
# run_vmtests.sh (the vm kselftests' own runner) and the scripts it runs
# are bash scripts; it runs on-fault-limit with 'sudo -u nobody', and
# va_128TBswitch.sh reads /boot/config-$(uname -r)
if awk '!/^#/ && $3 ~ /run_vmtests\.sh$/ { f = 1 } END { exit !f }' "$list"; then
	bash_static=${BASH_STATIC:-/bin/bash-static}
	file -L "$bash_static" | grep -q 'statically linked' ||
		die "$bash_static is not a static bash: apt-get install bash-static"
	cp "$bash_static" "$root/bin/bash"
	mkdir -p "$root/etc" "$root/boot"
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
		'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$root/etc/passwd"
	printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
	cat >"$root/bin/sudo" <<'SUDO'
#!/bin/sh
# sudo -u USER CMD [ARG...], the only form run_vmtests.sh uses
[ "$1" = -u ] && [ $# -ge 3 ] || { echo "sudo: only -u USER CMD [ARG...]" >&2; exit 1; }
user=$2
shift 2
exec su -s /bin/sh "$user" -c "$*"
SUDO
	chmod +x "$root/bin/sudo"
	# BINDIR is KOUT/tests (scripts/run-tests.sh): the kernel's config
	kout=$(dirname "$bindir")
	if [ -f "$kout/.config" ] && [ -f "$kout/include/config/kernel.release" ]; then
		cp "$kout/.config" "$root/boot/config-$(cat "$kout/include/config/kernel.release")"
	fi
fi
cp -a "$bindir"/. "$root/tests/"
(cd "$root" && find . | sort | cpio --quiet -o -H newc --reproducible) >"$out"
note "initramfs $(basename "$out"): $(du -h "$out" | cut -f1)"
