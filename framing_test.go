package httparse

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// framingCase is one header section for BodyFraming. rule is the SPEC.md
// row it covers. A rejected case names the field at fault (bad, an index
// in h): Parse must report the error at the start of that field's value.
type framingCase struct {
	rule    string
	name    string
	h       Header
	minor   int
	maxBody int64 // 0: the default
	kind    BodyKind
	length  int64
	err     *Error // Offset ignored
	bad     int
}

const maxInt64 = 1<<63 - 1

var (
	te = func(v string) Field { return Field{"Transfer-Encoding", v} }
	cl = func(v string) Field { return Field{"Content-Length", v} }
)

var framingCases = []framingCase{
	// Neither field.
	{rule: "RFC 9112 §6.3", name: "no body", h: Header{{"Accept", "*/*"}}, minor: 1, kind: NoBody},
	{rule: "RFC 9112 §6.3", name: "no fields", minor: 0, kind: NoBody},

	// RFC 9112 §6.1: Transfer-Encoding.
	{rule: "RFC 9112 §6.1", name: "chunked", h: Header{te("chunked")}, minor: 1, kind: ChunkedBody},
	{rule: "RFC 9112 §6.1", name: "chunked in any case, names in any case",
		h: Header{{"X", "1"}, {"TRANSFER-encoding", "ChUnKeD"}}, minor: 1, kind: ChunkedBody},
	{rule: "RFC 9112 §6.1", name: "chunked in HTTP/1.2", h: Header{te("chunked")}, minor: 2, kind: ChunkedBody},
	{rule: "RFC 9112 §6.1", name: "a name one byte off is another field",
		h: Header{{"Transfer-Encodings", "gzip"}, {"Content-Lengths", "x"}}, minor: 1, kind: NoBody},
	{rule: "RFC 9112 §6.1", name: "transfer-encoding in HTTP/1.0",
		h: Header{{"X", "1"}, te("chunked")}, minor: 0, bad: 1,
		err: rej(400, rfc9112_6_1, "transfer-encoding in HTTP/1.0 request")},
	{rule: "RFC 9112 §6.1", name: "content-length, then transfer-encoding",
		h: Header{cl("1"), {"X", "1"}, te("chunked")}, minor: 1, bad: 2,
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "transfer-encoding, then content-length",
		h: Header{te("chunked"), {"X", "1"}, cl("1")}, minor: 1, bad: 2,
		err: rej(400, rfc9112_6_1, "both content-length and transfer-encoding (request smuggling)")},
	{rule: "RFC 9112 §6.1", name: "empty value",
		h: Header{{"X", "1"}, te("")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "empty transfer-encoding")},
	{rule: "RFC 9112 §6.1", name: "only separators, the error at the first line",
		h: Header{{"X", "1"}, te(", ,"), te(",")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "empty transfer-encoding")},
	{rule: "RFC 9112 §6.1", name: "chunked split over lines",
		h: Header{te(""), te("chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	// The line count alone decides these: the first line is exactly
	// "chunked", and the others add no member.
	{rule: "RFC 9112 §6.1", name: "chunked, then an empty line",
		h: Header{{"X", "1"}, te("chunked"), te("")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	{rule: "RFC 9112 §6.1", name: "chunked, then a lone comma",
		h: Header{te("chunked"), te(",")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	{rule: "RFC 9112 §6.1", name: "empty list members around chunked",
		h: Header{te(", chunked ,")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "transfer-encoding is not exactly chunked")},
	{rule: "RFC 9112 §6.1", name: "chunked twice",
		h: Header{te("chunked, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "chunked applied more than once")},
	{rule: "RFC 9112 §6.1", name: "chunked twice over two lines",
		h: Header{{"X", "1"}, te("chunked"), te("CHUNKED")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "chunked applied more than once")},
	{rule: "RFC 9112 §6.1", name: "quoted chunked is no coding",
		h: Header{te(`"chunked"`)}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "the invalid member is on the second line",
		h: Header{te("gzip"), {"X", "1"}, te("x y, chunked")}, minor: 1, bad: 2,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "two invalid lines: the first is reported",
		h: Header{te("gzip"), te("a=b"), te("@, chunked")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "invalid members on the first two lines: the first is reported",
		h: Header{te("@"), te("[, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "an invalid member wins over parameters on chunked",
		h: Header{te("chunked;a=1"), te("[, chunked")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "an invalid member wins over a missing chunked",
		h: Header{te("gzip, {")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "parameter without a value",
		h: Header{te("gzip;q, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "parameter with an empty value",
		h: Header{te("gzip;q=, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "parameter with an empty name",
		h: Header{te("gzip;=1, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "whitespace before a parameter's =",
		h: Header{te("gzip;q =1, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "a second token after a coding",
		h: Header{te("gzip x, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "a parameter with a trailing semicolon",
		h: Header{te("gzip;q=1;, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "an unterminated quoted parameter",
		h: Header{te(`gzip;q="1, chunked`)}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "a quoted parameter ending in a backslash",
		h: Header{te(`gzip;q="1\`)}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "a quoted parameter with more after it",
		h: Header{te(`gzip;q="1"x, chunked`)}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "invalid transfer-coding")},
	{rule: "RFC 9112 §6.1", name: "valid codings before chunked are not implemented",
		h: Header{te("gzip ; q=1 ;r=\"a \\\" b\", deflate;level=\"9\"\t, chunked")}, minor: 1, bad: 0,
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},
	{rule: "RFC 9112 §6.1", name: "the coding not implemented is on a later line",
		h: Header{te(","), te("gzip, chunked")}, minor: 1, bad: 1,
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},
	{rule: "RFC 9112 §6.1", name: "two lines with codings: the first is reported",
		h: Header{{"X", "1"}, te("gzip"), te("br, chunked")}, minor: 1, bad: 1,
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},
	{rule: "RFC 9112 §6.1", name: "codings on the first two lines: the first is reported",
		h: Header{te("gzip"), te("br, chunked")}, minor: 1, bad: 0,
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},
	{rule: "RFC 9112 §6.1", name: "a coding named like chunked is another coding",
		h: Header{te("chunkedx;a=1, chunked")}, minor: 1, bad: 0,
		err: rej(501, rfc9112_6_1, "transfer-coding not implemented")},

	// RFC 9112 §7.1: chunked has no parameters.
	{rule: "RFC 9112 §7.1", name: "parameters on chunked",
		h: Header{{"X", "1"}, te("CHUNKED;a=1")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_7_1, "parameters on chunked")},
	{rule: "RFC 9112 §7.1", name: "parameters on chunked on two lines: the first is reported",
		h: Header{te("gzip"), te("chunked;a=1"), te("chunked ;b=\"2\", chunked")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_7_1, "parameters on chunked")},
	{rule: "RFC 9112 §7.1", name: "parameters on chunked on the first two lines: the first is reported",
		h: Header{te("chunked;a=1"), te("chunked;b=2, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_7_1, "parameters on chunked")},
	{rule: "RFC 9112 §7.1", name: "parameters on chunked win over chunked not last",
		h: Header{te("chunked;a=1, gzip")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_7_1, "parameters on chunked")},

	// RFC 9112 §6.3: chunked must be the final coding.
	{rule: "RFC 9112 §6.3", name: "chunked not last",
		h: Header{{"X", "1"}, te("chunked, gzip")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "no chunked at all",
		h: Header{te("gzip")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "chunked twice and not last: not last is reported",
		h: Header{te("chunked, chunked, gzip")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_3, "chunked is not the final transfer-coding")},
	{rule: "RFC 9112 §6.3", name: "chunked twice with another coding: twice is reported",
		h: Header{te("gzip, chunked, chunked")}, minor: 1, bad: 0,
		err: rej(400, rfc9112_6_1, "chunked applied more than once")},

	// RFC 9110 §8.6: Content-Length = 1*DIGIT.
	{rule: "RFC 9110 §8.6", name: "content-length", h: Header{cl("10")}, minor: 1, maxBody: 10, kind: LengthBody, length: 10},
	{rule: "RFC 9110 §8.6", name: "zero", h: Header{cl("0")}, minor: 0, kind: LengthBody, length: 0},
	{rule: "RFC 9110 §8.6", name: "leading zeros are digits", h: Header{cl("007")}, minor: 1, kind: LengthBody, length: 7},
	{rule: "RFC 9110 §8.6", name: "the default limit",
		h: Header{cl(strconv.Itoa(DefaultMaxBodyBytes))}, minor: 1, kind: LengthBody, length: DefaultMaxBodyBytes},
	{rule: "RFC 9110 §8.6", name: "a negative limit is the default",
		h: Header{cl(strconv.Itoa(DefaultMaxBodyBytes))}, minor: 1, maxBody: -1, kind: LengthBody, length: DefaultMaxBodyBytes},
	{rule: "RFC 9110 §8.6", name: "the largest int64",
		h: Header{cl("9223372036854775807")}, minor: 1, maxBody: maxInt64, kind: LengthBody, length: maxInt64},
	{rule: "RFC 9110 §8.6", name: "the largest int64 with leading zeros",
		h: Header{cl("09223372036854775807")}, minor: 1, maxBody: maxInt64, kind: LengthBody, length: maxInt64},
	{rule: "RFC 9110 §8.6", name: "the largest int64 ending in 0",
		h: Header{cl("9223372036854775800")}, minor: 1, maxBody: maxInt64, kind: LengthBody, length: maxInt64 - 7},
	{rule: "RFC 9110 §8.6", name: "2^63 does not fit an int64",
		h: Header{{"X", "1"}, cl("9223372036854775808")}, minor: 1, maxBody: maxInt64, bad: 1,
		err: rej(413, rfc9110_8_6, "content-length too large")},
	{rule: "RFC 9110 §8.6", name: "2^63+2 does not fit an int64",
		h: Header{cl("9223372036854775810")}, minor: 1, maxBody: maxInt64, bad: 0,
		err: rej(413, rfc9110_8_6, "content-length too large")},
	{rule: "RFC 9110 §8.6", name: "twenty digits",
		h: Header{cl("92233720368547758070")}, minor: 1, maxBody: maxInt64, bad: 0,
		err: rej(413, rfc9110_8_6, "content-length too large")},
	{rule: "RFC 9110 §8.6", name: "too large, then not a number",
		h: Header{cl("99999999999999999999x")}, minor: 1, bad: 0,
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "one over the limit",
		h: Header{{"X", "1"}, cl("11")}, minor: 1, maxBody: 10, bad: 1,
		err: rej(413, rfc9110_8_6, "content-length exceeds body limit")},
	{rule: "RFC 9110 §8.6", name: "one over the default limit",
		h: Header{cl(strconv.Itoa(DefaultMaxBodyBytes + 1))}, minor: 1, bad: 0,
		err: rej(413, rfc9110_8_6, "content-length exceeds body limit")},
	{rule: "RFC 9110 §8.6", name: "over the limit, reported at the first line",
		h: Header{cl("11"), {"X", "1"}, cl("11")}, minor: 1, maxBody: 10, bad: 0,
		err: rej(413, rfc9110_8_6, "content-length exceeds body limit")},
	{rule: "RFC 9110 §8.6", name: "empty",
		h: Header{{"X", "1"}, cl("")}, minor: 1, bad: 1,
		err: rej(400, rfc9110_8_6, "empty content-length")},
	{rule: "RFC 9110 §8.6", name: "signed",
		h: Header{cl("+5")}, minor: 1, bad: 0,
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "a list of one value",
		h: Header{cl("5, 5")}, minor: 1, bad: 0,
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "the second line is not a number",
		h: Header{cl("5"), {"X", "1"}, cl("5x")}, minor: 1, bad: 2,
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "the second line is empty",
		h: Header{cl("5"), cl("")}, minor: 1, bad: 1,
		err: rej(400, rfc9110_8_6, "empty content-length")},
	{rule: "RFC 9110 §8.6", name: "too large for an int64, then a line that is not a number",
		h: Header{cl("10000000000000000000"), {"X", "1"}, cl("x")}, minor: 1, bad: 2,
		err: rej(400, rfc9110_8_6, "invalid content-length")},
	{rule: "RFC 9110 §8.6", name: "too large for an int64 on two identical lines",
		h: Header{cl("10000000000000000000"), cl("10000000000000000000")}, minor: 1, bad: 0,
		err: rej(413, rfc9110_8_6, "content-length too large")},

	// RFC 9112 §6.3: repeated Content-Length lines.
	{rule: "RFC 9112 §6.3", name: "repeated identical lines",
		h: Header{cl("5"), {"X", "1"}, cl("5")}, minor: 1, kind: LengthBody, length: 5},
	{rule: "RFC 9112 §6.3", name: "repeated zeros", h: Header{cl("0"), cl("0")}, minor: 1, kind: LengthBody, length: 0},
	{rule: "RFC 9112 §6.3", name: "the same value spelled differently",
		h: Header{cl("5"), {"X", "1"}, cl("05")}, minor: 1, bad: 2,
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "zero spelled differently",
		h: Header{cl("0"), cl("00")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "the second line is too large for an int64",
		h: Header{cl("5"), cl("99999999999999999999")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "too large for an int64, then another value",
		h: Header{cl("10000000000000000000"), cl("5")}, minor: 1, bad: 1,
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
	{rule: "RFC 9112 §6.3", name: "the third line differs",
		h: Header{cl("1"), cl("1"), cl("2")}, minor: 1, bad: 2,
		err: rej(400, rfc9112_6_3, "conflicting content-length values")},
}

// TestBodyFraming checks each case through BodyFraming, as a server that
// reads bodies itself calls it, and through Parser.ParseHead on a request
// with the same fields, where the error must point at the value of the
// field at fault.
func TestBodyFraming(t *testing.T) {
	for _, tc := range framingCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			kind, n, err := BodyFraming(tc.h, tc.minor, tc.maxBody)
			if tc.err != nil {
				want := *tc.err
				want.Offset = -1
				var perr *Error
				if !errors.As(err, &perr) {
					t.Fatalf("BodyFraming = %v, %d, %v; want %v", kind, n, err, &want)
				}
				if d := cmp.Diff(&want, perr); d != "" {
					t.Errorf("BodyFraming error (-want +got):\n%s", d)
				}
				if kind != NoBody || n != 0 {
					t.Errorf("BodyFraming returned %v, %d with its error", kind, n)
				}
			} else if err != nil || kind != tc.kind || n != tc.length {
				t.Fatalf("BodyFraming = %v, %d, %v; want %v, %d", kind, n, err, tc.kind, tc.length)
			}

			// The same fields in a request, at the same indexes (Host
			// last), so that the field at fault can be the first.
			var b strings.Builder
			b.WriteString("POST / HTTP/1." + strconv.Itoa(tc.minor) + "\r\n")
			valueAt := make([]int, len(tc.h))
			for i, f := range tc.h {
				b.WriteString(f.Name + ": ")
				valueAt[i] = b.Len()
				b.WriteString(f.Value + "\r\n")
			}
			b.WriteString("Host: a\r\n\r\n")
			p := Parser{Limits: Limits{MaxBodyBytes: tc.maxBody}}
			var r Request
			_, err = p.ParseHead([]byte(b.String()), &r)
			if tc.err != nil {
				want := *tc.err
				want.Offset = valueAt[tc.bad]
				if d := cmp.Diff(&want, err); d != "" {
					t.Errorf("ParseHead error (-want +got):\n%s", d)
				}
				return
			}
			wantLength := int64(-1)
			if tc.kind == LengthBody {
				wantLength = tc.length
			}
			if err != nil || r.Chunked != (tc.kind == ChunkedBody) || r.ContentLength != wantLength {
				t.Errorf("ParseHead: %v, Chunked %v, ContentLength %d; want %v, %d", err, r.Chunked, r.ContentLength, tc.kind, tc.length)
			}
		})
	}
	if NoBody.String() != "none" || LengthBody.String() != "content-length" || ChunkedBody.String() != "chunked" {
		t.Error("BodyKind.String")
	}
}

// TestBodyFramingCases keeps the table honest: every case names a SPEC.md
// rule of body framing, and every rejection names a field that is there.
func TestBodyFramingCases(t *testing.T) {
	for _, tc := range framingCases {
		switch tc.rule {
		case rfc9112_6_1, rfc9112_6_3, rfc9112_7_1, rfc9110_8_6:
		default:
			t.Errorf("%s: rule %q is not one of body framing's", tc.name, tc.rule)
		}
		if tc.err != nil && (tc.bad < 0 || tc.bad >= len(tc.h)) {
			t.Errorf("%s: field %d at fault, of %d", tc.name, tc.bad, len(tc.h))
		}
	}
}
