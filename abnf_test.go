package httparse

import (
	"strings"
	"testing"

	"github.com/ae7539e0/httparse/internal/ascii"
)

// TestTables rebuilds every byte-class table from the RFC's wording and
// compares all 256 entries.
func TestTables(t *testing.T) {
	vchar := func(c int) bool { return 0x21 <= c && c <= 0x7e }
	tests := []struct {
		name  string
		table *[256]bool
		want  func(c int) bool
	}{
		// RFC 9110 §5.6.2: any VCHAR except the delimiters.
		{"tchar", &tchar, func(c int) bool {
			return vchar(c) && !strings.ContainsRune(`"(),/:;<=>?@[\]{}`, rune(c))
		}},
		// RFC 9110 §5.5: HTAB, SP, VCHAR, obs-text.
		{"fieldContent", &fieldContent, func(c int) bool {
			return c == '\t' || c == ' ' || vchar(c) || c >= 0x80
		}},
		// Every VCHAR but "#", "\" and "%" (see the table's comment).
		{"targetChar", &targetChar, func(c int) bool {
			return vchar(c) && c != '#' && c != '\\' && c != '%'
		}},
		// RFC 3986 §3.2.2: unreserved / sub-delims.
		{"regNameChar", &regNameChar, func(c int) bool {
			alnum := 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
			return alnum && c < 0x80 || strings.ContainsRune("-._~!$&'()*+,;=", rune(c))
		}},
	}
	for _, tt := range tests {
		for c := 0; c < 256; c++ {
			if got, want := tt.table[c], tt.want(c); got != want {
				t.Errorf("%s[%#02x] = %v, want %v", tt.name, c, got, want)
			}
		}
	}
	for c := 0; c < 256; c++ {
		// HEXDIG, case-insensitive (RFC 5234 B.1).
		want := byte(0xff)
		if strings.IndexByte("0123456789abcdefABCDEF", byte(c)) >= 0 {
			want = byte(strings.IndexByte("0123456789abcdef", byte(c)|0x20))
		}
		if unhex[c] != want {
			t.Errorf("unhex[%#02x] = %#x, want %#x", c, unhex[c], want)
		}
	}
}

// TestScanners checks the eight-bytes-at-a-time scanners against their
// tables, for every byte at every position of a 24-byte run.
func TestScanners(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 24; pos++ {
			v := []byte(strings.Repeat("a", 24))
			v[pos] = byte(c)
			want := len(v)
			if !fieldContent[c] {
				want = pos
			}
			if got := valueEnd(v, 0, len(v)); got != want {
				t.Fatalf("valueEnd: byte %#02x at %d: got %d, want %d", c, pos, got, want)
			}
			want = len(v)
			if !tchar[c] {
				want = pos
			}
			if got := tokenEnd(v, 0); got != want {
				t.Fatalf("tokenEnd: byte %#02x at %d: got %d, want %d", c, pos, got, want)
			}
		}
	}
}

// TestByteClasses checks the single-byte functions against RFC 5234 B.1
// (ALPHA, DIGIT) and RFC 9110 §5.6.3 (OWS) for all 256 bytes, and the
// ASCII folding of RFC 9110 §5.1 that equalFold and lower apply.
func TestByteClasses(t *testing.T) {
	const upper, lowerCase, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
	for c := 0; c < 256; c++ {
		b := byte(c)
		alpha := strings.IndexByte(upper+lowerCase, b) >= 0
		if isAlpha(b) != alpha {
			t.Errorf("isAlpha(%#02x) = %v", b, !alpha)
		}
		if digit := strings.IndexByte(digits, b) >= 0; isDigit(b) != digit {
			t.Errorf("isDigit(%#02x) = %v", b, !digit)
		}
		if ows := b == ' ' || b == '\t'; isOWS(b) != ows {
			t.Errorf("isOWS(%#02x) = %v", b, !ows)
		}
		want := b
		if i := strings.IndexByte(upper, b); i >= 0 {
			want = lowerCase[i]
		}
		if ascii.Lower(b) != want {
			t.Errorf("ascii.Lower(%#02x) = %#02x, want %#02x", b, ascii.Lower(b), want)
		}
		if got := equalFold(string([]byte{b}), string([]byte{want})); !got {
			t.Errorf("equalFold(%q, %q) = false", b, want)
		}
		if got, wantEq := equalFold(string([]byte{b}), "k"), want == 'k'; got != wantEq {
			t.Errorf("equalFold(%q, \"k\") = %v", b, got)
		}
	}
	if equalFold("ab", "a") || equalFold("a", "ab") || !equalFold("", "") {
		t.Error("equalFold on different lengths")
	}
}
