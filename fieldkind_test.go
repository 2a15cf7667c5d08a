package httparse

import (
	"strings"
	"testing"

	"github.com/ae7539e0/httparse/internal/ascii"
)

// TestKindOf checks the word-at-a-time matcher against the table of
// interpreted names: every name in any case is its kind, and every name
// one byte away (each position changed to each tchar) is fieldOther.
func TestKindOf(t *testing.T) {
	for _, f := range specialFields {
		for _, name := range []string{f.name, strings.ToUpper(f.name), strings.ToUpper(f.name[:1]) + f.name[1:]} {
			if got := kindOf([]byte(name)); got != f.kind {
				t.Errorf("kindOf(%q) = %v, want %v", name, got, f.kind)
			}
			if !maySpecial(len(name), name[0]) {
				t.Errorf("maySpecial(%d, %q) = false for %q", len(name), name[0], name)
			}
		}
		for i := range len(f.name) {
			for c := 0; c < 256; c++ {
				if !tchar[c] {
					continue
				}
				b := []byte(f.name)
				b[i] = byte(c)
				want := fieldOther
				if ascii.EqualFold(string(b), f.name) {
					want = f.kind
				}
				if got := kindOf(b); got != want {
					t.Errorf("kindOf(%q) = %v, want %v", b, got, want)
				}
			}
		}
		if got := kindOf([]byte(f.name + "x")); got != fieldOther {
			t.Errorf("kindOf(%q) = %v, want fieldOther", f.name+"x", got)
		}
	}
	// The gate passes a length and a first byte only where some entry has
	// both, the byte in either case.
	for n := range 200 {
		for c := range 256 {
			want := false
			for _, f := range specialFields {
				want = want || len(f.name) == n && ascii.EqualFold(f.name[:1], string(rune(c)))
			}
			if got := maySpecial(n, byte(c)); got != want {
				t.Errorf("maySpecial(%d, %q) = %v, want %v", n, byte(c), got, want)
			}
		}
	}
}

// TestNameKind: a Header built by a caller may hold names that are no
// tokens, on which kindOf's fold is not exact ("\r" folds to "-"); nameKind
// confirms every match. RFC 9110 §5.1: names compare after ASCII case
// folding only.
func TestNameKind(t *testing.T) {
	for _, f := range specialFields {
		if got := nameKind(strings.ToUpper(f.name)); got != f.kind {
			t.Errorf("nameKind(%q) = %v, want %v", strings.ToUpper(f.name), got, f.kind)
		}
	}
	for _, name := range []string{"content\rlength", "transfer\rencoding", "Content-Lengt", "hos", "", "Content_Length", "host\x00"} {
		if got := nameKind(name); got != fieldOther {
			t.Errorf("nameKind(%q) = %v, want fieldOther", name, got)
		}
	}
	// BodyFraming, on such a header, sees no framing field.
	kind, _, err := BodyFraming(Header{{Name: "Content\rLength", Value: "5"}}, 1, 100)
	if kind != NoBody || err != nil {
		t.Errorf("BodyFraming(Content\\rLength: 5) = %v, %v; want NoBody", kind, err)
	}
}

// TestSpecialIndexEveryLength: specialFields may hold a name of any length
// from 4 to maxSpecialName bytes (the words kindOf compares change size at
// 8 and gain a middle one past 16), not only the lengths it holds now. For
// each length a name of it replaces the entry of that length, or the first,
// the index is rebuilt, and kindOf and nameKind must find it in any case
// and miss it with any one byte changed.
func TestSpecialIndexEveryLength(t *testing.T) {
	saved, savedByLen := specialFields, specialByLen
	defer func() { specialFields, specialByLen = saved, savedByLen }()
	for n := 4; n <= maxSpecialName; n++ {
		name := "abcdefghijklmnopqrstuvwxyz"[:n]
		specialFields = saved
		k := 0
		for i, f := range specialFields {
			if len(f.name) == n {
				k = i
			}
		}
		specialFields[k].name = name
		want := specialFields[k].kind
		ok := func() (ok bool) {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%d-byte name %q: specialIndex panicked: %v", n, name, p)
				}
			}()
			specialByLen = specialIndex()
			return true
		}()
		if !ok {
			continue
		}
		upper := strings.ToUpper(name)
		if got := kindOf([]byte(name)); got != want {
			t.Errorf("kindOf(%q) = %v, want %v", name, got, want)
		}
		if got := kindOf([]byte(upper)); got != want {
			t.Errorf("kindOf(%q) = %v, want %v", upper, got, want)
		}
		if got := nameKind(upper); got != want || !maySpecial(n, upper[0]) {
			t.Errorf("%d bytes: nameKind(%q) = %v, maySpecial %v; want %v, true", n, upper, got, maySpecial(n, upper[0]), want)
		}
		for i := range n {
			b := []byte(name)
			b[i] = '0'
			if got := kindOf(b); got != fieldOther {
				t.Errorf("kindOf(%q) = %v, want fieldOther", b, got)
			}
		}
	}
}
