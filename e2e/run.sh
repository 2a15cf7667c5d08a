#!/usr/bin/env bash
# Browser end-to-end test: the to-do page of serve/cmd, driven in headless
# Chromium by e2e/todo_test.go against the real binary on 127.0.0.1.
#
#   bash e2e/run.sh                     # what .ci/run calls
#   bash e2e/run.sh -update-screenshot  # also rewrites docs/todo-page-*.png
#
# Chromium, nginx and PostgreSQL come from Debian's packages, installed
# here when missing (the two-instance test puts nginx in front of two
# servers on a throwaway PostgreSQL cluster). Any of them failing to start
# is a failure, not a skip: CI defaults to true.
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

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
	echo "${need[*]} not found; installing with apt-get"
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
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
