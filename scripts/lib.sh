# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the harness scripts: sourced, never run.
# Paths (overridable from the environment, nothing else is global):
#   TOP     the repository          BUILD   build/ (kernel trees, outputs, logs)
#   TREE    build/linux (git work tree: base + series)
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}
LOGS=${LOGS:-$BUILD/logs}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/folio-walk-ccache}
# Debian's tools first (e.g. a pyenv python3 lacks python3-ply for spdxcheck)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
mkdir -p "$LOGS"

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

# step NAME LOG CMD...: run a long step with its output in LOG; announce it,
# print its duration, and show the tail of LOG if it fails.
step() {
	local name=$1 log=$2 t0 rc
	shift 2
	t0=$(date +%s)
	note "$name (log: ${log#"$TOP"/})"
	set +e
	"$@" >"$log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		tail -n 40 "$log" >&2
		die "$name failed after $(($(date +%s) - t0))s (rc $rc), see $log"
	fi
	note "$name done in $(($(date +%s) - t0))s"
}

# base_worktree DIR: a detached git worktree of tag `base` at DIR, made once.
base_worktree() {
	[ ! -d "$1" ] || return 0
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$1" base
}

# ab_kernels: builds the two x86-64 kernels that scripts/bench.sh and
# scripts/profile.sh compare, the series (build/out/x86_64$SFX) and the base
# (build/out/x86_64-base$SFX), and sets up their guests.  BENCH_KIND=debug
# (default): the test kernels, SFX empty; prod: + configs/x86_64-prod.config,
# SFX=-prod.  Guests: QEMU_SMP 2 (one vCPU per node), 4 GiB per node (no
# 1 GiB pages needed), and no NUMA balancing: its PROT_NONE-marking scans
# would make the base answer -EFAULT for the pages it marked, and vary from
# round to round.
ab_kernels() {
	local frags=("$TOP/configs/x86_64-guest.config")
	case ${BENCH_KIND:-debug} in
	debug) SFX= ;;
	prod) SFX=-prod frags+=("$TOP/configs/x86_64-prod.config") ;;
	*) die "BENCH_KIND must be debug or prod" ;;
	esac
	export QEMU_SMP=${QEMU_SMP:-2}
	export QEMU_MEM_NODE=${QEMU_MEM_NODE:-4G}
	export QEMU_APPEND="numa_balancing=disable ${QEMU_APPEND:-}"
	"$TOP/scripts/build.sh" "$TREE" "$BUILD/out/x86_64$SFX" x86_64 bzImage "${frags[@]}"
	base_worktree "$BUILD/base"
	"$TOP/scripts/build.sh" "$BUILD/base" "$BUILD/out/x86_64-base$SFX" x86_64 bzImage "${frags[@]}"
}

pin_field() { awk -v f="$1" '!/^#/ && NF == 3 { print $f }' "$TOP/base/linux-source-6.1.pin"; }
