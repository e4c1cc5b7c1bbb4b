#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/mktree.sh
# Lays out build/linux: the pinned base as one commit tagged `base`, then the
# series from patches/series applied with `git am` (one commit per patch).
#
# Debian's tarball ends its top-level .gitignore with a packaging rule that
# ignores everything at the top level ("/*" then "!/debian/"): the base commit
# drops exactly those lines, otherwise `git add` adds nothing and new files
# stay invisible to `git status`.  Nothing else differs from the tarball.
# The same file ignores all dot-files: a new .gitignore or other dot-file
# added by a patch needs `git add -f`.
#
# If build/linux exists it is reused: it must be clean and hold no commit that
# patches/ lacks (compared by exporting it).  If it already holds the whole
# series nothing is touched (file times stay, builds stay incremental);
# otherwise it is reset to `base` and the series re-applied.  A tree with
# unexported commits is never reset: export or remove it first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ident=(-c user.name="folio-walk developers" -c user.email="dev@folio-walk.invalid")

if [ -d "$TREE/.git" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	"$TOP/scripts/export.sh" "$tmp" 2>/dev/null ||
		die "$TREE has uncommitted changes; commit and 'make export', or remove $TREE"
	for f in "$tmp"/*.patch; do
		[ -e "$f" ] || continue
		case $f in */0000-cover-letter.patch) continue ;; esac
		cmp -s "$f" "$TOP/patches/$(basename "$f")" ||
			die "$TREE holds commits not exported to patches/ ($(basename "$f")): run 'make export' (or remove $TREE to discard them)"
	done
	if cmp -s "$tmp/series" "$TOP/patches/series"; then
		note "$TREE is up to date with patches/"
		exit 0
	fi
	note "patches/ has patches that $TREE lacks: resetting to base and applying the series"
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" checkout -q -B series base
else
	fetched=$("$TOP/scripts/fetch-base.sh")
	ver=${fetched%% *}
	tarball=${fetched#* }
	rm -rf "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	step "extracting $(basename "$tarball")" "$LOGS/extract.log" \
		tar -C "$TREE.tmp" --strip-components=1 -xf "$tarball"
	cd "$TREE.tmp"
	# drop Debian's packaging rule (see above): the comment and the two patterns
	python3 - <<-'PY'
	lines = open(".gitignore").read().split("\n")
	i = next(i for i, l in enumerate(lines) if l.startswith("# Debian packaging"))
	out = lines[:i]
	while out and out[-1] == "":
	    out.pop()
	open(".gitignore", "w").write("\n".join(out) + "\n")
	PY
	git init -q -b series
	# -f: Debian's .gitignore also ignores every dot-file (no "!.gitignore"
	# exceptions), so without it the 300 .gitignore files, .mailmap,
	# .clang-format ... of the tarball would be missing from the base.
	step "committing the base" "$LOGS/base-commit.log" sh -c "git add -A -f && \
		GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git -c user.name='folio-walk developers' -c user.email='dev@folio-walk.invalid' \
		commit -q -m 'Debian linux-source-6.1 $ver'"
	git tag base
	git config user.name "folio-walk developers"
	git config user.email "dev@folio-walk.invalid"
	cd "$TOP"
	mv "$TREE.tmp" "$TREE"
fi

am=(am -q --keep-cr)
# the base commit names the version it was made from (see above)
if [ "$(git -C "$TREE" log -1 --format=%s base)" != "Debian linux-source-6.1 $(pin_field 2)" ]; then
	am+=(-3)
fi
n=0
while read -r p; do
	case $p in ''|'#'*) continue ;; esac
	git -C "$TREE" "${ident[@]}" "${am[@]}" "$TOP/patches/$p" ||
		die "patch $p does not apply on base: see 'git -C $TREE am --show-current-patch'"
	n=$((n + 1))
done <"$TOP/patches/series"
note "$TREE: base + $n patches"
