package httparse_test

// FuzzParse and the properties it checks of Parse, ParseHead and Parser.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ae7539e0/httparse"
)

// FuzzParse checks Parse and Parser on arbitrary bytes:
//   - no panic; 0 <= n <= len(data); the error is ErrIncomplete or an *Error
//     with a status from the documented set, an RFC rule, a reason and an
//     offset inside the input;
//   - an accepted request satisfies the Request invariants (checkRequest);
//   - prefix consistency: when data is accepted with n bytes every data[:k],
//     k < n, is ErrIncomplete; when it is rejected at offset o every
//     data[:k], k <= o, is ErrIncomplete and every longer prefix is
//     ErrIncomplete or the same error (a server's answer must not depend on
//     how the bytes were segmented);
//   - early rejection: when that error is a syntax error (SyntaxErrorEnd),
//     every prefix that holds the bytes deciding it (up to o, and the byte
//     after a CR at o) already gets it, with the default Limits and with
//     small ones (a server never waits on bytes that cannot become a
//     request);
//   - round trip: (*Request).AppendTo output parses to an equal Request;
//   - ParseHead agrees with Parse on the head;
//   - reuse: Parser.Parse into a dirty Request, with a Parser that was used
//     and Reset, gives the same result as a fresh one;
//   - resumption: the input fed to one Parser in random pieces (and byte by
//     byte), the buffer moving between calls, gives the same result.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"\r\nPOST /x?y=%41 HTTP/1.0\r\nContent-Length: 3\r\n\r\nabcGET",
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=\"y\"\r\nabc\r\n0\r\nT: v\r\n\r\n",
		"PUT / HTTP/1.1\r\nHost: a\r\nExpect: x\r\nExpect: 100-continuex, 100 -continue\r\nContent-Length: 1\r\n\r\nx",
		"PUT / HTTP/1.1\r\nHost: a\r\nExpect: y,\t100-Continue \r\nContent-Length: 1\r\n\r\nx",
		"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addBytes(f), kindRequest)
	f.Fuzz(func(t *testing.T, data []byte) {
		req, n, err := httparse.Parse(data)
		e := checkErr(t, "Parse", err, len(data))
		whole := outcome{req, n, err}
		if err != nil {
			if req != nil || n != 0 {
				t.Fatalf("Parse returned a request or n=%d with error %v", n, err)
			}
		} else {
			if n <= 0 || n > len(data) {
				t.Fatalf("Parse accepted with n=%d of %d bytes", n, len(data))
			}
			checkRequest(t, req)
			checkRoundTrip(t, req)
		}
		checkPrefixes(t, data, whole, e)
		checkHead(t, data, whole)
		checkReuse(t, data, whole)
		checkResume(t, data, whole)
		checkLimits(t, data)
	})
}

// outcome is the result of parsing one input, with the request cloned so
// that it outlives the buffer it was parsed from.
type outcome struct {
	req *httparse.Request
	n   int
	err error
}

// requestOpts compares Requests by their exported fields; a nil and an
// empty Header (or Body) mean the same.
var requestOpts = cmp.Options{cmpopts.IgnoreUnexported(httparse.Request{}), cmpopts.EquateEmpty()}

// diffRequest reports how two Requests differ, or "".
func diffRequest(want, got *httparse.Request) string {
	if d := cmp.Diff(want, got, requestOpts); d != "" {
		return d
	}
	if want != nil && got != nil && want.RawPath != got.RawPath {
		return "RawPath: want " + want.RawPath + ", got " + got.RawPath
	}
	return ""
}

// diffOutcome reports how two outcomes differ, or "".
func diffOutcome(want, got outcome) string {
	if want.n != got.n {
		return fmt.Sprintf("n: want %d, got %d (errors %v / %v)", want.n, got.n, want.err, got.err)
	}
	if d := cmp.Diff(want.err, got.err, cmp.Comparer(sameError)); d != "" {
		return "error (-want +got):\n" + d
	}
	return diffRequest(want.req, got.req)
}

// checkLimits parses data with small Limits chosen from the input, so that
// every limit is reached somewhere: errors stay well-formed, an accepted
// request stays within the limits, and resuming gives the same result.
func checkLimits(t *testing.T, data []byte) {
	t.Helper()
	r0 := rng(data)
	lim := httparse.Limits{
		MaxRequestLine: 1 + r0.IntN(64),
		MaxHeaderBytes: 1 + r0.IntN(256),
		MaxHeaders:     1 + r0.IntN(8),
		MaxBodyBytes:   1 + r0.Int64N(64),
	}
	if r0.IntN(4) == 0 {
		lim.MaxBodyBytes = 1<<63 - 1 // no overflow near the top of int64
	}
	p := httparse.Parser{Limits: lim}
	var r httparse.Request
	n, err := p.Parse(data, &r)
	checkErr(t, "Parse with limits", err, len(data))
	whole := outcome{n: n, err: err}
	if err == nil {
		whole.req = r.Clone()
		fields := 0
		for _, f := range r.Header {
			fields++
			if len(f.Name)+len(f.Value) > lim.MaxHeaderBytes {
				t.Fatalf("field %q over MaxHeaderBytes %d", f.Name, lim.MaxHeaderBytes)
			}
		}
		if fields > lim.MaxHeaders || len(r.Trailer) > lim.MaxHeaders || int64(len(r.Body)) > lim.MaxBodyBytes ||
			len(r.Method)+len(r.Target)+10 > lim.MaxRequestLine {
			t.Fatalf("request over %+v: %d fields, %d trailers, %d-byte body, request-line %d", lim,
				fields, len(r.Trailer), len(r.Body), len(r.Method)+len(r.Target)+10)
		}
	} else {
		whole.n = 0
	}
	cuts := randomCuts(r0, len(data))
	if d := diffOutcome(whole, feedPieces(data, cuts, lim)); d != "" {
		t.Fatalf("with %+v, fed in pieces cut at %v:\n%s", lim, cuts, d)
	}
	if e, ok := err.(*httparse.Error); ok {
		if k := httparse.SyntaxErrorEnd(e, data); k >= 0 {
			p := httparse.Parser{Limits: lim}
			if _, err := p.Parse(data[:k], &r); !sameError(err, e) {
				t.Fatalf("with %+v, the first %d bytes give %v; the whole input gives the syntax error %v", lim, k, err, e)
			}
		}
	}
}

// checkRequest checks the invariants of an accepted request.
func checkRequest(t *testing.T, r *httparse.Request) {
	t.Helper()
	switch {
	case r.ProtoMajor != 1 || r.ProtoMinor < 0 || r.ProtoMinor > 9:
		t.Fatalf("version %d.%d", r.ProtoMajor, r.ProtoMinor)
	case !httparse.SlowToken(r.Method):
		t.Fatalf("method %q is not a token", r.Method)
	case r.Target == "" || strings.ContainsFunc(r.Target, func(c rune) bool { return c <= ' ' || c >= 0x7f }):
		t.Fatalf("target %q", r.Target)
	case r.Chunked && r.ContentLength != -1:
		t.Fatalf("chunked request with ContentLength %d", r.ContentLength)
	case !r.Chunked && r.ContentLength != int64(len(r.Body)) && !(r.ContentLength == -1 && len(r.Body) == 0):
		t.Fatalf("ContentLength %d with a %d-byte body", r.ContentLength, len(r.Body))
	case !r.Chunked && len(r.Trailer) > 0:
		t.Fatalf("trailers without chunked coding")
	}
	for _, h := range []httparse.Header{r.Header, r.Trailer} {
		for _, fl := range h {
			// The reference's field-line grammar reads the field back
			// as it is: a token name, a value without OWS around it or
			// any byte a value may not hold.
			if n, v, ok := httparse.SlowFieldLine(fl.Name + ":" + fl.Value); !ok || n != fl.Name || v != fl.Value {
				t.Fatalf("field %q: %q is no field line the reference reads back (%q: %q, %v)", fl.Name, fl.Value, n, v, ok)
			}
		}
	}
	// Every form: Path is RawPath decoded; only CONNECT has neither.
	if p, err := httparse.PathUnescape(r.RawPath); err != nil || p != r.Path || (r.RawPath == "") != (r.Method == "CONNECT") {
		t.Fatalf("%s %s: RawPath %q, Path %q, PathUnescape(RawPath) %q, %v", r.Method, r.Target, r.RawPath, r.Path, p, err)
	}
	if r.Target[0] == '/' {
		if h := r.Header.Get("Host"); r.Host != h {
			t.Fatalf("origin-form: Host %q, Host field %q", r.Host, h)
		}
		if !strings.HasPrefix(r.Target, r.RawPath) || r.RawPath == "" {
			t.Fatalf("RawPath %q is not the front of target %q", r.RawPath, r.Target)
		}
	}
	kind, length, err := httparse.BodyFraming(r.Header, r.ProtoMinor, 0)
	switch {
	case err != nil:
		t.Fatalf("BodyFraming rejects the header of an accepted request: %v", err)
	case kind == httparse.ChunkedBody && !r.Chunked, kind == httparse.LengthBody && r.ContentLength != length,
		kind == httparse.NoBody && (r.Chunked || r.ContentLength != -1):
		t.Fatalf("BodyFraming says %v %d, request says chunked=%v length=%d", kind, length, r.Chunked, r.ContentLength)
	}
	if _, err := r.Query(); err != nil {
		if e, ok := err.(*httparse.Error); !ok || e.Status != 400 {
			t.Fatalf("Query: %v", err)
		}
	}
	if got, want := r.ExpectsContinue(), httparse.SlowExpectsContinue(r); got != want {
		t.Fatalf("ExpectsContinue = %v, want %v", got, want)
	}
}

// checkRoundTrip writes r out with AppendTo and parses it back.
func checkRoundTrip(t *testing.T, r *httparse.Request) {
	t.Helper()
	out := r.AppendTo(nil)
	r2, n, err := httparse.Parse(out)
	if err != nil || n != len(out) {
		t.Fatalf("AppendTo output %q: n=%d of %d, %v", out, n, len(out), err)
	}
	if d := diffRequest(r, r2); d != "" {
		t.Fatalf("round trip through AppendTo %q (-want +got):\n%s", out, d)
	}
}

// samplePrefixes returns the prefix lengths below n to check: all of them
// for short inputs, the ends and an even spread for long ones, so that the
// quadratic check stays cheap on large seeds.
func samplePrefixes(n int) []int {
	if n <= 2048 {
		ks := make([]int, n)
		for i := range ks {
			ks[i] = i
		}
		return ks
	}
	var ks []int
	for k := 0; k < 512; k++ {
		ks = append(ks, k, n-1-k)
	}
	for k := 512; k < n-512; k += (n - 1024) / 1024 {
		ks = append(ks, k)
	}
	return ks
}

// checkPrefixes parses prefixes of data with fresh Parsers.
func checkPrefixes(t *testing.T, data []byte, whole outcome, e *httparse.Error) {
	t.Helper()
	end, errEnd := whole.n, -1 // prefixes shorter than end must be incomplete
	switch {
	case whole.err == httparse.ErrIncomplete:
		end = len(data)
	case e != nil:
		end, errEnd = e.Offset+1, len(data)
	}
	var p httparse.Parser
	var r httparse.Request
	for _, k := range samplePrefixes(end) {
		p.Reset()
		if _, err := p.Parse(data[:k], &r); err != httparse.ErrIncomplete {
			t.Fatalf("prefix of %d bytes (whole: n=%d, %v): got %v, want ErrIncomplete", k, whole.n, whole.err, err)
		}
	}
	if errEnd < 0 {
		return
	}
	decided := httparse.SyntaxErrorEnd(e, data)
	r0 := rng(data)
	for i := range 17 {
		k := end + r0.IntN(errEnd-end+1)
		if i == 0 && decided >= 0 {
			k = decided
		}
		p.Reset()
		_, err := p.Parse(data[:k], &r)
		if err != httparse.ErrIncomplete && !sameError(err, e) {
			t.Fatalf("prefix of %d bytes: got %v, the whole input gives %v", k, err, e)
		}
		if decided >= 0 && k >= decided && err == httparse.ErrIncomplete {
			t.Fatalf("prefix of %d bytes is incomplete; the syntax error %v is decided by %d", k, e, decided)
		}
	}
}

// checkHead compares ParseHead with Parse.
func checkHead(t *testing.T, data []byte, whole outcome) {
	t.Helper()
	var p httparse.Parser
	var r httparse.Request
	m, err := p.ParseHead(data, &r)
	checkErr(t, "ParseHead", err, len(data))
	if err != nil {
		if !sameError(err, whole.err) {
			t.Fatalf("ParseHead: %v, Parse: %v", err, whole.err)
		}
		return
	}
	if r.Body != nil || len(r.Trailer) > 0 {
		t.Fatalf("ParseHead filled the body or trailers")
	}
	switch e := whole.err.(type) {
	case nil:
		want := *whole.req
		want.Body, want.Trailer = nil, nil
		if d := diffRequest(&want, r.Clone()); d != "" || m > whole.n {
			t.Fatalf("ParseHead n=%d, Parse n=%d; head (-Parse +ParseHead):\n%s", m, whole.n, d)
		}
	case *httparse.Error:
		if e.Offset < m {
			t.Fatalf("ParseHead accepts %d bytes, Parse rejects at offset %d: %v", m, e.Offset, e)
		}
	}
}

// dirtyInput fills a Request and its Parser's buffers with everything a
// previous request can leave behind: a decoded path, a query, a chunked
// body and trailers.
var dirtyInput = []byte("POST /a%20b/c?q=1 HTTP/1.1\r\nHost: old.example\r\nConnection: close\r\n" +
	"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Old: yes\r\nX-Older: yes\r\n\r\n")

// checkReuse parses data into a dirty Request with a used Parser.
func checkReuse(t *testing.T, data []byte, whole outcome) {
	t.Helper()
	var p httparse.Parser
	var r httparse.Request
	if _, err := p.Parse(dirtyInput, &r); err != nil {
		t.Fatal(err)
	}
	// Leave the Parser mid-request, then Reset it.
	if _, err := p.Parse(dirtyInput[:len(dirtyInput)-7], &r); err != httparse.ErrIncomplete {
		t.Fatalf("truncated dirty input: %v", err)
	}
	p.Reset()
	n, err := p.Parse(data, &r)
	got := outcome{n: n, err: err}
	if err == nil {
		got.req = r.Clone()
	} else {
		got.n = 0
	}
	if d := diffOutcome(whole, got); d != "" {
		t.Fatalf("reused Parser and Request differ from a fresh one:\n%s", d)
	}
	// Parsing into the same Request again (now dirty with this input).
	n, err = p.Parse(data, &r)
	got = outcome{n: n, err: err}
	if err == nil {
		got.req = r.Clone()
	}
	if d := diffOutcome(whole, got); d != "" {
		t.Fatalf("second parse into the same Request differs:\n%s", d)
	}
}

// checkResume feeds data to one Parser in pieces.
func checkResume(t *testing.T, data []byte, whole outcome) {
	t.Helper()
	if len(data) <= 16<<10 {
		// Byte by byte, appending to one slice (which moves when it grows).
		var p httparse.Parser
		var r httparse.Request
		var buf []byte
		got := outcome{err: httparse.ErrIncomplete}
		for i := range data {
			buf = append(buf, data[i])
			n, err := p.Parse(buf, &r)
			if err != httparse.ErrIncomplete {
				got = outcome{n: n, err: err}
				if err == nil {
					got.req = r.Clone()
				}
				break
			}
		}
		if d := diffOutcome(whole, got); d != "" {
			t.Fatalf("fed byte by byte:\n%s", d)
		}
	}
	r0 := rng(data)
	for range 3 {
		cuts := randomCuts(r0, len(data))
		if d := diffOutcome(whole, feedPieces(data, cuts, httparse.Limits{})); d != "" {
			t.Fatalf("fed in pieces cut at %v:\n%s", cuts, d)
		}
	}
}

// feedPieces gives a Parser data[:c] for each cut c and then all of data,
// copying into a new buffer each time so that nothing can rely on the
// buffer staying put.
func feedPieces(data []byte, cuts []int, lim httparse.Limits) outcome {
	p := httparse.Parser{Limits: lim}
	var r httparse.Request
	for _, c := range append(cuts, len(data)) {
		buf := append(make([]byte, 0, c), data[:c]...)
		n, err := p.Parse(buf, &r)
		if err == nil {
			return outcome{r.Clone(), n, nil}
		}
		if err != httparse.ErrIncomplete {
			return outcome{err: err}
		}
	}
	return outcome{err: httparse.ErrIncomplete}
}
