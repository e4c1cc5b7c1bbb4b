#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: scripts/selftest.sh [--verdict FILE] [--update]
# The harness's own tests (`make selftest`, first step of `make test`), in
# seconds, without a kernel:
#  1. the verdict's fixtures: each directory of tests/selftest/ but inputs/
#     holds a console log, optional inputs that replace those of
#     tests/selftest/inputs/, optional verdict arguments (args), and the
#     expected output: TAP, summary and exit status (expected), and the
#     '# case' lines written (expected-cases, when there is one); the
#     replay-* fixtures are real console logs with the inputs of their run,
#     expected as the verdict before verdict.py (scripts/results.sh and
#     differential.sh, since removed) judged them;
#  2. shellcheck (Debian's) on every shell script;
#  3. scripts/consistency.py: lists, variants, differences, baselines and allow
#     lists name existing tests, cases and patches;
#  4. scripts/fetch-base.sh with Debian's tools faked: it downloads the pinned
#     linux-source-6.1 and never installs it (the host may have another);
# --verdict FILE runs only the fixtures, on another verdict program (a
# planted fault: scripts/plant-faults.py);
# --update rewrites the expected files from the verdict's output (review the
# diff).  Prints "N passed, N failed, N skipped" (one per check).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verdict=$TOP/scripts/verdict.py update='' only_fixtures=''
while [ $# -gt 0 ]; do
	case $1 in
	--verdict) verdict=$(realpath "$2") only_fixtures=1; shift 2 ;;
	--update) update=1; shift ;;
	*) sed -n '3,20p' "$0"; exit 2 ;;
	esac
done
fixtures=$TOP/tests/selftest
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed + skipped)) $*"; }
notok() { failed=$((failed + 1)); echo "not ok $((passed + failed + skipped)) $*"; }
skip() { skipped=$((skipped + 1)); echo "ok $((passed + failed + skipped)) $* # SKIP"; }
t0=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 2. (started now, reported after the fixtures) shellcheck on every shell
# script of the harness: it takes longest
mapfile -t sh < <(cd "$TOP" && git ls-files -co --exclude-standard | grep -E '\.sh$|^\.ci/run$|\.conf$' |
		  grep -v '^tests/' | sort)
if [ -z "$only_fixtures" ] && command -v shellcheck >/dev/null; then
	(cd "$TOP" && shellcheck -x -P SCRIPTDIR "${sh[@]}" >"$tmp/shellcheck" 2>&1; echo $? >"$tmp/shellcheck.rc") &
fi

# 1. the verdict's fixtures
default_args="--console console --list list --baseline baseline --known-failures known-failures
	--known-dmesg known-dmesg --base-cases base-cases --differences differences --results results
	--cases cases"
for dir in "$fixtures"/*/; do
	name=$(basename "$dir")
	[ "$name" != inputs ] || continue
	w="$tmp/$name"
	mkdir -p "$w"
	cp "$fixtures"/inputs/* "$w/"
	cp "$dir"/* "$w/"
	args=$default_args
	[ ! -f "$w/args" ] || args=$(cat "$w/args")
	# shellcheck disable=SC2086 # args: the fixture's verdict arguments, split on spaces
	(cd "$w" && { python3 "$verdict" $args; echo "# exit status $?"; }) >"$w/output" 2>&1 || true
	if [ -n "$update" ]; then
		cp "$w/output" "$dir/expected"
		[ ! -f "$dir/expected-cases" ] || cp "$w/cases" "$dir/expected-cases"
	fi
	if ! diff -u "$dir/expected" "$w/output" >"$w/diff"; then
		sed 's/^/#   /' "$w/diff"
		notok "verdict: $name"
	elif [ -f "$dir/expected-cases" ] && ! diff -u "$dir/expected-cases" "$w/cases" >"$w/diff"; then
		sed 's/^/#   /' "$w/diff"
		notok "verdict: $name (cases file)"
	else
		ok "verdict: $name ($(tail -n 1 "$dir/expected" | sed 's/^# //'))"
	fi
done

if [ -n "$only_fixtures" ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
fi

# 2. shellcheck (started above)
wait
if ! command -v shellcheck >/dev/null; then
	skip "shellcheck: not installed (apt-get install shellcheck)"
elif [ "$(cat "$tmp/shellcheck.rc")" = 0 ]; then
	ok "shellcheck: ${#sh[@]} scripts clean"
else
	sed 's/^/#   /' "$tmp/shellcheck" | head -n 60
	notok "shellcheck: $(grep -c '^In ' "$tmp/shellcheck") findings"
fi

# 3. consistency of the data files
if python3 "$TOP/scripts/consistency.py" >"$tmp/consistency" 2>&1; then
	ok "consistency: $(tail -n 1 "$tmp/consistency")"
else
	sed 's/^/#   /' "$tmp/consistency"
	notok "consistency: the data files disagree"
fi

# 4. scripts/fetch-base.sh against a host with another linux-source-6.1
# installed (CI's machine had 6.1.192-3, the pin is older): Debian's tools
# are replaced by exported bash functions (lib.sh puts /usr/bin first in
# PATH, and functions come before PATH), the pin by one of a fake tarball.
fetch_case() { # NAME MADISON-VERSIONS EXPECTED-OUTPUT-GREP [PIN-SUM]
	local name=$1 offered=$2 want=$3 w="$tmp/fetch-$1" script=$TOP/scripts/fetch-base.sh out rc
	mkdir -p "$w/top/base" "$w/deb/usr/src"
	printf 'fake source\n' | xz >"$w/deb/usr/src/linux-source-6.1.tar.xz"
	local sum=${4:-$(sha256sum "$w/deb/usr/src/linux-source-6.1.tar.xz" | cut -d' ' -f1)}
	printf 'linux-source-6.1 6.1.192-2 %s\n' "$sum" >"$w/top/base/linux-source-6.1.pin"
	# shellcheck disable=SC2317 # the fakes are called by fetch-base.sh
	(
		export FAKE_DIR=$w FAKE_OFFERED=$offered
		dpkg-query() { echo "install ok installed 6.1.192-3"; }
		apt-cache() { local v; for v in $FAKE_OFFERED; do echo " linux-source-6.1 | $v | http://deb.debian.org/debian bookworm/main"; done; }
		apt-get() {
			[ "$1" = download ] || { echo "apt-get $*" >>"$FAKE_DIR/installed"; return 1; }
			: >"${2/=/_}_all.deb"
		}
		dpkg-deb() { tar -C "$FAKE_DIR/deb" -cf - ./usr/src/linux-source-6.1.tar.xz; }
		export -f dpkg-query apt-cache apt-get dpkg-deb
		TOP=$w/top BUILD=$w/build "$script"
	) >"$w/out" 2>&1 && rc=0 || rc=$?
	out=$(tail -n 1 "$w/out")
	if [ -e "$w/installed" ]; then
		sed 's/^/#   /' "$w/out" "$w/installed"
		notok "fetch-base: $name: ran $(head -n 1 "$w/installed")"
	elif ! grep -qE "$want" <<<"$out rc=$rc"; then
		sed 's/^/#   /' "$w/out"
		notok "fetch-base: $name: got '$out' rc=$rc, want /$want/"
	else
		ok "fetch-base: $name"
	fi
}
fetch_case "pinned 6.1.192-2 downloaded beside an installed 6.1.192-3" "6.1.192-3 6.1.192-2" \
	"^6\.1\.192-2 .*/build/src/linux-source-6\.1_6\.1\.192-2\.tar\.xz rc=0\$"
fetch_case "pin no longer offered: the newest taken" "6.1.192-3" \
	"^6\.1\.192-3 .*/build/src/linux-source-6\.1_6\.1\.192-3\.tar\.xz rc=0\$"
fetch_case "tarball not matching the pinned sha256 refused" "6.1.192-3 6.1.192-2" \
	"^error: sha256 of .* rc=1\$" 0000000000000000000000000000000000000000000000000000000000000000

note "selftest done in $(($(date +%s) - t0))s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
