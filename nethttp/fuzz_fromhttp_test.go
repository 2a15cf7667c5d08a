package nethttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/google/go-cmp/cmp"
)

// FuzzFromHTTP checks that FromHTTP loses nothing net/http kept: for any
// input both parsers accept, the request net/http reads, written out by
// FromHTTP and converted back by ToHTTP, equals the request net/http read.
func FuzzFromHTTP(f *testing.F) {
	for _, tc := range agreeCases {
		f.Add([]byte(tc.in))
	}
	addCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, n, err := httparse.Parse(data)
		if err != nil {
			return
		}
		data = data[:n]
		read := func() (*http.Request, bool) {
			br := bufio.NewReaderSize(bytes.NewReader(data), len(data)+16)
			hr, err := http.ReadRequest(br)
			if err != nil {
				return nil, false
			}
			body, err := io.ReadAll(hr.Body)
			if err != nil || br.Buffered() != 0 {
				return nil, false
			}
			if hr.Body != http.NoBody {
				hr.Body = io.NopCloser(bytes.NewReader(body))
			}
			return hr, true
		}
		want, ok := read()
		if !ok {
			return
		}
		src, _ := read()
		pr, err := FromHTTP(src)
		if err != nil {
			t.Fatalf("FromHTTP failed on a request both parsers accept: %v\n%q", err, data)
		}
		back, err := ToHTTP(pr)
		if err != nil {
			t.Fatalf("ToHTTP: %v", err)
		}
		wantView := view(t, want)
		if _, ok := wantView.Header["Content-Length"]; ok {
			// FromHTTP writes Content-Length from the body, in canonical
			// decimal: "00" comes back as "0", the same length.
			wantView.Header["Content-Length"] = []string{strconv.FormatInt(wantView.ContentLength, 10)}
		}
		if diff := cmp.Diff(wantView, view(t, back)); diff != "" {
			t.Errorf("round trip changed %q (-ReadRequest +FromHTTP then ToHTTP):\n%s", data, diff)
		}
	})
}
