#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/qemu-run.sh ARCH KERNEL INITRD LOG [tests|shell]
# Boots KERNEL with INITRD under QEMU (TCG: these machines have no KVM):
# 4 vCPUs (QEMU_SMP=2 for 2) on 2 NUMA nodes of QEMU_MEM_NODE each (x86-64:
# 5G, others: 4G), hugetlb pools
# on the command line.
# tests: runs the guest's test list with the console in LOG, bounded by
#        QEMU_TIMEOUT seconds (default: the sum of the timeouts of LIST,
#        default tests/ARCH.list, + 300);
# shell: interactive console on this terminal (Ctrl-a x quits).
# QEMU_EXTRA: more QEMU options (split on spaces), e.g. a -plugin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 4 ] || { sed -n '3,9p' "$0"; exit 2; }
arch=$1 kernel=$2 initrd=$3 log=$4 mode=${5:-tests}
mem_node=${QEMU_MEM_NODE:-4G}
[ "$arch" != x86_64 ] || mem_node=${QEMU_MEM_NODE:-5G}
smp=${QEMU_SMP:-4}
case $smp in
2) cpus0=0 cpus1=1 ;;
4) cpus0=0-1 cpus1=2-3 ;;
*) die "QEMU_SMP must be 2 or 4 (one or two vCPUs per node)" ;;
esac
numa=(-object memory-backend-ram,id=m0,size="$mem_node"
      -object memory-backend-ram,id=m1,size="$mem_node"
      -numa node,nodeid=0,cpus=$cpus0,memdev=m0 -numa node,nodeid=1,cpus=$cpus1,memdev=m1)
# one socket per node: the scheduler warns about LLC siblings across nodes
append="fw.mode=$mode panic=-1 quiet ${QEMU_APPEND:-}"
case $arch in
x86_64)
	# 1 GiB pages need 1 GiB-aligned free blocks, and moves between nodes
	# need one free on each node.  With 4 GiB per node none was left on
	# node 0 (the kernel, the initramfs and memblock's top-down allocations
	# take a part of each), and 6.1's boot-time allocation for a node then
	# falls back to another node without a word (memblock_alloc_try_nid_raw):
	# both pages were on node 1.  5 GiB per node gives one on each.
	qemu=(qemu-system-x86_64 -machine pc -cpu max -accel tcg,thread=multi -smp $smp,sockets=2,cores=$((smp / 2)),threads=1
	      -m $((2 * ${mem_node%G}))G "${numa[@]}")
	append="console=ttyS0 hugepagesz=1G hugepages=0:1,1:1 hugepagesz=2M hugepages=256 default_hugepagesz=2M $append"
	;;
arm64)
	# -M virt with the NUMA layout in its device tree.  -cpu max emulates
	# pointer authentication with QARMA (very slow under TCG):
	# pauth-impdef=on uses QEMU's cheap implementation-defined algorithm.
	# The four hugetlb sizes of 4 KiB pages, each on both nodes: 64 KiB
	# (contiguous PTEs), 2 MiB (PMD), 32 MiB (contiguous PMDs), 1 GiB (PUD).
	# Gigantic pages (32 MiB, 1 GiB: above MAX_ORDER) come from memblock at
	# boot, the 1 GiB ones first while 1 GiB-aligned blocks are free; the
	# node's RAM starts 1 GiB-aligned (virt RAM starts at 1 GiB).
	qemu=(qemu-system-aarch64 -machine virt -cpu max,pauth-impdef=on -accel tcg,thread=multi
	      -smp $smp -m $((2 * ${mem_node%G}))G "${numa[@]}")
	append="console=ttyAMA0 hugepagesz=1G hugepages=0:1,1:1 hugepagesz=32M hugepages=0:2,1:2 hugepagesz=2M hugepages=64 hugepagesz=64K hugepages=64 default_hugepagesz=2M $append"
	;;
s390x)
	# -M s390-ccw-virtio: neither QEMU's s390 machine nor the 6.1 kernel (one
	# node) has NUMA: no -numa, QEMU_SMP vCPUs (default 2), one node's
	# QEMU_MEM_NODE of RAM (4G).  Console: SCLP VT220 (-serial: sclpconsole).
	# No hugetlb pool: 1 MiB pages (segment leaves) need EDAT-1 and 2 GiB
	# pages (region-third leaves) EDAT-2, and no QEMU offers either under
	# TCG (QEMU 7.2's "max": query-cpu-model-expansion says edat and edat2
	# false, -cpu max,edat=on is refused), so the kernel rejects both sizes
	# ("HugeTLB: unsupported hugepagesz=1M") and has no THP.  s390x huge
	# leaves are proven by build and review only.
	qemu=(qemu-system-s390x -machine s390-ccw-virtio -cpu max -accel tcg,thread=multi
	      -smp "${QEMU_SMP:-2}" -m "$mem_node")
	append="console=ttysclp0 $append"
	;;
*) die "unknown ARCH $arch" ;;
esac
qemu+=(-kernel "$kernel" -initrd "$initrd" -append "$append" -display none -no-reboot)
# shellcheck disable=SC2206
[ -z "${QEMU_EXTRA:-}" ] || qemu+=($QEMU_EXTRA)

if [ "$mode" = shell ]; then
	exec "${qemu[@]}" -serial mon:stdio
fi
tmo=${QEMU_TIMEOUT:-$(awk '!/^#/ && NF >= 3 { s += $2 } END { print s + 300 }' "${LIST:-$TOP/tests/$arch.list}")}
t0=$(date +%s)
note "booting $(basename "$kernel") under QEMU/TCG (bounded by ${tmo}s; console: ${log#"$TOP"/})"
set +e
timeout --foreground -k 10 "$tmo" "${qemu[@]}" -serial file:"$log" -monitor none </dev/null
rc=$?
set -e
note "QEMU exited with $rc after $(($(date +%s) - t0))s"
[ $rc -ne 124 ] || echo "### QEMU TIMEOUT after ${tmo}s" >>"$log"
exit 0
