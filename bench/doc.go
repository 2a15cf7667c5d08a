// Package bench measures httparse next to the parsers and servers a Go
// programmer would pick instead: net/http and fasthttp.
//
// It is a module of its own so that fasthttp never becomes a dependency of
// httparse. The parser comparison is a set of benchmarks over the request
// files in ../testdata/bench (run.sh runs and summarises them). run.sh
// also times, in the same rounds, Rust's httparse crate and picohttpparser,
// which native/setup.sh builds from Debian packages, and cachegrind.sh
// counts the instructions of each head parser. The server comparison is
// server.sh, which drives serve/cmd and the two reference servers in
// nethttpserver/ and fasthttpserver/ with wrk. README.md tells more.
package bench
