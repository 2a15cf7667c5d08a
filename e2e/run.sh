#!/usr/bin/env bash
# Browser end-to-end test: the to-do page of serve/cmd, driven in headless
# Chromium by e2e/todo_test.go against the real binary on 127.0.0.1.
#
#   bash e2e/run.sh                     # what .ci/run calls
#   bash e2e/run.sh -update-screenshot  # also rewrites docs/todo-page-*.png
#
# Chromium comes from Debian's package, installed here when missing. The
# browser failing to start is a failure, not a skip: CI defaults to true.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)

update=0
case "${1:-}" in
"") ;;
-update-screenshot) update=1 ;;
*)
	echo "usage: $0 [-update-screenshot]" >&2
	exit 2
	;;
esac

if ! command -v chromium >/dev/null 2>&1; then
	echo "chromium not found; installing it with apt-get"
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version 2>/dev/null | head -n1 || true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/todo-serve" ./serve/cmd)

# The test writes todo-page-1200x900.png and todo-page-420x800.png here.
shots="$tmp"
if [ "$update" = 1 ]; then
	shots="$root/docs"
	mkdir -p "$shots"
fi

start=$(date +%s)
CI="${CI:-true}" E2E_SERVER_BIN="$tmp/todo-serve" E2E_SCREENSHOTS="$shots" \
	go test -count=1 -v -timeout 120s ./...
echo "e2e: passed in $(($(date +%s) - start))s"
