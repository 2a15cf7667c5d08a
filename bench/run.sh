#!/usr/bin/env bash
# Parser comparison: httparse next to net/http and fasthttp on the inputs in
# ../testdata/bench. The whole benchmark set runs COUNT times in turn
# (interleaved, so drift on a shared machine hits every implementation
# alike), then benchstat summarises the runs and ./ratios prints how many
# times faster httparse is than each anchor, from the medians.
#
#   bash bench/run.sh            # -count=6, -benchtime=1s: about 8 minutes
#   bash bench/run.sh -quick     # 2 rounds of 100ms each, to try it out
#   bash bench/run.sh -o DIR     # keep the raw results in DIR
set -euo pipefail
cd "$(dirname "$0")"

count=6
benchtime=1s
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	-quick) count=2; benchtime=100ms ;;
	-count) count="$2"; shift ;;
	-benchtime) benchtime="$2"; shift ;;
	-o) out="$2"; shift ;;
	*) echo "usage: $0 [-quick] [-count N] [-benchtime D] [-o DIR]" >&2; exit 2 ;;
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

echo "# $(date -u +%FT%TZ), commit $(git describe --always --dirty), $(go version | cut -d' ' -f3), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), -count=$count -benchtime=$benchtime" | tee "$raw"
for i in $(seq "$count"); do
	echo "round $i/$count" >&2
	"$tmp/bench.test" -test.run='^$' -test.bench=. -test.benchtime="$benchtime" -test.count=1 >>"$raw"
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
