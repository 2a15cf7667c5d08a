#!/usr/bin/env bash
# Mutation testing with gremlins, pinned in tools/go.mod: every covered
# mutant of the parser (the root package) and of the server (serve) is
# applied in turn and the package's tests run against it. Prints, per
# file, the mutants killed, lived, timed out and not covered, the efficacy
# (killed / (killed + lived)) and the mutator coverage, then every
# survivor with its line. Survivors reviewed as equivalent (no test can
# tell them from the original) are listed, each with its reason, in
# scripts/mutation-equivalent.txt and shown apart.
#
# gremlins leaves untested every mutant it reports NOT COVERED, among them
# all those in the expressions of switch cases (Go's coverage profile has
# no block for them). A second pass (tools/mutuncovered) runs each of
# those mutants against the tests through `go test -overlay`, never
# writing the working tree, and the summary counts them with the rest.
#
#   scripts/mutation.sh [root|serve|httpcompat|all]      (default: all)
#
# Environment:
#   WORKERS=1              mutants tested at once (each runs go test)
#   TIMEOUT_COEFFICIENT=3  a mutant's test run longer than this times the plain
#                          run is timed out. A timed-out mutant was detected
#                          too (serve's tests wait up to 10 s for an answer a
#                          mutant may never send, then fail); it counts in
#                          neither figure, as in gremlins' own summary.
#   FILES=regexp           mutate only the files whose name (relative to the
#                          package) matches, e.g. FILES='^framing\.go$'
#   OUT=dir                keep the JSON reports and summaries there
#   SECOND_PASS=0          leave the NOT COVERED mutants untested, as gremlins
#                          does
#
# A full run of the root package takes most of an hour on one worker; use
# FILES while working on the tests of one file. Leave the package's files
# alone while a run goes: gremlins reads the working tree as it goes, the
# second pass and the summary the copy taken at the start. It works with or without a
# go.work in the repository root, and with serve in the root module or in
# its own.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what=${1:-all}
workers=${WORKERS:-1}
files=${FILES:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/out}
mkdir -p "$out"

# The tools module is built on its own, whatever go.work says.
export GOWORK=off
# gremlins times the plain test run to set the timeout of each mutant's:
# a cached result would make that a fraction of a second.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1"
(cd tools && go build -o "$tmp/bin/gremlins" github.com/go-gremlins/gremlins/cmd/gremlins &&
	go build -o "$tmp/bin/mutreport" ./mutreport && go build -o "$tmp/bin/mutuncovered" ./mutuncovered)

# unleash PKGDIR NAME PREFIX [TAGS]: mutates the .go files directly in
# PKGDIR (not its subpackages), testing with the build tags TAGS, and
# summarises.
unleash() {
	local dir=$1 name=$2 prefix=$3 tags=${4:-} coef=${TIMEOUT_COEFFICIENT:-3}
	# Only the package's own files: a path with a "/" is in a subdirectory
	# (another package, or a nested module with no coverage here).
	local exclude=(-E '/')
	local tagflag=()
	if [ -n "$tags" ]; then tagflag=(--tags "$tags"); fi
	if [ -n "$files" ]; then
		# gremlins only excludes: leave out every file that does not match.
		while IFS= read -r f; do
			[[ $f =~ $files ]] || exclude+=(-E "^${f//./\\.}\$")
		done < <(cd "$dir" && ls -1 -- *.go | grep -v '_test\.go$')
	fi
	# The summary quotes the lines as they were when the run started.
	local src="$out/src-$name"
	mkdir -p "$src" && cp "$dir"/*.go "$src/"
	printf '\n== mutation testing: %s (%s)\n' "$name" "$(date +%T)"
	(cd "$dir" && "$tmp/bin/gremlins" unleash --workers "$workers" --timeout-coefficient "$coef" \
		"${tagflag[@]}" "${exclude[@]}" -o "$out/$name.json" "$dir" >"$out/$name.log" 2>&1) || {
		echo "gremlins failed on $name:"; tail -40 "$out/$name.log"; return 1
	}
	local second=()
	if [ "${SECOND_PASS:-1}" != 0 ]; then
		printf '== second pass: the mutants gremlins did not cover (%s)\n' "$(date +%T)"
		"$tmp/bin/mutuncovered" -report "$out/$name.json" -src "$src" -dir "$dir" -tags "$tags" \
			-workers "$workers" -timeout-coefficient "$coef" -o "$out/$name-second.json" >"$out/$name-second.log" 2>&1 || {
			echo "second pass failed on $name:"; tail -40 "$out/$name-second.log"; return 1
		}
		tail -1 "$out/$name-second.log"
		second=(-second-pass "$out/$name-second.json")
	fi
	"$tmp/bin/mutreport" -src "$src" -prefix "$prefix" -equivalent "$root/scripts/mutation-equivalent.txt" \
		"${second[@]}" "$out/$name.json" | tee "$out/$name.txt"
}

case $what in
root | all)
	# httparse_trace: the tests that count the bytes each scanner examines
	# (trace_test.go) catch the mutants that only make the parser slower.
	unleash "$root" root "" httparse_trace
	;;&
serve | httpcompat | all)
	# serve is its own module and needs the parser beside it. gremlins
	# copies the module it tests to a temporary directory, where a
	# relative replace would point nowhere: test a copy of the repository
	# whose serve module points at the copied root by an absolute path.
	copy="$tmp/repo"
	mkdir -p "$copy"
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy"
	rm -f "$copy/go.work" "$copy/go.work.sum"
	mod=$(cd "$copy" && go list -m)
	(cd "$copy/serve" && go mod edit -replace "$mod=$copy" && go mod tidy >/dev/null)
	if [ "$what" != httpcompat ]; then
		unleash "$copy/serve" serve serve/
	fi
	if [ "$what" != serve ]; then
		unleash "$copy/serve/httpcompat" httpcompat serve/httpcompat/
	fi
	;;
root) ;;
*)
	echo "usage: $0 [root|serve|httpcompat|all]" >&2
	exit 2
	;;
esac
