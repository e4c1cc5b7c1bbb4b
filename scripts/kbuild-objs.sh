#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/kbuild-objs.sh SRC OUT FILE.c...
# Which of the C files (paths relative to the kernel tree SRC) the
# configuration in OUT/.config builds: prints "y DIR/FILE.o" (built in or as
# a module, also as part of a composite object) or "n DIR/FILE.o" (not in
# this configuration), one line per file.  It reads obj-y/obj-m of the
# file's own directory Makefile with the .config values, the way kbuild does;
# it does not check that kbuild descends into that directory.
# Needed because kbuild builds a single-object target (make mm/foo.o) even
# when the configuration does not, which fails or proves nothing.
set -euo pipefail

[ $# -ge 3 ] || { sed -n '3,11p' "$0"; exit 2; }
src=$(realpath "$1") out=$(realpath "$2")
shift 2
[ -f "$out/.config" ] || { echo "error: no $out/.config" >&2; exit 1; }
for f in "$@"; do
	dir=$(dirname "$f") o=$(basename "$f" .c).o
	objs=$(cd "$out" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -f - \
		OUT="$out" SRC="$src" DIR="$dir" <<'MK'
include $(OUT)/.config
srctree := $(SRC)
src := $(DIR)
obj := $(DIR)
include $(SRC)/$(DIR)/Makefile
objs := $(obj-y) $(obj-m)
print: ; @echo $(objs) $(foreach m,$(objs),$($(m:.o=-objs)) $($(m:.o=-y)) $($(m:.o=-m)))
MK
	)
	case " $objs " in
	*" $o "*) echo "y $dir/$o" ;;
	*) echo "n $dir/$o" ;;
	esac
done
