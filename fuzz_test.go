package httparse_test

// Fuzz targets. Each states the properties it checks in its doc comment;
// every input that ever failed one is kept under testdata/fuzz/<Target>/
// and replayed by a plain `go test`.
//
// Seeds come from three places: the f.Add calls and testdata/fuzz (always),
// the readable requests in corpus/*.http (always), and every file in the
// directories listed in HTTPARSE_SEED_DIRS (see addSeeds).

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ae7539e0/httparse"
)

// seedDirsEnv names the variable listing extra seed directories,
// separated by ':' (filepath.ListSeparator).
const seedDirsEnv = "HTTPARSE_SEED_DIRS"

// Seed kinds. A directory in HTTPARSE_SEED_DIRS is given the kind of the
// last element of its path that names one (".../httpreq/corpus" is
// "httpreq"); a directory that names none feeds every target.
const (
	kindRequest   = "httpreq"   // raw requests: FuzzParse, FuzzParseVsNetHTTP, FuzzChunked (their bodies)
	kindURL       = "url"       // URLs: FuzzQuery
	kindURLValues = "urlvalues" // form-encoded strings: FuzzQuery
	kindMultipart = "multipart" // MIME parts, header lines first: FuzzHeaders
	kindMIME      = "mime"      // media types and other field values: FuzzHeaders
)

var seedKinds = []string{kindRequest, kindURL, kindURLValues, kindMultipart, kindMIME}

// addSeeds passes to add the corpus/*.http requests (when kinds includes kindRequest) and every regular file below
// each HTTPARSE_SEED_DIRS directory whose kind is in kinds.
func addSeeds(f *testing.F, add func([]byte), kinds ...string) {
	f.Helper()
	if slices.Contains(kinds, kindRequest) {
		files, err := filepath.Glob(filepath.Join("corpus", "*.http"))
		if err != nil || len(files) == 0 {
			f.Fatalf("no corpus/*.http seeds (%v)", err)
		}
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			add(b)
		}
	}
	for _, dir := range filepath.SplitList(os.Getenv(seedDirsEnv)) {
		if dir == "" || !wantsDir(dir, kinds) {
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(path)
			if err == nil {
				add(b)
			}
			return err
		})
		if err != nil {
			f.Fatalf("%s=%s: %v", seedDirsEnv, dir, err)
		}
	}
}

// wantsDir reports whether dir's kind is one of kinds.
func wantsDir(dir string, kinds []string) bool {
	elems := strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/")
	for i := len(elems) - 1; i >= 0; i-- {
		if slices.Contains(seedKinds, elems[i]) {
			return slices.Contains(kinds, elems[i])
		}
	}
	return true
}

// addBytes adds each seed as it is.
func addBytes(f *testing.F) func([]byte) { return func(b []byte) { f.Add(b) } }

// addString adds each seed as a string.
func addString(f *testing.F) func([]byte) { return func(b []byte) { f.Add(string(b)) } }

// addBody adds what follows the first empty line of a request seed, so that
// requests seed a body decoder.
func addBody(f *testing.F) func([]byte) {
	return func(b []byte) {
		if _, body, ok := bytes.Cut(b, []byte("\r\n\r\n")); ok && len(body) > 0 {
			f.Add(body)
		}
	}
}

// addFieldLines adds the lines between the request-line and the empty line
// of a request, or the header lines of a MIME part, with LF separators.
func addFieldLines(f *testing.F) func([]byte) {
	return func(b []byte) {
		head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
		if bytes.HasPrefix(head, []byte("--")) || bytes.Contains(head[:min(len(head), 64)], []byte(" HTTP/")) {
			_, head, _ = bytes.Cut(head, []byte("\n")) // drop a request-line or a multipart boundary
		}
		f.Add(bytes.ReplaceAll(head, []byte("\r\n"), []byte("\n")))
	}
}

// Common checks.

// statuses is every status an *Error may carry.
var statuses = map[int]bool{400: true, 413: true, 414: true, 431: true, 501: true, 505: true}

// checkErr checks that err is nil, ErrIncomplete or a well-formed *Error
// about an input of inputLen bytes, and returns the *Error if it is one.
func checkErr(t *testing.T, what string, err error, inputLen int) *httparse.Error {
	t.Helper()
	if err == nil || err == httparse.ErrIncomplete {
		return nil
	}
	e, ok := err.(*httparse.Error)
	if !ok {
		t.Fatalf("%s: error %T %q is neither ErrIncomplete nor *Error", what, err, err)
	}
	switch {
	case !statuses[e.Status]:
		t.Fatalf("%s: status %d not in {400,413,414,431,501,505}: %v", what, e.Status, e)
	case !strings.HasPrefix(e.Rule, "RFC "):
		t.Fatalf("%s: rule %q does not name an RFC: %v", what, e.Rule, e)
	case e.Reason == "":
		t.Fatalf("%s: empty reason: %v", what, e)
	case e.Offset < 0 || e.Offset >= inputLen:
		t.Fatalf("%s: offset %d outside the %d-byte input: %v", what, e.Offset, inputLen, e)
	}
	return e
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

// sameError: ErrIncomplete only equals itself, *Errors compare by value.
func sameError(a, b error) bool {
	ea, oka := a.(*httparse.Error)
	eb, okb := b.(*httparse.Error)
	if oka && okb {
		return *ea == *eb
	}
	return a == b
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// rng returns a generator seeded by the input, so that a failing input
// fails again in the same way.
func rng(data []byte) *rand.Rand {
	h := fnv.New64a()
	h.Write(data)
	return rand.New(rand.NewPCG(h.Sum64(), uint64(len(data))))
}

// randomCuts returns 1 to 8 sorted, distinct cut points in (0, n).
func randomCuts(r *rand.Rand, n int) []int {
	if n < 2 {
		return nil
	}
	cuts := make([]int, 1+r.IntN(8))
	for i := range cuts {
		cuts[i] = 1 + r.IntN(n-1)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
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
			if !httparse.SlowToken(fl.Name) {
				t.Fatalf("field name %q is not a token", fl.Name)
			}
			if v := fl.Value; v != strings.Trim(v, " \t") || strings.ContainsFunc(v, func(c rune) bool { return c < ' ' && c != '\t' || c == 0x7f }) {
				t.Fatalf("field value %q has OWS around it or a CTL", v)
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

// asciiEqualFold compares under ASCII case folding only.
func asciiEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
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

// FuzzChunked checks ChunkedDecoder on arbitrary bodies:
//   - no panic; n within the input; the error is nil (and Done), ErrIncomplete
//     or a well-formed *Error (400, 413 or 431) that every later call repeats;
//   - fed in random pieces, with unconsumed bytes passed again, it gives the
//     same body, trailers, consumed length and error as in one piece;
//   - a syntax error is returned for the prefix that decides it
//     (SyntaxErrorEnd);
//   - Parser.Parse on a chunked request with this body agrees with it;
//   - a body it accepts is accepted by net/http/httputil.NewChunkedReader
//     (and its trailer section by net/textproto) with the same content,
//     trailers and length.
func FuzzChunked(f *testing.F) {
	for _, s := range []string{
		"0\r\n\r\n",
		"5\r\nhello\r\n0\r\n\r\n",
		"3;a=b;c=\"d\\\"\"\r\nabc\r\n00\r\nX: y\r\nZ:\r\n\r\n",
		"1\nx\r\n0\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addBody(f), kindRequest)
	f.Fuzz(func(t *testing.T, data []byte) {
		var d httparse.ChunkedDecoder
		body, n, err := d.Decode(nil, data)
		e := checkErr(t, "Decode", err, len(data))
		if n < 0 || n > len(data) || (err == nil) != d.Done() {
			t.Fatalf("Decode: n=%d of %d, err %v, Done %v", n, len(data), err, d.Done())
		}
		if e != nil {
			if e.Status != 400 && e.Status != 413 && e.Status != 431 {
				t.Fatalf("chunked body error with status %d: %v", e.Status, e)
			}
			if _, n2, err2 := d.Decode(nil, data[n:]); n2 != 0 || !sameError(err2, e) {
				t.Fatalf("after %v, Decode returned n=%d, %v", e, n2, err2)
			}
			if k := httparse.SyntaxErrorEnd(e, data); k >= 0 {
				var d2 httparse.ChunkedDecoder
				if _, _, err2 := d2.Decode(nil, data[:k]); !sameError(err2, e) {
					t.Fatalf("the first %d bytes give %v; the whole body gives the syntax error %v", k, err2, e)
				}
			}
		}
		whole := chunkedResult{body, d.Trailer, n, err}
		if err == httparse.ErrIncomplete {
			// What was consumed is final: only a partial line is left over.
			whole.N = -1
		}

		r0 := rng(data)
		for range 3 {
			cuts := randomCuts(r0, len(data))
			if diff := cmp.Diff(whole, decodePieces(data, cuts), chunkedOpts); diff != "" {
				t.Fatalf("fed in pieces cut at %v (-whole +pieces):\n%s", cuts, diff)
			}
		}
		checkChunkedParser(t, data, whole)
		if err == nil {
			checkChunkedNetHTTP(t, data, whole)
		}

		// The largest limits: sizes near the top of int64 must neither
		// wrap nor change what a body within the default limits decodes to.
		big := httparse.ChunkedDecoder{Limits: httparse.Limits{MaxBodyBytes: 1<<63 - 1, MaxHeaderBytes: 1 << 30, MaxHeaders: 1 << 30}}
		body2, n2, err2 := big.Decode(nil, data)
		checkErr(t, "Decode with the largest limits", err2, len(data))
		if err == nil && (err2 != nil || n2 != n || !bytes.Equal(body2, body)) {
			t.Fatalf("with the largest limits: n=%d, %v; with the defaults n=%d", n2, err2, n)
		}
	})
}

// chunkedResult is what decoding one body gives.
type chunkedResult struct {
	Body    []byte
	Trailer httparse.Header
	N       int
	Err     error
}

var chunkedOpts = cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(sameError)}

// decodePieces decodes data given in pieces cut at cuts, passing again the
// bytes a call left unconsumed, as a streaming server does.
func decodePieces(data []byte, cuts []int) chunkedResult {
	var d httparse.ChunkedDecoder
	var body, pending []byte
	consumed, prev := 0, 0
	var err error
	for _, c := range append(cuts, len(data)) {
		pending = append(pending, data[prev:c]...)
		prev = c
		var n int
		body, n, err = d.Decode(body, pending)
		consumed += n
		pending = append([]byte(nil), pending[n:]...) // a new buffer, like a new read
		if err != httparse.ErrIncomplete {
			break
		}
	}
	if err == httparse.ErrIncomplete {
		consumed = -1
	}
	return chunkedResult{body, d.Trailer, consumed, err}
}

// chunkedHead is the head of the request checkChunkedParser wraps a body in.
const chunkedHead = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

// checkChunkedParser parses data as the body of a request and compares.
func checkChunkedParser(t *testing.T, data []byte, whole chunkedResult) {
	t.Helper()
	var p httparse.Parser
	var r httparse.Request
	in := append([]byte(chunkedHead), data...)
	n, err := p.Parse(in, &r)
	// The decoder hands out what it decoded before an error or the end of
	// its input (its Trailer is promised only once Done); Parse hands out
	// nothing then.
	got := chunkedResult{Body: whole.Body, Trailer: whole.Trailer, Err: err, N: -1}
	switch e := err.(type) {
	case nil:
		got = chunkedResult{r.Body, r.Trailer, n - len(chunkedHead), nil}
	case *httparse.Error:
		shifted := *e
		shifted.Offset -= len(chunkedHead)
		got.Err, got.N = &shifted, whole.N
	}
	if diff := cmp.Diff(whole, got, chunkedOpts); diff != "" {
		t.Fatalf("ChunkedDecoder and Parser disagree (-decoder +parser):\n%s", diff)
	}
}

// checkChunkedNetHTTP decodes an accepted body with net/http's reader.
func checkChunkedNetHTTP(t *testing.T, data []byte, whole chunkedResult) {
	t.Helper()
	br := bufio.NewReaderSize(bytes.NewReader(data), len(data)+16)
	body, err := io.ReadAll(httputil.NewChunkedReader(br))
	if err != nil {
		t.Fatalf("httputil.NewChunkedReader rejects a body ChunkedDecoder accepts: %v", err)
	}
	if !bytes.Equal(body, whole.Body) {
		t.Fatalf("body: ChunkedDecoder %q, httputil %q", whole.Body, body)
	}
	trailer, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		t.Fatalf("net/textproto rejects a trailer section ChunkedDecoder accepts: %v", err)
	}
	if diff := cmp.Diff(canonical(whole.Trailer), http.Header(trailer), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("trailers (-ChunkedDecoder +textproto):\n%s", diff)
	}
	if used := len(data) - br.Buffered(); used != whole.N {
		t.Fatalf("body length: ChunkedDecoder %d bytes, net/http %d", whole.N, used)
	}
}

// canonical returns h as net/http keeps it.
func canonical(h httparse.Header) http.Header {
	m := http.Header{}
	for _, f := range h {
		k := http.CanonicalHeaderKey(f.Name)
		m[k] = append(m[k], f.Value)
	}
	return m
}

// FuzzQuery checks ParseQuery against net/url.ParseQuery:
//   - no panic; an error is an *Error 400 under RFC 3986 §2.1 pointing at a
//     "%" that does not start a pct-encoded triplet;
//   - when both accept, the same pairs in the same order per name;
//   - when only net/url rejects, it is for a ";" (which it refuses and
//     ParseQuery keeps as data), and the other pairs still agree;
//   - net/url never accepts what ParseQuery rejects.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2&a=3", "x=%41+b&&=&y", "q=%zz", "a;b=c&d=e", "%2B=%2b+"} {
		f.Add(s)
	}
	f.Add(strings.Repeat("k=v&", 50))
	addSeeds(f, addString(f), kindURL, kindURLValues)
	f.Fuzz(func(t *testing.T, s string) {
		vs, err := httparse.ParseQuery(s)
		theirs, terr := url.ParseQuery(s)
		if err != nil {
			e, ok := err.(*httparse.Error)
			if !ok || e.Status != 400 || e.Rule != "RFC 3986 §2.1" || !badEscapeAt(s, e.Offset) {
				t.Fatalf("ParseQuery(%q): %v", s, err)
			}
			if terr == nil {
				t.Fatalf("ParseQuery(%q) rejects (%v), net/url accepts", s, err)
			}
			return
		}
		// The non-empty pieces of s line up with vs.
		var pieces []string
		for _, p := range strings.Split(s, "&") {
			if p != "" {
				pieces = append(pieces, p)
			}
		}
		if len(pieces) != len(vs) {
			t.Fatalf("ParseQuery(%q): %d pairs from %d pieces", s, len(vs), len(pieces))
		}
		want := url.Values{}
		semicolon := false
		for i, p := range pieces {
			if strings.Contains(p, ";") {
				semicolon = true // net/url drops the piece and reports an error
				continue
			}
			want[vs[i].Name] = append(want[vs[i].Name], vs[i].Value)
		}
		if terr != nil && !semicolon {
			t.Fatalf("ParseQuery(%q) accepts, net/url rejects: %v", s, terr)
		}
		if diff := cmp.Diff(want, theirs, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ParseQuery(%q) (-ours +net/url):\n%s", s, diff)
		}
	})
}

// FuzzHeaders checks the field-line grammar against a slow reference
// written from RFC 9112 §5 and RFC 9110 §5.5 (SlowFieldLine). Each LF-separated
// line of data becomes one field line, first in a header section and then
// in a trailer section:
//   - when every line matches the grammar, the request is accepted and
//     its fields are the reference's, in order; except that lines naming
//     a field with request-level rules (Host, Connection, Content-Length,
//     Transfer-Encoding) may have it rejected, at one of those lines, or
//     wait for a body (see requestRules);
//   - when a line does not match, the request is rejected with a 400 whose
//     offset lies in the first such line;
//   - in a trailer section, the same holds, except that a grammatical line
//     may also be refused as a field not allowed in trailers.
func FuzzHeaders(f *testing.F) {
	for _, s := range []string{
		"Accept: */*\nX-Empty:\nX-Tab:\tv\t",
		"Name : v", " folded", "A: b\r", "A: \x80\xff", "A: b\x00c", "A:b\nC:d\n D",
		"X: 1\nhost: x", "Content-Length: 0\nA: b\ncontent-length: 0", "Content-Length: 0\nContent-Length: 00",
		"Content-Length: 5", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip",
		"Connection: close, ,keep-alive\nConnection: Upgrade", "Connection: a b", "Connection: x\nConnection: \"y\"",
	} {
		f.Add([]byte(s))
	}
	addSeeds(f, addFieldLines(f), kindRequest, kindMultipart, kindMIME)
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines [][]byte
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 || len(lines) > 90 || len(data) > 60<<10 {
			return // the field count and size limits are FuzzParse's business
		}
		var want httparse.Header
		bad := -1 // the first line that does not match
		for i, l := range lines {
			name, value, ok := httparse.SlowFieldLine(string(l))
			if !ok && bad < 0 {
				bad = i
			}
			want = append(want, httparse.Field{Name: name, Value: value})
		}
		rules := newRequestRules(want)
		section := bytes.Join(lines, []byte("\r\n"))

		// As a header section.
		head := "GET / HTTP/1.1\r\n"
		in := slices.Concat([]byte(head), section, []byte("\r\nHost: h\r\n\r\n"))
		req, _, err := httparse.Parse(in)
		checkErr(t, "Parse", err, len(in))
		checkFieldLines(t, "header", lines, len(head), bad, rules, req, err, func(r *httparse.Request) httparse.Header {
			return r.Header[:len(r.Header)-1]
		}, want)

		// As a trailer section.
		in = slices.Concat([]byte(chunkedHead+"0\r\n"), section, []byte("\r\n\r\n"))
		req, _, err = httparse.Parse(in)
		checkErr(t, "Parse", err, len(in))
		if e, ok := err.(*httparse.Error); ok && e.Reason == "field not allowed in trailer section" {
			// A refusal of a grammatical line before any bad one
			// (RFC 9110 §6.5.1); which names are refused is TestParse's.
			if line := lineAt(lines, len(chunkedHead)+3, e.Offset); line < 0 || (bad >= 0 && line > bad) {
				t.Fatalf("trailer refused at offset %d, line %d; first bad line %d", e.Offset, line, bad)
			}
			return
		}
		checkFieldLines(t, "trailer", lines, len(chunkedHead)+3, bad, nil, req, err, func(r *httparse.Request) httparse.Header {
			return r.Trailer
		}, want)
	})
}

// requestRules says what the lines of a header section that name fields
// with request-level rules allow. The section is followed by one more
// line, "Host: h", and the request-line is "GET / HTTP/1.1".
type requestRules struct {
	special []bool // line i names Host, Connection, Content-Length or Transfer-Encoding
	any     bool   // some line does
	body    bool   // some line names Content-Length or Transfer-Encoding: a body may be awaited
	// accept: no Host line (with the one after the section it would make
	// two, RFC 9112 §3.2), no Transfer-Encoding (a GET with chunked
	// coding waits for its chunks, any other is an error), Content-Length
	// lines that spell one zero alike, Connection lines that list tokens.
	// The request is accepted exactly then.
	accept bool
	close  bool // a Connection line lists "close": the connection closes after this request (RFC 9112 §9.3)
}

func newRequestRules(fields httparse.Header) *requestRules {
	r := &requestRules{special: make([]bool, len(fields)), accept: true}
	firstLength := ""
	for i, f := range fields {
		switch {
		case asciiEqualFold(f.Name, "host"):
			r.accept = false
		case asciiEqualFold(f.Name, "transfer-encoding"):
			r.body, r.accept = true, false
		case asciiEqualFold(f.Name, "content-length"):
			// RFC 9110 §8.6, RFC 9112 §6.3: 1*DIGIT, every line alike.
			r.body = true
			if firstLength == "" {
				firstLength = f.Value
			}
			if f.Value == "" || strings.Trim(f.Value, "0") != "" || f.Value != firstLength {
				r.accept = false
			}
		case asciiEqualFold(f.Name, "connection"):
			// RFC 9110 §7.6.1: #connection-option, each a token.
			for _, m := range strings.Split(f.Value, ",") {
				if m = strings.Trim(m, " \t"); m != "" && !httparse.SlowToken(m) {
					r.accept = false
				}
				r.close = r.close || asciiEqualFold(m, "close")
			}
		default:
			continue
		}
		r.special[i], r.any = true, true
	}
	return r
}

// checkFieldLines checks the outcome of parsing lines (starting at offset
// start, each followed by CRLF) against the reference. rules is nil for a
// trailer section.
func checkFieldLines(t *testing.T, where string, lines [][]byte, start, bad int, rules *requestRules,
	req *httparse.Request, err error, fields func(*httparse.Request) httparse.Header, want httparse.Header) {
	t.Helper()
	if bad >= 0 {
		for _, l := range lines[:bad] {
			start += len(l) + 2
		}
		e, ok := err.(*httparse.Error)
		if !ok || e.Status != 400 || e.Offset < start || e.Offset > start+len(lines[bad])+1 {
			t.Fatalf("%s line %q does not match field-line, got %v (line at offset %d)", where, lines[bad], err, start)
		}
		return
	}
	if rules != nil && rules.any {
		switch e := err.(type) {
		case nil:
			if !rules.accept {
				t.Fatalf("%s lines %q accepted, want rejected or waiting for a body", where, lines)
			}
			if req.Close != rules.close {
				t.Fatalf("%s lines %q: Close %v, want %v", where, lines, req.Close, rules.close)
			}
		case *httparse.Error:
			// The error is at a line with request-level rules, or at the
			// Host line after the section.
			line := lineAt(lines, start, e.Offset)
			end := start
			for _, l := range lines {
				end += len(l) + 2
			}
			if rules.accept || (line >= 0 && !rules.special[line]) || (line < 0 && e.Offset < end) {
				t.Fatalf("%s lines %q: %v at line %d; rejection allowed: %v", where, lines, err, line, !rules.accept)
			}
			return
		default:
			if !rules.body || rules.accept {
				t.Fatalf("%s lines %q: %v, but no body is due", where, lines, err)
			}
			return
		}
	}
	if err != nil {
		t.Fatalf("%s lines %q all match field-line, got %v", where, lines, err)
	}
	if diff := cmp.Diff(want, fields(req)); diff != "" {
		t.Fatalf("%s fields (-reference +parsed):\n%s", where, diff)
	}
}

// lineAt returns the index of the line (each followed by CRLF, the first at
// offset start) that holds offset off, or -1.
func lineAt(lines [][]byte, start, off int) int {
	for i, l := range lines {
		if off >= start && off < start+len(l)+2 {
			return i
		}
		start += len(l) + 2
	}
	return -1
}

// badEscapeAt reports whether off is where ParseQuery should report a
// malformed escape in s: the first byte that breaks "%" HEXDIG HEXDIG, or
// the "%" itself when s ends inside the escape.
func badEscapeAt(s string, off int) bool {
	if off < 0 || off >= len(s) {
		return false
	}
	breaks := !httparse.SlowHex(s[off]) // the byte ends the escape before it early
	return off >= 1 && s[off-1] == '%' && breaks ||
		off >= 2 && s[off-2] == '%' && httparse.SlowHex(s[off-1]) && breaks ||
		s[off] == '%' && (off+1 == len(s) || off+2 == len(s) && httparse.SlowHex(s[off+1]))
}
