#!/usr/bin/env bash
# Builds the native parsers that run.sh sets beside httparse, from Debian
# packages only, into native/build/bin:
#
#   rust-httparse  the httparse crate from librust-httparse-dev, built with
#                  cargo --offline against the directory Debian keeps crate
#                  sources in (rust/.cargo/config.toml)
#   pico-libh2o    picohttpparser as compiled into Debian's h2o library
#                  (libh2o-evloop), linked from its installed path
#
# Missing packages are installed with apt-get when running as root. Prints
# one line per parser saying what was built or why it is unavailable. Exits
# 1 when the Rust one, which the comparison needs, could not be built; the C
# one is a welcome extra.
#
#   bash bench/native/setup.sh
set -uo pipefail
cd "$(dirname "$0")"
bin="$PWD/build/bin"
mkdir -p "$bin"
check_input=../../testdata/bench/curl.http

# need PACKAGE...: installs the packages that are not installed yet.
updated=""
need() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "needs Debian packages: ${missing[*]} (apt-get install them as root)" >&2
		return 1
	fi
	echo "installing ${missing[*]}" >&2
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; then
		[ -n "$updated" ] && return 1
		updated=1
		apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	fi
}

# works BINARY: the built harness parses the check input and prints its head.
works() {
	local out
	if ! out=$("$1" -check "$check_input" 2>&1) || [ -z "$out" ]; then
		echo "$1 -check $check_input failed: $out" >&2
		return 1
	fi
}

build_rust() {
	need librust-httparse-dev || return 1
	# The directory in rust/.cargo/config.toml must be where Debian put the
	# crate sources.
	local dir
	dir=$(dpkg -L librust-httparse-dev | grep -m1 '/httparse-[0-9][^/]*$')
	dir=$(dirname "$dir")
	if ! grep -q "directory = \"$dir\"" rust/.cargo/config.toml; then
		echo "librust-httparse-dev keeps crates in $dir, not where rust/.cargo/config.toml looks" >&2
		return 1
	fi
	PATH="$PATH:$HOME/.cargo/bin"
	if ! command -v cargo >/dev/null; then
		need cargo || return 1
	fi
	(cd rust && CARGO_TARGET_DIR=../build/rust cargo build --release --offline --quiet) || return 1
	cp build/rust/release/rust-httparse "$bin/rust-httparse"
	works "$bin/rust-httparse"
}

build_pico() {
	need libh2o-evloop-dev || return 1
	cc -O2 -Wall -Wextra -std=c11 -o "$bin/pico-libh2o" pico/harness.c -lh2o-evloop || return 1
	works "$bin/pico-libh2o"
}

status=0
rm -f "$bin/rust-httparse" "$bin/pico-libh2o"
if build_rust; then
	simd=$("$bin/rust-httparse" -check "$check_input" 2>&1 >/dev/null | sed -n 's/^simd path: //p')
	echo "native: rust-httparse built: httparse $(dpkg-query -W -f='${Version}' librust-httparse-dev), $(cargo --version | cut -d' ' -f1-2), release; SIMD chosen at run time: $simd"
else
	rm -f "$bin/rust-httparse"
	echo "native: rust-httparse UNAVAILABLE (see the messages above)"
	status=1
fi
if build_pico; then
	# picohttpparser takes its SSE4.2 path only when compiled for it.
	lib=$(readlink -f "$(dpkg -L libh2o-evloop-dev | grep -m1 '/libh2o-evloop\.so$')")
	case $(objdump -d "$lib" 2>/dev/null | grep -c pcmpestri) in
	"" | 0) simd="scalar: no SSE4.2 instructions in it" ;;
	*) simd="with SSE4.2 instructions" ;;
	esac
	command -v objdump >/dev/null || simd="not checked for SSE4.2 (no objdump)"
	echo "native: pico-libh2o built: picohttpparser in Debian's libh2o-evloop $(dpkg-query -W -f='${Version}' libh2o-evloop-dev), $simd; no binary package ships the parser's source, so there is no -O2 -msse4.2 build of our own"
else
	rm -f "$bin/pico-libh2o"
	echo "native: pico-libh2o UNAVAILABLE (see the messages above)"
fi
exit $status
