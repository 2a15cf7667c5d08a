package nethttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/google/go-cmp/cmp"
)

// FuzzToHTTP checks the promise of ToHTTP on any input that both parsers
// accept: the converted request equals what http.ReadRequest builds from
// the same bytes. Inputs one of them rejects are FuzzParseVsNetHTTP's
// subject (in the root package), not this one's.
//
// Seeds: the table of agreeCases and the project's corpus of recorded
// requests.
func FuzzToHTTP(f *testing.F) {
	for _, tc := range agreeCases {
		f.Add([]byte(tc.in))
	}
	addCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pr, n, err := httparse.Parse(data)
		if err != nil {
			return
		}
		data = data[:n] // one request; what follows belongs to the next
		br := bufio.NewReaderSize(bytes.NewReader(data), len(data)+16)
		want, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if _, err := io.ReadAll(want.Body); err != nil || br.Buffered() != 0 {
			return // net/http frames the body differently; not ours to judge
		}
		want, _ = http.ReadRequest(bufio.NewReaderSize(bytes.NewReader(data), len(data)+16))
		got, err := ToHTTP(pr)
		if err != nil {
			t.Fatalf("ToHTTP failed on a request both parsers accept: %v\n%q", err, data)
		}
		if diff := cmp.Diff(view(t, want), view(t, got)); diff != "" {
			t.Errorf("ToHTTP differs from http.ReadRequest on %q (-ReadRequest +ToHTTP):\n%s", data, diff)
		}
	})
}
