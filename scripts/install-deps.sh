#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need beyond Go: curl and
# openssl for the server's smoke test (HTTPS with a certificate made there),
# wrk and slowhttptest for the reliability suite, Chromium for the browser
# test, nginx and PostgreSQL for the several-instance tests. Only what is
# missing is installed; on a machine that has them all this does nothing.
# .ci/run calls it first; run it yourself (as root) to make `go test work`
# run the tests that otherwise skip for want of a program.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
# The race detector needs cgo, so a C compiler and libc's headers.
have gcc || need+=(gcc libc6-dev)
have curl || need+=(curl)
have openssl || need+=(openssl)
have wrk || need+=(wrk)
have slowhttptest || need+=(slowhttptest)
have chromium || need+=(chromium)
have nginx || [ -x /usr/sbin/nginx ] || need+=(nginx)
# PostgreSQL's server binaries live off PATH, under /usr/lib/postgresql.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
	echo "install-deps: everything is installed"
	exit 0
fi
echo "install-deps: installing ${need[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
	have sudo || { echo "install-deps: run as root (no sudo here) to install ${need[*]}" >&2; exit 1; }
	sudo="sudo"
fi
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
