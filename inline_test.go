package httparse

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// TestInlining holds the small functions of the hot path to the compiler's
// inlining budget: each is called once or more per request, and a call
// costs more than its body. fieldLineEnds is the closest to the budget: it
// stays inlinable only while it makes one call on each build (the field
// loop's line path takes what the vector code does not).
func TestInlining(t *testing.T) {
	want := []string{
		"(*Parser).oneMore",
		"(*Parser).repoint",
		"aliasString",
		"fieldLineEnds",
		"isHTTP1",
		"maySpecial",
	}
	for _, tags := range []string{"", "purego"} {
		goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
		out, err := exec.Command(goTool, "build", "-tags="+tags, "-gcflags=-m", "-o", os.DevNull, ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go build -tags=%q -gcflags=-m: %v\n%s", tags, err, out)
		}
		for _, name := range want {
			re := regexp.MustCompile(`(?m): can inline ` + regexp.QuoteMeta(name) + `( with|$)`)
			if !re.Match(out) {
				t.Errorf("tags %q: %s is not inlined", tags, name)
			}
		}
	}
}
