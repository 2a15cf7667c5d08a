package serve

import (
	"net/http"
	"strconv"
	"testing"
)

// TestStatusTextRegistry: every status code net/http names has a reason
// phrase here too, the same one but where RFC 9110 §15 renamed the code.
func TestStatusTextRegistry(t *testing.T) {
	renamed := map[int]string{
		413: "Content Too Large",     // RFC 9110 §15.5.14, was Request Entity Too Large
		414: "URI Too Long",          // RFC 9110 §15.5.15, was Request-URI Too Long
		416: "Range Not Satisfiable", // RFC 9110 §15.5.17, was Requested Range Not Satisfiable
		422: "Unprocessable Content", // RFC 9110 §15.5.21, was Unprocessable Entity
	}
	for code := 100; code < 600; code++ {
		want := http.StatusText(code)
		if r, ok := renamed[code]; ok {
			want = r
		}
		if got := StatusText(code); got != want {
			t.Errorf("StatusText(%d) = %q, want %q", code, got, want)
		}
	}
}

// TestStatusLines: the status line appendStatusLine takes from its table
// is the one it builds, for every code from 0 to 999 (the table holds the
// registered codes from 100 to 599).
func TestStatusLines(t *testing.T) {
	for code := range 1000 {
		got := string(appendStatusLine([]byte("x"), code))
		want := "xHTTP/1.1 " + strconv.Itoa(code) + " " + StatusText(code) + "\r\n"
		if got != want {
			t.Errorf("appendStatusLine(%d) = %q, want %q", code, got, want)
		}
	}
	if got := statusLines[StatusOK-minStatus]; got != "HTTP/1.1 200 OK\r\n" {
		t.Errorf("statusLines holds %q for 200", got)
	}
}
