// Package bench measures httparse next to the parsers and servers a Go
// programmer would pick instead: net/http and fasthttp.
//
// It is a module of its own so that fasthttp never becomes a dependency of
// httparse. The parser comparison is a set of benchmarks over the request
// files in ../testdata/bench (run.sh runs and summarises them); the server
// comparison is server.sh, which drives serve/cmd and the two reference
// servers in nethttpserver/ and fasthttpserver/ with wrk.
package bench
