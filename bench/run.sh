#!/usr/bin/env bash
# Parser comparison: httparse next to net/http and fasthttp on the inputs in
# ../testdata/bench. The whole benchmark set runs COUNT times in turn
# (interleaved, so drift on a shared machine hits every implementation
# alike), then benchstat summarises the runs and ./ratios prints how many
# times faster httparse is than each anchor, from the medians.
#
# Each round also times the native parsers that native/setup.sh builds from
# Debian packages (Rust's httparse crate and picohttpparser), head only like
# Parser.ParseHead; their lines join the Go results under the same names
# (BenchmarkParse/input=X/impl=rust-httparse). A parser that cannot be built
# is left out, with a line saying so.
#
#   bash bench/run.sh            # -count=6, -benchtime=1s: about 8 minutes
#   bash bench/run.sh -quick     # 2 rounds of 100ms each, to try it out
#   bash bench/run.sh -o DIR     # keep the raw results in DIR
#   bash bench/run.sh -no-native # Go parsers only
set -euo pipefail
cd "$(dirname "$0")"

count=6
benchtime=1s
out=""
native=1
while [ $# -gt 0 ]; do
	case "$1" in
	-quick) count=2; benchtime=100ms ;;
	-count) count="$2"; shift ;;
	-benchtime) benchtime="$2"; shift ;;
	-o) out="$2"; shift ;;
	-no-native) native="" ;;
	*) echo "usage: $0 [-quick] [-count N] [-benchtime D] [-o DIR] [-no-native]" >&2; exit 2 ;;
	esac
	shift
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] || out="$tmp"
mkdir -p "$out"
raw="$out/parse.txt"

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
	benchstat="$(go env GOPATH)/bin/benchstat"
	if [ ! -x "$benchstat" ]; then
		echo "installing benchstat" >&2
		go install golang.org/x/perf/cmd/benchstat@latest
	fi
fi

# One binary for every round, so that all rounds measure the same code.
go test -c -o "$tmp/bench.test" .

natives=()
notes=()
if [ -n "$native" ]; then
	bash native/setup.sh >"$tmp/native.txt" || true
	while read -r line; do notes+=("$line"); done <"$tmp/native.txt"
	for impl in rust-httparse pico-libh2o; do
		[ -x "native/build/bin/$impl" ] && natives+=("$impl")
	done
else
	notes+=("native: left out (-no-native)")
fi

echo "# $(date -u +%FT%TZ), commit $(git describe --always --dirty), $(go version | cut -d' ' -f3), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), -count=$count -benchtime=$benchtime" | tee "$raw"
for note in "${notes[@]}"; do echo "# $note"; done | tee -a "$raw"
for i in $(seq "$count"); do
	echo "round $i/$count" >&2
	"$tmp/bench.test" -test.run='^$' -test.bench=. -test.benchtime="$benchtime" -test.count=1 >"$tmp/round.txt"
	cat "$tmp/round.txt" >>"$raw"
	# The native lines take the Go names' -GOMAXPROCS suffix, so that
	# benchstat and ratios file them with the Go results.
	suffix=$(awk '/^BenchmarkParse\// { if (match($1, /-[0-9]+$/)) print substr($1, RSTART); exit }' "$tmp/round.txt")
	for impl in "${natives[@]}"; do
		for f in ../testdata/bench/*.http; do
			in=$(basename "$f" .http)
			"native/build/bin/$impl" "$f" "$benchtime" "BenchmarkParse/input=$in/impl=$impl$suffix" >>"$raw"
		done
	done
done

echo
echo "## benchstat"
"$benchstat" "$raw"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## ratios (medians of $count runs; >1x means httparse is faster)"
echo
go run ./ratios "$raw"
[ "$out" = "$tmp" ] || echo "raw results: $raw"
