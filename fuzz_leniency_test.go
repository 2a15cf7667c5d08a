package httparse

// FuzzLeniency and the properties that hold the leniency kinds to their
// promise: no kind moves a message boundary. normalize_test.go has the
// strict message each lenient reading stands for.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// strictForNormalized is the strict parser for normalized input: a bare
// LF gains a CR and a raw byte two more, so the limits on the head grow to
// match; the limits bound the bytes as received.
var strictForNormalized = Limits{
	MaxRequestLine: 3 * DefaultMaxRequestLine,
	MaxHeaderBytes: 2*DefaultMaxHeaderBytes + 16,
	MaxHeaders:     DefaultMaxHeaders + 1,
}

// checkNormalized is property 2: a lenient Parser with kinds accepts data
// exactly when the strict parser accepts normalize(data), with the same
// request and boundary (mapped through the normalization). Limits count
// received bytes, so a lenient 414 or 431 is not compared.
func checkNormalized(t *testing.T, data []byte, kinds Leniency) {
	t.Helper()
	lp := Parser{Lenient: kinds}
	var lr Request
	ln, lerr := lp.Parse(data, &lr)
	z := normalize(data, kinds)
	sp := Parser{Limits: strictForNormalized}
	var sr Request
	sn, serr := sp.Parse(z.out, &sr)
	var le *Error
	switch {
	case lerr == nil:
		if serr != nil {
			t.Fatalf("%s accepts %q, strict rejects its normalization %q: %v", lenientName(kinds), data, z.out, serr)
		}
		if sn != z.pos[ln] {
			t.Fatalf("%s consumes %d bytes of %q, strict %d of %q (want %d)", lenientName(kinds), ln, data, sn, z.out, z.pos[ln])
		}
		if d := diffNormalized(&lr, &sr, z.addedHost); d != "" {
			t.Fatalf("%s on %q and strict on %q differ:\n%s", lenientName(kinds), data, z.out, d)
		}
	case lerr == ErrIncomplete:
		if serr == nil {
			t.Fatalf("%s waits for more of %q, strict accepts its normalization %q", lenientName(kinds), data, z.out)
		}
	case errors.As(lerr, &le) && (le.Status == 414 || le.Status == 431):
	default:
		if _, ok := serr.(*Error); !ok {
			t.Fatalf("%s rejects %q (%v), strict on its normalization %q: %v", lenientName(kinds), data, lerr, z.out, serr)
		}
	}
}

// diffNormalized compares a lenient request with the strict one of its
// normalization: the same method, version, Host, path, decoded query,
// fields (less an added Host), framing, body and trailers; the target,
// RawPath and RawQuery as escapeHigh writes them.
func diffNormalized(l, s *Request, addedHost bool) string {
	h := s.Header
	if addedHost {
		h = h[:len(h)-1]
	}
	lq, lqErr := l.Query()
	sq, sqErr := s.Query()
	type view struct {
		Method, Target, RawPath, Path, RawQuery, Host string
		Minor                                         int
		Query                                         Values
		QueryErr                                      bool
		Header, Trailer                               Header
		ContentLength                                 int64
		Chunked, Close                                bool
		Body                                          []byte
	}
	lv := view{l.Method, escapeHigh(l.Target), escapeHigh(l.RawPath), l.Path, escapeHigh(l.RawQuery), l.Host,
		l.ProtoMinor, lq, lqErr != nil, l.Header, l.Trailer, l.ContentLength, l.Chunked, l.Close, l.Body}
	sv := view{s.Method, s.Target, s.RawPath, s.Path, s.RawQuery, s.Host,
		s.ProtoMinor, sq, sqErr != nil, h, s.Trailer, s.ContentLength, s.Chunked, s.Close, s.Body}
	return cmp.Diff(sv, lv, cmpopts.EquateEmpty())
}

// lenientOutcome is one parse, the request cloned.
type lenientOutcome struct {
	req *Request
	n   int
	err error
}

func parseLenient(data []byte, kinds Leniency) lenientOutcome {
	p := Parser{Lenient: kinds}
	var r Request
	n, err := p.Parse(data, &r)
	if err != nil {
		return lenientOutcome{nil, 0, err}
	}
	return lenientOutcome{r.Clone(), n, nil}
}

func diffLenientOutcome(want, got lenientOutcome) string {
	if want.n != got.n {
		return fmt.Sprintf("n: want %d, got %d (%s / %s)", want.n, got.n, errText(want.err), errText(got.err))
	}
	if d := cmp.Diff(want.err, got.err, cmp.Comparer(func(a, b error) bool {
		ea, oka := a.(*Error)
		eb, okb := b.(*Error)
		if oka && okb {
			return *ea == *eb
		}
		return a == b
	})); d != "" {
		return "error (-want +got):\n" + d
	}
	return cmp.Diff(want.req, got.req, lenientRequest)
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// checkLenientResume is property 3 for kinds: every proper prefix of an
// accepted message is ErrIncomplete, and so is every prefix up to the
// offset of an error; the input fed byte by byte into a growing buffer, or
// in random pieces each copied to a new buffer, gives the same result; a
// Parser and Request reused from a folded, chunked request give it too.
func checkLenientResume(t *testing.T, data []byte, kinds Leniency, whole lenientOutcome) {
	t.Helper()
	end := whole.n
	var e *Error
	switch {
	case whole.err == ErrIncomplete:
		end = len(data)
	case errors.As(whole.err, &e):
		end = e.Offset + 1
	}
	step := 1
	if end > 2048 {
		step = end / 1024
	}
	for k := 0; k < end; k += step {
		if got := parseLenient(data[:k], kinds); got.err != ErrIncomplete {
			t.Fatalf("%s: prefix of %d bytes (whole: n=%d, %v): %v", lenientName(kinds), k, whole.n, whole.err, got.err)
		}
	}
	if len(data) <= 16<<10 {
		p := Parser{Lenient: kinds}
		var r Request
		var buf []byte
		got := lenientOutcome{err: ErrIncomplete}
		for i := range data {
			buf = append(buf, data[i])
			n, err := p.Parse(buf, &r)
			if err != ErrIncomplete {
				got = lenientOutcome{n: n, err: err}
				if err == nil {
					got.req = r.Clone()
				}
				break
			}
		}
		if d := diffLenientOutcome(whole, got); d != "" {
			t.Fatalf("%s: byte by byte:\n%s", lenientName(kinds), d)
		}
	}
	r0 := rand.New(rand.NewPCG(uint64(len(data)), uint64(kinds)))
	for range 3 {
		p := Parser{Lenient: kinds}
		var r Request
		got := lenientOutcome{err: ErrIncomplete}
		cuts := []int{}
		if len(data) > 1 {
			for range 1 + r0.IntN(8) {
				cuts = append(cuts, 1+r0.IntN(len(data)-1))
			}
			slices.Sort(cuts)
		}
		for _, c := range append(cuts, len(data)) {
			n, err := p.Parse(append(make([]byte, 0, c), data[:c]...), &r)
			if err == nil {
				got = lenientOutcome{r.Clone(), n, nil}
				break
			}
			if err != ErrIncomplete {
				got = lenientOutcome{err: err}
				break
			}
		}
		if d := diffLenientOutcome(whole, got); d != "" {
			t.Fatalf("%s: in pieces cut at %v:\n%s", lenientName(kinds), cuts, d)
		}
	}
	// Reuse after a request that filled every buffer, left mid-request.
	p := Parser{Lenient: kinds}
	var r Request
	dirty := []byte("POST /a%20b?q HTTP/1.1\r\nHost: o\r\nX: a\r\n b\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nT: 1\r\n\r\n")
	p.Parse(dirty, &r)
	p.Parse(dirty[:40], &r)
	p.Reset()
	n, err := p.Parse(data, &r)
	got := lenientOutcome{n: n, err: err}
	if err == nil {
		got.req = r.Clone()
	} else {
		got.n = 0
	}
	if d := diffLenientOutcome(whole, got); d != "" {
		t.Fatalf("%s: reused Parser and Request:\n%s", lenientName(kinds), d)
	}
}

// checkLenientNetHTTP is property 4: when a lenient Parser and net/http
// both accept, they frame the message alike; when only the lenient Parser
// accepts, net/http's objection is not about framing. net/http is given
// the input followed by another request, as on a kept-alive connection:
// at the very end of its input it refuses a trailer section whose next
// two bytes it cannot see (SPEC.md, trailer-lookahead), which says
// nothing about where the message ends.
func checkLenientNetHTTP(t *testing.T, data []byte, kinds Leniency, whole lenientOutcome) {
	t.Helper()
	if whole.err != nil {
		return
	}
	in := append(data[:len(data):len(data)], "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"...)
	br := bufio.NewReaderSize(bytes.NewReader(in), len(in)+16)
	q, err := http.ReadRequest(br)
	var body []byte
	inBody := false
	if err == nil {
		body, err = io.ReadAll(q.Body)
		inBody = err != nil
	}
	if err != nil {
		s := err.Error()
		if inBody || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
			strings.Contains(s, "Content-Length") || strings.Contains(s, "ransfer") || strings.Contains(s, "chunk") {
			t.Fatalf("%s accepts %d bytes of %q, net/http rejects its framing: %v", lenientName(kinds), whole.n, data, err)
		}
		return
	}
	r := whole.req
	length := q.ContentLength
	if length == 0 && r.ContentLength == -1 && !r.Chunked {
		length = -1
	}
	n := len(in) - br.Buffered()
	if n != whole.n || !bytes.Equal(body, r.Body) || length != r.ContentLength {
		t.Fatalf("%s and net/http frame %q differently: n %d / %d, length %d / %d, body %q / %q",
			lenientName(kinds), data, whole.n, n, r.ContentLength, length, r.Body, body)
	}
}

// FuzzLeniency checks the leniency kinds on arbitrary bytes; kinds picks
// the combination (its low four bits):
//  1. on an input the strict parser accepts, a Parser with any combination
//     of kinds returns exactly the strict result;
//  2. checkNormalized, for the picked combination and for every kind alone;
//  3. checkLenientResume for the picked combination;
//  4. checkLenientNetHTTP for the picked combination.
func FuzzLeniency(f *testing.F) {
	for _, s := range []string{
		"GET /a HTTP/1.1\nHost: h\n\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
		"GET /\xc3\xa9?q=\xff HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"\nPOST / HTTP/1.1\nX: a\n\tb\nTransfer-Encoding: chunked\n\n1\r\nz\r\n0\r\nT: v\n\n",
	} {
		f.Add([]byte(s), uint8(allLenient))
	}
	for _, name := range corpusFiles(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
		for _, k := range []Leniency{AllowBareLF, AllowObsFold, AllowRawTargetBytes, AllowMissingHost} {
			f.Add(injectFault(data, k), uint8(k))
		}
		all := data
		for _, k := range []Leniency{AllowObsFold, AllowRawTargetBytes, AllowMissingHost, AllowBareLF} {
			all = injectFault(all, k)
		}
		f.Add(all, uint8(allLenient))
	}
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		kinds := Leniency(pick) & allLenient
		strict := parseLenient(data, 0)
		if strict.err == nil {
			for k := Leniency(1); k <= allLenient; k++ {
				if d := diffLenientOutcome(strict, parseLenient(data, k)); d != "" {
					t.Fatalf("%s differs from strict on %q, which strict accepts:\n%s", lenientName(k), data, d)
				}
			}
		}
		for _, k := range []Leniency{kinds, AllowBareLF, AllowObsFold, AllowRawTargetBytes, AllowMissingHost} {
			checkNormalized(t, data, k)
		}
		whole := parseLenient(data, kinds)
		if e, ok := whole.err.(*Error); ok && (e.Offset < 0 || e.Offset >= len(data) || e.Reason == "" ||
			!strings.HasPrefix(e.Rule, "RFC ") || e.Status < 400 || e.Status > 505) {
			t.Fatalf("%s: malformed error %#v on a %d-byte input", lenientName(kinds), e, len(data))
		}
		checkLenientResume(t, data, kinds, whole)
		checkLenientNetHTTP(t, data, kinds, whole)
	})
}

func corpusFiles(tb testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("corpus", "*.http"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus/*.http files (%v)", err)
	}
	return files
}

// injectFault rewrites a request so that it needs kind: every CRLF of the
// head becomes LF; a folded field is added; a raw UTF-8 é goes into the
// target's path; the Host line is dropped.
func injectFault(data []byte, kind Leniency) []byte {
	head, body, found := bytes.Cut(data, []byte("\r\n\r\n"))
	sep := "\r\n\r\n"
	if !found {
		head, body, found = bytes.Cut(data, []byte("\n\n"))
		sep = "\n\n"
	}
	if !found {
		return data
	}
	nl := []byte("\r\n")
	if sep == "\n\n" {
		nl = []byte("\n")
	}
	switch kind {
	case AllowBareLF:
		head = bytes.ReplaceAll(head, []byte("\r\n"), []byte("\n"))
		sep = "\n\n"
	case AllowObsFold:
		line, rest, _ := bytes.Cut(head, nl)
		head = slices.Concat(line, nl, []byte("X-Folded: a,"), nl, []byte("\tb"), nl, rest)
	case AllowRawTargetBytes:
		if i := bytes.Index(head, []byte(" /")); i >= 0 {
			head = slices.Concat(head[:i+2], []byte("\xc3\xa9"), head[i+2:])
		}
	case AllowMissingHost:
		var lines [][]byte
		for _, l := range bytes.Split(head, nl) {
			if !bytes.HasPrefix(bytes.ToLower(l), []byte("host:")) {
				lines = append(lines, l)
			}
		}
		head = bytes.Join(lines, nl)
	}
	return slices.Concat(head, []byte(sep), body)
}
