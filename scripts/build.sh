#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/build.sh [-b BASECONFIG] [-c CROSS_COMPILE] SRC OUT ARCH TARGET [FRAGMENT...]
# Configures SRC into OUT (O=) from `make BASECONFIG` (default tinyconfig) plus the config
# fragments (merged with the tree's scripts/kconfig/merge_config.sh), checks
# that every option of the fragments survived olddefconfig, then builds TARGET
# (e.g. bzImage, Image, or a list of objects "mm/gup.o mm/pagewalk.o").
# ARCH is the kernel's (x86_64, arm64, s390...); -c: the cross compiler
# prefix.  Environment: JOBS (default: nproc).
# ccache is used when installed; its cache lives outside the repository.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() { sed -n '3,10p' "$0"; exit 2; }
baseconfig=tinyconfig cross=
while getopts b:c: o; do
	case $o in
	b) baseconfig=$OPTARG ;;
	c) cross=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 4 ] || usage
src=$1 out=$2 arch=$3 target=$4
shift 4
frags=()
for f in "$@"; do frags+=("$(realpath "$f")"); done
jobs=${JOBS:-$(nproc)}
cc="${cross}gcc"
command -v ccache >/dev/null && cc="ccache $cc"
mk=(make -C "$src" O="$out" ARCH="$arch" CC="$cc" -j"$jobs")
[ -z "$cross" ] || mk+=(CROSS_COMPILE="$cross")
mkdir -p "$out"
name=$(basename "$out")

# Reconfigure only when the fragments changed (keeps incremental builds).
stamp="$out/.fragments"
want=$( (echo "$baseconfig"; cat "${frags[@]}" /dev/null) | sha256sum)
if [ ! -f "$out/.config" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	step "$name: configure" "$LOGS/$name-config.log" sh -c '
		"$@" '"$baseconfig"' &&
		cd "'"$out"'" && "'"$src"'/scripts/kconfig/merge_config.sh" -m -O . .config '"${frags[*]}"' &&
		cd - >/dev/null && "$@" olddefconfig' sh "${mk[@]}"
	# every option of the fragments (the last fragment wins) must survive
	missing=0
	while read -r opt val; do
		got=$(grep -E "^$opt=|^# $opt is not set" "$out/.config" | head -1 || true)
		case $val in
		n) case $got in "$opt="*) echo "not off: $opt" >&2; missing=1 ;; esac ;;
		*) [ "$got" = "$opt=$val" ] || { echo "not set: $opt=$val" >&2; missing=1; } ;;
		esac
	done < <(cat "${frags[@]}" /dev/null | sed -nE 's/^(CONFIG_[A-Za-z0-9_]+)=(.*)$/\1 \2/p; s/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1 n/p' |
		 awk '{ v[$1] = $2; if (!($1 in o)) { o[$1] = n++ } } END { for (k in v) print k, v[k] }')
	[ $missing -eq 0 ] || die "$name: fragment options lost in olddefconfig (dependencies?)"
	echo "$want" >"$stamp"
fi
# shellcheck disable=SC2086 # TARGET may name several objects
step "$name: make $target" "$LOGS/$name-build.log" "${mk[@]}" $target
