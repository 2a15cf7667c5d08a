package httparse

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEmptyChunkSizeLineOffset: an empty chunk-size line is rejected at
// its CR (RFC 9112 §7.1: chunk-size = 1*HEXDIG), and the offset counts
// from the start of the input wherever in the body the line is: after
// other chunks, behind a header section, and however the body arrives.
func TestEmptyChunkSizeLineOffset(t *testing.T) {
	const head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
	for _, tc := range []struct {
		rule, name, before string // before: the body up to the empty line
	}{
		{rfc9112_7_1, "first line of the body", ""},
		{rfc9112_7_1, "after one chunk", "1\r\nx\r\n"},
		{rfc9112_7_1, "after two chunks", "3\r\nabc\r\n2\r\nde\r\n"},
	} {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			body := tc.before + "\r\n0\r\n\r\n"
			want := &Error{Status: 400, Rule: tc.rule, Offset: len(tc.before), Reason: "invalid chunk-size"}
			for k := 0; k <= len(body); k++ {
				_, _, _, err := decodeAll(body, Limits{}, k)
				var got *Error
				if !errors.As(err, &got) {
					t.Fatalf("ChunkedDecoder, split at %d: %v, want %v", k, err, want)
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Fatalf("ChunkedDecoder, split at %d (-want +got):\n%s", k, d)
				}
			}

			want.Offset += len(head)
			_, err := new(Parser).Parse([]byte(head+body), new(Request))
			if d := cmp.Diff(want, err); d != "" {
				t.Errorf("Parse (-want +got):\n%s", d)
			}
		})
	}
}
