package httparse

import (
	"errors"
	"testing"
)

// TestBodyFraming exercises the exported decision on its own, as a server
// that reads bodies itself would call it.
func TestBodyFraming(t *testing.T) {
	tests := []struct {
		name   string
		h      Header
		minor  int
		kind   BodyKind
		length int64
		status int
	}{
		{"no body", Header{{"Host", "a"}}, 1, NoBody, 0, 0},
		{"content-length", Header{{"content-LENGTH", "10"}}, 1, LengthBody, 10, 0},
		{"chunked", Header{{"Transfer-Encoding", "chunked"}}, 1, ChunkedBody, 0, 0},
		{"chunked split over lines", Header{{"Transfer-Encoding", ""}, {"Transfer-Encoding", "chunked"}}, 1, 0, 0, 400},
		{"both", Header{{"Content-Length", "1"}, {"Transfer-Encoding", "chunked"}}, 1, 0, 0, 400},
		{"TE in 1.0", Header{{"Transfer-Encoding", "chunked"}}, 0, 0, 0, 400},
		{"deflate then chunked", Header{{"Transfer-Encoding", "deflate;level=\"9\", chunked"}}, 1, 0, 0, 501},
		{"over the limit", Header{{"Content-Length", "11"}}, 1, 0, 0, 413},
	}
	for _, tc := range tests {
		kind, n, err := BodyFraming(tc.h, tc.minor, 10)
		if tc.status != 0 {
			var perr *Error
			if !errors.As(err, &perr) || perr.Status != tc.status || perr.Offset != -1 {
				t.Errorf("%s: err = %v, want status %d with offset -1", tc.name, err, tc.status)
			}
			continue
		}
		if err != nil || kind != tc.kind || n != tc.length {
			t.Errorf("%s: BodyFraming = %v, %d, %v; want %v, %d", tc.name, kind, n, err, tc.kind, tc.length)
		}
	}
	if NoBody.String() != "none" || LengthBody.String() != "content-length" || ChunkedBody.String() != "chunked" {
		t.Error("BodyKind.String")
	}
}
