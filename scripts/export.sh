#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/export.sh [OUTDIR]
# Regenerates the series (default: patches/) from build/linux base..HEAD:
# one git format-patch file per commit, the quilt-style `series` file, and
# the cover letter.  The cover letter's subject and text are taken from the
# existing patches/0000-cover-letter.patch (edit them there); its shortlog and
# diffstat are regenerated.  Output has no volatile headers (zero commit ids,
# no tool signature, dates from the commits), so exporting an unchanged series
# is byte-identical.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:-$TOP/patches}
[ -d "$TREE/.git" ] || die "no $TREE: run 'make tree' first"
git -C "$TREE" rev-parse -q --verify base >/dev/null || die "$TREE has no 'base' tag"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: commit (or stash) them first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(git -C "$TREE" rev-list --count base..HEAD)
if [ "$n" -gt 0 ]; then
	git -C "$TREE" -c core.abbrev=12 format-patch -q --zero-commit --no-signature \
		--cover-letter --subject-prefix=PATCH -o "$tmp" base..HEAD
	cover="$tmp/0000-cover-letter.patch"
	old="$TOP/patches/0000-cover-letter.patch"
	subj="folio_walk for Linux 6.1"
	blurb="$tmp/blurb"
	echo "(cover letter text: edit patches/0000-cover-letter.patch)" >"$blurb"
	if [ -f "$old" ]; then
		subj=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$old" | head -1)
		# the text between the headers and the generated shortlog
		awk 'body && /^folio-walk developers \([0-9]+\):$/ { exit }
		     body { print }
		     !body && /^$/ { body = 1 }' "$old" | sed -e '${/^$/d}' >"$blurb"
	fi
	date=$(git -C "$TREE" log -1 --format=%aD HEAD)
	python3 - "$cover" "$subj" "$blurb" "$date" <<-'PY'
	import sys
	path, subj, blurb, date = sys.argv[1:]
	text = open(path).read()
	text = text.replace("*** SUBJECT HERE ***", subj)
	text = text.replace("*** BLURB HERE ***\n", open(blurb).read())
	lines = text.split("\n")
	lines = ["Date: " + date if l.startswith("Date: ") else l for l in lines]
	open(path, "w").write("\n".join(lines))
	PY
	# shellcheck disable=SC2010 # names are format-patch's NNNN-subject.patch: no odd characters
	(cd "$tmp" && ls [0-9]*.patch | grep -v '^0000-' >series)
fi
mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch "$out/series"
if [ "$n" -gt 0 ]; then
	cp "$tmp"/*.patch "$tmp/series" "$out/"
else
	: >"$out/series"
fi
note "exported $n patches to ${out#"$TOP"/}"
