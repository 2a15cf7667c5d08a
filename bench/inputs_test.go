package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// inputsDir holds the standard request inputs shared by every comparison;
// they are read in place so all benchmarks see the very same bytes.
const inputsDir = "../testdata/bench"

// input is one benchmark input and what every implementation must find in
// it, so that no benchmark can win by doing less than the others.
type input struct {
	name string // file name without ".http", used as the sub-benchmark key
	data []byte
	want []parsed // one entry per request in data, in order
}

// parsed is what a benchmark checks of each request it parsed.
type parsed struct {
	method, target string
	body           string // "" for implementations that stop after the head
}

// loadInputs reads every input file and derives the expected requests with
// httparse.Parse, the copying and simplest entry point of the package.
func loadInputs(tb testing.TB) []input {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(inputsDir, "*.http"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatalf("no inputs in %s", inputsDir)
	}
	var ins []input
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		in := input{name: strings.TrimSuffix(filepath.Base(f), ".http"), data: data}
		for rest := data; len(rest) > 0; {
			req, n, err := httparse.Parse(rest)
			if err != nil {
				tb.Fatalf("%s: offset %d: %v", f, len(data)-len(rest), err)
			}
			in.want = append(in.want, parsed{req.Method, req.Target, string(req.Body)})
			rest = rest[n:]
		}
		ins = append(ins, in)
	}
	return ins
}
