package httparse

import "testing"

// lateErrors are the errors, by reason and rule, that the bytes up to
// their offset do not decide (SPEC.md, "Errors"): the ones judged when the
// header section is complete, and four judged at a later byte of their
// line.
// Every other error is a syntax error: a byte that no grammar allows where
// it stands, known once that byte has arrived.
var lateErrors = map[string]string{
	// The request-target's form and host, once the head is complete.
	"CONNECT requires authority-form":             "RFC 9110 §9.3.6",
	"asterisk-form is only for OPTIONS":           "RFC 9112 §3.2.4",
	"invalid authority-form target":               "RFC 9112 §3.2.3",
	"invalid request-target":                      "RFC 9112 §3.2",
	"absolute-form target must use http or https": "RFC 9112 §3.2.2",
	"http URI without authority":                  "RFC 9110 §4.2",
	"http URI with empty host":                    "RFC 9110 §4.2",
	"userinfo in http URI":                        "RFC 9110 §4.2.4",
	"invalid host in request-target":              "RFC 3986 §3.2.2",
	"percent-encoded ASCII in host":               "RFC 9112 §3.2",
	"NUL in path":                                 "RFC 3986 §7.3",
	// The fields the parser interprets, once the head is complete.
	"more than one Host field":                                      "RFC 9112 §3.2",
	"missing Host field in HTTP/1.1 request":                        "RFC 9112 §3.2",
	"invalid Host":                                                  "RFC 9110 §7.2",
	"invalid Connection option":                                     "RFC 9110 §7.6.1",
	"content in CONNECT request":                                    "RFC 9110 §9.3.6",
	"transfer-encoding in HTTP/1.0 request":                         "RFC 9112 §6.1",
	"both content-length and transfer-encoding (request smuggling)": "RFC 9112 §6.1",
	"invalid transfer-coding":                                       "RFC 9112 §6.1",
	"parameters on chunked":                                         "RFC 9112 §7.1",
	"empty transfer-encoding":                                       "RFC 9112 §6.1",
	"chunked is not the final transfer-coding":                      "RFC 9112 §6.3",
	"chunked applied more than once":                                "RFC 9112 §6.1",
	"transfer-coding not implemented":                               "RFC 9112 §6.1",
	"transfer-encoding is not exactly chunked":                      "RFC 9112 §6.1",
	"empty content-length":                                          "RFC 9110 §8.6",
	"invalid content-length":                                        "RFC 9110 §8.6",
	"content-length too large":                                      "RFC 9110 §8.6",
	"conflicting content-length values":                             "RFC 9112 §6.3",
	"content-length exceeds body limit":                             "RFC 9110 §8.6",
	// Reported at the major digit, judged at the version's last digit.
	"HTTP major version not supported": "RFC 9110 §2.5",
	// Reported at the start of a line, judged at its colon.
	"too many header fields": "RFC 6585 §5",
	// Under AllowObsFold: reported at the start of a continuation line,
	// judged at its end.
	"obsolete line folding hides a field line": "RFC 9112 §5.2",
	// Reported at the start of a trailer line, judged at its end.
	"field not allowed in trailer section": "RFC 9110 §6.5.1",
}

// SyntaxErrorEnd returns the length of the shortest prefix of in that
// decides e, an error Parse (or a ChunkedDecoder) returned for in: for a
// syntax error, the bytes up to its offset, and one more when the byte at
// the offset is a CR (CR LF ends a line, a CR before anything else is a bare
// CR); -1 for a late error. Every prefix at least that long must give e.
func SyntaxErrorEnd(e *Error, in []byte) int {
	if rule, late := lateErrors[e.Reason]; late && rule == e.Rule {
		return -1
	}
	if in[e.Offset] == '\r' {
		return min(e.Offset+2, len(in))
	}
	return e.Offset + 1
}

// checkEarly checks that the syntax error want, which the whole of in
// gets, is already returned for the prefix that decides it.
func checkEarly(t *testing.T, in string, lim Limits, want *Error) {
	t.Helper()
	end := SyntaxErrorEnd(want, []byte(in))
	if end < 0 {
		return
	}
	p := Parser{Limits: lim}
	var r Request
	if _, err := p.Parse([]byte(in[:end]), &r); !sameErr(err, want) {
		t.Errorf("syntax error %v: the first %d bytes give %v", want, end, err)
	}
}

func sameErr(err error, want *Error) bool {
	e, ok := err.(*Error)
	return ok && *e == *want
}

// TestLateErrorsCovered keeps lateErrors honest: each entry is an error a
// table case gets.
func TestLateErrorsCovered(t *testing.T) {
	seen := make(map[string]bool)
	for _, tc := range append(parseCases, realWorldCases...) {
		if tc.err != nil {
			seen[tc.err.Reason+"|"+tc.err.Rule] = true
		}
	}
	for _, tc := range chunkedCases {
		if tc.err != nil {
			seen[tc.err.Reason+"|"+tc.err.Rule] = true
		}
	}
	for _, tc := range lenientCases {
		if tc.err != nil {
			seen[tc.err.Reason+"|"+tc.err.Rule] = true
		}
	}
	for reason, rule := range lateErrors {
		if !seen[reason+"|"+rule] {
			t.Errorf("no table case is rejected with %s: %s", rule, reason)
		}
	}
}
