package httparse

import (
	"strings"
	"testing"
)

// TestValidFieldName: RFC 9110 §5.1, field-name = token.
func TestValidFieldName(t *testing.T) {
	for _, name := range []string{"Host", "X-Custom_1", "a", "!#$%&'*+-.^_`|~09AZaz"} {
		if !ValidFieldName(name) {
			t.Errorf("ValidFieldName(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"", "Bad Name", "Bad:Name", "a\x00", "ü", "a\r\n", "(x)", "a,b", "\"q\"", "x\t"} {
		if ValidFieldName(name) {
			t.Errorf("ValidFieldName(%q) = true, want false", name)
		}
	}
}

// TestValidFieldValue: RFC 9110 §5.5, field-value = *field-content.
func TestValidFieldValue(t *testing.T) {
	for _, v := range []string{"", "text/html", "a b\tc", "\x80\xff", "\"quoted\", list", "~"} {
		if !ValidFieldValue(v) {
			t.Errorf("ValidFieldValue(%q) = false, want true", v)
		}
	}
	for _, v := range []string{"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b", "\x01", "a\x7f", " lead", "trail\t", " "} {
		if ValidFieldValue(v) {
			t.Errorf("ValidFieldValue(%q) = true, want false", v)
		}
	}
	// Every single byte: valid alone exactly when it is a field-vchar.
	for c := 0; c < 256; c++ {
		want := c > 0x20 && c != 0x7f
		if got := ValidFieldValue(string([]byte{byte(c)})); got != want {
			t.Errorf("ValidFieldValue(%q) = %v, want %v", byte(c), got, want)
		}
	}
}

// TestValidFieldValueParses: what ValidFieldValue accepts, the parser
// accepts as the same value, and what it refuses never parses to that
// value.
func TestValidFieldValueParses(t *testing.T) {
	for c := 0; c < 256; c++ {
		v := "a" + string([]byte{byte(c)}) + "b"
		req, _, err := Parse([]byte("GET / HTTP/1.1\r\nHost: h\r\nX: " + v + "\r\n\r\n"))
		parsed := err == nil && req.Header.Get("X") == v
		if parsed != ValidFieldValue(v) {
			t.Errorf("value %q: ValidFieldValue = %v, parsed unchanged = %v (err %v)", v, ValidFieldValue(v), parsed, err)
		}
	}
}

// TestContainsToken: RFC 9110 §5.6.1 lists, as Connection uses them (§7.6.1).
func TestContainsToken(t *testing.T) {
	tests := []struct {
		values []string
		want   bool
	}{
		{[]string{"close"}, true},
		{[]string{"Keep-Alive, CLOSE"}, true},
		{[]string{"keep-alive", " , close ,"}, true},
		{[]string{"keep-alive"}, false},
		{[]string{"closed"}, false},
		{[]string{"clo se"}, false},
		{[]string{""}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := ContainsToken(tt.values, "close"); got != tt.want {
			t.Errorf("ContainsToken(%q, close) = %v, want %v", strings.Join(tt.values, "|"), got, tt.want)
		}
	}
}

// TestValidTrailerField: RFC 9110 §6.5.1, as the parser applies it to a
// request's trailer section.
func TestValidTrailerField(t *testing.T) {
	for _, name := range []string{"X-Checksum", "Server-Timing", "Expires"} {
		if !ValidTrailerField(name) {
			t.Errorf("ValidTrailerField(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"Content-Length", "transfer-encoding", "Host", "Trailer", "TE", "Connection",
		"Authorization", "Set-Cookie", "Content-Type", "If-Match", "If-Schedule-Tag-Match", "IF-X", "", "Bad Name"} {
		if ValidTrailerField(name) {
			t.Errorf("ValidTrailerField(%q) = true, want false", name)
		}
	}
	for _, name := range []string{"X-Checksum", "Content-Length", "Cookie"} {
		_, _, err := Parse([]byte("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + name + ": 1\r\n\r\n"))
		if (err == nil) != ValidTrailerField(name) {
			t.Errorf("%s: parser err %v, ValidTrailerField %v", name, err, ValidTrailerField(name))
		}
	}
}

// TestListMembers: RFC 9110 §5.6.1, #element, empty members and the OWS
// around members skipped.
func TestListMembers(t *testing.T) {
	tests := []struct {
		v    string
		want []string
	}{
		{"", nil},
		{" , ,\t,", nil},
		{"a", []string{"a"}},
		{"a,b", []string{"a", "b"}},
		{" a ,\tb\t, , c d ,", []string{"a", "b", "c d"}},
		{"100-continue", []string{"100-continue"}},
	}
	for _, tt := range tests {
		var got []string
		for m := range ListMembers(tt.v) {
			got = append(got, m)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("ListMembers(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
	// Stopping early stops the walk.
	n := 0
	for range ListMembers("a, b, c") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("break after the first member: %d members seen", n)
	}
}

// TestParseContentLength: RFC 9110 §8.6, Content-Length = 1*DIGIT, the same
// verdicts the parser gives a Content-Length line.
func TestParseContentLength(t *testing.T) {
	tests := []struct {
		v      string
		want   int64
		status int // 0: valid
	}{
		{"0", 0, 0},
		{"007", 7, 0},
		{"9223372036854775807", 1<<63 - 1, 0},
		{"9223372036854775808", 0, 413},
		{"", 0, 400},
		{"-0", 0, 400},
		{"+5", 0, 400},
		{" 5", 0, 400},
		{"5 ", 0, 400},
		{"5, 5", 0, 400},
		{"0x5", 0, 400},
		{"5.0", 0, 400},
	}
	for _, tt := range tests {
		n, err := ParseContentLength(tt.v)
		status := 0
		if e, ok := err.(*Error); ok {
			status = e.Status
			if e.Rule != rfc9110_8_6 || e.Offset != -1 {
				t.Errorf("ParseContentLength(%q): rule %q offset %d, want %q and -1", tt.v, e.Rule, e.Offset, rfc9110_8_6)
			}
		} else if err != nil {
			t.Errorf("ParseContentLength(%q): error %T, want *Error", tt.v, err)
		}
		if n != tt.want || status != tt.status {
			t.Errorf("ParseContentLength(%q) = %d, status %d; want %d, status %d", tt.v, n, status, tt.want, tt.status)
		}
		// The parser's verdict on the same value in a request: a syntax
		// error (400) exactly where ParseContentLength gives one. A value
		// with OWS around it is none a sender may write (the parser trims
		// it from a line it receives).
		if !ValidFieldValue(tt.v) {
			continue
		}
		_, _, perr := Parse([]byte("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + tt.v + "\r\n\r\n"))
		e, _ := perr.(*Error)
		if (e != nil && e.Status == 400) != (status == 400) {
			t.Errorf("Content-Length: %q: parser says %v, ParseContentLength status %d", tt.v, perr, status)
		}
	}
}
