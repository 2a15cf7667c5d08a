package nethttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ae7539e0/httparse"
	"github.com/google/go-cmp/cmp"
)

// addCorpus adds every ../corpus/*.http file as a seed. The corpus is part
// of the repository: finding none, or failing to read one, is an error.
func addCorpus(f *testing.F) {
	f.Helper()
	files, err := filepath.Glob("../corpus/*.http")
	if err != nil || len(files) == 0 {
		f.Fatalf("no ../corpus/*.http seeds (%v)", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

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
