#!/usr/bin/env bash
# Store comparison: serve/cmd's GET and POST throughput on bbolt, on
# PostgreSQL with one instance and with two instances sharing the database,
# in one run of interleaved rounds (see storecmp/main.go). PostgreSQL is a
# throwaway cluster with fsync on; wrk and postgresql are installed when
# missing.
#
#   bash bench/stores.sh                 # 3 rounds of 5s runs: about 2 minutes
#   bash bench/stores.sh -rounds 1 -d 3s # to try it out
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

need=()
command -v wrk >/dev/null || need+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/serve" ./serve/cmd)
(cd "$here" && go build -o "$tmp/storecmp" ./storecmp)
"$tmp/storecmp" -bin "$tmp/serve" -commit "$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" "$@"
