#!/usr/bin/env bash
# Smoke test of the real binary with curl: build serve/cmd, start it on a
# free loopback port with a temporary data file, create, list, update and
# delete a to-do, check each status and body, then stop it by PID; then the
# same binary over HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v curl >/dev/null || ! command -v openssl >/dev/null; then
	apt-get update -qq && apt-get install -y -qq curl openssl >/dev/null
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/todosrv" ./serve/cmd
: >"$tmp/out"
"$tmp/todosrv" -addr 127.0.0.1:0 -data "$tmp/todos.db" -log warn >"$tmp/out" 2>"$tmp/err" &
pid=$!

# Wait (at most 10s) for the first line: listening on http://HOST:PORT.
base=""
for _ in $(seq 100); do
	base=$(sed -n '1s|^listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$tmp/out")
	[ -n "$base" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/err"; echo "FAIL: server exited"; exit 1; }
	sleep 0.1
done
[ -n "$base" ] || { echo "FAIL: no 'listening on' line within 10s"; exit 1; }
echo "server $pid at $base"

fails=0
# check NAME WANT_STATUS WANT_BODY CURL_ARGS...: run curl, compare the status
# and the exact body (without its final newline).
check() {
	local name=$1 want_status=$2 want_body=$3
	shift 3
	local status body
	status=$(curl -sS --max-time 5 -o "$tmp/body" -w '%{http_code}' "$@")
	body=$(cat "$tmp/body")
	if [ "$status" = "$want_status" ] && [ "$body" = "$want_body" ]; then
		echo "ok   $name: $status $body"
	else
		echo "FAIL $name: got $status '$body', want $want_status '$want_body'"
		fails=$((fails + 1))
	fi
}
json=(-H 'Content-Type: application/json')

check hello 200 '{"message":"Hello, Ada!"}' "$base/hello?name=Ada"
check create 201 '{"id":1,"title":"buy milk","done":false,"version":1}' "${json[@]}" -d '{"title":"buy milk"}' "$base/todos"
check create2 201 '{"id":2,"title":"call Bob","done":false,"version":1}' "${json[@]}" -d '{"title":"call Bob"}' "$base/todos"
check list 200 '{"todos":[{"id":1,"title":"buy milk","done":false,"version":1},{"id":2,"title":"call Bob","done":false,"version":1}],"total":2}' "$base/todos"
check patch 200 '{"id":1,"title":"buy milk","done":true,"version":2}' -X PATCH "${json[@]}" -d '{"done":true}' "$base/todos/1"
check put 200 '{"id":2,"title":"call Bob today","done":false,"version":2}' -X PUT "${json[@]}" -H 'If-Match: "1"' -d '{"title":"call Bob today"}' "$base/todos/2"
check stale 412 '{"error":"the to-do was changed by someone else since it was read","todo":{"id":2,"title":"call Bob today","done":false,"version":2}}' -X PATCH "${json[@]}" -H 'If-Match: "1"' -d '{"done":true}' "$base/todos/2"
check filter 200 '{"todos":[{"id":1,"title":"buy milk","done":true,"version":2}],"total":1}' "$base/todos?done=true"
check delete 204 '' -X DELETE "$base/todos/1"
check gone 404 '{"error":"no such todo"}' "$base/todos/1"
check invalid 422 '{"error":"invalid fields","fields":{"title":"is required"}}' "${json[@]}" -d '{}' "$base/todos"
check media 415 '{"error":"Content-Type must be application/json"}' -d '{"title":"x"}' "$base/todos"

# The Location of a create, and graceful stop on SIGTERM with exit 0.
loc=$(curl -sS --max-time 5 -o /dev/null -D - "${json[@]}" -d '{"title":"x"}' "$base/todos" | tr -d '\r' | sed -n 's/^Location: //p')
[ "$loc" = "/todos/3" ] || { echo "FAIL Location: '$loc'"; fails=$((fails + 1)); }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" = 0 ] || { echo "FAIL: exit status $status after SIGTERM"; cat "$tmp/err"; fails=$((fails + 1)); }

# HTTPS: the same binary with a certificate made here; curl trusts it,
# negotiates http/1.1 (it offers h2 too), and a plaintext request on the
# TLS port is told so.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
: >"$tmp/out"
"$tmp/todosrv" -addr 127.0.0.1:0 -data "$tmp/todos.db" -log warn -tls-cert "$tmp/cert.pem" -tls-key "$tmp/key.pem" >"$tmp/out" 2>"$tmp/err" &
pid=$!
tlsbase=""
for _ in $(seq 100); do
	tlsbase=$(sed -n '1s|^listening on \(https://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$tmp/out")
	[ -n "$tlsbase" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/err"; echo "FAIL: TLS server exited"; exit 1; }
	sleep 0.1
done
[ -n "$tlsbase" ] || { echo "FAIL: no 'listening on https' line within 10s"; exit 1; }
check https 200 '{"message":"Hello, Ada!"}' --cacert "$tmp/cert.pem" "$tlsbase/hello?name=Ada"
proto=$(curl -sS --max-time 5 --cacert "$tmp/cert.pem" -o /dev/null -w '%{http_version}' "$tlsbase/hello")
[ "$proto" = "1.1" ] || { echo "FAIL https version: '$proto', want 1.1"; fails=$((fails + 1)); }
check plaintext-on-tls 400 '{"error":"client sent an HTTP request to an HTTPS server"}' "http://${tlsbase#https://}/hello"
kill -TERM "$pid"
wait "$pid" || true
pid=""

if [ "$fails" -ne 0 ]; then
	echo "serve smoke: $fails failure(s)"
	exit 1
fi
echo "serve smoke: ok"
