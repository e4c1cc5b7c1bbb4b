#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/qemu-run.sh [-s SMP] [-m MEM_NODE] [-a APPEND] [-t SECONDS] [-x QEMU_OPTS]
#                            ARCH KERNEL INITRD LOG tests|shell
# Boots KERNEL with INITRD under QEMU (TCG: these machines have no KVM) as
# arch/ARCH.conf describes the guest: machine, vCPUs (-s: 2 or 4 with two
# NUMA nodes), NUMA nodes of MEM_NODE each (-m), console, and the hugetlb
# pools on the kernel command line, plus APPEND (-a).
# tests: runs the guest's test list with the console in LOG, bounded by
#        SECONDS (-t, default 3600); on the timeout "### QEMU TIMEOUT" ends LOG;
# shell: interactive console on this terminal (Ctrl-a x quits).
# -x: more QEMU options (split on spaces), e.g. a -plugin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '3,13p' "$0"; exit 2; }
smp='' mem_node='' append='' tmo=3600 extra=
while getopts s:m:a:t:x: o; do
	case $o in
	s) smp=$OPTARG ;;
	m) mem_node=$OPTARG ;;
	a) append=$OPTARG ;;
	t) tmo=$OPTARG ;;
	x) extra=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 5 ] || usage
arch=$1 kernel=$2 initrd=$3 log=$4 mode=$5
load_arch "$arch"
smp=${smp:-$SMP} mem_node=${mem_node:-$MEM_NODE}
qemu=("$QEMU")
# shellcheck disable=SC2206 # QEMU_MACHINE: options split on spaces
qemu+=($QEMU_MACHINE -accel "tcg,thread=multi")
if [ -n "$QEMU_SOCKETS" ]; then
	qemu+=(-smp "$smp,sockets=$QEMU_SOCKETS,cores=$((smp / QEMU_SOCKETS)),threads=1")
else
	qemu+=(-smp "$smp")
fi
if [ "$NUMA_NODES" = 2 ]; then
	case $smp in
	2) cpus0=0 cpus1=1 ;;
	4) cpus0=0-1 cpus1=2-3 ;;
	*) die "-s must be 2 or 4 (one or two vCPUs per node)" ;;
	esac
	qemu+=(-m "$((2 * ${mem_node%G}))G"
	       -object "memory-backend-ram,id=m0,size=$mem_node" -object "memory-backend-ram,id=m1,size=$mem_node"
	       -numa "node,nodeid=0,cpus=$cpus0,memdev=m0" -numa "node,nodeid=1,cpus=$cpus1,memdev=m1")
else
	qemu+=(-m "$mem_node")
fi
cmdline="console=$CONSOLE${HUGETLB:+ $HUGETLB} fw.mode=$mode panic=-1 quiet${append:+ $append}"
qemu+=(-kernel "$kernel" -initrd "$initrd" -append "$cmdline" -display none -no-reboot)
# shellcheck disable=SC2206 # -x: QEMU options split on spaces
[ -z "$extra" ] || qemu+=($extra)

if [ "$mode" = shell ]; then
	exec "${qemu[@]}" -serial mon:stdio
fi
t0=$(date +%s)
note "booting $(basename "$kernel") under QEMU/TCG (bounded by ${tmo}s; console: ${log#"$TOP"/})"
set +e
timeout --foreground -k 10 "$tmo" "${qemu[@]}" -serial file:"$log" -monitor none </dev/null
rc=$?
set -e
note "QEMU exited with $rc after $(($(date +%s) - t0))s"
[ $rc -ne 124 ] || echo "### QEMU TIMEOUT after ${tmo}s" >>"$log"
exit 0
