package nethttp

import (
	"os"
	"path/filepath"
	"testing"
)

// Seeds shared by the fuzz targets of this package.

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
