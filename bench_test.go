package httparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchInputs are the standard request inputs (testdata/bench), the same
// bytes the comparison benchmarks in bench/ use.
func benchInputs(tb testing.TB) map[string][]byte {
	files, err := filepath.Glob("testdata/bench/*.http")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no benchmark inputs: %v", err)
	}
	in := make(map[string][]byte)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		in[strings.TrimSuffix(filepath.Base(f), ".http")] = b
	}
	return in
}

// parseAll parses every pipelined request in b with a reused Request.
func parseAll(p *Parser, r *Request, b []byte) error {
	for len(b) > 0 {
		n, err := p.Parse(b, r)
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

func BenchmarkParse(b *testing.B) {
	for name, in := range benchInputs(b) {
		b.Run(name, func(b *testing.B) {
			var p Parser
			var r Request
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if err := parseAll(&p, &r, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestParseAllocs: Parser.Parse with a reused Request allocates nothing once
// warm, on every standard input (the chunked one decodes into the
// Request's own buffer).
func TestParseAllocs(t *testing.T) {
	for name, in := range benchInputs(t) {
		var p Parser
		var r Request
		if err := parseAll(&p, &r, in); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if err := parseAll(&p, &r, in); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per parse, want 0", name, allocs)
		}
	}
}

// BenchmarkByteAtATime feeds the browser request to a resuming Parser one
// byte more per call; compare with BenchmarkParse/browser for the cost of
// resumption.
func BenchmarkByteAtATime(b *testing.B) {
	in := benchInputs(b)["browser"]
	var p Parser
	var r Request
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		for k := 1; k <= len(in); k++ {
			_, err := p.Parse(in[:k], &r)
			if k < len(in) && err != ErrIncomplete || k == len(in) && err != nil {
				b.Fatalf("at %d: %v", k, err)
			}
		}
	}
}

// BenchmarkAliasString measures what aliasString saves: building a
// Request's strings from the head by copying (one allocation each) or by
// aliasing one head.
func BenchmarkAliasString(b *testing.B) {
	in := benchInputs(b)["browser"]
	var p Parser
	var r Request
	if _, err := p.Parse(in, &r); err != nil {
		b.Fatal(err)
	}
	b.Run("copy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = p.Parse(in, &r)
			for i := range r.Header {
				r.Header[i] = Field{string([]byte(r.Header[i].Name)), string([]byte(r.Header[i].Value))}
			}
			r.Method, r.Target = string([]byte(r.Method)), string([]byte(r.Target))
		}
	})
	b.Run("alias", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = p.Parse(in, &r)
		}
	})
}

// BenchmarkParseCopy measures the package-level Parse, which copies what
// it returns.
func BenchmarkParseCopy(b *testing.B) {
	in := benchInputs(b)["browser"]
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}
