package httparse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// allLenient is every Leniency kind.
const allLenient = AllowBareLF | AllowObsFold | AllowRawTargetBytes | AllowMissingHost

// lenientCase is one case of TestLenient: in is accepted by a Parser with
// kind (and with every kind) as want, and rejected by the strict parser
// with strict; or, when want is nil, rejected with err even with every
// kind on. "‸" marks the offset of the error, as in parseCase.
type lenientCase struct {
	kind   Leniency
	name   string
	in     string
	want   *Request
	strict *Error // the strict parser's verdict on an accepted case; Offset from "‸"
	err    *Error // a rejected case's error; Offset from "‸"
}

var lenientRequest = cmp.Options{cmpopts.IgnoreUnexported(Request{}), cmpopts.EquateEmpty()}

var lenientCases = []lenientCase{
	// AllowBareLF: RFC 9112 §2.2 MAY.
	{kind: AllowBareLF, name: "every line ends in LF",
		in:     "GET /a HTTP/1.1‸\nHost: h\n\n",
		want:   req("GET", "/a", 1, "Host: h"),
		strict: rej(400, rfc9112_2_2, "bare LF")},
	{kind: AllowBareLF, name: "CRLF and LF mixed",
		in:     "GET /a HTTP/1.1\r\nHost: h‸\nX: y\r\n\n",
		want:   req("GET", "/a", 1, "Host: h", "X: y"),
		strict: rej(400, rfc9112_2_2, "bare LF in field value")},
	{kind: AllowBareLF, name: "empty lines before the request-line",
		in:     "‸\n\r\n\nGET / HTTP/1.1\nHost: h\n\n",
		want:   req("GET", "/", 1, "Host: h"),
		strict: rej(400, rfc9112_2_2, "bare LF")},
	{kind: AllowBareLF, name: "Content-Length body",
		in:     "POST / HTTP/1.1‸\nHost: h\nContent-Length: 3\n\nabc",
		want:   with(req("POST", "/", 1, "Host: h", "Content-Length: 3"), func(r *Request) { r.ContentLength, r.Body = 3, []byte("abc") }),
		strict: rej(400, rfc9112_2_2, "bare LF")},
	{kind: AllowBareLF, name: "trailer section",
		in: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: v‸\n\n",
		want: with(req("POST", "/", 1, "Host: h", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked, r.Body, r.Trailer = true, []byte("abc"), Header{{"T", "v"}}
		}),
		strict: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{kind: AllowBareLF, name: "empty trailer section",
		in: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n‸\n",
		want: with(req("POST", "/", 1, "Host: h", "Transfer-Encoding: chunked"), func(r *Request) {
			r.Chunked = true
		}),
		strict: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{kind: AllowBareLF, name: "a line ended by a bare LF still needs its colon",
		in:  "GET / HTTP/1.1\nHost: h\nX-‸\n\n",
		err: rej(400, rfc9112_5, "missing colon in field line")},
	{kind: AllowBareLF, name: "chunk-size line stays CRLF only",
		in:  "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3‸\nabc\r\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{kind: AllowBareLF, name: "last-chunk line stays CRLF only",
		in:  "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n0‸\n\n",
		err: rej(400, rfc9112_7_1, "bare LF in chunked framing")},
	{kind: AllowBareLF, name: "chunk-data stays followed by CRLF",
		in:  "POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\r\nabc‸\n0\r\n\r\n",
		err: rej(400, rfc9112_7_1, "chunk-data not followed by CRLF")},
	{kind: AllowBareLF, name: "bare CR stays rejected",
		in:  "GET / HTTP/1.1\nHost: h‸\rX: y\n\n",
		err: rej(400, rfc9112_2_2, "bare CR in field value")},
	{kind: AllowBareLF, name: "bare CR before the request-line stays rejected",
		in:  "‸\rGET / HTTP/1.1\nHost: h\n\n",
		err: rej(400, rfc9112_2_2, "bare CR")},

	// AllowObsFold: RFC 9112 §5.2 "replace each received obs-fold with one
	// or more SP octets".
	{kind: AllowObsFold, name: "two folds",
		in:     "GET / HTTP/1.1\r\nHost: h\r\nX-Long: a  \r\n‸  b\r\n\tc\r\nY: z\r\n\r\n",
		want:   req("GET", "/", 1, "Host: h", "X-Long: a b c", "Y: z"),
		strict: rej(400, rfc9112_5_2, "obsolete line folding")},
	{kind: AllowObsFold, name: "empty first line",
		in:     "GET / HTTP/1.1\r\nX:\r\n‸ b\r\nHost: h\r\n\r\n",
		want:   req("GET", "/", 1, "X: b", "Host: h"),
		strict: rej(400, rfc9112_5_2, "obsolete line folding")},
	{kind: AllowObsFold, name: "whitespace-only lines",
		in:     "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n‸ \r\n \r\n b\r\n \r\n\r\n",
		want:   req("GET", "/", 1, "Host: h", "X: a   b"), // three folds, three SPs
		strict: rej(400, rfc9112_5_2, "obsolete line folding")},
	{kind: AllowObsFold, name: "last field folded",
		in:     "GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1;\r\n‸ b=2\r\n\r\n",
		want:   req("GET", "/", 1, "Host: h", "Cookie: a=1; b=2"),
		strict: rej(400, rfc9112_5_2, "obsolete line folding")},
	{kind: AllowObsFold | AllowBareLF, name: "fold after a bare LF",
		in:     "GET / HTTP/1.1\nHost: h\nX: a\n\tb\n\n",
		want:   req("GET", "/", 1, "Host: h", "X: a b"),
		strict: nil},
	{kind: AllowObsFold, name: "not in Host",
		in:  "GET / HTTP/1.1\r\nHost: h\r\n‸ i\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding in a field the parser interprets")},
	{kind: AllowObsFold, name: "not in Transfer-Encoding",
		in:  "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n‸ chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding in a field the parser interprets")},
	{kind: AllowObsFold, name: "not in Content-Length",
		in:  "POST / HTTP/1.1\r\nHost: h\r\ncontent-length: 1\r\n‸ 0\r\n\r\n0123456789",
		err: rej(400, rfc9112_5_2, "obsolete line folding in a field the parser interprets")},
	{kind: AllowObsFold, name: "not in Connection",
		in:  "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive,\r\n‸ close\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding in a field the parser interprets")},
	{kind: AllowObsFold, name: "continuation that reads as a field line",
		in:  "POST / HTTP/1.1\r\nHost: h\r\nX-Note: a\r\n‸ Content-Length: 5\r\n\r\nabcde",
		err: rej(400, rfc9112_5_2, "obsolete line folding hides a field line")},
	{kind: AllowObsFold, name: "continuation that reads as a field line with space before colon",
		in:  "POST / HTTP/1.1\r\nHost: h\r\nX-Note: a\r\n‸\tTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding hides a field line")},
	{kind: AllowObsFold, name: "whitespace before the first field line stays rejected",
		in:  "GET / HTTP/1.1\r\n‸ X: a\r\nHost: h\r\n\r\n",
		err: rej(400, rfc9112_2_2, "whitespace before first field line")},
	{kind: AllowObsFold, name: "not in the trailer section",
		in:  "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: a\r\n‸ b\r\n\r\n",
		err: rej(400, rfc9112_5_2, "obsolete line folding")},
	{kind: AllowObsFold, name: "a CTL in a continuation stays rejected",
		in:  "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b‸\x00\r\n\r\n",
		err: rej(400, rfc9110_5_5, "NUL in field value")},

	// AllowRawTargetBytes: RFC 9112 §3.2 SHOULD.
	{kind: AllowRawTargetBytes, name: "UTF-8 in the query, as Wget2 and Ruby send it",
		in: "GET /get?u=‸\xc3\xa9t\xc3\xa9&plus=a%20b HTTP/1.1\r\nHost: h\r\n\r\n",
		want: with(req("GET", "/get?u=\xc3\xa9t\xc3\xa9&plus=a%20b", 1, "Host: h"), func(r *Request) {
			r.Path, r.RawPath = "/get", "/get"
		}),
		strict: rej(400, rfc9112_3_2, "invalid byte in request-target")},
	{kind: AllowRawTargetBytes, name: "UTF-8 in the path, decoded with the rest",
		in: "GET /caf‸\xc3\xa9/%41 HTTP/1.1\r\nHost: h\r\n\r\n",
		want: with(req("GET", "/caf\xc3\xa9/%41", 1, "Host: h"), func(r *Request) {
			r.Path = "/caf\xc3\xa9/A"
		}),
		strict: rej(400, rfc9112_3_2, "invalid byte in request-target")},
	{kind: AllowRawTargetBytes, name: "absolute-form path",
		in: "GET http://h/‸\xff HTTP/1.1\r\nHost: h\r\n\r\n",
		want: with(req("GET", "http://h/\xff", 1, "Host: h"), func(r *Request) {
			r.Path, r.RawPath = "/\xff", "/\xff"
		}),
		strict: rej(400, rfc9112_3_2, "invalid byte in request-target")},
	{kind: AllowRawTargetBytes, name: "not in the target's host",
		in:  "GET http://h‸\xc3\xa9/ HTTP/1.1\r\nHost: h\r\n\r\n",
		err: rej(400, rfc3986_322, "invalid host in request-target")},
	{kind: AllowRawTargetBytes, name: "not in authority-form",
		in:  "CONNECT h‸\xc3\xa9:443 HTTP/1.1\r\nHost: h\r\n\r\n",
		err: rej(400, rfc9112_323, "invalid authority-form target")},
	{kind: AllowRawTargetBytes, name: "not in the method",
		in:  "G‸\xc3T / HTTP/1.1\r\nHost: h\r\n\r\n",
		err: rej(400, rfc9112_3, "invalid byte in method")},
	{kind: AllowRawTargetBytes, name: "not inside a pct-encoded triplet",
		in:  "GET /%‸\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n",
		err: rej(400, rfc3986_2_1, "malformed percent-encoding")},
	{kind: AllowRawTargetBytes, name: "not in the Host field",
		in:  "GET / HTTP/1.1\r\nHost: ‸\xc3\xa9\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},

	// AllowMissingHost: RFC 9112 §3.2 MUST, read as an empty Host.
	{kind: AllowMissingHost, name: "health check",
		in:     "GET /health HTTP/1.1\r\nUser-Agent: probe\r\n‸\r\n",
		want:   req("GET", "/health", 1, "User-Agent: probe"),
		strict: rej(400, rfc9112_3_2, "missing Host field in HTTP/1.1 request")},
	{kind: AllowMissingHost, name: "absolute-form names the host",
		in: "GET http://h:8/x HTTP/1.1\r\n‸\r\n",
		want: with(req("GET", "http://h:8/x", 1), func(r *Request) {
			r.Host, r.Path, r.RawPath = "h:8", "/x", "/x"
		}),
		strict: rej(400, rfc9112_3_2, "missing Host field in HTTP/1.1 request")},
	{kind: AllowMissingHost, name: "a second Host stays rejected",
		in:  "GET / HTTP/1.1\r\nHost: a\r\n‸Host: b\r\n\r\n",
		err: rej(400, rfc9112_3_2, "more than one Host field")},
	{kind: AllowMissingHost, name: "an invalid Host stays rejected",
		in:  "GET / HTTP/1.1\r\nHost: a‸ b\r\n\r\n",
		err: rej(400, rfc9110_7_2, "invalid Host")},
}

// TestLenient runs lenientCases with the case's kind and with every kind:
// the whole input, every proper prefix (ErrIncomplete), byte by byte into
// a moving buffer that is clobbered after each call, every two-piece split,
// trailing bytes left alone, and a Request reused from another request.
func TestLenient(t *testing.T) {
	for _, tc := range lenientCases {
		in, off := lenientInput(tc.in)
		for _, kind := range []Leniency{tc.kind, allLenient} {
			t.Run(lenientName(tc.kind)+": "+tc.name+"/"+lenientName(kind), func(t *testing.T) {
				if tc.want == nil {
					want := *tc.err
					want.Offset = off
					checkLenientError(t, in, kind, &want)
					return
				}
				checkLenientAccept(t, in, kind, tc.want)
			})
		}
		if tc.want != nil && tc.strict != nil {
			t.Run(lenientName(tc.kind)+": "+tc.name+"/strict", func(t *testing.T) {
				want := *tc.strict
				want.Offset = off
				var p Parser
				var r Request
				if _, err := p.Parse([]byte(in), &r); cmp.Diff(&want, err) != "" {
					t.Fatalf("strict: %v, want %v", err, &want)
				}
			})
		}
	}
}

func lenientInput(s string) (string, int) {
	off := strings.Index(s, mark)
	return strings.Replace(s, mark, "", 1), off
}

// lenientName names a set of kinds, for subtests and messages.
func lenientName(l Leniency) string {
	if l == allLenient {
		return "all"
	}
	var names []string
	for _, k := range []struct {
		k    Leniency
		name string
	}{{AllowBareLF, "bare-lf"}, {AllowObsFold, "obs-fold"}, {AllowRawTargetBytes, "raw-target"}, {AllowMissingHost, "missing-host"}} {
		if l&k.k != 0 {
			names = append(names, k.name)
		}
	}
	if names == nil {
		return "strict"
	}
	return strings.Join(names, "+")
}

func checkLenientAccept(t *testing.T, in string, kind Leniency, want *Request) {
	t.Helper()
	b := []byte(in)
	p := Parser{Lenient: kind}
	var r Request
	if n, err := p.Parse(b, &r); err != nil || n != len(b) {
		t.Fatalf("n=%d of %d, %v", n, len(b), err)
	}
	if d := cmp.Diff(want, &r, lenientRequest); d != "" {
		t.Fatalf("request (-want +got):\n%s", d)
	}
	// Every proper prefix, fresh and resumed byte by byte; the buffer is a
	// new copy each time and the previous one is clobbered.
	resumed := Parser{Lenient: kind}
	var rr Request
	var prev []byte
	for k := 0; k <= len(b); k++ {
		if k < len(b) {
			fresh := Parser{Lenient: kind}
			var fr Request
			if _, err := fresh.Parse(b[:k], &fr); err != ErrIncomplete {
				t.Fatalf("fresh parser on %d of %d bytes: %v", k, len(b), err)
			}
		}
		buf := append([]byte(nil), b[:k]...)
		n, err := resumed.Parse(buf, &rr)
		for i := range prev {
			prev[i] = 'X'
		}
		prev = buf
		if k < len(b) && err != ErrIncomplete || k == len(b) && (err != nil || n != len(b)) {
			t.Fatalf("resuming parser on %d of %d bytes: n=%d, %v", k, len(b), n, err)
		}
	}
	if d := cmp.Diff(want, rr.Clone(), lenientRequest); d != "" {
		t.Fatalf("byte by byte (-want +got):\n%s", d)
	}
	// Two pieces, the second a moved copy of the whole input.
	for k := 1; k < len(b); k++ {
		q := Parser{Lenient: kind}
		var qr Request
		if _, err := q.Parse(append([]byte(nil), b[:k]...), &qr); err != ErrIncomplete {
			t.Fatalf("first %d bytes: %v", k, err)
		}
		if n, err := q.Parse(append([]byte(nil), b...), &qr); err != nil || n != len(b) {
			t.Fatalf("split at %d: n=%d, %v", k, n, err)
		}
		if d := cmp.Diff(want, &qr, lenientRequest); d != "" {
			t.Fatalf("split at %d (-want +got):\n%s", k, d)
		}
	}
	// Trailing bytes, into the Request used above.
	const trailing = "GET /next HTTP/1.1\r\n"
	withTrailing := []byte(in + trailing)
	if n, err := p.Parse(withTrailing, &r); err != nil || n != len(in) || string(withTrailing[n:]) != trailing {
		t.Fatalf("with trailing bytes: n=%d, %v", n, err)
	}
	if d := cmp.Diff(want, &r, lenientRequest); d != "" {
		t.Fatalf("reused Request (-want +got):\n%s", d)
	}
}

func checkLenientError(t *testing.T, in string, kind Leniency, want *Error) {
	t.Helper()
	p := Parser{Lenient: kind}
	var r Request
	if _, err := p.Parse([]byte(in), &r); cmp.Diff(want, err) != "" {
		t.Fatalf("got %v, want %v", err, want)
	}
	// A syntax error is known once the bytes that decide it are in
	// (SPEC.md, "Errors"), under any leniency too.
	if end := SyntaxErrorEnd(want, []byte(in)); end >= 0 {
		q := Parser{Lenient: kind}
		if _, err := q.Parse([]byte(in[:end]), new(Request)); cmp.Diff(want, err) != "" {
			t.Fatalf("syntax error %v: the first %d bytes give %v", want, end, err)
		}
	}
	for k := 0; k < len(in); k++ {
		q := Parser{Lenient: kind}
		var qr Request
		_, err := q.Parse([]byte(in[:k]), &qr)
		if err == ErrIncomplete {
			_, err = q.Parse([]byte(in), &qr)
		}
		if d := cmp.Diff(want, err); d != "" {
			t.Fatalf("split at %d (-whole +split):\n%s", k, d)
		}
	}
}

// TestLenientStrictDefault: the zero Parser and the package-level Parse
// stay strict, and Reset keeps Lenient.
func TestLenientStrictDefault(t *testing.T) {
	in := []byte("GET / HTTP/1.1\nHost: h\n\n")
	if _, _, err := Parse(in); err == nil {
		t.Fatal("Parse accepts a bare LF")
	}
	p := Parser{Lenient: AllowBareLF}
	p.Reset()
	var r Request
	if _, err := p.Parse(in, &r); err != nil {
		t.Fatalf("after Reset: %v", err)
	}
	var d ChunkedDecoder
	if _, _, err := d.Decode(nil, []byte("0\r\nT: v\n\n")); err == nil || err == ErrIncomplete {
		t.Fatalf("a strict ChunkedDecoder accepts a bare LF in a trailer: %v", err)
	}
	d = ChunkedDecoder{Lenient: AllowBareLF}
	d.Reset()
	if _, _, err := d.Decode(nil, []byte("0\r\nT: v\n\n")); err != nil || d.Trailer.Get("T") != "v" {
		t.Fatalf("a ChunkedDecoder with AllowBareLF: %v, trailer %v", err, d.Trailer)
	}
}

// TestLenientFoldAllocs: once warm, a folded field costs no allocation
// (the Request keeps its fold buffer), like the strict path.
func TestLenientFoldAllocs(t *testing.T) {
	in := []byte("GET / HTTP/1.1\r\nHost: h\r\nX-Long: a\r\n b\r\nY: c\r\n d\r\n\r\n")
	p := Parser{Lenient: allLenient}
	var r Request
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := p.Parse(in, &r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 || r.Header.Get("X-Long") != "a b" || r.Header.Get("Y") != "c d" {
		t.Fatalf("%v allocations, fields %v", allocs, r.Header)
	}
}

// TestRequestReset: reset empties every field of a Request that a request
// filled, keeping only the capacity of its slices, so that nothing of one
// request shows through the next. A field the request below leaves zero
// fails the test: fill it too when adding it.
func TestRequestReset(t *testing.T) {
	in := []byte("POST /a%20b?q HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\nConnection: close\r\n" +
		"Transfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nT: 1\r\n\r\n")
	p := Parser{Lenient: AllowObsFold}
	var r Request
	if _, err := p.Parse(in, &r); err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the request leaves %s zero; make it fill it", v.Type().Field(i).Name)
		}
	}
	r.reset()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case name == "ContentLength":
			if r.ContentLength != -1 {
				t.Errorf("ContentLength %d after reset", r.ContentLength)
			}
		case f.Kind() == reflect.Slice && name != "Body":
			if f.Len() != 0 || f.Cap() == 0 {
				t.Errorf("%s: len %d, cap %d after reset; want 0 and the capacity kept", name, f.Len(), f.Cap())
			}
		case !f.IsZero():
			t.Errorf("%s not zero after reset", name)
		}
	}
}

// BenchmarkParseLenient is BenchmarkParse with every kind on, on the same
// strict inputs: the cost of the lenient field-line loop.
func BenchmarkParseLenient(b *testing.B) {
	for name, in := range benchInputs(b) {
		b.Run(name, func(b *testing.B) {
			p := Parser{Lenient: allLenient}
			var r Request
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parseAll(&p, &r, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMissingHostOffsetBareLF: RFC 9112 §3.2, a missing Host is reported at
// the empty line that ends the head, which under AllowBareLF may be a bare
// LF (‸ marks it).
func TestMissingHostOffsetBareLF(t *testing.T) {
	for _, s := range []string{
		"GET / HTTP/1.1\nX: y\n‸\n",
		"GET / HTTP/1.1\n‸\n",
		"GET / HTTP/1.1\nX: y\r\n‸\n",
		"GET / HTTP/1.1\r\nX: y\r\n‸\r\n",
		"GET / HTTP/1.1\r\n‸\n",
	} {
		in, off := lenientInput(s)
		want := rej(400, rfc9112_3_2, "missing Host field in HTTP/1.1 request")
		want.Offset = off
		checkLenientError(t, in, AllowBareLF, want)
	}
}
