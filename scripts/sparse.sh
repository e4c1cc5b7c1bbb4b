#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/sparse.sh
# Runs sparse on the C files the series touches (git diff base..HEAD, outside
# tools/ and other arches) that the x86-64 guest configuration builds, in the
# unpatched base (the worktree build/base at tag `base`, as `make baseline`
# uses) and in the series (build/linux), each in build/out/x86_64-sparse-*.
# `make C=2` rather than C=1: kbuild then runs sparse on every named object,
# also when it is up to date.  Compares the warnings with file, line and
# column stripped: the series may add only those that tests/sparse-allow.txt
# lists (with their reason).  Prints per-file counts, also written to
# build/sparse/report.txt; fails on any other new warning.  Ends with
# "N passed, N failed, N skipped" (one check: no new warning but the allowed).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

allow="$TOP/tests/sparse-allow.txt"
frag="$TOP/configs/x86_64-guest.config"
command -v sparse >/dev/null || "$TOP/scripts/deps.sh"
base_src="$BUILD/base"
base_worktree "$base_src"
if [ "$(git -C "$base_src" rev-parse HEAD)" != "$(git -C "$TREE" rev-parse base)" ] ||
   ! git -C "$base_src" diff --quiet HEAD; then
	die "$base_src is not a clean checkout of tag base (make baseline uses it too; reset it by hand)"
fi

mapfile -t touched < <(git -C "$TREE" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/' || true)
mapfile -t cfiles < <(printf '%s\n' "${touched[@]}" | grep '\.c$' | awk '!/^arch\// || /^arch\/x86\//')
[ ${#cfiles[@]} -gt 0 ] || { note "the series touches no C file: nothing to check"; exit 0; }
mkdir -p "$BUILD/sparse"

# check KIND SRC: sparse warnings "file: warning: message", one per line,
# in $BUILD/sparse/KIND.txt
check() {
	local kind=$1 src=$2 out="$BUILD/out/x86_64-sparse-$1" objs=() files=() f
	"$TOP/scripts/build.sh" "$src" "$out" x86_64 prepare "$frag"
	for f in "${cfiles[@]}"; do [ -f "$src/$f" ] && files+=("$f"); done
	[ ${#files[@]} -gt 0 ] || die "$kind: none of ${cfiles[*]} exists in $src"
	mapfile -t objs < <("$TOP/scripts/kbuild-objs.sh" "$src" "$out" "${files[@]}" |
			    awk '$1 == "y" { print $2 }')
	[ ${#objs[@]} -gt 0 ] || die "$kind: none of ${cfiles[*]} is built by the guest configuration"
	"$TOP/scripts/build.sh" "$src" "$out" x86_64 "C=2 ${objs[*]}" "$frag"
	# sparse's lines have no gcc "[-Wname]" suffix; paths are absolute
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$LOGS/x86_64-sparse-$kind-build.log" |
		grep -vE '\[-W[^]]+\]$' | sed -E "s|^$src/||; s|^([^ ]+):[0-9]+:[0-9]+: |\1: |" |
		sort >"$BUILD/sparse/$kind.txt" || true
	echo "${objs[*]}" >"$BUILD/sparse/$kind.objs"
}
check base "$base_src"
check series "$TREE"

export LC_ALL=C
# new = series count - base count, per distinct "file: message"
new=$(join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 \
	<(uniq -c "$BUILD/sparse/base.txt" | sed -E 's/^ *([0-9]+) (.*)$/\2\t\1/' | sort -t $'\t' -k1,1) \
	<(uniq -c "$BUILD/sparse/series.txt" | sed -E 's/^ *([0-9]+) (.*)$/\2\t\1/' | sort -t $'\t' -k1,1) |
	awk -F '\t' '$3 > $2 { print $1 "\t" $3 - $2 }')
allowed=0 bad=0 badlines=
while IFS=$'\t' read -r msg n; do
	[ -n "$msg" ] || continue
	if grep -v '^#' "$allow" 2>/dev/null | sed 's/ -- .*//' | grep -qxF "$msg"; then
		allowed=$((allowed + n))
	else
		bad=$((bad + n)) badlines+="$msg (x$n)"$'\n'
	fi
done <<<"$new"
{
	echo "# sparse (make C=2), x86-64 guest config: base $(git -C "$TREE" rev-parse --short base), series $(git -C "$TREE" rev-parse --short HEAD)"
	echo "objects: $(cat "$BUILD/sparse/series.objs")"
	echo "file | base | series"
	cut -d: -f1 "$BUILD/sparse/base.txt" "$BUILD/sparse/series.txt" | sort -u | while read -r f; do
		echo "$f | $(grep -c "^$f: " "$BUILD/sparse/base.txt" || true) | $(grep -c "^$f: " "$BUILD/sparse/series.txt" || true)"
	done
	echo "total | $(wc -l <"$BUILD/sparse/base.txt") | $(wc -l <"$BUILD/sparse/series.txt")"
	echo "new in the series: $((allowed + bad)) ($allowed allowed by tests/sparse-allow.txt, $bad not)"
	[ -z "$badlines" ] || printf 'not allowed: %s' "$badlines"
} | tee "$BUILD/sparse/report.txt"
if [ $bad -eq 0 ]; then echo "1 passed, 0 failed, 0 skipped"; else echo "0 passed, 1 failed, 0 skipped"; fi
[ $bad -eq 0 ] || die "the series adds $bad sparse warning(s), see build/sparse/report.txt"
