package httparse

// FuzzLeniency and the tests that hold the leniency kinds to their
// promise: no kind moves a message boundary.
//
// normalize(b, kinds) is the strict message a Parser with kinds reads b
// as: in the lines of the header and trailer sections a bare LF becomes
// CRLF; a fold the parser accepts becomes one SP; a raw byte %x80-FF in the
// request-target (outside its authority) becomes its "%XX"; and an HTTP/1.1
// head without Host gets an empty Host line before its final empty line.

import (
	"bufio"
	"bytes"
	"errors"
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
		if digits == 0 || size > int64(len(b)) {
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
		return "n: want " + itoa(want.n) + ", got " + itoa(got.n) + " (" + errText(want.err) + " / " + errText(got.err) + ")"
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

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n < 0 {
		return appendInt(append(b, '-'), -n)
	}
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
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

// onlyLenientFault lists the corpus/smuggle-* files whose one fault is a
// leniency kind: with every kind on they are accepted, and
// TestLenientCorpus holds them to checkNormalized.
var onlyLenientFault = map[string]bool{
	"smuggle-bare-lf-head.http": true, // bare LF ends every head line
}

// TestLenientCorpus parses every corpus file with every kind on, request
// after request: a smuggle-* file must end in an *Error unless its one
// fault is a kind (onlyLenientFault), and then its requests satisfy
// checkNormalized; every other file parses exactly as strict.
func TestLenientCorpus(t *testing.T) {
	for _, name := range corpusFiles(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		var p, sp Parser
		p.Lenient = allLenient
		var r, sr Request
		for len(data) > 0 && err == nil {
			checkNormalized(t, data, allLenient)
			var n int
			n, err = p.Parse(data, &r)
			if !strings.HasPrefix(base, "smuggle-") {
				sn, serr := sp.Parse(data, &sr)
				if d := diffLenientOutcome(lenientOutcome{sr.Clone(), sn, serr}, lenientOutcome{r.Clone(), n, err}); d != "" {
					t.Errorf("%s: lenient and strict differ:\n%s", base, d)
				}
			}
			data = data[n:]
		}
		_, rejected := err.(*Error)
		want := strings.HasPrefix(base, "smuggle-") && !onlyLenientFault[base]
		if rejected != want {
			t.Errorf("%s with every kind: %v (want an *Error: %v)", base, err, want)
		}
	}
}

// TestLenientParseCases runs every TestParse case with every kind on: an
// accepted case gives the strict result, and a rejected one stays rejected
// unless its fault is one a kind allows, when checkNormalized holds it.
func TestLenientParseCases(t *testing.T) {
	allowed := map[string]bool{ // reasons a kind can lift
		"bare LF": true, "bare LF in field value": true, "bare LF in chunked framing": true,
		"obsolete line folding":                  true,
		"invalid byte in request-target":         true,
		"missing Host field in HTTP/1.1 request": true,
	}
	lifted := 0 // cases a kind can lift, held to checkNormalized
	for _, tc := range append(parseCases, realWorldCases...) {
		in, _ := tc.input()
		strict := Parser{Limits: tc.lim}
		lenient := Parser{Limits: tc.lim, Lenient: allLenient}
		var sr, lr Request
		sn, serr := strict.Parse([]byte(in), &sr)
		ln, lerr := lenient.Parse([]byte(in), &lr)
		switch e, _ := serr.(*Error); {
		case serr == nil:
			if d := diffLenientOutcome(lenientOutcome{sr.Clone(), sn, nil}, lenientOutcome{lr.Clone(), ln, lerr}); d != "" {
				t.Errorf("%s: %s: lenient differs from strict:\n%s", tc.rule, tc.name, d)
			}
		case e != nil && allowed[e.Reason]:
			if tc.lim == (Limits{}) {
				checkNormalized(t, []byte(in), allLenient)
				lifted++
			}
		case lerr == nil || lerr == ErrIncomplete:
			t.Errorf("%s: %s: strict rejects (%v), every kind on: %v", tc.rule, tc.name, serr, lerr)
		}
	}
	if lifted == 0 {
		t.Fatal("no TestParse case has a fault a kind lifts: the check above checked nothing")
	}
	t.Logf("%d cases with a fault a kind lifts", lifted)
}

// TestNormalize pins normalize on one input per kind, so that the
// properties above compare against the intended strict message.
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
