package httparse

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// queryCase is a ParseQuery table case; rule is its SPEC.md section.
type queryCase struct {
	rule, name string
	in         string
	want       Values
	errOff     int // offset of the error, when wantErr
	wantErr    bool
}

var queryCases = []queryCase{
	{rule: "WHATWG urlencoded", name: "split on & only, empty pieces dropped",
		in: "a=1&&b=2&c=3;d=4", want: Values{{"a", "1"}, {"b", "2"}, {"c", "3;d=4"}}},
	{rule: "WHATWG urlencoded", name: "first = splits, no = means empty value",
		in: "a=b=c&flag", want: Values{{"a", "b=c"}, {"flag", ""}}},
	{rule: "WHATWG urlencoded", name: "plus is space, then percent-decode",
		in: "a+b=%2B&name=Ada%20Lovelace", want: Values{{"a b", "+"}, {"name", "Ada Lovelace"}}},
	{rule: "WHATWG urlencoded", name: "order and duplicates kept",
		in: "x=2&y=1&x=1", want: Values{{"x", "2"}, {"y", "1"}, {"x", "1"}}},
	{rule: "WHATWG urlencoded", name: "empty", in: "", want: nil},
	{rule: "RFC 3986 §2.1", name: "bad escape in a value",
		in: "a=1&b=%zz", wantErr: true, errOff: 7},
	{rule: "RFC 3986 §2.1", name: "truncated escape in a name",
		in: "ab%2=1", wantErr: true, errOff: 4},
	// Where the input ends inside an escape, the "%" is the offending byte;
	// where a separator cuts it short, the separator is.
	{rule: "RFC 3986 §2.1", name: "% at the end of the input",
		in: "a=%", wantErr: true, errOff: 2},
	{rule: "RFC 3986 §2.1", name: "% and one digit at the end of the input",
		in: "a=%4", wantErr: true, errOff: 2},
	{rule: "RFC 3986 §2.1", name: "% and one digit before &",
		in: "a=%4&b", wantErr: true, errOff: 4},
	{rule: "RFC 3986 §2.1", name: "% before =",
		in: "%=1", wantErr: true, errOff: 1},
	{rule: "RFC 3986 §2.1", name: "% at the end of a name without value",
		in: "x&a%", wantErr: true, errOff: 3},
	{rule: "RFC 3986 §2.1", name: "% at the end of a name before &",
		in: "a%&b", wantErr: true, errOff: 2},
	{rule: "WHATWG urlencoded", name: "escapes in name and value, empty name, plus alone",
		in: "%41%42=%43&=v&+", want: Values{{"AB", "C"}, {"", "v"}, {" ", ""}}},
}

func TestParseQuery(t *testing.T) {
	for _, tc := range queryCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			got, err := ParseQuery(tc.in)
			if tc.wantErr {
				want := &Error{Status: 400, Rule: rfc3986_2_1, Offset: tc.errOff, Reason: "malformed percent-encoding in query"}
				var perr *Error
				if !errors.As(err, &perr) {
					t.Fatalf("err = %v, want %v", err, want)
				}
				if diff := cmp.Diff(want, perr); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAppendQuery: AppendQuery after pairs already in dst adds what
// ParseQuery returns, and on an error gives dst back as it was, with the
// same error.
func TestAppendQuery(t *testing.T) {
	prefix := Values{{"kept", "1"}}
	for _, tc := range queryCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			dst := append(make(Values, 0, 4), prefix...)
			got, err := AppendQuery(dst, tc.in)
			want, wantErr := ParseQuery(tc.in)
			if diff := cmp.Diff(wantErr, err); diff != "" {
				t.Fatalf("error (-ParseQuery +AppendQuery):\n%s", diff)
			}
			if err != nil {
				want = nil
			}
			if diff := cmp.Diff(append(prefix[:1:1], want...), got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAppendQueryAllocs: a query with nothing to decode, appended to a
// slice with room, allocates nothing.
func TestAppendQueryAllocs(t *testing.T) {
	buf := make(Values, 0, 4)
	n := testing.AllocsPerRun(100, func() {
		vs, err := AppendQuery(buf[:0], "name=Ada&tag=a&flag")
		if err != nil || len(vs) != 3 {
			t.Fatalf("AppendQuery = %v, %v", vs, err)
		}
	})
	if n != 0 {
		t.Errorf("AppendQuery allocates %v times per call, want 0", n)
	}
}

func TestValues(t *testing.T) {
	r, _, err := Parse([]byte("GET /hello?name=Ada&tag=a&tag=b&empty= HTTP/1.1\r\nHost: x\r\n\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := r.Query()
	if err != nil {
		t.Fatal(err)
	}
	if v := q.Get("name"); v != "Ada" {
		t.Errorf("Get(name) = %q", v)
	}
	if v, ok := q.Lookup("empty"); !ok || v != "" {
		t.Errorf("Lookup(empty) = %q, %v; want present and empty", v, ok)
	}
	if v := q.Get("Name"); v != "" {
		t.Errorf("Get(Name) = %q: form names are compared exactly", v)
	}
	if diff := cmp.Diff([]string{"a", "b"}, q.Values("tag")); diff != "" {
		t.Error(diff)
	}
	if q.Values("missing") != nil {
		t.Error("Values of a missing key is not nil")
	}
	if !q.Has("empty") || q.Has("missing") {
		t.Errorf("Has(empty)=%v Has(missing)=%v", q.Has("empty"), q.Has("missing"))
	}
	if v, ok := q.Lookup("missing"); ok || v != "" {
		t.Error("Lookup found a missing key")
	}
}
