//go:build httparse_huge

package httparse

import "testing"

// TestHeadPast2GiB: a head longer than 2^31 bytes, which the largest
// Limits allow (a request-line and a header section of 1<<30 bytes each):
// the field lines past that offset are framed like any other, as
// fieldLineEnd's 32-bit indexes are unsigned. It takes 2 GiB of memory and
// some seconds, so it has a build tag of its own; .ci/run runs it.
func TestHeadPast2GiB(t *testing.T) {
	const line, section = 1 << 30, 1 << 30
	const empty = "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n"
	in := make([]byte, 0, len(empty)+line+2+section)
	in = append(in, empty+"GET /"...)
	in = fill(in, 'a', line-len("GET / HTTP/1.1"))
	in = append(in, " HTTP/1.1\r\nHost: h\r\nX: "...)
	in = fill(in, 'v', section-len("Host: h\r\nX: \r\nY: z\r\n\r\n"))
	in = append(in, "\r\nY: z\r\n\r\n"...)
	if len(in) <= 1<<31 {
		t.Fatalf("input of %d bytes, want more than 2^31", len(in))
	}
	p := Parser{Limits: Limits{MaxRequestLine: line, MaxHeaderBytes: section}}
	var r Request
	n, err := p.ParseHead(in, &r)
	if err != nil || n != len(in) || len(r.Header) != 3 || r.Header[2] != (Field{"Y", "z"}) {
		t.Fatalf("n=%d of %d, %v, %d fields", n, len(in), err, len(r.Header))
	}
}

// fill appends n copies of c to b, which has the room.
func fill(b []byte, c byte, n int) []byte {
	start := len(b)
	b = append(b, c)
	for len(b)-start < n {
		b = append(b, b[start:start+min(len(b)-start, n-(len(b)-start))]...)
	}
	return b
}
