#!/usr/bin/env bash
# Instructions per head parse, counted by valgrind's cachegrind
# (--cache-sim=no), for Parser.ParseHead, fasthttp's RequestHeader.Read and
# the native parsers of native/setup.sh, on the inputs in ../testdata/bench.
# Unlike timings, these counts do not move with the load on a shared machine.
#
#   bash bench/cachegrind.sh                     # every input, about 2 minutes
#   bash bench/cachegrind.sh -inputs "curl browser"
#   bash bench/cachegrind.sh -n 2000             # operations in the shorter run
#
# One operation is what one benchmark iteration does: every head of the
# input (ten for pipelined-10). Each parser runs twice, N and 2N operations,
# and the difference divided by N is the count per operation, so start-up,
# reading the inputs and the untimed checking pass cancel out.
#
# Go programs also run the runtime's scheduler, collector and allocator,
# whose work depends on timing, not on N; their functions (runtime.*,
# internal/runtime/*) are left out of the Go counts, except runtime.memmove
# and runtime.memequal, which parsers call to copy and compare bytes. The Go
# runs use GOMAXPROCS=1 and GOGC=off to keep that work small, and
# GODEBUG=cpu.rdtscp=off. A second table counts only the functions of each
# Go parser's own package. The native harnesses have no runtime: all their
# instructions count, including their loop (a few per operation).
set -euo pipefail
cd "$(dirname "$0")"

inputs=""
n=1000
while [ $# -gt 0 ]; do
	case "$1" in
	-inputs) inputs="$2"; shift ;;
	-n) n="$2"; shift ;;
	*) echo "usage: $0 [-inputs \"NAME...\"] [-n N]" >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$inputs" ]; then
	for f in ../testdata/bench/*.http; do inputs="$inputs $(basename "$f" .http)"; done
fi

if ! command -v valgrind >/dev/null; then
	echo "installing valgrind" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >&2 ||
		{ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >&2; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/bench.test" .
bash native/setup.sh >"$tmp/native.txt" || true
natives=()
for impl in rust-httparse pico-libh2o; do
	[ -x "native/build/bin/$impl" ] && natives+=("$impl")
done

# cachegrind OUT CMD...: runs CMD under cachegrind, writing its counts to
# OUT; fails unless CMD printed its benchmark line.
cachegrind() {
	local out="$1"
	shift
	if ! valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$out" "$@" 2>"$out.log" >"$out.stdout" ||
		! grep -q '^Benchmark' "$out.stdout"; then
		echo "cachegrind $*: failed" >&2
		cat "$out.stdout" "$out.log" >&2
		return 1
	fi
}

# count OUT [REGEX]: instructions in the functions whose names match REGEX,
# from a cachegrind output file; with no REGEX, in all of them.
count() {
	awk -v re="${2:-}" '
		/^fn=/ { fn = substr($0, 4); keep = re == "" || fn ~ re; next }
		/^[0-9]/ { if (keep) sum += $2 }
		END { printf "%d\n", sum }' "$1"
}

# count_go OUT: instructions outside the Go runtime (see the top), from a
# cachegrind output file.
count_go() {
	awk '
		/^fn=/ {
			fn = substr($0, 4)
			keep = fn !~ /^(runtime[.\/]|internal\/runtime\/)/ || fn ~ /^runtime\.(memmove|memequal)/
			next
		}
		/^[0-9]/ { if (keep) sum += $2 }
		END { printf "%d\n", sum }' "$1"
}

per_op() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.0f\n", (b - a) / n }'; }

declare -A pkg=([httparse-ParseHead]='^github\.com/ae7539e0/httparse\.' [fasthttp-RequestHeader]='^github\.com/valyala/fasthttp\.')
declare -A total own
for in in $inputs; do
	echo "counting $in" >&2
	for impl in httparse-ParseHead fasthttp-RequestHeader; do
		for k in 1 2; do
			GOMAXPROCS=1 GOGC=off GODEBUG=cpu.rdtscp=off cachegrind "$tmp/$impl.$k" "$tmp/bench.test" \
				-test.run='^$' -test.bench="^BenchmarkParse\$/^input=$in\$/^impl=$impl\$" \
				-test.benchtime="$((k * n))x" -test.count=1
		done
		total[$in/$impl]=$(per_op "$(count_go "$tmp/$impl.1")" "$(count_go "$tmp/$impl.2")")
		own[$in/$impl]=$(per_op "$(count "$tmp/$impl.1" "${pkg[$impl]}")" "$(count "$tmp/$impl.2" "${pkg[$impl]}")")
	done
	for impl in "${natives[@]}"; do
		for k in 1 2; do
			GODEBUG=cpu.rdtscp=off cachegrind "$tmp/$impl.$k" "native/build/bin/$impl" \
				"../testdata/bench/$in.http" "$((k * n))x" "BenchmarkParse/input=$in/impl=$impl"
		done
		total[$in/$impl]=$(per_op "$(count "$tmp/$impl.1")" "$(count "$tmp/$impl.2")")
	done
done

echo "# $(date -u +%FT%TZ), commit $(git describe --always --dirty), $(go version | cut -d' ' -f3), $(valgrind --version), N=$n and 2N operations"
sed 's/^/# /' "$tmp/native.txt"
if [ -x native/build/bin/rust-httparse ]; then
	echo "# rust-httparse under valgrind: $(valgrind --tool=none -q native/build/bin/rust-httparse -check ../testdata/bench/curl.http 2>&1 >/dev/null)"
fi
echo
titles=("Parser.ParseHead" "fasthttp RequestHeader.Read")
impls=(httparse-ParseHead fasthttp-RequestHeader)
for impl in "${natives[@]}"; do
	impls+=("$impl")
	case $impl in
	rust-httparse) titles+=("Rust httparse") ;;
	pico-libh2o) titles+=("picohttpparser (Debian libh2o)") ;;
	esac
done
echo "## instructions per operation"
echo
line="| input |"
rule="| --- |"
for t in "${titles[@]}"; do line="$line $t |"; rule="$rule --- |"; done
echo "$line"
echo "$rule"
for in in $inputs; do
	line="| $in |"
	for impl in "${impls[@]}"; do line="$line ${total[$in/$impl]} |"; done
	echo "$line"
done
echo
echo "## of which in the parser's own Go package"
echo
echo "| input | github.com/ae7539e0/httparse | github.com/valyala/fasthttp |"
echo "| --- | --- | --- |"
for in in $inputs; do
	echo "| $in | ${own[$in/httparse-ParseHead]} | ${own[$in/fasthttp-RequestHeader]} |"
done
