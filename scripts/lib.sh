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

# before_worktree DIR REV: a detached git worktree of commit REV at DIR, made
# once and moved to REV when it is elsewhere.
before_worktree() {
	local rev
	rev=$(git -C "$TREE" rev-parse --verify -q "$2^{commit}") ||
		die "BEFORE=$2 is no commit of $TREE"
	if [ ! -d "$1" ]; then
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$1" "$rev"
	elif [ "$(git -C "$1" rev-parse HEAD)" != "$rev" ]; then
		git -C "$1" checkout -q --detach "$rev"
	fi
}

# ab_kernels: builds the x86-64 kernels that scripts/bench.sh and
# scripts/profile.sh compare, the series (build/out/x86_64$SFX), the base
# (build/out/x86_64-base$SFX) and, when BEFORE names a commit of build/linux
# (the series before the range walker), that commit from the worktree
# build/before (build/out/x86_64-before$SFX; KERNELS then ends with D), and
# sets up their guests.  Sets KERNELS (A: base, B: series, D: before) and
# kdir_of.  BENCH_KIND=debug (default): the test kernels, SFX empty; prod: +
# configs/x86_64-prod.config, SFX=-prod.  NOBUILD=1 boots the kernels last
# built in these directories.  Guests: QEMU_SMP 2 (one vCPU per node), 4 GiB
# per node (no 1 GiB pages needed), and no NUMA balancing: its
# PROT_NONE-marking scans would make the base answer -EFAULT for the pages it
# marked, and vary from round to round.
ab_kernels() {
	local frags=("$TOP/configs/x86_64-guest.config") k
	case ${BENCH_KIND:-debug} in
	debug) SFX= ;;
	prod) SFX=-prod frags+=("$TOP/configs/x86_64-prod.config") ;;
	*) die "BENCH_KIND must be debug or prod" ;;
	esac
	KERNELS="A B${BEFORE:+ D}"
	export QEMU_SMP=${QEMU_SMP:-2}
	export QEMU_MEM_NODE=${QEMU_MEM_NODE:-4G}
	export QEMU_APPEND="numa_balancing=disable ${QEMU_APPEND:-}"
	if [ -n "${NOBUILD:-}" ]; then
		for k in $KERNELS; do
			[ -f "$(kdir_of "$k")/arch/x86/boot/bzImage" ] ||
				die "NOBUILD: no kernel in $(kdir_of "$k")"
			note "NOBUILD: kernel $k is $(kdir_of "$k") as built $(date -r "$(kdir_of "$k")/arch/x86/boot/bzImage" '+%F %T')"
		done
		return 0
	fi
	"$TOP/scripts/build.sh" "$TREE" "$BUILD/out/x86_64$SFX" x86_64 bzImage "${frags[@]}"
	base_worktree "$BUILD/base"
	"$TOP/scripts/build.sh" "$BUILD/base" "$BUILD/out/x86_64-base$SFX" x86_64 bzImage "${frags[@]}"
	if [ -n "${BEFORE:-}" ]; then
		before_worktree "$BUILD/before" "$BEFORE"
		"$TOP/scripts/build.sh" "$BUILD/before" "$BUILD/out/x86_64-before$SFX" x86_64 bzImage "${frags[@]}"
	fi
}

# kdir_of K: the build directory of kernel K of ab_kernels (C: the base
# again, the A/A control of scripts/bench.sh).
kdir_of() {
	case $1 in
	A | C) echo "$BUILD/out/x86_64-base$SFX" ;;
	B) echo "$BUILD/out/x86_64$SFX" ;;
	D) echo "$BUILD/out/x86_64-before$SFX" ;;
	*) die "kdir_of: unknown kernel $1" ;;
	esac
}

pin_field() { awk -v f="$1" '!/^#/ && NF == 3 { print $f }' "$TOP/base/linux-source-6.1.pin"; }
