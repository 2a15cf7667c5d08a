package httparse

import "unsafe"

// aliasString returns a string that shares b's memory instead of copying it.
//
// This is the package's only use of unsafe, and the reason Parser.Parse
// makes no allocation: every string of a Request is a substring of one
// aliased head. BenchmarkAliasString compares it with string(b): on the
// 880-byte browser request, converting the head and its fields with copies
// costs one allocation per string (17 on that input) and about twice the time.
//
// The caller promises that b is not modified while the string is in use;
// Parser.Parse passes that promise on to its caller in its documentation.
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
