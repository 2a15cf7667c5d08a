//go:build !amd64 || purego

package httparse

// scanLevels: without vector code, the scanners' one path.
func scanLevels() []scanLevel {
	return []scanLevel{{"scalar", func() func() { return func() {} }}}
}
