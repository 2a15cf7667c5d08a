package httparse_test

// Seeds for the fuzz targets. Each target states the properties it checks
// in its doc comment; every input that ever failed one is kept under
// testdata/fuzz/<Target>/ and replayed by a plain `go test`.
//
// Seeds come from three places: the f.Add calls and testdata/fuzz (always),
// the readable requests in corpus/*.http (always), and every file in the
// directories listed in HTTPARSE_SEED_DIRS (see addSeeds).

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seedDirsEnv names the variable listing extra seed directories,
// separated by ':' (filepath.ListSeparator).
const seedDirsEnv = "HTTPARSE_SEED_DIRS"

// Seed kinds. A directory in HTTPARSE_SEED_DIRS is given the kind of the
// last element of its path that names one (".../httpreq/corpus" is
// "httpreq"); a directory that names none feeds every target.
const (
	kindRequest   = "httpreq"   // raw requests: FuzzParse, FuzzParseVsNetHTTP, FuzzChunked (their bodies)
	kindURL       = "url"       // URLs: FuzzQuery
	kindURLValues = "urlvalues" // form-encoded strings: FuzzQuery
	kindMultipart = "multipart" // MIME parts, header lines first: FuzzHeaders
	kindMIME      = "mime"      // media types and other field values: FuzzHeaders
)

var seedKinds = []string{kindRequest, kindURL, kindURLValues, kindMultipart, kindMIME}

// addSeeds passes to add the corpus/*.http requests (when kinds includes kindRequest) and every regular file below
// each HTTPARSE_SEED_DIRS directory whose kind is in kinds.
func addSeeds(f *testing.F, add func([]byte), kinds ...string) {
	f.Helper()
	if slices.Contains(kinds, kindRequest) {
		files, err := filepath.Glob(filepath.Join("corpus", "*.http"))
		if err != nil || len(files) == 0 {
			f.Fatalf("no corpus/*.http seeds (%v)", err)
		}
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			add(b)
		}
	}
	for _, dir := range filepath.SplitList(os.Getenv(seedDirsEnv)) {
		if dir == "" || !wantsDir(dir, kinds) {
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(path)
			if err == nil {
				add(b)
			}
			return err
		})
		if err != nil {
			f.Fatalf("%s=%s: %v", seedDirsEnv, dir, err)
		}
	}
}

// wantsDir reports whether dir's kind is one of kinds.
func wantsDir(dir string, kinds []string) bool {
	elems := strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/")
	for i := len(elems) - 1; i >= 0; i-- {
		if slices.Contains(seedKinds, elems[i]) {
			return slices.Contains(kinds, elems[i])
		}
	}
	return true
}

// addBytes adds each seed as it is.
func addBytes(f *testing.F) func([]byte) { return func(b []byte) { f.Add(b) } }

// addString adds each seed as a string.
func addString(f *testing.F) func([]byte) { return func(b []byte) { f.Add(string(b)) } }

// addBody adds what follows the first empty line of a request seed, so that
// requests seed a body decoder.
func addBody(f *testing.F) func([]byte) {
	return func(b []byte) {
		if _, body, ok := bytes.Cut(b, []byte("\r\n\r\n")); ok && len(body) > 0 {
			f.Add(body)
		}
	}
}

// addFieldLines adds the lines between the request-line and the empty line
// of a request, or the header lines of a MIME part, with LF separators.
func addFieldLines(f *testing.F) func([]byte) {
	return func(b []byte) {
		head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
		if bytes.HasPrefix(head, []byte("--")) || bytes.Contains(head[:min(len(head), 64)], []byte(" HTTP/")) {
			_, head, _ = bytes.Cut(head, []byte("\n")) // drop a request-line or a multipart boundary
		}
		f.Add(bytes.ReplaceAll(head, []byte("\r\n"), []byte("\n")))
	}
}
