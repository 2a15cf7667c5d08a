#!/usr/bin/env bash
# Server comparison: serve/cmd (memory store) against a net/http and a
# fasthttp server that answer GET /hello and GET /todos with the same bytes,
# under wrk: rounds of A B C on both routes with 1, 64 and 512 connections,
# req/s, p50/p99, server CPU per request, peak RSS, and RSS per idle
# keep-alive connection. The work is done by ./servercmp; this script
# installs wrk if needed, raises the descriptor limit and builds the servers.
#
#   bash bench/server.sh           # 2 rounds of 10s runs: about 10 minutes
#   bash bench/server.sh -quick    # 1 round of 3s runs: about 2 minutes
#   options: -d DURATION -rounds N -idle N (idle connections) -nopin -o DIR
#
# Everything runs on 127.0.0.1; servercmp stops every process it starts by
# its PID, and the kernel kills them if servercmp dies first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

args=()
idle=5000
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	-quick) args+=(-d 3s -rounds 1) ;;
	-d | -rounds) args+=("$1" "$2"); shift ;;
	-idle) idle="$2"; shift ;;
	-nopin) args+=(-pin=false) ;;
	-o) out="$2"; shift ;;
	*) echo "usage: $0 [-quick] [-d DURATION] [-rounds N] [-idle N] [-nopin] [-o DIR]" >&2; exit 2 ;;
	esac
	shift
done

# Each idle connection is a descriptor in servercmp and one in the server.
need=$((idle + 1024))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
	ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
	echo "server.sh: need ulimit -n >= $need for $idle idle connections (try -idle N)" >&2
	exit 1
fi

if ! command -v wrk >/dev/null; then
	apt-get update -qq && apt-get install -y -qq wrk
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -n "$out" ] || out="$tmp"
mkdir -p "$out"

echo "building" >&2
(cd "$root" && go build -o "$tmp/serve" ./serve/cmd)
(cd "$here" && go build -o "$tmp/nethttp" ./nethttpserver &&
	go build -o "$tmp/fasthttp" ./fasthttpserver &&
	go build -o "$tmp/servercmp" ./servercmp)

"$tmp/servercmp" -bin "$tmp" -o "$out" -idle "$idle" \
	-commit "$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" "${args[@]}"
[ "$out" = "$tmp" ] || echo "measurements: $out/server.txt (tables again: go run ./servercmp -stats $out/server.txt)"
