#!/usr/bin/env bash
# Measures serve/cmd throughput and latency for several -workers values
# with wrk on loopback, for a read (GET /todos/1) and a durable write
# (POST /todos, one bbolt commit and fsync each). Bounded: DURATION per
# run (default 5s), one server at a time, each stopped by PID.
#
#   bash serve/measure-workers.sh [DURATION] [CONNECTIONS] [WORKERS...]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s}
conns=${2:-64}
shift $(( $# > 2 ? 2 : $# ))
workers=("$@")
[ ${#workers[@]} -gt 0 ] || workers=(1 2 4 8 16 32 64)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

tmp=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/todosrv" ./serve/cmd

cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"measure"}'
wrk.headers["Content-Type"] = "application/json"
LUA

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, GOMAXPROCS default, wrk -t2 -c$conns -d$duration, queue 4096"
printf '%-8s %-6s %10s %10s %10s %8s\n' workers route req/s p50 p99 non2xx
for w in "${workers[@]}"; do
	rm -f "$tmp/todos.db"
	: >"$tmp/out"
	"$tmp/todosrv" -addr 127.0.0.1:0 -data "$tmp/todos.db" -workers "$w" -queue 4096 -log error >"$tmp/out" 2>&1 &
	pid=$!
	base=""
	for _ in $(seq 100); do
		base=$(sed -n '1s|^listening on ||p' "$tmp/out")
		[ -n "$base" ] && break
		sleep 0.1
	done
	[ -n "$base" ] || { echo "server did not start"; exit 1; }
	curl -sS -o /dev/null -H 'Content-Type: application/json' -d '{"title":"seed"}' "$base/todos"
	for route in get post; do
		if [ $route = get ]; then
			out=$(wrk -t2 -c"$conns" -d"$duration" --latency "$base/todos/1")
		else
			out=$(wrk -t2 -c"$conns" -d"$duration" --latency -s "$tmp/post.lua" "$base/todos")
		fi
		rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
		p50=$(echo "$out" | awk '$1=="50%" {print $2}')
		p99=$(echo "$out" | awk '$1=="99%" {print $2}')
		non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
		printf '%-8s %-6s %10s %10s %10s %8s\n' "$w" "$route" "$rps" "$p50" "$p99" "${non2xx:-0}"
	done
	kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
