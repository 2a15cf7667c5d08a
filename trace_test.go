//go:build httparse_trace

package httparse

import (
	"strings"
	"testing"
)

// These tests count the bytes each scanning loop examines (trace.go); run
// them with -tags httparse_trace. A scanner that skips less than it claims,
// or a resumed parse that starts over, gives the same answers more slowly,
// which no other test can see.

// traced runs f with the trace hook counting, and returns the bytes each
// loop examined.
func traced(f func()) (n [traceLoops]int) {
	traceHook = func(l traceLoop, k int) { n[l] += k }
	defer func() { traceHook = nil }()
	f()
	return n
}

// sum returns the bytes examined, over all loops (traceParse, traceMore
// and traceOneMore count calls).
func sum(n [traceLoops]int) (t int) {
	for l, k := range n {
		if l := traceLoop(l); l != traceParse && l != traceMore && l != traceOneMore {
			t += k
		}
	}
	return t
}

// plainValueBytes are SP and VCHAR, the value bytes valueEnd's sixteen-
// byte test passes, in turn.
var plainValueBytes = func() string {
	var b []byte
	for c := byte(0x20); c <= 0x7e; c++ {
		b = append(b, c)
	}
	return string(b)
}()

// TestValueEndExamines: valueEnd takes sixteen bytes at a time while none
// is a CTL, DEL, HTAB or obs-text byte, then eight at a time to the end of
// the last whole eight (HTAB and obs-text do not stop it), then single
// bytes; a byte no value may hold ends the scan where it is found.
func TestValueEndExamines(t *testing.T) {
	for n := 0; n <= 48; n++ {
		for _, c := range []byte{'a', '\t', 0x80, '\r'} {
			for pos := -1; pos < n; pos++ {
				b := []byte(strings.Repeat(plainValueBytes, 2)[n%len(plainValueBytes):][:n])
				if pos >= 0 {
					b[pos] = c
				}
				got := traced(func() { valueEnd(b, 0, len(b)) })
				// The model: sixteen-byte blocks before the block holding
				// the flagged byte.
				flagged := n
				if pos >= 0 && c != 'a' {
					flagged = pos
				}
				var want [traceLoops]int
				want[traceValue16] = min(flagged/16+1, n/16) * 16
				i := min(flagged/16, n/16) * 16 // the block with the flag is looked at and left
				stop := n                       // where the scan ends
				if c == '\r' && pos >= 0 {
					stop = pos
				}
				found := false
				for ; i+8 <= n && !found; i += 8 {
					want[traceValue8] += 8
					found = stop < i+8
				}
				if !found {
					want[traceValue1] = min(stop+1, n) - i
				}
				if got != want {
					t.Fatalf("%d bytes, %#02x at %d: examined %v, want %v", n, c, pos, got, want)
				}
			}
		}
	}
}

// fastTokenBytes are the bytes tokenEnd's eight-byte test passes.
const fastTokenBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"

// TestTokenEndExamines: tokenEnd takes eight bytes at a time while all are
// letters, digits or "-", then goes byte by byte from the first other byte
// it found (or from the last whole eight) up to and including the first
// byte that is no tchar.
func TestTokenEndExamines(t *testing.T) {
	for n := 0; n <= 32; n++ {
		for _, c := range []byte{'a', '!', ':'} {
			for pos := -1; pos < n; pos++ {
				// Every letter, digit and "-" in turn, so that each range
				// test of the eight-byte words is tried at each position.
				b := []byte(strings.Repeat(fastTokenBytes, 2)[n%len(fastTokenBytes):][:n])
				if pos >= 0 {
					b[pos] = c
				}
				got := traced(func() { tokenEnd(b, 0) })
				var want [traceLoops]int
				other := n // the first byte that is not a letter, digit or "-"
				if pos >= 0 && c != 'a' {
					other = pos
				}
				i := 0
				for ; i+8 <= n; i += 8 {
					want[traceToken8] += 8
					if other < i+8 {
						i = other
						break
					}
				}
				end := n // the first byte that is no tchar
				if pos >= 0 && c == ':' {
					end = pos
				}
				want[traceToken1] = min(end+1, n) - i
				if got != want {
					t.Fatalf("%d bytes, %q at %d: examined %v, want %v", n, c, pos, got, want)
				}
			}
		}
	}
}

// TestResumeExaminesLinearly feeds each of resumeInputs one byte more per
// call, with the bytes copied to a new buffer each time: in all, the
// scanners examine at most twice the input (a byte may be looked at once
// while its line is unfinished and once more with the line's end), where
// starting over on each call would cost the square of it.
func TestResumeExaminesLinearly(t *testing.T) {
	for _, in := range resumeInputs {
		var p Parser
		var r Request
		var err error
		got := traced(func() {
			for k := 1; k <= len(in); k++ {
				_, err = p.Parse([]byte(in[:k]), &r)
			}
		})
		if err != nil {
			t.Fatalf("%.40q: %v", in, err)
		}
		if sum(got) > 2*len(in) {
			t.Errorf("%.40q, %d bytes fed one more at a time: examined %d bytes (%v), want at most %d",
				in, len(in), sum(got), got, 2*len(in))
		}
		once := traced(func() { new(Parser).Parse([]byte(in), new(Request)) })
		if sum(once) > 2*len(in) {
			t.Errorf("%.40q in one call: examined %d bytes (%v), want at most %d", in, sum(once), once, 2*len(in))
		}
	}

	// ChunkedDecoder, given what it left unconsumed again with one more
	// byte each time.
	body := resumeInputs[1][strings.Index(resumeInputs[1], "\r\n\r\n")+4:]
	var d ChunkedDecoder
	var pending, out []byte
	got := traced(func() {
		for k := 0; k < len(body); k++ {
			pending = append(pending, body[k])
			var n int
			out, n, _ = d.Decode(out, pending)
			pending = append([]byte(nil), pending[n:]...)
		}
	})
	if !d.Done() || sum(got) > 2*len(body) {
		t.Errorf("ChunkedDecoder fed one byte more at a time: done %v, examined %d bytes (%v), want at most %d",
			d.Done(), sum(got), got, 2*len(body))
	}
}

// TestCommonValuesNeedNoListSplit: the values nearly every client sends,
// a lone "Transfer-Encoding: chunked" and "Connection: keep-alive" or
// "close", are answered without splitting them as lists; others are split.
func TestCommonValuesNeedNoListSplit(t *testing.T) {
	for _, tc := range []struct {
		field string
		split bool
	}{
		{"Transfer-Encoding: chunked", false},
		{"Transfer-Encoding: CHUNKED", false},
		{"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", true},
		{"Transfer-Encoding: , chunked", true},
		{"Connection: keep-alive", false},
		{"Connection: Keep-Alive", false},
		{"Connection: close", false},
		{"Connection: keep-alive, Upgrade", true},
	} {
		in := "POST / HTTP/1.1\r\nHost: a\r\n" + tc.field + "\r\n\r\n"
		got := traced(func() { new(Parser).ParseHead([]byte(in), new(Request)) })
		if split := got[traceList] > 0; split != tc.split {
			t.Errorf("%q: list split %v, want %v", tc.field, split, tc.split)
		}
	}
}

// TestMoreAnswersFieldBytes: while a field line arrives a byte at a time,
// Parser.oneMore answers each call without entering the parser proper but
// the colon and the CRs, which Parser.more answers; only the LFs that
// complete a line enter it, and the bytes that can break a line. A call
// with no new bytes is more's.
func TestMoreAnswersFieldBytes(t *testing.T) {
	const head = "GET / HTTP/1.1\r\nHost: a\r\n"
	name, value := strings.Repeat("N", 50), strings.Repeat("v", 230)
	in := head + name + ": " + value + "\r\n\r\n"
	for _, parse := range []func(*Parser, []byte, *Request) (int, error){(*Parser).Parse, (*Parser).ParseHead} {
		// The header section is 295 bytes: near the limit, more must
		// still count only the section's own bytes.
		p := Parser{Limits: Limits{MaxHeaderBytes: 300}}
		var r Request
		if _, err := parse(&p, []byte(head), &r); err != ErrIncomplete {
			t.Fatal(err)
		}
		var err error
		got := traced(func() {
			for k := len(head) + 1; k <= len(in); k++ {
				_, err = parse(&p, []byte(in[:k]), &r)
			}
		})
		// The LF that ends the line, and the LF of the empty line; the
		// colon and the two CRs are more's.
		const entered, ends = 2, 3
		calls := len(in) - len(head)
		if err != nil || got[traceParse] != entered || got[traceOneMore] != calls-entered-ends || got[traceMore] != ends {
			t.Errorf("%d one-byte calls: parser %d, oneMore %d, more %d (%v); want %d, %d, %d",
				calls, got[traceParse], got[traceOneMore], got[traceMore], err, entered, calls-entered-ends, ends)
		}

		// A call with no new bytes in the middle of a value does not
		// enter the parser either.
		p.Reset()
		mid := []byte(head + name + ": " + value[:100])
		if _, err := parse(&p, mid, &r); err != ErrIncomplete {
			t.Fatal(err)
		}
		again := traced(func() { parse(&p, mid, &r) })
		if again[traceParse] != 0 || again[traceMore] != 1 {
			t.Errorf("a call with no new bytes: parser %d, more %d; want 0, 1", again[traceParse], again[traceMore])
		}
	}
}

// TestRepeatedCallsExamineNothingNew: calling again with no new bytes (a
// spurious wake-up) examines nothing again, in the head and in a chunked
// body.
func TestRepeatedCallsExamineNothingNew(t *testing.T) {
	for _, in := range resumeInputs {
		var p Parser
		var r Request
		var once, twice int
		for k := 1; k < len(in); k++ {
			b := []byte(in[:k])
			once += sum(traced(func() { p.Parse(b, &r) }))
			twice += sum(traced(func() { p.Parse(b, &r) }))
		}
		if twice > len(in) {
			t.Errorf("%.40q: repeated calls examined %d bytes (first calls %d), want at most %d", in, twice, once, len(in))
		}
	}
}

// TestExaminedBytesExactly: what one call on a small request examines,
// loop by loop: the request-line up to its LF, the name "Host" as one
// eight-byte word and the colon, the value " a" and its CR, and the CR of
// the empty line (on the vector path, the bytes the vector scanners skip). Then a chunked body's lines up to each LF.
func TestExaminedBytesExactly(t *testing.T) {
	in := "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
	got := traced(func() { new(Parser).Parse([]byte(in), new(Request)) })
	var want [traceLoops]int
	want[traceLine] = len("GET / HTTP/1.1\r\n")
	if vectorScan {
		// The vector scanners skip "Host" and " a" (the bytes before the
		// byte the table decides); the empty line's CR ends a name at once.
		want[traceVector] = len("Host") + len(" a")
	} else {
		want[traceToken8] = 8 // "Host: a\r", which has a byte other than a letter, digit or "-" at 4
		want[traceToken1] = 1 // the colon
		want[traceValue1] = 3
	}
	want[traceParse] = 1
	if got != want {
		t.Errorf("%q: examined %v, want %v", in, got, want)
	}

	body := "3\r\nabc\r\n0\r\n\r\n"
	got = traced(func() {
		var d ChunkedDecoder
		d.Decode(nil, []byte(body))
	})
	want = [traceLoops]int{}
	want[traceLine] = len("3\r\n") + len("0\r\n") + len("\r\n")
	if got != want {
		t.Errorf("%q: examined %v, want %v", body, got, want)
	}

	// A request-line is examined once up to where the first scan of its
	// method and target stops (wholeRequestLine), whichever way it comes:
	// after empty lines, cut short, ended by a bare LF where that is
	// allowed. What follows that point, in a line that has not ended, is
	// examined twice: by the search for its LF and by the check that
	// judges it early (a final CR waits for the byte after it).
	for _, tc := range []struct {
		in   string
		lax  Leniency
		line int // bytes examined in the request-line and the empty lines before it
	}{
		{"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 0, len("GET / HTTP/1.1\r\n")},
		{"GET / HTTP/1.1\nHost: a\n\n", AllowBareLF, len("GET / HTTP/1.1\n")},
		{"GET /abc", 0, len("GET /abc")},
		{"\r\nGET /abc", 0, len("GET /abc")},
		{"GET /a%4", 0, len("GET /a") + 2*len("%4")},
		{"GET /a%41", 0, len("GET /a%41")},
		{"GET /a%41b%2", 0, len("GET /a%41b") + 2*len("%2")},
		{"GET /a%41b HTTP/1.1\r\nHost: a\r\n\r\n", 0, len("GET /a%41b HTTP/1.1\r\n")},
		{"GET /a\x80b", AllowRawTargetBytes, len("GET /a\x80b")},
		{"GET /a\x80b%41c HTTP/1.1\r\nHost: a\r\n\r\n", AllowRawTargetBytes, len("GET /a\x80b%41c HTTP/1.1\r\n")},
		{"GET /abc HTTP/1.", 0, len("GET /abc ") + 2*len("HTTP/1.")},
		{"\r\nGET /abc HTTP/1.", 0, len("GET /abc ") + 2*len("HTTP/1.")},
		{"GET /abc HTTP/1.1\r", 0, len("GET /abc ") + 2*len("HTTP/1.1") + len("\r")},
	} {
		got = traced(func() { (&Parser{Lenient: tc.lax}).Parse([]byte(tc.in), new(Request)) })
		if got[traceLine] != tc.line || got[traceParse] != 1 {
			t.Errorf("%q: examined %v, want %d bytes of line and 1 call", tc.in, got, tc.line)
		}
	}
}
