package httparse

// normalize(b, kinds) is the strict message a Parser with kinds reads b
// as: in the lines of the header and trailer sections a bare LF becomes
// CRLF; a fold the parser accepts becomes one SP; a raw byte %x80-FF in the
// request-target (outside its authority) becomes its "%XX"; and an HTTP/1.1
// head without Host gets an empty Host line before its final empty line.
// FuzzLeniency compares a lenient Parser on b with the strict one on it.

import (
	"bytes"
	"strings"
	"testing"
)

// normalized is the result of normalize.
type normalized struct {
	out       []byte
	pos       []int // pos[i] is where b[i] went in out; pos[len(b)] == len(out)
	addedHost bool  // a Host line was added at the end of the header section
}

type normalizer struct {
	b     []byte
	kinds Leniency
	normalized
}

func (z *normalizer) emit(from, to int) {
	for j := from; j < to; j++ {
		z.pos[j] = len(z.out)
		z.out = append(z.out, z.b[j])
	}
}

// drop maps b[from:to] to the current end of out without copying it.
func (z *normalizer) drop(from, to int) {
	for j := from; j < to; j++ {
		z.pos[j] = len(z.out)
	}
}

// line finds the line at i: its content b[i:e] and the index after its
// line end. ok is false when no line end the kinds accept follows.
func (z *normalizer) line(i int) (e, next int, ok bool) {
	lf := bytes.IndexByte(z.b[i:], '\n')
	if lf < 0 {
		return 0, 0, false
	}
	lf += i
	if lf > i && z.b[lf-1] == '\r' {
		return lf - 1, lf + 1, true
	}
	return lf, lf + 1, z.kinds&AllowBareLF != 0
}

// lineEnd writes the line end of a line with content ending at e and the
// next line at next as CRLF.
func (z *normalizer) lineEnd(e, next int) {
	z.drop(e, next)
	z.out = append(z.out, '\r', '\n')
}

func normalize(b []byte, kinds Leniency) normalized {
	z := &normalizer{b: b, kinds: kinds}
	z.pos = make([]int, len(b)+1)
	i := z.head()
	z.emit(i, len(b))
	z.pos[len(b)] = len(z.out)
	return z.normalized
}

// head normalizes up to the end of what it can read of the message and
// returns where it stopped.
func (z *normalizer) head() int {
	b, i := z.b, 0
	for i < len(b) && (b[i] == '\r' || b[i] == '\n') {
		e, next, ok := z.line(i)
		if !ok || e != i {
			return i
		}
		z.lineEnd(e, next)
		i = next
	}
	e, next, ok := z.line(i)
	if !ok {
		return i
	}
	z.requestLine(i, e)
	z.lineEnd(e, next)
	minor0 := bytes.HasSuffix(b[i:e], []byte(" HTTP/1.0"))
	i = next
	hostSeen := false
	for {
		e, next, ok := z.line(i)
		if !ok {
			return i
		}
		if e == i {
			if z.kinds&AllowMissingHost != 0 && !hostSeen && !minor0 {
				z.out = append(z.out, "Host: \r\n"...)
				z.addedHost = true
			}
			z.lineEnd(e, next)
			return z.body(next)
		}
		name, _, _ := bytes.Cut(b[i:e], []byte(":"))
		hostSeen = hostSeen || equalFold(string(name), "host")
		i = z.fieldLine(i, e, next, name)
	}
}

// requestLine writes the request-line b[i:e], raw target bytes escaped
// outside an authority.
func (z *normalizer) requestLine(i, e int) {
	b := z.b
	sp := bytes.IndexByte(b[i:e], ' ')
	if z.kinds&AllowRawTargetBytes == 0 || sp < 0 {
		z.emit(i, e)
		return
	}
	ts := i + sp + 1
	te := e
	if j := bytes.IndexByte(b[ts:e], ' '); j >= 0 {
		te = ts + j
	}
	as, ae := te, te // the authority, left as sent
	switch {
	case string(b[i:ts-1]) == "CONNECT":
		as = ts
	case ts < te && b[ts] != '/':
		if c := bytes.IndexByte(b[ts:te], ':'); c >= 0 && bytes.HasPrefix(b[ts+c+1:te], []byte("//")) {
			as, ae = ts+c+3, te
			for j := as; j < te; j++ {
				if b[j] == '/' || b[j] == '?' {
					ae = j
					break
				}
			}
		}
	}
	z.emit(i, ts)
	for j := ts; j < te; j++ {
		if c := b[j]; c >= 0x80 && (j < as || j >= ae) {
			z.pos[j] = len(z.out)
			z.out = append(z.out, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			continue
		}
		z.emit(j, j+1)
	}
	z.emit(te, e)
}

// fieldLine writes the field line with content b[i:e], and the lines
// folded onto it when the parser would unfold them, and returns the start
// of the next line.
func (z *normalizer) fieldLine(i, e, next int, name []byte) int {
	b := z.b
	if z.kinds&AllowObsFold == 0 || bytes.IndexByte(b[i:e], ':') < 0 || interpreted(string(name)) {
		z.emit(i, e)
		z.lineEnd(e, next)
		return next
	}
	end := e
	for next < len(b) && isOWS(b[next]) {
		ce, cnext, ok := z.line(next)
		if !ok {
			ce, cnext = len(b), len(b) // a continuation still arriving
		}
		if hidesField(b[next:ce]) {
			break
		}
		// OWS line-end RWS becomes one SP.
		_, ve := trimOWS(b, i, end)
		cs, _ := trimOWS(b, next, ce)
		z.emit(i, ve)
		z.drop(ve, cs)
		z.out = append(z.out, ' ')
		i, end, next = cs, ce, cnext
		if !ok {
			z.emit(i, end)
			return end
		}
	}
	z.emit(i, end)
	z.lineEnd(end, next)
	return next
}

// interpreted reports whether the parser interprets the field named name,
// which it never unfolds.
func interpreted(name string) bool {
	for _, n := range []string{"host", "connection", "content-length", "transfer-encoding"} {
		if equalFold(name, n) {
			return true
		}
	}
	return false
}

// hidesField reports whether a continuation line reads as a field line:
// RWS, a token, OWS, ":".
func hidesField(line []byte) bool {
	s := strings.TrimLeft(string(line), " \t")
	name, _, found := strings.Cut(s, ":")
	name = strings.TrimRight(name, " \t")
	return found && name != "" && isToken(name)
}

// body writes a chunked body's lines, whose trailer lines may end in a
// bare LF, and returns where the message ends, or where it stopped
// understanding it.
func (z *normalizer) body(i int) int {
	b := z.b
	p := Parser{Limits: strictForNormalized}
	var r Request
	if _, err := p.ParseHead(z.out, &r); err != nil || !r.Chunked {
		return i
	}
	for {
		lf := bytes.IndexByte(b[i:], '\n')
		if lf <= 0 || b[i+lf-1] != '\r' {
			return i
		}
		size, digits := int64(0), 0
		for digits < 16 && i+digits < len(b) && unhex[b[i+digits]] != 0xff {
			size = size<<4 | int64(unhex[b[i+digits]])
			digits++
		}
		// Sixteen digits may overflow int64 ("8000000000000000"): a
		// negative size is past the input as well.
		if digits == 0 || size < 0 || size > int64(len(b)) {
			return i
		}
		if size == 0 {
			z.emit(i, i+lf+1)
			i += lf + 1
			break
		}
		end := i + lf + 1 + int(size) + 2
		if end > len(b) {
			return i
		}
		z.emit(i, end)
		i = end
	}
	for {
		e, next, ok := z.line(i)
		if !ok {
			return i
		}
		empty := e == i
		z.emit(i, e)
		z.lineEnd(e, next)
		i = next
		if empty {
			return i
		}
	}
}

// escapeHigh is s with every byte %x80-FF written as "%XX".
func escapeHigh(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			out = append(out, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		} else {
			out = append(out, c)
		}
	}
	return string(out)
}

// TestNormalize pins normalize on one input per kind, so that FuzzLeniency
// compares against the intended strict message.
func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		kinds   Leniency
		in, out string
	}{
		{AllowBareLF, "\nGET / HTTP/1.1\nHost: h\r\n\nrest\n", "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\nrest\n"},
		{AllowBareLF, "GET / HTTP/1.1\nHost: h\n\n", "GET / HTTP/1.1\r\nHost: h\r\n\r\n"},
		{0, "GET / HTTP/1.1\nHost: h\n\n", "GET / HTTP/1.1\nHost: h\n\n"},
		{AllowBareLF, "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n1\r\n\n\r\n0\r\nT: v\n\nX\n",
			"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n\n\r\n0\r\nT: v\r\n\r\nX\n"},
		{AllowObsFold, "GET / HTTP/1.1\r\nX: a \r\n \r\n\t b \r\nHost: h\r\n\r\n", "GET / HTTP/1.1\r\nX: a  b \r\nHost: h\r\n\r\n"},
		{AllowObsFold, "GET / HTTP/1.1\r\nHost: h\r\n i\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\r\n i\r\n\r\n"},
		{AllowObsFold, "GET / HTTP/1.1\r\nX: a\r\n Y: b\r\n\r\n", "GET / HTTP/1.1\r\nX: a\r\n Y: b\r\n\r\n"},
		{AllowRawTargetBytes, "GET http://\xc3\xa9/\xc3\xa9?\xff HTTP/1.1\r\n", "GET http://\xc3\xa9/%C3%A9?%FF HTTP/1.1\r\n"},
		{AllowRawTargetBytes, "CONNECT \xc3\xa9:1 HTTP/1.1\r\n", "CONNECT \xc3\xa9:1 HTTP/1.1\r\n"},
		{AllowMissingHost, "GET / HTTP/1.1\r\nA: b\r\n\r\n", "GET / HTTP/1.1\r\nA: b\r\nHost: \r\n\r\n"},
		{AllowMissingHost, "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"},
	} {
		z := normalize([]byte(tc.in), tc.kinds)
		if string(z.out) != tc.out {
			t.Errorf("normalize(%q, %s) = %q, want %q", tc.in, lenientName(tc.kinds), z.out, tc.out)
		}
		if z.pos[len(tc.in)] != len(z.out) {
			t.Errorf("normalize(%q): end maps to %d of %d", tc.in, z.pos[len(tc.in)], len(z.out))
		}
	}
}
