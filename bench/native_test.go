package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ae7539e0/httparse"
)

// nativeBin is where native/setup.sh puts the parsers outside Go that
// run.sh times beside Parser.ParseHead.
const nativeBin = "native/build/bin"

// nativeImpls are those parsers, by the impl key their results carry.
var nativeImpls = []string{"rust-httparse", "pico-libh2o"}

// TestNativeParsersAgree checks that each native parser finds the same
// heads as Parser.ParseHead in every input: method, target, number of field
// lines and head length, so that its timings compare like with like. In CI
// a parser that was not built fails the test.
func TestNativeParsersAgree(t *testing.T) {
	ins := loadInputs(t)
	for _, impl := range nativeImpls {
		t.Run(impl, func(t *testing.T) {
			bin := filepath.Join(nativeBin, impl)
			if _, err := os.Stat(bin); err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%v: run bash native/setup.sh first", err)
				}
				t.Skipf("%v: bash native/setup.sh builds it", err)
			}
			for _, in := range ins {
				file := filepath.Join(inputsDir, in.name+".http")
				out, err := exec.Command(bin, "-check", file).Output()
				if err != nil {
					t.Fatalf("%s -check %s: %v", bin, file, err)
				}
				got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
				want := headLines(t, in)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s: %s found heads\n%s\nParser.ParseHead found\n%s",
						in.name, impl, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
		})
	}
}

// headLines describes each head of in as the native parsers' -check mode
// does: "method target fields length".
func headLines(t *testing.T, in input) []string {
	t.Helper()
	var p httparse.Parser
	var req httparse.Request
	var lines []string
	b := in.data
	for range in.want {
		n, err := p.ParseHead(b, &req)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		lines = append(lines, fmt.Sprintf("%s %s %d %d", req.Method, req.Target, len(req.Header), n))
		b = b[n:]
	}
	return lines
}
