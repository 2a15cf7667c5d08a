// Package seeds loads the project's request inputs for the hostile-input
// programs: the readable files of corpus/ and testdata/bench, the fuzz seeds
// of testdata/fuzz
// and, when HTTPARSE_SEED_DIRS lists directories, every file in them.
package seeds

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxSeedBytes skips files that could not be a request a test should send
// (the server would answer 413 or 431 long before).
const maxSeedBytes = 1 << 20

// Seed is one input and where it came from.
type Seed struct {
	Name string
	Data []byte
}

// Load returns the seeds found under root (the module root) and in
// HTTPARSE_SEED_DIRS, and how many came from each source. A directory of
// the repository that is missing adds nothing; one named in
// HTTPARSE_SEED_DIRS that is missing is an error.
func Load(root string) ([]Seed, map[string]int, error) {
	var all []Seed
	count := map[string]int{}
	add := func(src string, s []Seed) {
		all = append(all, s...)
		count[src] += len(s)
	}

	s, err := rawFiles(filepath.Join(root, "corpus"), func(p string) bool {
		return !strings.HasSuffix(p, ".md")
	})
	if err != nil {
		return nil, nil, err
	}
	add("corpus", s)

	s, err = rawFiles(filepath.Join(root, "testdata", "bench"), func(p string) bool {
		return strings.HasSuffix(p, ".http")
	})
	if err != nil {
		return nil, nil, err
	}
	add("testdata/bench", s)

	s, err = fuzzFiles(filepath.Join(root, "testdata", "fuzz"))
	if err != nil {
		return nil, nil, err
	}
	add("testdata/fuzz", s)

	if dirs := os.Getenv("HTTPARSE_SEED_DIRS"); dirs != "" {
		for _, d := range filepath.SplitList(dirs) {
			// A directory named here was asked for: its absence is an
			// error, not an empty source.
			if _, err := os.Stat(d); err != nil {
				return nil, nil, err
			}
			s, err := rawFiles(d, func(string) bool { return true })
			if err != nil {
				return nil, nil, err
			}
			add("HTTPARSE_SEED_DIRS", s)
		}
	}
	return all, count, nil
}

// Smuggling returns the files corpus/smuggle-*.http.
func Smuggling(root string) ([]Seed, error) {
	return rawFiles(filepath.Join(root, "corpus"), func(p string) bool {
		b := filepath.Base(p)
		return strings.HasPrefix(b, "smuggle-") && strings.HasSuffix(b, ".http")
	})
}

// rawFiles reads every regular file under dir that keep accepts. A missing
// dir is not an error: the inputs are optional.
func rawFiles(dir string, keep func(string) bool) ([]Seed, error) {
	var out []Seed
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.Type().IsRegular() || !keep(p) {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > maxSeedBytes {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, Seed{Name: p, Data: b})
		return nil
	})
	return out, err
}

// fuzzFiles reads the "go test fuzz v1" files under dir and keeps the first
// []byte or string argument of each.
func fuzzFiles(dir string) ([]Seed, error) {
	files, err := rawFiles(dir, func(string) bool { return true })
	if err != nil {
		return nil, err
	}
	var out []Seed
	for _, f := range files {
		if b, ok := firstBytesArg(f.Data); ok {
			out = append(out, Seed{Name: f.Name, Data: b})
		}
	}
	return out, nil
}

// firstBytesArg decodes the first line of the form []byte("...") or
// string("...") of a Go fuzz corpus file.
func firstBytesArg(file []byte) ([]byte, bool) {
	lines := bytes.Split(file, []byte("\n"))
	if len(lines) == 0 || !bytes.HasPrefix(lines[0], []byte("go test fuzz v1")) {
		return nil, false
	}
	for _, l := range lines[1:] {
		l = bytes.TrimSpace(l)
		for _, pre := range []string{"[]byte(", "string("} {
			if bytes.HasPrefix(l, []byte(pre)) && bytes.HasSuffix(l, []byte(")")) {
				lit := string(l[len(pre) : len(l)-1])
				s, err := strconv.Unquote(lit)
				if err != nil {
					continue
				}
				return []byte(s), true
			}
		}
	}
	return nil, false
}
