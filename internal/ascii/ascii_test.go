package ascii

import "testing"

func TestLower(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := byte(c)
		if 'A' <= c && c <= 'Z' {
			want = byte(c) + 32
		}
		if got := Lower(byte(c)); got != want {
			t.Errorf("Lower(%#x) = %#x, want %#x", c, got, want)
		}
	}
}

func TestEqualFold(t *testing.T) {
	tests := []struct {
		s, t string
		want bool
	}{
		{"Content-Length", "content-length", true},
		{"HOST", "host", true},
		{"host", "HOST", true},
		{"", "", true},
		{"host", "hos", false},
		{"hosT", "hose", false},
		{"\u212a", "k", false}, // Kelvin sign: no Unicode folding
		{"[", "{", false},      // 0x5b vs 0x7b differ by 0x20 but are not letters
		{"@", "`", false},
	}
	for _, tt := range tests {
		if got := EqualFold(tt.s, tt.t); got != tt.want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", tt.s, tt.t, got, tt.want)
		}
	}
}
