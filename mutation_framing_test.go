package httparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTransferCodingOneLetterName covers transfer-codings whose name is a
// single letter, followed by a parameter with a broken quoted-string
// (RFC 9112 §6.1, RFC 9110 §5.6.4). After a one-letter name the byte at
// index 1 is the ";" of the parameters, so a value scan that failed with
// any index but a negative one would send validCoding back to that ";"
// and round the same parameters forever. The bytes that break these
// values never reach BodyFraming from Parser (a field value with a
// control byte is rejected first), but a server may hand it any Header.
func TestTransferCodingOneLetterName(t *testing.T) {
	for _, tc := range []struct {
		rule, name, value string
		status            int
		reason            string
	}{
		{rfc9112_6_1, "a quoted-pair of a control byte", "x;q=\"\\\x01\", chunked",
			400, "invalid transfer-coding"},
		{rfc9112_6_1, "a quoted-pair of DEL, OWS before the parameter", "x ;q=\"a\\\x7f\", chunked",
			400, "invalid transfer-coding"},
		{rfc9112_6_1, "a control byte in a quoted-string", "x;q=\"\x01\", chunked",
			400, "invalid transfer-coding"},
		{rfc9112_6_1, "a control byte in the second parameter's quoted-string", "x;a=b;q=\"1\x00\", chunked",
			400, "invalid transfer-coding"},
		{rfc9112_6_1, "a valid one-letter coding", "x;q=\"a\\\"b\", chunked",
			501, "transfer-coding not implemented"},
	} {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			kind, n, err := BodyFraming(Header{{"Transfer-Encoding", tc.value}}, 1, 0)
			want := &Error{Status: tc.status, Rule: tc.rule, Offset: -1, Reason: tc.reason}
			if d := cmp.Diff(want, err); d != "" || kind != NoBody || n != 0 {
				t.Errorf("BodyFraming = %v, %d, %v; want the error %v (-want +got):\n%s", kind, n, err, want, d)
			}
		})
	}
}
