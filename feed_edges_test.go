package httparse_test

// Inputs around the eight-byte host name skip, the request-line's "%"
// flag, the one-byte resumption of field lines (their colon and CR
// included) and the parameter lists,
// fed to the parser in every way a connection may deliver them.

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// feedOutcome spells the result of a call: the error's status, rule, offset
// and reason, or every part of the Request (its body and trailers only
// after Parse).
func feedOutcome(n int, err error, r *httparse.Request, head bool) string {
	var e *httparse.Error
	switch {
	case err == httparse.ErrIncomplete:
		return "INCOMPLETE"
	case errors.As(err, &e):
		return fmt.Sprintf("ERR %d %q %d %q", e.Status, e.Rule, e.Offset, e.Reason)
	case err != nil:
		return "OTHER " + err.Error()
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "OK n=%d %q %q %q %q %q %q %d.%d cl=%d ch=%v cl=%v", n, r.Method, r.Target, r.Path, r.RawPath, r.RawQuery, r.Host,
		r.ProtoMajor, r.ProtoMinor, r.ContentLength, r.Chunked, r.Close)
	for _, f := range r.Header {
		fmt.Fprintf(&sb, " H%q=%q", f.Name, f.Value)
	}
	if !head {
		for _, f := range r.Trailer {
			fmt.Fprintf(&sb, " T%q=%q", f.Name, f.Value)
		}
		fmt.Fprintf(&sb, " body=%q", r.Body)
	}
	return sb.String()
}

// feed parses in as the pieces cut at the given offsets, each call with
// the input so far (in a buffer that moves at every call, or every 37th for
// long inputs), and returns the outcome of the
// first call that does not return ErrIncomplete (or of the last).
func feed(cfg feedConfig, in []byte, cuts []int, head bool) string {
	p := httparse.Parser{Limits: cfg.lim, Lenient: cfg.len}
	var r httparse.Request
	call := func(b []byte) (int, error) {
		if head {
			return p.ParseHead(b, &r)
		}
		return p.Parse(b, &r)
	}
	var backing []byte
	for c, k := range cuts {
		if backing == nil || len(in) < 800 || c%37 == 0 {
			backing = append([]byte(nil), in...) // the buffer moves
		}
		n, err := call(backing[:k:k])
		if err != httparse.ErrIncomplete {
			return fmt.Sprintf("at %d: %s", k, feedOutcome(n, err, &r, head))
		}
	}
	b := append([]byte(nil), in...)
	n, err := call(b)
	return feedOutcome(n, err, &r, head)
}

// feedConfig is the Limits and Leniency of a Parser, by name.
type feedConfig struct {
	name string
	lim  httparse.Limits
	len  httparse.Leniency
}

// feedConfigs returns strict and lenient Parsers, tight Limits, and
// MaxHeaderBytes from three below the length of in's header section to one
// above it.
func feedConfigs(in []byte) []feedConfig {
	all := httparse.AllowBareLF | httparse.AllowObsFold | httparse.AllowRawTargetBytes | httparse.AllowMissingHost
	cs := []feedConfig{
		{name: "strict"},
		{name: "lenient", len: all},
		{name: "fold", len: httparse.AllowObsFold},
		{name: "few", lim: httparse.Limits{MaxHeaders: 2, MaxRequestLine: 24, MaxBodyBytes: 7}},
	}
	// MaxHeaderBytes around the section's length, when it has one.
	s := string(in)
	if lf := strings.IndexByte(s, '\n'); lf >= 0 {
		if e := strings.Index(s, "\r\n\r\n"); e > lf {
			l := e + 4 - (lf + 1)
			for d := -3; d <= 1; d++ {
				if l+d > 0 {
					cs = append(cs, feedConfig{name: fmt.Sprintf("mhb%+d", d), lim: httparse.Limits{MaxHeaderBytes: l + d}})
					cs = append(cs, feedConfig{name: fmt.Sprintf("mhbL%+d", d), lim: httparse.Limits{MaxHeaderBytes: l + d}, len: all})
				}
			}
		}
	}
	return cs
}

var feedEdges = []struct{ in, want string }{
	{"GET /a%41b HTTP/1.1\r\nHost: h\r\n\r\n",
		`OK n=32 "GET" "/a%41b" "/aAb" "/a%41b" "" "h"`},
	{"GET /a?b%41 HTTP/1.1\r\nHost: h\r\n\r\n",
		`OK n=33 "GET" "/a?b%41" "/a" "/a" "b%41" "h"`},
	{"GET /a%4 HTTP/1.1\r\nHost: h\r\n\r\n",
		`ERR 400 "RFC 3986 §2.1" 8 "malformed percent-encoding"`},
	{"GET /a%4",
		`INCOMPLETE`},
	{"GE%T /a HTTP/1.1\r\nHost: h\r\n\r\n",
		`OK n=29 "GE%T" "/a" "/a" "/a" "" "h"`},
	{"GET http://h%C3%A9llo.example/p HTTP/1.1\r\nHost: x\r\n\r\n",
		`OK n=53 "GET" "http://h%C3%A9llo.example/p" "/p" "/p" "" "h%C3%A9llo.example"`},
	{"GET http://h%41llo.example/p%2F HTTP/1.1\r\nHost: x\r\n\r\n",
		`ERR 400 "RFC 9112 §3.2" 12 "percent-encoded ASCII in host"`},
	{"GET http://www.example.com:8080/p%20q?x%20 HTTP/1.1\r\nHost: x\r\n\r\n",
		`OK n=64 "GET" "http://www.example.com:8080/p%20q?x%20" "/p q" "/p%20q" "x%20" "www.example.com:8080"`},
	{"GET http://www.example.com?q HTTP/1.1\r\nHost: x\r\n\r\n",
		`OK n=50 "GET" "http://www.example.com?q" "/" "/" "q" "www.example.com"`},
	{"OPTIONS http://www.example.com HTTP/1.1\r\nHost: x\r\n\r\n",
		`OK n=52 "OPTIONS" "http://www.example.com" "*" "*" "" "www.example.com"`},
	{"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
		`OK n=31 "OPTIONS" "*" "*" "*" "" "x"`},
	{"CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n",
		`OK n=67 "CONNECT" "www.example.com:443" "" "" "" "www.example.com:443"`},
	{"CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\nContent-Length: 000000000000000000000000000000\r\n\r\n",
		`OK n=115 "CONNECT" "www.example.com:443" "" "" "" "www.example.com:443"`},
	{"CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
		`ERR 400 "RFC 9110 §9.3.6" 81 "content in CONNECT request"`},
	{"CONNECT www.example.com: HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n",
		`ERR 400 "RFC 9112 §3.2.3" 24 "invalid authority-form target"`},
	{"GET / HTTP/1.1\r\nHost: www.example.com:65535\r\n\r\n",
		`OK n=47 "GET" "/" "/" "/" "" "www.example.com:65535"`},
	{"GET / HTTP/1.1\r\nHost: www.example.com:65536\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 42 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: www.example.com:/\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 38 "invalid Host"`},
	// port = *DIGIT: "9" is the last digit, ":" the byte after it.
	{"GET / HTTP/1.1\r\nHost: www.example.com:9\r\n\r\n",
		`OK n=43 "GET" "/" "/" "/" "" "www.example.com:9"`},
	// port = *DIGIT: ":" is the byte after "9" and no digit.
	{"GET / HTTP/1.1\r\nHost: h:8:\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 25 "invalid Host"`},
	{"CONNECT h:8: HTTP/1.1\r\nHost: h:8\r\n\r\n",
		`ERR 400 "RFC 9112 §3.2.3" 11 "invalid authority-form target"`},
	{"GET / HTTP/1.1\r\nHost: www.example.com:\r\n\r\n",
		`OK n=42 "GET" "/" "/" "/" "" "www.example.com:"`},
	{"GET / HTTP/1.1\r\nHost: www.example.com:8a\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 39 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: www.ex_mple.com\r\n\r\n",
		`OK n=41 "GET" "/" "/" "/" "" "www.ex_mple.com"`},
	{"GET / HTTP/1.1\r\nHost: www.ex~mple.com\r\n\r\n",
		`OK n=41 "GET" "/" "/" "/" "" "www.ex~mple.com"`},
	{"GET / HTTP/1.1\r\nHost: wwwwwwwwwwwwwwwwwww\r\n\r\n",
		`OK n=45 "GET" "/" "/" "/" "" "wwwwwwwwwwwwwwwwwww"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh%C3%A9ijklmnop.q\r\n\r\n",
		`OK n=50 "GET" "/" "/" "/" "" "abcdefgh%C3%A9ijklmnop.q"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh%41ijklmnop.q\r\n\r\n",
		`ERR 400 "RFC 9112 §3.2" 30 "percent-encoded ASCII in host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh%4\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 30 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh%\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 30 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh%zz\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 30 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefg\xe9hij\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 29 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefg\x7fhij\r\n\r\n",
		`ERR 400 "RFC 9110 §5.5" 29 "invalid byte in field value"`},
	{"GET / HTTP/1.1\r\nHost: abcdefgh@ij\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 30 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcd@efghijk\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 26 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: abcdefghij,k\r\n\r\n",
		`OK n=38 "GET" "/" "/" "/" "" "abcdefghij,k"`},
	{"GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
		`OK n=34 "GET" "/" "/" "/" "" "[::1]:80"`},
	{"GET / HTTP/1.1\r\nHost: 192.168.100.200:80\r\n\r\n",
		`OK n=44 "GET" "/" "/" "/" "" "192.168.100.200:80"`},
	{"GET / HTTP/1.1\r\nHost: a\xe1`bcdefgh\r\n\r\n",
		`ERR 400 "RFC 9110 §7.2" 23 "invalid Host"`},
	{"GET / HTTP/1.1\r\nHost: ABCDEFGHIJKLMNOPQRSTUVWXYZ-.09\r\n\r\n",
		`OK n=56 "GET" "/" "/" "/" "" "ABCDEFGHIJKLMNOPQRSTUVWXYZ-.09"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX:\r\n\r\n",
		`OK n=31 "GET" "/" "/" "/" "" "h"`},
	{"GET / HTTP/1.1\r\nHost: h\r\n:x\r\n\r\n",
		`ERR 400 "RFC 9112 §5" 25 "empty field name"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX\r\n\r\n",
		`ERR 400 "RFC 9112 §5" 26 "missing colon in field line"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX y: z\r\n\r\n",
		`ERR 400 "RFC 9112 §5.1" 26 "whitespace between field name and colon"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX : z\r\n\r\n",
		`ERR 400 "RFC 9112 §5.1" 26 "whitespace between field name and colon"`},
	{"GET / HTTP/1.1\r\nHost: h\r\n\rX\r\n\r\n",
		`ERR 400 "RFC 9112 §2.2" 25 "bare CR in field name"`},
	{"GET / HTTP/1.1\r\nHost: h\r\n\r\r\n",
		`ERR 400 "RFC 9112 §2.2" 25 "bare CR in field name"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
		`ERR 400 "RFC 9112 §2.2" 29 "bare CR in field value"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX: a\nb\r\n\r\n",
		`ERR 400 "RFC 9112 §2.2" 29 "bare LF in field value"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
		`ERR 400 "RFC 9112 §5.2" 31 "obsolete line folding"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nX: a\n b\n\n",
		`ERR 400 "RFC 9112 §2.2" 29 "bare LF in field value"`},
	{"GET / HTTP/1.1\r\nHost: h\nX: a\r\n\n",
		`ERR 400 "RFC 9112 §2.2" 23 "bare LF in field value"`},
	{"GET / HTTP/1.1\r\nHost: h\r\n\n",
		`ERR 400 "RFC 9112 §2.2" 25 "bare LF"`},
	{"GET / HTTP/1.1\r\n\r\n",
		`ERR 400 "RFC 9112 §3.2" 16 "missing Host field in HTTP/1.1 request"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
		`OK n=45 "GET" "/" "/" "/" "" "h"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB:",
		`INCOMPLETE`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b;c;d = e ; f=\"g\\\"h\"\r\nhello\r\n0\r\n\r\n",
		`OK n=94 "POST" "/" "/" "/" "" "h"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 ;a\r\nhello\r\n0\r\n\r\n",
		`OK n=74 "POST" "/" "/" "/" "" "h"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 58 "invalid chunk-size"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 58 "invalid chunk extension name"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 60 "invalid chunk extension value"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 62 "invalid chunk extension value"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\\\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 63 "invalid chunk extension value"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a =\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 61 "invalid chunk extension value"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a \r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 60 "invalid chunk extension"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\"c\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 63 "invalid chunk extension"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\"\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 61 "invalid chunk extension"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n;a\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 56 "invalid chunk-size"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;" + strings.Repeat("a", 5000) + "\r\nhello\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1.1" 4152 "chunk-size line too long"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;" + strings.Repeat("a", 2000) + "\r\nhello\r\n5;" + strings.Repeat("a", 2000) + "\r\nhello\r\n0;" + strings.Repeat("b", 200) + "\r\n\r\n",
		`OK n=4284 "POST" "/" "/" "/" "" "h"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip;q=1, chunked\r\n\r\n0\r\n\r\n",
		`ERR 501 "RFC 9112 §6.1" 45 "transfer-coding not implemented"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a=b\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 45 "parameters on chunked"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a=\"b\"\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 45 "parameters on chunked"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a=\"b\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked ;a=b\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 45 "parameters on chunked"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked; a=b\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §7.1" 45 "parameters on chunked"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a = b\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;a;b=c\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip;a=\"\\\"\", chunked\r\n\r\n0\r\n\r\n",
		`ERR 501 "RFC 9112 §6.1" 45 "transfer-coding not implemented"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip;a=b;, chunked\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip;;a=b, chunked\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip;a=b\"c\", chunked\r\n\r\n0\r\n\r\n",
		`ERR 400 "RFC 9112 §6.1" 45 "invalid transfer-coding"`},
	{"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
		`OK n=52 "POST" "/" "/" "/" "" "h"`},
	// The colon and the CR that Parser.oneMore takes when they come one
	// byte at a time (fieldEnd), and the bytes around them that it leaves
	// to the field loop: a third field past MaxHeaders (feedConfigs' "few"),
	// an empty name, a bare CR in a value and in a name, a colon in the
	// method and in the target, folding (strict, and lenient).
	{"GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n",
		`OK n=39 "GET" "/" "/" "/" "" "h" 1.1 cl=-1 ch=false cl=false H"Host"="h" H"A"="1" H"B"="2"`},
	{"GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n",
		`ERR 400 "RFC 9112 §5" 25 "empty field name"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA: b\rX: c\r\n\r\n",
		`ERR 400 "RFC 9112 §2.2" 29 "bare CR in field value"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA\r: b\r\n\r\n",
		`ERR 400 "RFC 9112 §2.2" 26 "bare CR in field name"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA b: c\r\n\r\n",
		`ERR 400 "RFC 9112 §5.1" 26 "whitespace between field name and colon"`},
	{"GE:T / HTTP/1.1\r\nHost: h\r\n\r\n",
		`ERR 400 "RFC 9112 §3" 2 "invalid byte in method"`},
	{"GET /a: HTTP/1.1\r\nHost: h\r\n\r\n",
		`OK n=29 "GET" "/a:" "/a:" "/a:" "" "h"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA: b\r\n c\r\n\r\n",
		`ERR 400 "RFC 9112 §5.2" 31 "obsolete line folding"`},
	{"GET / HTTP/1.1\r\nHost: h\r\nA::b\r\n\r\n",
		`OK n=33 "GET" "/" "/" "/" "" "h" 1.1 cl=-1 ch=false cl=false H"Host"="h" H"A"=":b"`},
}

// TestFeedingEdges checks the strict Parse of each input of feedEdges
// against want (its start: the error, or the request-line's parts and
// Host). Each input is parsed again one byte more per call in a buffer that
// moves, and cut in two at every offset (every seventh of a long input), by
// Parse and by ParseHead, strict and lenient, with the Limits of
// feedConfigs: every way must give the outcome of the whole input, the
// error's status, rule, offset and reason included. The inputs are those of
// the eight-byte host name skip and the port digits (RFC 3986 §3.2.2,
// §3.2.3), of the request-line's "%" flag (RFC 3986 §2.1), of field lines
// ended at the section limit (RFC 6585 §5) and of the parameter lists of
// chunk-ext (RFC 9112 §7.1.1) and transfer-coding (RFC 9110 §10.1.4).
func TestFeedingEdges(t *testing.T) {
	for _, e := range feedEdges {
		in := []byte(e.in)
		okStrict := false
		for _, cfg := range feedConfigs(in) {
			for _, head := range []bool{true, false} {
				whole := feed(cfg, in, nil, head)
				if cfg.name == "strict" && !head && !strings.HasPrefix(whole, e.want) {
					t.Errorf("%q: %s, want %s", in, whole, e.want)
				}
				if head && cfg.name == "strict" && strings.HasPrefix(whole, "OK") {
					okStrict = true
				}
				// A head whose section has exactly MaxHeaderBytes is
				// accepted, one with a byte more is 431 (RFC 6585 §5).
				switch {
				case !head || !okStrict:
				case cfg.name == "mhb+0" && !strings.HasPrefix(whole, "OK"):
					t.Errorf("%q with MaxHeaderBytes its section's length: %s", in, whole)
				case cfg.name == "mhb-1" && !strings.HasPrefix(whole, `ERR 431 "RFC 6585 §5"`):
					t.Errorf("%q with MaxHeaderBytes one below its section's length: %s", in, whole)
				}
				var cuts []int
				for k := 1; k < len(in); k++ {
					cuts = append(cuts, k)
				}
				if got := feed(cfg, in, cuts, head); stripAt(got) != whole {
					t.Errorf("%q %s head=%v: whole %s, one byte per call %s", in, cfg.name, head, whole, got)
				}
				for j, k := range cuts {
					if len(in) > 600 && j%7 != 0 {
						continue // long inputs: every seventh cut
					}
					if got := feed(cfg, in, []int{k}, head); stripAt(got) != whole {
						t.Errorf("%q %s head=%v cut at %d: whole %s, cut %s", in, cfg.name, head, k, whole, got)
					}
				}
			}
		}
	}
}

// stripAt drops the "at k: " of an outcome that came before the last call.
func stripAt(s string) string {
	if strings.HasPrefix(s, "at ") {
		if i := strings.Index(s, ": "); i >= 0 {
			return s[i+2:]
		}
	}
	return s
}
