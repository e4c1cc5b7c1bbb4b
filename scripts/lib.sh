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

pin_field() { awk -v f="$1" '!/^#/ && NF == 3 { print $f }' "$TOP/base/linux-source-6.1.pin"; }
