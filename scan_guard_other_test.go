//go:build !linux

package httparse

import "testing"

// guardedWindow returns n bytes. Only on Linux does an unmapped page follow
// them (scan_guard_linux_test.go); elsewhere the checks against the tables
// still run.
func guardedWindow(t *testing.T, n int) []byte {
	return make([]byte, n)
}
