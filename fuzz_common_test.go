package httparse_test

// What the fuzz targets share: the checks of an error, the comparison of
// errors, input-seeded randomness, and the request and header forms more
// than one target builds.

import (
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// statuses is every status an *Error may carry.
var statuses = map[int]bool{400: true, 413: true, 414: true, 431: true, 501: true, 505: true}

// checkErr checks that err is nil, ErrIncomplete or a well-formed *Error
// about an input of inputLen bytes, and returns the *Error if it is one.
func checkErr(t *testing.T, what string, err error, inputLen int) *httparse.Error {
	t.Helper()
	if err == nil || err == httparse.ErrIncomplete {
		return nil
	}
	e, ok := err.(*httparse.Error)
	if !ok {
		t.Fatalf("%s: error %T %q is neither ErrIncomplete nor *Error", what, err, err)
	}
	switch {
	case !statuses[e.Status]:
		t.Fatalf("%s: status %d not in {400,413,414,431,501,505}: %v", what, e.Status, e)
	case !strings.HasPrefix(e.Rule, "RFC "):
		t.Fatalf("%s: rule %q does not name an RFC: %v", what, e.Rule, e)
	case e.Reason == "":
		t.Fatalf("%s: empty reason: %v", what, e)
	case e.Offset < 0 || e.Offset >= inputLen:
		t.Fatalf("%s: offset %d outside the %d-byte input: %v", what, e.Offset, inputLen, e)
	}
	return e
}

// sameError: ErrIncomplete only equals itself, *Errors compare by value.
func sameError(a, b error) bool {
	ea, oka := a.(*httparse.Error)
	eb, okb := b.(*httparse.Error)
	if oka && okb {
		return *ea == *eb
	}
	return a == b
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// rng returns a generator seeded by the input, so that a failing input
// fails again in the same way.
func rng(data []byte) *rand.Rand {
	h := fnv.New64a()
	h.Write(data)
	return rand.New(rand.NewPCG(h.Sum64(), uint64(len(data))))
}

// randomCuts returns 1 to 8 sorted, distinct cut points in (0, n).
func randomCuts(r *rand.Rand, n int) []int {
	if n < 2 {
		return nil
	}
	cuts := make([]int, 1+r.IntN(8))
	for i := range cuts {
		cuts[i] = 1 + r.IntN(n-1)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// chunkedHead is the head of the request checkChunkedParser wraps a body in.
const chunkedHead = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

// canonical returns h as net/http keeps it.
func canonical(h httparse.Header) http.Header {
	m := http.Header{}
	for _, f := range h {
		k := http.CanonicalHeaderKey(f.Name)
		m[k] = append(m[k], f.Value)
	}
	return m
}
