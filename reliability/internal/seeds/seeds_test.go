package seeds

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFirstBytesArg(t *testing.T) {
	for _, tc := range []struct {
		file string
		want string
		ok   bool
	}{
		{"go test fuzz v1\n[]byte(\"GET / HTTP/1.1\\r\\n\\r\\n\")\n", "GET / HTTP/1.1\r\n\r\n", true},
		{"go test fuzz v1\nint(3)\nstring(\"a\\x00b\")\n", "a\x00b", true},
		{"go test fuzz v1\nint(3)\n", "", false},
		{"GET / HTTP/1.1\r\n\r\n", "", false},
	} {
		got, ok := firstBytesArg([]byte(tc.file))
		if ok != tc.ok || string(got) != tc.want {
			t.Errorf("firstBytesArg(%q) = %q, %v; want %q, %v", tc.file, got, ok, tc.want, tc.ok)
		}
	}
}

// TestLoadMissingSeedDir: a directory named in HTTPARSE_SEED_DIRS that does
// not exist is an error, so that a CI run whose seeds went missing fails
// instead of testing nothing.
func TestLoadMissingSeedDir(t *testing.T) {
	root := t.TempDir()
	t.Setenv("HTTPARSE_SEED_DIRS", filepath.Join(root, "absent"))
	if _, _, err := Load(root); err == nil {
		t.Fatal("Load with a missing HTTPARSE_SEED_DIRS directory succeeded")
	}
	dir := filepath.Join(root, "present")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a"), []byte("GET / HTTP/1.1\r\n\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HTTPARSE_SEED_DIRS", dir)
	seeds, count, err := Load(root)
	if err != nil || len(seeds) != 1 || count["HTTPARSE_SEED_DIRS"] != 1 {
		t.Fatalf("Load = %d seeds, %v, %v; want the one file", len(seeds), count, err)
	}
}
