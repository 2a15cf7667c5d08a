package httparse

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodeAll feeds in to a ChunkedDecoder in the pieces given by cuts (as a
// reader would: unconsumed bytes stay in front of the next piece) and
// returns the body, trailers, bytes consumed and error.
func decodeAll(in string, lim Limits, cuts ...int) (string, Header, int, error) {
	d := ChunkedDecoder{Limits: lim}
	var body []byte
	var pending []byte
	consumed := 0
	prev := 0
	for _, cut := range append(cuts, len(in)) {
		pending = append(pending, in[prev:cut]...)
		prev = cut
		var n int
		var err error
		body, n, err = d.Decode(body, pending)
		consumed += n
		pending = pending[n:]
		if err != ErrIncomplete {
			return string(body), d.Trailer, consumed, err
		}
	}
	return string(body), d.Trailer, consumed, ErrIncomplete
}

// chunkedCase is a ChunkedDecoder table case; rule is its SPEC.md section.
type chunkedCase struct {
	rule, name string
	in         string // "‸" marks the offending byte
	lim        Limits
	body       string
	trailer    Header
	n          int // 0: the whole input
	err        *Error
}

var chunkedCases = []chunkedCase{
	{rule: "RFC 9112 §7.1", name: "two chunks, then the next message",
		in: "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nGET / HTTP/1.1\r\n", body: "abcde", n: 20},
	{rule: "RFC 9112 §7.1.2", name: "trailers are copied",
		in: "1\r\nx\r\n0\r\nA: 1\r\nB:  2 \r\n\r\n", body: "x", trailer: Header{{"A", "1"}, {"B", "2"}}},
	{rule: "RFC 9112 §7.1.1", name: "extensions",
		in: "1;a=b;c=\"q\"\r\nx\r\n0;z\r\n\r\n", body: "x"},
	{rule: "RFC 9112 §7.1", name: "bare CR after data",
		in: "1\r\nx‸\rx0\r\n\r\n", err: rej(400, rfc9112_7_1, "bare CR after chunk-data")},
	{rule: "RFC 9112 §7.1", name: "non-hex size",
		in: "‸g\r\n", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "negative size",
		in: "‸-1\r\n", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "underscore in size",
		in: "1‸_0\r\n", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "invalid size before the line ends",
		in: "1‸x", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "bare CR after the size",
		in: "1‸\rx", err: rej(400, rfc9112_7_1, "bare CR in chunk-size line")},
	{rule: "RFC 9112 §7.1.1", name: "bare CR in an extension",
		in: "1;a‸\rx", err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1.1", name: "extensions with BWS, without a value, with a quoted pair",
		in: "1 ;\ta = b ; c\t;d=\"\\\"\"\r\nx\r\n0\r\n\r\n", body: "x"},
	{rule: "RFC 9112 §7.1.1", name: "extension with an empty value",
		in: "1;a=‸\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "extension with an empty value before another",
		in: "1;a=‸;b=c\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "extension with an unterminated quoted value",
		in: "1;a=\"b‸\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "a second token after an extension value",
		in: "1;a=b ‸c\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension")},
	{rule: "RFC 9112 §7.1.1", name: "extension without a name",
		in: "1;‸=b\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension name")},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size line too long after a chunk",
		in:  "1\r\nx\r\n1;a=" + strings.Repeat("x", maxChunkLine-4) + "‸x\r\nx\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk-size line too long")},
	{rule: "RFC 9112 §7.1", name: "sixteen digits of chunk-size",
		in: "0000000000000001\r\nx\r\n0\r\n\r\n", body: "x"},
	{rule: "RFC 9112 §7.1", name: "seventeen digits of chunk-size",
		in:  "1\r\nx\r\n0000000000000000‸1\r\nx\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-size longer than 16 digits")},
	{rule: "RFC 9112 §7.1", name: "body exactly at the limit",
		in: "4\r\nabcd\r\n1\r\ne\r\n0\r\n\r\n", lim: Limits{MaxBodyBytes: 5}, body: "abcde"},
	{rule: "RFC 9112 §7.1", name: "a space before the chunk-size",
		in: "‸ 1\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1", name: "non-hex size after a chunk",
		in: "1\r\nx\r\n‸g\r\n", err: rej(400, rfc9112_7_1, "invalid chunk-size")},
	{rule: "RFC 9112 §7.1.1", name: "extension value ending in a backslash",
		in: "1;a=\"\\‸\r\nx\r\n0\r\n\r\n", err: rej(400, rfc9112_711, "invalid chunk extension value")},
	{rule: "RFC 9112 §7.1.1", name: "extension bytes exactly at the limit",
		in:   strings.Repeat("1;"+strings.Repeat("e", 1023)+"\r\nx\r\n", 16) + "0\r\n\r\n",
		body: strings.Repeat("x", 16)},
	{rule: "RFC 9112 §7.1", name: "bare LF in last chunk",
		in: "0‸\n\r\n", err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{rule: "RFC 9112 §7.1", name: "bare LF ends the trailer section",
		in: "0\r\n‸\n", err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{rule: "RFC 9112 §7.1", name: "body limit",
		in: "4\r\nabcd\r\n‸2\r\nef\r\n0\r\n\r\n", lim: Limits{MaxBodyBytes: 5},
		err: rej(413, rfc9112_7_1, "chunked body exceeds body limit")},
	{rule: "RFC 9112 §7.1.1", name: "extension bytes limit",
		in:  strings.Repeat("1;"+strings.Repeat("e", 1000)+"\r\nx\r\n", 16) + "1;" + strings.Repeat("e", 1000) + "‸\r\nx\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk extensions too large")},
	{rule: "RFC 9112 §7.1.2", name: "NUL in a trailer field name",
		in: "0\r\nT‸\x00: v\r\n\r\n", err: rej(400, rfc9112_5, "NUL in field name")},
	{rule: "RFC 6585 §5", name: "trailer count limit",
		in: "0\r\nA: 1\r\n‸B: 2\r\n\r\n", lim: Limits{MaxHeaders: 1},
		err: rej(431, rfc6585_5, "too many trailer fields")},
	// The trailer section, its final CRLF included, has MaxHeaderBytes.
	{rule: "RFC 6585 §5", name: "trailer section exactly at the limit",
		in: "0\r\nA: 1234567890\r\n\r\n", lim: Limits{MaxHeaderBytes: 17}, trailer: Header{{"A", "1234567890"}}},
	{rule: "RFC 6585 §5", name: "trailer section one byte over the limit",
		in: "0\r\nA: 1234567890\r\n\r‸\n", lim: Limits{MaxHeaderBytes: 16},
		err: rej(431, rfc6585_5, "trailer section too large")},
	{rule: "RFC 6585 §5", name: "trailer bytes limit",
		in: "0\r\nA: 1234567890‸\r\n\r\n", lim: Limits{MaxHeaderBytes: 13},
		err: rej(431, rfc6585_5, "trailer section too large")},
	// A line that fills the budget without its line end is refused when
	// the byte past the budget comes, and at that byte.
	{rule: "RFC 6585 §5", name: "trailer line filling the budget, then a byte past it",
		in: "0\r\nX: vw‸z", lim: Limits{MaxHeaderBytes: 5},
		err: rej(431, rfc6585_5, "trailer section too large")},
	// A CR on the budget's last byte is judged with the byte after it,
	// which is past the budget: the budget's error, whole or in pieces.
	{rule: "RFC 6585 §5", name: "trailer CR on the last byte of the budget, then no LF",
		in: "0\r\nX: v\r‸w", lim: Limits{MaxHeaderBytes: 5},
		err: rej(431, rfc6585_5, "trailer section too large")},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size CR on the last byte of the budget, then no LF",
		in:  "1;a" + strings.Repeat("x", maxChunkLine-4) + "\r‸x\r\nx\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk-size line too long")},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size line of the whole budget, CRLF included",
		in: "1;a" + strings.Repeat("x", maxChunkLine-5) + "\r\nx\r\n0\r\n\r\n", body: "x"},
	{rule: "RFC 9112 §7.1.1", name: "chunk-size line one byte over the budget with its CRLF",
		in:  "1;a" + strings.Repeat("x", maxChunkLine-4) + "\r‸\nx\r\n0\r\n\r\n",
		err: rej(400, rfc9112_711, "chunk-size line too long")},
	{rule: "RFC 9110 §6.5.1", name: "Transfer-Encoding trailer",
		in: "0\r\n‸Transfer-Encoding: chunked\r\n\r\n", err: rej(400, rfc9110_651, "field not allowed in trailer section")},
}

func TestChunkedDecoder(t *testing.T) {
	for _, tc := range chunkedCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			off := strings.Index(tc.in, mark)
			in := strings.Replace(tc.in, mark, "", 1)
			wantN := tc.n
			if wantN == 0 {
				wantN = len(in)
			}
			var wantErr error
			if tc.err != nil {
				e := *tc.err
				e.Offset = off
				wantErr = &e
			}
			check := func(desc string, body string, trailer Header, n int, err error) {
				t.Helper()
				if diff := cmp.Diff(wantErr, err, cmp.Comparer(func(a, b error) bool {
					var ea, eb *Error
					if errors.As(a, &ea) && errors.As(b, &eb) {
						return *ea == *eb
					}
					return a == b
				})); diff != "" {
					t.Fatalf("%s: error mismatch (-want +got):\n%s", desc, diff)
				}
				if err != nil {
					return
				}
				if body != tc.body || n != wantN {
					t.Fatalf("%s: body %q n %d, want %q %d", desc, body, n, tc.body, wantN)
				}
				if diff := cmp.Diff(tc.trailer, trailer); diff != "" {
					t.Fatalf("%s: trailer (-want +got):\n%s", desc, diff)
				}
			}
			body, trailer, n, err := decodeAll(in, tc.lim)
			check("whole", body, trailer, n, err)
			for k := 0; k <= len(in); k++ {
				body, trailer, n, err := decodeAll(in, tc.lim, k)
				check("split", body, trailer, n, err)
			}
			cuts := make([]int, len(in))
			for k := range cuts {
				cuts[k] = k
			}
			body, trailer, n, err = decodeAll(in, tc.lim, cuts...)
			check("byte by byte", body, trailer, n, err)
			if e, ok := wantErr.(*Error); ok {
				if end := SyntaxErrorEnd(e, []byte(in)); end >= 0 {
					// A syntax error is decided by the bytes up to it.
					_, _, _, err := decodeAll(in[:end], tc.lim)
					check("the bytes up to the syntax error", "", nil, 0, err)
				}
			}
		})
	}
}

// TestTrailerBudgetFullWaits: a trailer line that fills what is left of
// MaxHeaderBytes with no line end yet is not refused until a byte past the
// budget arrives, so the error's Offset is always a byte of the input.
func TestTrailerBudgetFullWaits(t *testing.T) {
	d := ChunkedDecoder{Limits: Limits{MaxHeaderBytes: 5}}
	if _, _, err := d.Decode(nil, []byte("0\r\nX: vw")); err != ErrIncomplete {
		t.Errorf("budget full, nothing past it: %v, want ErrIncomplete", err)
	}
}

func TestChunkedDecoderDoneAndSticky(t *testing.T) {
	var d ChunkedDecoder
	if d.Done() {
		t.Fatal("Done before any input")
	}
	out, n, err := d.Decode(nil, []byte("1\r\na\r\n0\r\n\r\n"))
	if err != nil || n != 11 || string(out) != "a" || !d.Done() {
		t.Fatalf("Decode = %q %d %v, Done %v", out, n, err, d.Done())
	}
	// After the end, nothing more is consumed.
	if _, n, err := d.Decode(nil, []byte("junk")); n != 0 || err != nil {
		t.Errorf("after Done: n=%d err=%v", n, err)
	}
	d.Reset()
	_, _, err = d.Decode(nil, []byte("z\r\n"))
	var perr *Error
	if !errors.As(err, &perr) || perr.Status != 400 {
		t.Fatalf("err = %v", err)
	}
	if _, _, again := d.Decode(nil, []byte("1\r\na\r\n")); again != err {
		t.Errorf("error not sticky: %v", again)
	}
}

// TestChunkedDecoderAllocs: decoding into a buffer with room costs nothing.
func TestChunkedDecoderAllocs(t *testing.T) {
	in := []byte("1c\r\n{\"title\":\"Water the plants\",\r\n12\r\n\"completed\":false,\r\nd\r\n\"priority\":3}\r\n0\r\n\r\n")
	var d ChunkedDecoder
	buf := make([]byte, 0, 128)
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset()
		if _, _, err := d.Decode(buf[:0], in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocs per decode, want 0", allocs)
	}
}

// A resumed call that brings fewer bytes of a chunk-size or trailer line
// than an earlier call checked (the caller dropped some, against the
// contract) checks the line again from its start: it never indexes past
// src, even with tchars in src's spare capacity for a scanner to run into.
func TestChunkedDecoderFewerBytesOfLine(t *testing.T) {
	var d ChunkedDecoder
	if _, n, err := d.Decode(nil, []byte("0\r\nX-Long-Trailer-Name")); n != 3 || err != ErrIncomplete {
		t.Fatalf("first call: n %d, %v", n, err)
	}
	buf := make([]byte, 64)
	for i := range buf {
		buf[i] = 'Z'
	}
	buf = append(buf[:0], ": v\r\n\r\n"...)[:1] // ":" with tchars past its end
	if _, n, err := d.Decode(nil, buf); n != 0 || err == nil || err == ErrIncomplete {
		t.Errorf("\":\" alone: n %d, %v; want the empty-name error", n, err)
	}

	d = ChunkedDecoder{}
	d.Decode(nil, []byte("1234"))
	if _, n, err := d.Decode(nil, []byte("5\r")); n != 0 || err != ErrIncomplete {
		t.Errorf("chunk-size line cut shorter: n %d, %v", n, err)
	}
	if _, n, err := d.Decode(nil, []byte("5\r\nhello\r\n0\r\n\r\n")); n != 15 || err != nil || !d.Done() {
		t.Errorf("chunk-size line restarted: n %d, %v", n, err)
	}

	// Parser.Parse in the chunked state, likewise.
	head := "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
	var p Parser
	var r Request
	if _, err := p.Parse([]byte(head+"X-Long-Trailer-Name"), &r); err != ErrIncomplete {
		t.Fatalf("first call: %v", err)
	}
	if _, err := p.Parse([]byte(head+":"), &r); err == nil || err == ErrIncomplete {
		t.Errorf("trailer line cut short: %v; want the empty-name error", err)
	}
}

// The chunk extensions of a chunk-size line checked again after a call
// that brought fewer of its bytes count once towards the body's bound
// (RFC 9112 §7.1.1, SPEC.md): the same body a fresh decoder accepts.
func TestChunkedFewerBytesCountsExtensionsOnce(t *testing.T) {
	partial := "1;" + strings.Repeat("a", 4000) // 4,001 extension bytes
	full := partial + "\r\nx\r\n0\r\n\r\n"
	var d ChunkedDecoder
	for range 5 {
		if _, _, err := d.Decode(nil, []byte(partial)); err != ErrIncomplete {
			t.Fatalf("partial line: %v", err)
		}
		if _, _, err := d.Decode(nil, []byte(partial[:10])); err != ErrIncomplete {
			t.Fatalf("shorter: %v", err)
		}
	}
	if out, n, err := d.Decode(nil, []byte(full)); err != nil || string(out) != "x" || n != len(full) {
		t.Errorf("decoder: %q, %d, %v; want \"x\", %d, nil", out, n, err, len(full))
	}

	const head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
	in := head + full
	var p Parser
	var r Request
	for range 5 {
		p.Parse([]byte(in[:len(head)+len(partial)]), &r)
		p.Parse([]byte(in[:len(head)+10]), &r)
	}
	if n, err := p.Parse([]byte(in), &r); err != nil || string(r.Body) != "x" || n != len(in) {
		t.Errorf("Parser: n %d, %v, body %q; want %d, nil, \"x\"", n, err, r.Body, len(in))
	}
}

// Taking back a re-checked line's extensions leaves those of the lines
// before it counted: five 4,001-byte extensions, each line also brought
// shorter once, pass the 16 KiB bound and are refused.
func TestChunkedExtBoundAfterRecheckOfLaterLine(t *testing.T) {
	ext := ";" + strings.Repeat("a", 4000)
	var d ChunkedDecoder
	var err error
	for i := 0; i < 5 && err == nil; i++ {
		line := "1" + ext
		if _, _, e := d.Decode(nil, []byte(line)); e != ErrIncomplete {
			t.Fatalf("line %d: %v", i, e)
		}
		d.Decode(nil, []byte(line[:10]))
		if _, _, err = d.Decode(nil, []byte(line+"\r\nx\r\n")); err == ErrIncomplete {
			err = nil
		}
	}
	if err == nil {
		_, _, err = d.Decode(nil, []byte("0\r\n\r\n"))
	}
	if e, ok := err.(*Error); !ok || e.Reason != "chunk extensions too large" {
		t.Errorf("five 4,001-byte extensions: %v; want chunk extensions too large", err)
	}
}

// The extension bytes taken back when a line is checked again are that
// line's own, wherever it starts in the call's input: here after 12,000
// bytes of chunk-data in the same call. Five 4,001-byte extensions are
// still refused.
func TestChunkedExtBoundAfterRecheckBehindData(t *testing.T) {
	ext := "1;" + strings.Repeat("a", 4000)
	first := fmt.Sprintf("%x\r\n%s\r\n", 12000, strings.Repeat("x", 12000)) + ext
	var d ChunkedDecoder
	_, n, err := d.Decode(nil, []byte(first))
	if err != ErrIncomplete || n != len(first)-len(ext) {
		t.Fatalf("first call: n %d, %v; want the first chunk taken", n, err)
	}
	if _, _, err := d.Decode(nil, []byte(ext[:10])); err != ErrIncomplete {
		t.Fatalf("shorter: %v", err)
	}
	rest := ext + "\r\nx\r\n" + strings.Repeat(ext+"\r\nx\r\n", 4) + "0\r\n\r\n"
	_, _, err = d.Decode(nil, []byte(rest))
	if e, ok := err.(*Error); !ok || e.Reason != "chunk extensions too large" {
		t.Errorf("five 4,001-byte extensions: %v; want chunk extensions too large", err)
	}
}
