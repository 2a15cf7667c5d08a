#!/usr/bin/env bash
# Reliability and security suite for serve/cmd: load, slow clients, hostile
# input, smuggling, crashes (on bbolt and on PostgreSQL), descriptor
# exhaustion, graceful shutdown, and a database restart under load.
#
#   bash reliability/run.sh          # full run, about 6 minutes
#   bash reliability/run.sh -short   # CI run, under 3 minutes
#
# Every step starts its own server on 127.0.0.1 (port 0), is bounded in time
# and connections, and stops every process it started by PID. The script
# exits non-zero when any must-be-zero figure is not zero or a check fails.
# Set RELIABILITY_OUT=dir to keep the server logs and slowhttptest CSVs.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
-short) mode=short ;;
"") ;;
*) echo "usage: $0 [-short]" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/reliability.XXXXXX)
out=${RELIABILITY_OUT:-$work/out}
mkdir -p "$out"
pids=()
cleanup() {
	# Steps stop their own servers; this catches an interrupted run.
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Tools from apt, installed when missing.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v slowhttptest >/dev/null || need+=(slowhttptest)
# PostgreSQL's server binaries (off PATH on Debian) for steps 5b and 8,
# which start a throwaway cluster of their own.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
	echo "installing ${need[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || {
		echo "cannot install ${need[*]}" >&2; exit 1; }
fi

echo "building serve/cmd and the reliability programs"
# One go build for all: the packages compile and the binaries link in
# parallel. serve/cmd's binary is named after its directory, cmd.
go build -o "$work/bin/" ./serve/cmd ./reliability/cmd/... || exit 1
bin=$work/bin
srv=$work/bin/cmd

if [ $mode = short ]; then
	load=(-conns 64 -warmup 3s -duration 10s)
	slow=(-modes HBSX -conns 300 -duration 12s -server-args "-read-header-timeout 3s -idle-timeout 5s")
	flood=(-duration 20s)
	storm=(-rounds 5)
	dbrestart=(-before 2s -down 2s -after 3s)
	exhaust=(-hold 5s)
	drain=(-before 3s)
else
	load=(-conns 256 -warmup 10s -duration 60s)
	slow=(-modes HBSX -conns 1000 -duration 60s -server-args "-idle-timeout 30s")
	flood=(-duration 60s)
	storm=(-rounds 20)
	dbrestart=(-before 5s -down 5s -after 10s)
	exhaust=(-hold 15s)
	drain=(-before 5s)
fi

failed=()
times=()
# step NAME PROGRAM ARGS...: runs one program in the background (so that the
# EXIT trap can stop it by PID) and records its outcome.
step() {
	local name=$1 prog=$2
	shift 2
	# The load average says how much the other work on the machine
	# weighed on the latency and throughput figures of this step.
	printf '\n== %s (%s, load average %s)\n' "$name" "$(date +%T)" "$(cut -d' ' -f1-3 /proc/loadavg)"
	local start=$SECONDS
	# A program run twice (storm) keeps both logs.
	local log="$out/$prog-server.log"
	[ -e "$log" ] && log="$out/$prog-${name%%.*}-server.log"
	"$bin/$prog" -bin "$srv" -log "$log" "$@" &
	local pid=$!
	pids+=("$pid")
	wait "$pid"
	local rc=$?
	times+=("$name: $((SECONDS - start))s (load average after: $(cut -d' ' -f1-3 /proc/loadavg))")
	if [ $rc -ne 0 ]; then
		failed+=("$name (exit $rc)")
	fi
}

step "1. sustained load (wrk)" load -lua reliability/wrk/mix.lua "${load[@]}"
step "2. slow clients (slowhttptest)" slow -out "$out" "${slow[@]}"
step "3. hostile input flood" flood -root . "${flood[@]}"
step "4. smuggling end to end" smuggle -root .
# The same with every leniency kind on: still no hidden request.
step "4b. smuggling end to end, every leniency kind" smuggle -root . -lenient bare-lf,obs-fold,raw-target,missing-host
step "5. crash durability (SIGKILL)" storm "${storm[@]}"
step "5b. crash durability on PostgreSQL (SIGKILL)" storm -postgres "${storm[@]}"
step "6. descriptor exhaustion (ulimit -n 256)" exhaust -nofile 256 -conns 1000 "${exhaust[@]}"
step "7. graceful shutdown under wrk" drain -lua reliability/wrk/mix.lua "${drain[@]}"
step "8. PostgreSQL restart under wrk" dbrestart "${dbrestart[@]}"

printf '\n== summary (%s run)\n' "$mode"
printf '  %s\n' "${times[@]}"
if [ ${#failed[@]} -gt 0 ]; then
	echo "FAILED:"
	printf '  %s\n' "${failed[@]}"
	exit 1
fi
echo "all must-be-zero figures are zero"
