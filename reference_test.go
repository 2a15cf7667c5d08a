package httparse

import (
	"slices"
	"strings"
	"testing"
)

// TestSharedFunctionsMatchReference holds the parser's functions to the reference
// parser's own versions, which are written from the RFC text, over every
// input class they tell apart: where the two were one function, a fault in
// it went unseen by the reference diff of TestParse.
func TestSharedFunctionsMatchReference(t *testing.T) {
	// token and reg-name: every byte, alone and inside a token.
	for c := 0; c < 256; c++ {
		b := byte(c)
		for _, s := range []string{string(b), "a" + string(b) + "z"} {
			if isToken(s) != slowToken(s) {
				t.Errorf("isToken(%q) = %v, reference %v", s, isToken(s), slowToken(s))
			}
		}
		if regNameChar[b] != slowRegNameChar(b) {
			t.Errorf("regNameChar[%#02x] = %v, reference %v", b, regNameChar[b], slowRegNameChar(b))
		}
	}
	if isToken("") || slowToken("") {
		t.Error("the empty string is a token")
	}

	// transfer-coding: every sequence of up to five pieces, trimmed of
	// OWS as list members are.
	pieces := []string{"gzip", "chunked", "x", ";", "=", " ", "\t", "1", `"`, `\`, `"a b"`, `"\"`, "@", "\x80", ","}
	var gen func(prefix string, n int)
	checked := 0
	gen = func(prefix string, n int) {
		if m := strings.Trim(prefix, " \t"); m == prefix && m != "" {
			checked++
			if validCoding(m) != slowCoding(m) {
				t.Errorf("validCoding(%q) = %v, reference %v", m, validCoding(m), slowCoding(m))
			}
		}
		if n == 0 {
			return
		}
		for _, p := range pieces {
			gen(prefix+p, n-1)
		}
	}
	gen("", 5)
	if checked < 100000 {
		t.Fatalf("only %d codings checked", checked)
	}

	// Trailer fields: every listed name in any case, and names one byte
	// off.
	names := append(slices.Clone(slowForbiddenTrailers), forbiddenTrailers...)
	names = append(names, "if-", "if", "if-x", "If-Schedule-Tag-Match", "ifx-match", "x-if-match")
	for _, name := range names {
		for _, s := range []string{name, strings.ToUpper(name), name + "s", name[1:], "x-" + name} {
			want := slowForbiddenTrailer(s)
			if forbiddenTrailer(s) != want {
				t.Errorf("forbiddenTrailer(%q) = %v, reference %v", s, forbiddenTrailer(s), want)
			}
		}
	}

	// Limits: zero, negative, in range and over the cap, for each field.
	for _, v := range []int{-1, 0, 1, 100, 1 << 30, 1<<30 + 1, int(^uint(0) >> 1)} {
		for _, l := range []Limits{
			{MaxRequestLine: v}, {MaxHeaderBytes: v}, {MaxHeaders: v}, {MaxBodyBytes: int64(v)},
			{MaxRequestLine: v, MaxHeaderBytes: v, MaxHeaders: v, MaxBodyBytes: int64(v)},
		} {
			if got, want := l.WithDefaults(), slowLimits(l); got != want {
				t.Errorf("%+v.WithDefaults() = %+v, reference %+v", l, got, want)
			}
		}
	}
}
