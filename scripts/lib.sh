# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
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
# sets up their guests.  Sets KERNELS (A: base, B: series, D: before), SFX,
# the x86_64 facts of load_arch, and BENCH_QEMU: the options of
# scripts/qemu-run.sh for these guests.  BENCH_KIND=debug (default): the test
# kernels, SFX empty; prod: + configs/x86_64-prod.config, SFX=-prod.
# NOBUILD=1 boots the kernels last built in these directories.  Guests:
# QEMU_SMP (default 2: one vCPU per node), 4 GiB per node (no 1 GiB pages
# needed), no NUMA balancing: its PROT_NONE-marking scans would make the
# base answer -EFAULT for the pages it marked, and vary from round to round;
# and no KUnit suites (below).
ab_kernels() {
	local frags=("$TOP/configs/x86_64-guest.config") k
	load_arch x86_64
	case ${BENCH_KIND:-debug} in
	debug) SFX= ;;
	prod) SFX=-prod frags+=("$TOP/configs/x86_64-prod.config") ;;
	*) die "BENCH_KIND must be debug or prod" ;;
	esac
	KERNELS="A B${BEFORE:+ D}"
	# shellcheck disable=SC2034 # BENCH_QEMU: for bench.sh and profile.sh
	# No KUnit suite at boot (kunit.filter_glob matches none): 6.1's DAMON
	# KUnit test trips DEBUG_SPINLOCK, whose report turns lockdep off
	# (debug_locks_off()) in the base but not in the series, which fixes
	# that test (patch 44); the debug kernels would not be compared alike.
	BENCH_QEMU=(-s "${QEMU_SMP:-2}" -m 4G -a "numa_balancing=disable kunit.filter_glob=none")
	if [ -n "${NOBUILD:-}" ]; then
		for k in $KERNELS; do
			[ -f "$(kdir_of "$k")/$IMAGE" ] ||
				die "NOBUILD: no kernel in $(kdir_of "$k")"
			note "NOBUILD: kernel $k is $(kdir_of "$k") as built $(date -r "$(kdir_of "$k")/$IMAGE" '+%F %T')"
		done
		return 0
	fi
	"$TOP/scripts/build.sh" "$TREE" "$(kdir_of B)" "$KARCH" "$IMAGE_TARGET" "${frags[@]}"
	base_worktree "$BUILD/base"
	"$TOP/scripts/build.sh" "$BUILD/base" "$(kdir_of A)" "$KARCH" "$IMAGE_TARGET" "${frags[@]}"
	if [ -n "${BEFORE:-}" ]; then
		before_worktree "$BUILD/before" "$BEFORE"
		"$TOP/scripts/build.sh" "$BUILD/before" "$(kdir_of D)" "$KARCH" "$IMAGE_TARGET" "${frags[@]}"
	fi
}

# kdir_of K: the build directory of kernel K of ab_kernels (C: the base
# again, the A/A control of scripts/bench.sh).
kdir_of() {
	case $1 in
	A | C) echo "$BUILD/out/$OUT-base$SFX" ;;
	B) echo "$BUILD/out/$OUT$SFX" ;;
	D) echo "$BUILD/out/$OUT-before$SFX" ;;
	*) die "kdir_of: unknown kernel $1" ;;
	esac
}

# load_arch ARCH: the facts of arch/ARCH.conf (KARCH, IMAGE, OUT, QEMU...)
# as shell variables, and CROSS: the cross compiler prefix on this host
# (CROSS_COMPILE overrides it).
load_arch() {
	[ -f "$TOP/arch/$1.conf" ] || die "unknown ARCH $1 (arch/: $(arches))"
	# shellcheck source=arch/x86_64.conf
	. "$TOP/arch/$1.conf"
	# shellcheck disable=SC2034 # CROSS: for the caller
	if [ "$(uname -m)" = "$HOST_MACHINE" ]; then CROSS=; else CROSS=${CROSS_COMPILE-$CROSS_PREFIX}; fi
}

# arches: the guest architectures, one arch/ARCH.conf each.
arches() { (cd "$TOP/arch" && for f in *.conf; do echo "${f%.conf}"; done); }

# list_tests LIST: the test lines of a test list, "name timeout command...",
# without comments and blank lines.  The one parser of lists in shell
# (scripts/verdict.py's read_list is the one in Python).
list_tests() { awk '!/^#/ && NF >= 3' "$1"; }

# list_progs LIST: the programs that the lines of LIST run, once each.
list_progs() { list_tests "$1" | awk '{ sub("^\\./", "", $3); print $3 }' | sort -u; }

# tests/VARIANT.variant: a run of a guest list with other settings (make
# test-kasan, make test-vmtests; scripts/run-tests.sh's VARIANT).  Directives,
# one per line, read with variant_get:
#   fragment F        configs/F is merged into the guest kernel (ARCH: the
#                     guest's arch), built in build/out/OUT-VARIANT; without
#                     it the variant boots the kernel of make run (build/out/OUT)
#   append ARGS       more kernel command line
#   scale N           every timeout of the list times N
#   qemu-timeout S    bound of the whole QEMU run (default: the timeouts + 300 s)
#   mem-node NG       RAM per NUMA node instead of arch/ARCH.conf's MEM_NODE
#   test NAME TIMEOUT COMMAND   replaces NAME's line of the list (not scaled)
#   only NAME TIMEOUT COMMAND   a line of the variant's own list: with `only`
#                     lines, they are the list instead of tests/ARCH.list
#                     (scaled; no differential, scripts/run-tests.sh)
# variant_get VARIANT KEY: the value of directive KEY of tests/VARIANT.variant
# (empty without a variant).
variant_get() {
	[ -n "$1" ] || return 0
	awk -v k="$2" '$1 == k { sub("^[^ \t]+[ \t]+", ""); print }' "$TOP/tests/$1.variant"
}

# guest_list LIST [VARIANT [TESTS]]: the lines the guest runs: the test lines
# of LIST (of VARIANT's `only` lines when it has some) with VARIANT's timeout
# scale and test lines applied, only those of the names in TESTS when set.
guest_list() {
	local scale=1 vfile=/dev/null
	[ -z "${2:-}" ] || { scale=$(variant_get "$2" scale) vfile=$TOP/tests/$2.variant; }
	awk -v scale="${scale:-1}" -v want=" ${3:-} " -v vfile="$vfile" '
		function emit() {
			if (/^#/ || NF < 3) return
			if (want != "  " && !index(want, " " $1 " ")) return
			if ($1 in ov) { print ov[$1]; return }
			$2 = $2 * scale; print
		}
		FILENAME == vfile {
			if ($1 == "test") { n = $2; sub("^test[ \t]+", ""); ov[n] = $0 }
			else if ($1 == "only") { sub("^only[ \t]+", ""); only[++nonly] = $0 }
			next
		}
		!nonly { emit() }
		END { for (i = 1; i <= nonly; i++) { $0 = only[i]; emit() } }' "$vfile" "$1"
}

# cross_targets all|ci: the targets of configs/cross-matrix.txt (ci: those
# of `make cross`, the CI's).
cross_targets() {
	awk -v ci="$1" '!/^#/ && NF == 8 && (ci == "all" || $8 == "yes") { print $1 }' \
		"$TOP/configs/cross-matrix.txt"
}

# cross_target TARGET: sets karch, srcarch, cross, base, frags (configs/
# names) and what (objects, mm/ or vmlinux) from TARGET's line of
# configs/cross-matrix.txt.
cross_target() {
	local line f
	line=$(awk -v t="$1" '!/^#/ && NF == 8 && $1 == t' "$TOP/configs/cross-matrix.txt")
	[ -n "$line" ] || die "unknown target $1 (targets: $(cross_targets all | tr '\n' ' '))"
	# shellcheck disable=SC2034 # karch, srcarch, base, what: for the caller
	read -r _ karch srcarch cross base f what _ <<<"$line"
	[ "$cross" != - ] || cross=
	IFS=, read -r -a frags <<<"$f"
}

pin_field() { awk -v f="$1" '!/^#/ && NF == 3 { print $f }' "$TOP/base/linux-source-6.1.pin"; }
