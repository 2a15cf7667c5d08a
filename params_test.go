package httparse

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// parametersCase is one list of parameters as it follows a chunk-size in a
// chunk-ext (RFC 9112 §7.1.1) and a coding name in a transfer-coding
// (RFC 9110 §10.1.4). ext and coding are the same bytes; a "‸" in either
// marks the first byte that production cannot hold, or its end when it
// cannot end there, and no mark means the list is valid.
type parametersCase struct {
	ext    string
	reason string // why the chunk-ext is rejected
	coding string
}

// Trailing OWS is left out: a list member is trimmed of it before the
// transfer-coding is read, while a chunk-size line is not. Controls, commas
// and CR/LF are left out too: the field-value and list rules see those
// first.
var parametersCases = []parametersCase{
	// Both valid.
	{ext: "", coding: ""},
	{ext: ";a=b", coding: ";a=b"},
	{ext: `;a="q"`, coding: `;a="q"`},
	{ext: `;a=""`, coding: `;a=""`},
	{ext: `;a="\""`, coding: `;a="\""`},
	{ext: ";a=\"x y\\\t\\z\"", coding: ";a=\"x y\\\t\\z\""},
	{ext: ";a=\"\x80\xff\"", coding: ";a=\"\x80\xff\""},
	{ext: " ; a=b\t;c=\"d\"", coding: " ; a=b\t;c=\"d\""},
	{ext: "\t;a=b ;c=d", coding: "\t;a=b ;c=d"},

	// What only chunk-ext allows: a name alone, BWS around "=".
	{ext: ";a", coding: ";a‸"},
	{ext: ";a;b=c", coding: ";a‸;b=c"},
	{ext: ";a ;b", coding: ";a‸ ;b"},
	{ext: ";a=b ;c", coding: ";a=b ;c‸"},
	{ext: ";a = b", coding: ";a‸ = b"},
	{ext: ";a =b", coding: ";a‸ =b"},
	{ext: ";a= b", coding: ";a=‸ b"},
	{ext: ";a=\t\"b\"", coding: ";a=‸\t\"b\""},

	// Neither.
	{ext: "‸@", reason: "invalid chunk extension", coding: "‸@"},
	{ext: "‸\x80", reason: "invalid chunk extension", coding: "‸\x80"},
	{ext: ";‸", reason: "invalid chunk extension name", coding: ";‸"},
	{ext: "; ‸", reason: "invalid chunk extension name", coding: "; ‸"},
	{ext: ";a=b;‸", reason: "invalid chunk extension name", coding: ";a=b;‸"},
	{ext: ";‸=b", reason: "invalid chunk extension name", coding: ";‸=b"},
	{ext: ";‸\"a\"=b", reason: "invalid chunk extension name", coding: ";‸\"a\"=b"},
	{ext: ";‸;a", reason: "invalid chunk extension name", coding: ";‸;a"},
	{ext: ";a=‸", reason: "invalid chunk extension value", coding: ";a=‸"},
	{ext: ";a=‸;b", reason: "invalid chunk extension value", coding: ";a=‸;b"},
	{ext: ";a=‸=b", reason: "invalid chunk extension value", coding: ";a=‸=b"},
	{ext: ";a=‸@", reason: "invalid chunk extension value", coding: ";a=‸@"},
	{ext: `;a="b‸`, reason: "invalid chunk extension value", coding: `;a="b‸`},
	{ext: `;a="b\‸`, reason: "invalid chunk extension value", coding: `;a="b\‸`},
	{ext: `;a="b` + "\\\"‸", reason: "invalid chunk extension value", coding: `;a="b` + "\\\"‸"},
	{ext: ";a ‸b", reason: "invalid chunk extension", coding: ";a‸ b"},
	{ext: ";a=b ‸c", reason: "invalid chunk extension", coding: ";a=b ‸c"},
	{ext: ";a=b‸=c", reason: "invalid chunk extension", coding: ";a=b‸=c"},
	{ext: ";a=b‸\x80", reason: "invalid chunk extension", coding: ";a=b‸\x80"},
	{ext: ";a‸\x80", reason: "invalid chunk extension", coding: ";a‸\x80"},
	{ext: ";a=\"b\"‸c", reason: "invalid chunk extension", coding: ";a=\"b\"‸c"},
	{ext: ";a=\"b\"‸\"c\"", reason: "invalid chunk extension", coding: ";a=\"b\"‸\"c\""},
}

// TestParameters feeds each list of parameters to both productions that
// have one, through the parser: after a chunk-size, where a chunk-ext is
// rejected at its first bad byte, and after a coding name in
// Transfer-Encoding, where a valid coding before chunked is not
// implemented (501) and an invalid one is 400, both reported at the field
// value. It also holds parameters itself to the byte each mark names.
func TestParameters(t *testing.T) {
	const head = "POST / HTTP/1.1\r\n" + host
	for _, tc := range parametersCases {
		params := strings.Replace(tc.ext, mark, "", 1)
		extAt, codingAt := strings.Index(tc.ext, mark), strings.Index(tc.coding, mark)
		if strings.Replace(tc.coding, mark, "", 1) != params {
			t.Fatalf("case %q: coding %q is another list", tc.ext, tc.coding)
		}
		if (extAt < 0) != (tc.reason == "") {
			t.Fatalf("case %q: a reason goes with a mark", tc.ext)
		}
		t.Run(fmt.Sprintf("%q", params), func(t *testing.T) {
			// parameters, after the leading token.
			for _, p := range []struct {
				name string
				syn  paramSyntax
				at   int
			}{{"chunk-ext", chunkExt, extAt}, {"transfer-coding", transferParameter, codingAt}} {
				ph, bad := parameters(params, 0, len(params), paramAfterValue, p.syn)
				if bad == len(params) && parametersEnd(ph, p.syn) {
					bad = -1
				}
				if bad != p.at {
					t.Errorf("%s: parameters stops at %d, want %d", p.name, bad, p.at)
				}
			}

			// chunk-ext: the chunk-size line "1" + params, whole and byte
			// by byte.
			body := "1" + params + "\r\nx\r\n0\r\n\r\n"
			// Before the first ";" no chunk-ext has begun: a bad byte
			// there breaks the chunk-size (RFC 9112 §7.1).
			rule, reason := rfc9112_711, tc.reason
			if extAt >= 0 && !strings.Contains(params[:extAt], ";") {
				rule, reason = rfc9112_7_1, "invalid chunk-size"
				if extAt < len(params) && isCTL(params[extAt]) {
					reason = ctlReason(params[extAt], "chunk-size line")
				}
			}
			var want error
			if extAt >= 0 {
				want = &Error{Status: 400, Rule: rule, Reason: reason, Offset: 1 + extAt}
			}
			cuts := make([]int, len(body))
			for i := range cuts {
				cuts[i] = i
			}
			for _, pieces := range [][]int{nil, cuts} {
				got, _, _, err := decodeAll(body, Limits{}, pieces...)
				if !sameError(err, want) || want == nil && got != "x" {
					t.Errorf("chunk-ext in %d pieces: body %q, error %v; want %v", len(pieces)+1, got, err, want)
				}
			}
			in := head + "Transfer-Encoding: chunked\r\n\r\n" + body
			want = nil
			if extAt >= 0 {
				want = &Error{Status: 400, Rule: rule, Reason: reason, Offset: len(in) - len(body) + 1 + extAt}
			}
			if _, _, err := Parse([]byte(in)); !sameError(err, want) {
				t.Errorf("chunk-ext: Parse error %v, want %v", err, want)
			}

			// transfer-coding: "gzip" + params, before chunked.
			in = head + "Transfer-Encoding: gzip" + params + ", chunked\r\n\r\n0\r\n\r\n"
			at := strings.Index(in, "gzip")
			want = &Error{Status: 501, Rule: rfc9112_6_1, Reason: "transfer-coding not implemented", Offset: at}
			if codingAt >= 0 {
				want = &Error{Status: 400, Rule: rfc9112_6_1, Reason: "invalid transfer-coding", Offset: at}
			}
			if _, _, err := Parse([]byte(in)); !sameError(err, want) {
				t.Errorf("transfer-coding: Parse error %v, want %v", err, want)
			}
		})
	}
}

// sameError reports whether err is want: both nil, or equal *Error values.
func sameError(err, want error) bool {
	if err == nil || want == nil {
		return err == want
	}
	var e, w *Error
	return errors.As(err, &e) && errors.As(want, &w) && *e == *w
}

// TestParametersAllocs: checking parameters costs no allocation on either
// path.
func TestParametersAllocs(t *testing.T) {
	in := []byte("1 ; a = b ;c=\"d\\\"e\";f\r\nx\r\n0;last\r\n\r\n")
	var d ChunkedDecoder
	buf := make([]byte, 0, 16)
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset()
		if _, _, err := d.Decode(buf[:0], in); err != nil {
			t.Fatal(err)
		}
		if !validCoding(`gzip ; q=1 ;r="a \" b"`) {
			t.Fatal("valid coding rejected")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocs per chunk-ext and transfer-coding check, want 0", allocs)
	}
}
