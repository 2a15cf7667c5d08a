package seeds

import "testing"

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
