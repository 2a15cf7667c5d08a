package httparse

import (
	"strings"
	"testing"
)

// TestValidHostPorts: RFC 3986 §3.2.3, port = *DIGIT. Every port of up to
// four bytes over an alphabet of digits, their neighbours and bytes no
// host holds, after hosts short and long (a port of four digits or fewer
// in a Host of eight bytes or more is checked as one word), agrees with
// the reference, and a rejected one is reported at its first non-digit.
func TestValidHostPorts(t *testing.T) {
	alphabet := []byte{'0', '5', '9', '/', ':', 'a', ' ', '%', 0x7f, 0x80, 0xb9, 0xff}
	hosts := []string{"", "a", "abc", "example", "example.com", "127.0.0.1", "[::1]", "xn--ls8h.example"}
	var ports []string
	var grow func(p string)
	grow = func(p string) {
		ports = append(ports, p)
		if len(p) < 4 {
			for _, c := range alphabet {
				grow(p + string(c))
			}
		}
	}
	grow("")
	for _, host := range hosts {
		for _, port := range ports {
			h := host + ":" + port
			bad, _ := validHost(h, false)
			want := -1
			if i := strings.IndexFunc(port, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
				want = len(host) + 1 + i
			}
			if bad != want || (bad < 0) != slowValidHost(h, false) {
				t.Fatalf("validHost(%q) = %d, want %d (reference valid: %v)", h, bad, want, slowValidHost(h, false))
			}
		}
	}
}
