package httparse

import "unsafe"

// aliasString returns a string that shares b's memory instead of copying it.
//
// This and rebase are the package's only uses of unsafe, and the reason Parser.Parse
// makes no allocation: every string of a Request is a substring of one
// aliased head. BenchmarkAliasString measures the alternative, copying the
// method, target and fields: an allocation per string, and more time than
// the parse itself (bench/results/history.md).
//
// The caller promises that b is not modified while the string is in use;
// Parser.Parse passes that promise on to its caller in its documentation.
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// rebase returns s re-pointed into cur when s is a substring of old, at the
// same offset, and s itself otherwise (a string the Request owns, such as a
// decoded path). old and cur hold the same bytes at two addresses: the
// caller moved its buffer between two calls. It lets a Parser carry a
// Request's strings over to the moved buffer without parsing anything
// again; old stays alive as long as strings still point into it.
func rebase(s, old, cur string) string {
	if len(s) == 0 {
		return s
	}
	off := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(unsafe.StringData(old)))
	if off >= uintptr(len(old)) {
		return s
	}
	return cur[off : off+uintptr(len(s))]
}

// oldInput returns the n bytes at base, as aliasString returned them when
// base was the start of the input, for rebase.
func oldInput(base *byte, n int) string {
	if base == nil || n == 0 {
		return ""
	}
	return unsafe.String(base, n)
}
