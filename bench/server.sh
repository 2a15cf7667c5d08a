#!/usr/bin/env bash
# Server comparison: serve/cmd (memory store) against a net/http and a
# fasthttp server that answer GET /hello and GET /todos with the same bytes.
#
# For each round, route and connection count, wrk loads the three servers in
# turn (A B C, then A B C again next round), so drift on a shared machine
# hits all three alike. Then peak RSS under load (VmHWM), and the RSS each
# server gains per idle keep-alive connection, on fresh processes.
#
#   bash bench/server.sh           # 2 rounds of 10s runs: about 8 minutes
#   bash bench/server.sh -quick    # 1 round of 3s runs: about 2 minutes
#   options: -d DURATION -rounds N -idle N (idle connections) -nopin -o DIR
#
# Everything listens on and connects to 127.0.0.1 only; every process the
# script starts is stopped by its PID when it ends, however it ends.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

duration=10s
rounds=2
idle=5000
pin=1
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	-quick) duration=3s; rounds=1 ;;
	-d) duration="$2"; shift ;;
	-rounds) rounds="$2"; shift ;;
	-idle) idle="$2"; shift ;;
	-nopin) pin=0 ;;
	-o) out="$2"; shift ;;
	*) echo "usage: $0 [-quick] [-d DURATION] [-rounds N] [-idle N] [-nopin] [-o DIR]" >&2; exit 2 ;;
	esac
	shift
done
routes=("/hello?name=x" "/todos")
conns=(1 64 512)
servers=(serve nethttp fasthttp)

# Each idle connection is a descriptor in the holder and one in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle + 1024)) ]; then
	ulimit -n $((idle + 1024)) || { echo "need ulimit -n >= $((idle + 1024))" >&2; exit 1; }
fi

missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v curl >/dev/null || missing="$missing curl"
if [ -n "$missing" ]; then
	apt-get update -qq && apt-get install -y -qq $missing
fi

# With two or more CPUs, each server runs on CPU 0 (so GOMAXPROCS is 1 for
# all three) and wrk on CPU 1: load generator and server never share a core.
server_cpu=() wrk_cpu=()
if [ "$pin" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	server_cpu=(taskset -c 0) wrk_cpu=(taskset -c 1)
fi

tmp=$(mktemp -d)
[ -n "$out" ] || out="$tmp"
mkdir -p "$out"
results="$out/server.txt"

declare -A pid url
holder=""
stop_pid() { # PID: TERM, up to 10s to exit, then KILL
	local p=$1
	kill -TERM "$p" 2>/dev/null || return 0
	for _ in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}
cleanup() {
	[ -z "$holder" ] || stop_pid "$holder"
	for s in "${!pid[@]}"; do stop_pid "${pid[$s]}"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building" >&2
(cd "$root" && go build -o "$tmp/serve" ./serve/cmd)
(cd "$here" && go build -o "$tmp/nethttp" ./nethttpserver &&
	go build -o "$tmp/fasthttp" ./fasthttpserver &&
	go build -o "$tmp/idleconns" ./idleconns)

start() { # NAME: start a server on a free loopback port; sets pid[NAME], url[NAME]
	local name=$1 args=(-addr 127.0.0.1:0)
	case $name in
	serve) args+=(-data :memory: -log error -max-conns $((idle * 2)) -idle-timeout 120s) ;;
	*) [ ! -f "$tmp/todos.json" ] || args+=(-todos "$tmp/todos.json") ;;
	esac
	# Removed here, not truncated by the redirection below: that happens in
	# the child, and the loop must never read the previous run's log.
	rm -f "$tmp/$name.log"
	"${server_cpu[@]}" "$tmp/$name" "${args[@]}" >"$tmp/$name.log" 2>&1 &
	pid[$name]=$!
	for _ in $(seq 100); do
		url[$name]=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$tmp/$name.log" 2>/dev/null)
		[ -z "${url[$name]}" ] || return 0
		kill -0 "${pid[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "$name did not start:" >&2
	cat "$tmp/$name.log" >&2
	exit 1
}
stop() { stop_pid "${pid[$1]}"; unset "pid[$1]"; }

kb() { # NAME FIELD: a kB field of server NAME's /proc/PID/status
	local v
	v=$(sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/${pid[$1]}/status" 2>/dev/null)
	if [ -z "$v" ]; then
		echo "$1 (PID ${pid[$1]}) is gone; its log:" >&2
		tail -20 "$tmp/$1.log" >&2
		return 1
	fi
	echo "$v"
}

# serve/cmd gets 20 to-dos through its API; its own listing of them is what
# the reference servers answer GET /todos with.
start serve
for i in $(seq 20); do
	done=false
	[ $((i % 3)) != 1 ] || done=true
	curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
		-d "{\"title\":\"To-do number $i\",\"done\":$done}" "${url[serve]}/todos"
done
curl -sf "${url[serve]}/todos" >"$tmp/todos.json"
start nethttp
start fasthttp
for route in "${routes[@]}"; do
	curl -sf "${url[serve]}$route" >"$tmp/want"
	for s in nethttp fasthttp; do
		curl -sf "${url[$s]}$route" >"$tmp/got"
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			echo "$s answers $route differently from serve/cmd; the comparison would not be fair:" >&2
			diff "$tmp/want" "$tmp/got" >&2 || true
			exit 1
		fi
	done
done

# wrk prints latencies as 123.45us, 1.23ms or 1.02s; convert to ms.
# The server's CPU time (utime + stime, in clock ticks) from /proc/PID/stat;
# the binaries' names hold no spaces, so the fields split plainly.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${pid[$1]}/stat"; }
clk_tck=$(getconf CLK_TCK)

# One wrk run. Besides req/s and latency it records requests per second of
# server CPU time: other people's work on the server's CPU lowers req/s but
# hardly changes how much CPU each request costs.
wrk_run() { # ROUND ROUTE CONNS SERVER
	local c=$3 t0 t1
	t0=$(cpu_ticks "$4")
	"${wrk_cpu[@]}" wrk -t1 -c"$c" -d"$duration" --timeout 5s --latency "${url[$4]}$2" >"$tmp/wrk.out" 2>&1 || true
	t1=$(cpu_ticks "$4")
	if ! grep -q '^Requests/sec:' "$tmp/wrk.out"; then
		echo "wrk against $4 $2 with $c connections failed (recorded as a failed run):" >&2
		head -5 "$tmp/wrk.out" >&2
	fi
	awk -v round="$1" -v route="${2%%\?*}" -v conns="$c" -v server="$4" -v cpu="$(((t1 - t0)))" -v tck="$clk_tck" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/^Requests\/sec:/ { rps = $2 }
		/ requests in / { requests = $1 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
		/Non-2xx or 3xx responses:/ { errors += $5 }
		END {
			if (rps == "") { rps = 0; p50 = 0; p99 = 0; errors = -1 }
			percpu = cpu > 0 ? requests / (cpu / tck) : 0
			printf "wrk %s %s %s %s %s %.3f %.3f %d %.0f\n", round, route, conns, server, rps, p50, p99, errors, percpu
		}' "$tmp/wrk.out" | tee -a "$results"
}

{
	echo "# $(date -u +%FT%TZ) commit $(git -C "$root" describe --always --dirty), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(go version | cut -d' ' -f3), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# wrk -t1 -d$duration, $rounds rounds, servers pinned: ${server_cpu[*]:-no}, wrk pinned: ${wrk_cpu[*]:-no}"
} | tee "$results"

echo "warming up" >&2
for s in "${servers[@]}"; do
	"${wrk_cpu[@]}" wrk -t1 -c64 -d1s "${url[$s]}/hello?name=x" >/dev/null
done

for round in $(seq "$rounds"); do
	for route in "${routes[@]}"; do
		for c in "${conns[@]}"; do
			for s in "${servers[@]}"; do
				wrk_run "$round" "$route" "$c" "$s"
			done
		done
	done
done
for s in "${servers[@]}"; do
	hwm=$(kb "$s" VmHWM)
	echo "hwm $s $hwm" | tee -a "$results"
	stop "$s"
done

# Idle keep-alive connections, one fresh server at a time: RSS after a short
# warm-up, then with $idle served connections held idle.
for s in "${servers[@]}"; do
	start "$s"
	"${wrk_cpu[@]}" wrk -t1 -c16 -d1s "${url[$s]}/hello?name=x" >/dev/null
	sleep 1 # let the warm-up's connections close before the baseline
	before=$(kb "$s" VmRSS)
	rm -f "$tmp/idle.out"
	"${wrk_cpu[@]}" "$tmp/idleconns" -addr "${url[$s]#http://}" -n "$idle" -hold 2m \
		>"$tmp/idle.out" 2>"$tmp/idle.err" &
	holder=$!
	opened=""
	for _ in $(seq 600); do
		opened=$(sed -n 's/^open \([0-9]*\)$/\1/p' "$tmp/idle.out" 2>/dev/null)
		[ -z "$opened" ] || break
		kill -0 "$holder" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$opened" ]; then
		echo "could not open $idle connections to $s:" >&2
		head -5 "$tmp/idle.err" >&2
		exit 1
	fi
	sleep 2 # let the server finish the last responses and settle
	after=$(kb "$s" VmRSS)
	[ "$opened" = "$idle" ] || echo "warning: only $opened of $idle connections to $s opened" >&2
	echo "idle $s $opened $before $after" | tee -a "$results"
	stop_pid "$holder"
	holder=""
	stop "$s"
done

echo
(cd "$here" && go run ./serverstats "$results")
[ "$out" = "$tmp" ] || echo "raw results: $results"
