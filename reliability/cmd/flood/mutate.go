package main

import (
	"bytes"
	"math/rand/v2"
)

// maxMutant bounds a mutated input; past the parser's limits (64 KiB of
// header) more bytes test nothing new.
const maxMutant = 128 << 10

// interesting are bytes that sit on the grammar's edges: line ends, the
// field separator, list separators, NUL, DEL and obs-text.
var interesting = []byte{'\r', '\n', 0, ' ', '\t', ':', ',', ';', '"', 0x7f, 0x80, 0xff, '0', 'f'}

// lines are field lines that change the framing or hide one in another.
var lines = [][]byte{
	[]byte("Transfer-Encoding: chunked\r\n"),
	[]byte("Transfer-Encoding: chunked, identity\r\n"),
	[]byte("Transfer-Encoding : chunked\r\n"),
	[]byte("Content-Length: 5\r\n"),
	[]byte("Content-Length: -1\r\n"),
	[]byte("Content-Length: 99999999999999999999\r\n"),
	[]byte(" folded: continuation\r\n"),
	[]byte("Host: a\r\n"),
	[]byte("Expect: 100-continue\r\n"),
	[]byte("Connection: close\r\n"),
	[]byte("X: \x00\r\n"),
}

// mutate returns a changed copy of in, made of one to four random edits.
func mutate(r *rand.Rand, in []byte, other []byte) []byte {
	b := append([]byte(nil), in...)
	for n := 1 + r.IntN(4); n > 0; n-- {
		b = edit(r, b, other)
		if len(b) > maxMutant {
			b = b[:maxMutant]
		}
	}
	return b
}

func edit(r *rand.Rand, b, other []byte) []byte {
	pos := func() int { return r.IntN(len(b) + 1) }
	switch r.IntN(10) {
	case 0: // flip one bit
		if len(b) > 0 {
			b[r.IntN(len(b))] ^= 1 << r.IntN(8)
		}
	case 1: // insert an edge byte
		i := pos()
		b = append(b[:i], append([]byte{interesting[r.IntN(len(interesting))]}, b[i:]...)...)
	case 2: // delete a range
		if len(b) > 0 {
			i := r.IntN(len(b))
			j := i + 1 + r.IntN(min(16, len(b)-i))
			b = append(b[:i], b[j:]...)
		}
	case 3: // duplicate a line
		if i := bytes.Index(b, []byte("\r\n")); i >= 0 {
			k := r.IntN(i + 1)
			start := bytes.LastIndexByte(b[:k], '\n') + 1
			end := bytes.IndexByte(b[k:], '\n')
			if end >= 0 {
				line := append([]byte(nil), b[start:k+end+1]...)
				b = append(b[:start], append(line, b[start:]...)...)
			}
		}
	case 4: // CRLF becomes a bare LF
		if i := bytes.Index(b[r.IntN(len(b)+1):], []byte("\r\n")); i >= 0 {
			b = append(b[:i], b[i+1:]...)
		}
	case 5: // insert a framing line after the request-line
		if i := bytes.Index(b, []byte("\r\n")); i >= 0 {
			l := lines[r.IntN(len(lines))]
			b = append(b[:i+2], append(append([]byte(nil), l...), b[i+2:]...)...)
		}
	case 6: // truncate
		b = b[:pos()]
	case 7: // splice with another seed
		if len(other) > 0 {
			i, j := pos(), r.IntN(len(other))
			b = append(b[:i:i], other[j:]...)
		}
	case 8: // repeat a chunk many times: limits
		if len(b) > 0 {
			i := r.IntN(len(b))
			j := i + 1 + r.IntN(min(32, len(b)-i))
			chunk := append([]byte(nil), b[i:j]...)
			rep := bytes.Repeat(chunk, 1+r.IntN(4096))
			b = append(b[:i], append(rep, b[i:]...)...)
		}
	case 9: // a random byte anywhere
		if len(b) > 0 {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
	}
	return b
}
