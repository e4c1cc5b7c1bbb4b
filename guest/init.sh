#!/bin/busybox sh
# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test initramfs (busybox), packed by scripts/initramfs.sh; it
# runs in the guest, everything under scripts/ on the host.  Kernel command line:
#   fw.mode=tests   run every line of /tests/list, then dump dmesg and power off
#   fw.mode=shell   start an interactive shell on the console (make shell)
#   fw.kernel=K     base or series: names the kernel in /proc/cmdline and the
#                   console log (no test reads it)
# Each test prints "### TEST name", then its output, then
# "### RESULT name rc seconds"; rc is the command's exit code (124: timeout).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
# hugepage-shm maps 256 MiB of SysV shm (run_vmtests.sh does the same)
echo 268435456 >/proc/sys/kernel/shmmax
echo 4194304 >/proc/sys/kernel/shmall

mode=tests
# shellcheck disable=SC2013 # the command line is words, not lines
for arg in $(cat /proc/cmdline); do
	case $arg in
	fw.mode=*) mode=${arg#fw.mode=} ;;
	esac
done

if [ "$mode" = shell ]; then
	echo "interactive shell: tests are in /tests (list: /tests/list); 'poweroff -f' to quit"
	setsid cttyhack sh
	poweroff -f
fi

echo "### BEGIN $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
grep -H . /sys/kernel/mm/hugepages/*/free_hugepages
# hugepage-mmap uses ./huge/hugepagefile, like run_vmtests.sh
mkdir -p /tests/huge && mount -t hugetlbfs none /tests/huge
cd /tests || poweroff -f
while read -r name tmo cmd; do
	case $name in ''|'#'*) continue ;; esac
	echo "### TEST $name"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	set -- $cmd
	case $1 in
	[!.]*/*.sh)
		# a kselftest script of another directory (DIR/NAME.sh, copied
		# with its directory's scripts): run in DIR with busybox sh,
		# '.' in PATH for the helpers it sources by name, and EUID,
		# which bash sets and busybox sh does not (./NAME.sh, a script
		# of /tests such as run_vmtests.sh, runs by its #! line)
		dir=${1%/*} script=${1##*/}
		shift
		(cd "$dir" && PATH=/bin:. EUID=0 timeout "$tmo" sh "./$script" "$@") </dev/null 2>&1
		;;
	*) timeout "$tmo" "$@" </dev/null 2>&1 ;;
	esac
	rc=$?
	echo "### RESULT $name $rc $(($(date +%s) - t0))"
	cd /tests || break	# a test may have left it
done </tests/list
echo "### DMESG BEGIN"
dmesg
echo "### DMESG END"
echo "### END"
poweroff -f
