#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/initramfs.sh LIST BINDIR BUSYBOX OUT
# Builds the guest's initramfs OUT (cpio, newc): the static BUSYBOX, /init
# (guest/init.sh), the test lines of LIST as /tests/list and the
# statically linked test binaries from BINDIR as /tests/.  When LIST runs
# run_vmtests.sh: also a static bash (bash-static), `sudo -u` and /etc/passwd
# for it, and the kernel's config as /boot/config-RELEASE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || { sed -n '3,8p' "$0"; exit 2; }
list=$1 bindir=$2 busybox=$3 out=$4
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static: apt-get install busybox-static"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# mktemp's 0700 would be the guest's /: a test run as another user (sudo -u
# nobody in run_vmtests.sh) could not even run /bin/sh
chmod 755 "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,tests}
cp "$busybox" "$root/bin/busybox"
cp "$TOP/guest/init.sh" "$root/init"
chmod +x "$root/init"
list_tests "$list" >"$root/tests/list"
# run_vmtests.sh (the vm kselftests' own runner) and the scripts it runs are
# bash scripts; it runs on-fault-limit with 'sudo -u nobody', and
# va_128TBswitch.sh reads /boot/config-$(uname -r)
if list_progs "$list" | grep -x run_vmtests.sh >/dev/null; then
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
