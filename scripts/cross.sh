#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/cross.sh [TARGET...|all]
# The compile matrix of the series, with W=1: the targets of
# configs/cross-matrix.txt (arch, cross compiler, base config, fragments,
# what it builds), each in build/out/TARGET-cross; build.sh checks that the
# fragments' options survived olddefconfig.
# Touched objects: the C files that `git diff base..HEAD` changes (outside
# tools/; under arch/ only those of the target's arch) and that the
# configuration builds (scripts/kbuild-objs.sh); the others are listed as
# "not in config".  W=1 warnings count in every file the series changes.
# Default (`make cross`, run by CI): the targets marked ci=yes; "all"
# (`make cross-all`): every target.
# Prints a table (target | config | objects built | result | time), also
# written to build/cross/table.txt, and "N passed, N failed, N skipped" (one
# per target); fails if a build fails or W=1 reports a warning in a file the
# series touches.  Environment: JOBS (build.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mapfile -t ci < <(cross_targets ci)
mapfile -t all < <(cross_targets all)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ci[@]}")
[ "${targets[*]}" = all ] && targets=("${all[@]}")

# "mm/a.o mm/b.o arch/s390/kernel/uv.o" -> "mm/{a,b}.o arch/s390/kernel/uv.o"
group() {
	tr ' ' '\n' | grep . | awk '
		{ d = $0; sub(/[^\/]*\.o$/, "", d); f = substr($0, length(d) + 1); sub(/\.o$/, "", f)
		  if (!(d in l)) { o[n++] = d; l[d] = f } else { l[d] = l[d] "," f; m[d] = 1 } }
		END { for (i = 0; i < n; i++) { d = o[i]
			printf "%s%s%s.o", (i ? " " : ""), d, (m[d] ? "{" l[d] "}" : l[d]) } }'
}

for t in "${targets[@]}"; do cross_target "$t"; done	# unknown names fail before any build
mapfile -t touched < <(git -C "$TREE" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/' || true)
[ ${#touched[@]} -gt 0 ] || { note "the series touches no kernel C file or header: nothing to build"; exit 0; }
table=()
fail=0
mkdir -p "$BUILD/cross"
for t in "${targets[@]}"; do
	cross_target "$t"
	paths=()
	for f in "${frags[@]}"; do paths+=("$TOP/configs/$f"); done
	config="$base$(printf ' + %s' "${frags[@]}")"
	out="$BUILD/out/$t-cross"
	log="$LOGS/$t-cross-build.log"
	t0=$(date +%s)
	if [ -n "$cross" ] && ! command -v "${cross}gcc" >/dev/null; then
		"$TOP/scripts/deps.sh" cross
	fi
	# configure (and prepare): the object list depends on the configuration
	if ! "$TOP/scripts/build.sh" -b "$base" -c "$cross" "$TREE" "$out" "$karch" \
		"W=1 prepare" "${paths[@]}"; then
		table+=("$t | $config | - | CONFIGURE/PREPARE FAILED | $(($(date +%s) - t0))s")
		fail=1
		continue
	fi
	cp "$log" "$LOGS/$t-cross-prepare.log"	# the next step overwrites $log
	mapfile -t cfiles < <(printf '%s\n' "${touched[@]}" | grep '\.c$' |
			      awk -v a="arch/$srcarch/" '!/^arch\// || index($0, a) == 1')
	yes='' no=''
	if [ ${#cfiles[@]} -gt 0 ]; then
		while read -r in obj; do
			if [ "$in" = y ]; then yes+=" $obj"; else no+=" $obj"; fi
		done < <("$TOP/scripts/kbuild-objs.sh" "$TREE" "$out" "${cfiles[@]}")
	fi
	case $what in
	objects) make_target=${yes# } built="$(echo "$yes" | group)" ;;
	mm/) make_target=mm/ built="mm/ (touched: $(echo "$yes" | group))" ;;
	vmlinux) make_target=vmlinux built="vmlinux (touched: $(echo "$yes" | group))" ;;
	esac
	[ -z "$no" ] || built+="; not in config: $(echo "$no" | group)"
	if [ -z "${make_target// /}" ]; then
		table+=("$t | $config | none | NOTHING TO BUILD | $(($(date +%s) - t0))s")
		fail=1
		continue
	fi
	# rebuild the touched objects (ccache replays their warnings): an
	# up-to-date object would print nothing and pass unseen
	for o in $yes; do rm -f "$out/$o"; done
	if "$TOP/scripts/build.sh" -b "$base" -c "$cross" "$TREE" "$out" "$karch" \
		"W=1 $make_target" "${paths[@]}"; then
		# gcc: FILE:LINE:COL: warning; kernel-doc (W=1): FILE:LINE: warning
		w=$(cat "$LOGS/$t-cross-prepare.log" "$log" | grep -E '^[^ ]+\.[ch]:[0-9]+(:[0-9]+)?: warning' |
		    grep -F -f <(printf '%s\n' "${touched[@]}") || true)
		if [ -n "$w" ]; then
			echo "$w" >&2
			result="W=1 WARNINGS ($(echo "$w" | sort -u | wc -l) in touched files)"
			fail=1
		else
			result="ok, W=1 clean in touched files"
		fi
	else
		result="BUILD FAILED (see ${log#"$TOP"/})"
		fail=1
	fi
	table+=("$t | $config | $built | $result | $(($(date +%s) - t0))s")
done
{
	echo "# make cross: $(git -C "$TREE" describe --always --tags HEAD) ($(git -C "$TREE" rev-parse --short HEAD)), $(date -u '+%F %H:%M UTC')"
	echo "target | config | objects built | result | time"
	printf '%s\n' "${table[@]}"
} | tee "$BUILD/cross/table.txt"
nfail=$(printf '%s\n' "${table[@]}" | grep -cv '| ok, W=1 clean' || true)
echo "$((${#table[@]} - nfail)) passed, $nfail failed, 0 skipped"
exit $fail
