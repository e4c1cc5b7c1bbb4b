#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/cross.sh [TARGET...|all]
# The compile matrix of the series, with W=1, each target in
# build/out/TARGET-cross (configs/ holds the fragments; build.sh checks that
# their options survived olddefconfig):
#   TARGET         merged onto                 + fragments                   builds
#   x86_64         tinyconfig + x86_64-guest.config                         touched objects
#   x86_64-nothp   tinyconfig + x86_64-guest.config + x86_64-nothp.config   mm/
#   x86_64-nohuge  tinyconfig + x86_64-guest.config + x86_64-nohuge.config  mm/
#   i386           ARCH=i386 defconfig         + i386-cross.config          touched objects
#   i386-pae       ARCH=i386 defconfig         + i386-pae-cross.config      touched objects
#   arm64          defconfig                   + arm64-cross.config         touched objects
#   arm64-64k      defconfig + arm64-cross.config + arm64-64k-cross.config  touched objects
#   s390x          defconfig                   + s390x-cross.config         touched objects
#   ppc64le        ppc64le_defconfig           + ppc64le-cross.config       touched objects
#   riscv64        defconfig                   + riscv64-cross.config       touched objects
#   arm-lpae       multi_v7_defconfig          + arm-lpae-cross.config      touched objects
#   riscv64-nommu-vmlinux  nommu_virt_defconfig + riscv64-nommu-cross.config vmlinux
#   riscv64-nommu  the same configuration                                   touched objects
# Touched objects: the C files that `git diff base..HEAD` changes (outside
# tools/; under arch/ only those of the target's arch) and that the
# configuration builds (scripts/kbuild-objs.sh); the others are listed as
# "not in config".  W=1 warnings count in every file the series changes.
# Default (`make cross`, run by CI): every target but riscv64-nommu, whose
# objects the linked riscv64-nommu-vmlinux (DEBUG_FS + GUP_TEST without an
# MMU) builds anyway; "all" (`make cross-all`): every target.
# Prints a table (target | config | objects built | result | time), also
# written to build/cross/table.txt; fails if a build fails or W=1 reports a
# warning in a file the series touches.  Environment: JOBS (build.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ci=(x86_64 x86_64-nothp x86_64-nohuge i386 i386-pae arm64 arm64-64k s390x ppc64le riscv64
    arm-lpae riscv64-nommu-vmlinux)
all=("${ci[@]}" riscv64-nommu)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ci[@]}")
[ "${targets[*]}" = all ] && targets=("${all[@]}")

# Sets karch, srcarch, cross, base, frags (config/ names) and what
# (objects, a directory, or vmlinux) for target $1.
target() {
	cross='' base=defconfig what=objects
	case $1 in
	x86_64 | x86_64-nothp | x86_64-nohuge)
		karch=x86_64 srcarch=x86 base=tinyconfig frags=(x86_64-guest.config)
		[ "$1" = x86_64 ] || { frags+=("$1.config"); what=mm/; } ;;
	i386 | i386-pae) karch=i386 srcarch=x86 frags=("$1-cross.config") ;;
	arm64) karch=arm64 srcarch=arm64 cross=aarch64-linux-gnu- frags=(arm64-cross.config) ;;
	arm64-64k) karch=arm64 srcarch=arm64 cross=aarch64-linux-gnu-
		frags=(arm64-cross.config arm64-64k-cross.config) ;;
	s390x) karch=s390 srcarch=s390 cross=s390x-linux-gnu- frags=(s390x-cross.config) ;;
	ppc64le) karch=powerpc srcarch=powerpc cross=powerpc64le-linux-gnu- base=ppc64le_defconfig
		frags=(ppc64le-cross.config) ;;
	riscv64) karch=riscv srcarch=riscv cross=riscv64-linux-gnu- frags=(riscv64-cross.config) ;;
	arm-lpae) karch=arm srcarch=arm cross=arm-linux-gnueabihf- base=multi_v7_defconfig
		frags=(arm-lpae-cross.config) ;;
	riscv64-nommu | riscv64-nommu-vmlinux) karch=riscv srcarch=riscv cross=riscv64-linux-gnu-
		base=nommu_virt_defconfig frags=(riscv64-nommu-cross.config)
		[ "$1" = riscv64-nommu ] || what=vmlinux ;;
	*) die "unknown target $1 (targets: ${all[*]})" ;;
	esac
}

# "mm/a.o mm/b.o arch/s390/kernel/uv.o" -> "mm/{a,b}.o arch/s390/kernel/uv.o"
group() {
	tr ' ' '\n' | grep . | awk '
		{ d = $0; sub(/[^\/]*\.o$/, "", d); f = substr($0, length(d) + 1); sub(/\.o$/, "", f)
		  if (!(d in l)) { o[n++] = d; l[d] = f } else { l[d] = l[d] "," f; m[d] = 1 } }
		END { for (i = 0; i < n; i++) { d = o[i]
			printf "%s%s%s.o", (i ? " " : ""), d, (m[d] ? "{" l[d] "}" : l[d]) } }'
}

for t in "${targets[@]}"; do target "$t"; done	# unknown names fail before any build
mapfile -t touched < <(git -C "$TREE" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/' || true)
[ ${#touched[@]} -gt 0 ] || { note "the series touches no kernel C file or header: nothing to build"; exit 0; }
table=()
fail=0
mkdir -p "$BUILD/cross"
for t in "${targets[@]}"; do
	target "$t"
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
	if ! BASECONFIG=$base CROSS_COMPILE=$cross "$TOP/scripts/build.sh" "$TREE" "$out" "$karch" \
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
	if BASECONFIG=$base CROSS_COMPILE=$cross "$TOP/scripts/build.sh" "$TREE" "$out" "$karch" \
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
exit $fail
