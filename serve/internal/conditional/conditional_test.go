package conditional

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		rule  string
		lines []string
		want  List
	}{
		{"RFC 9110 §8.8.3: opaque-tag", []string{`"a"`}, List{Tags: []string{`"a"`}}},
		{"RFC 9110 §8.8.3: weak", []string{`W/"a"`}, List{Tags: []string{`W/"a"`}}},
		{"RFC 9110 §5.6.1: OWS and empty elements", []string{` "a" ,, W/"b",	"" `}, List{Tags: []string{`"a"`, `W/"b"`, `""`}}},
		{"RFC 9110 §8.8.3: etagc takes obs-text and commas", []string{`"é,x"`}, List{Tags: []string{`"é,x"`}}},
		{"RFC 9110 §13.1.1: star", []string{`*`}, List{Any: true}},
		{"RFC 9110 §5.6.1: a list of empty elements", []string{`,`}, List{}},
		{"RFC 9110 §5.3: field lines form one list", []string{`"a"`, ` , "b"`}, List{Tags: []string{`"a"`, `"b"`}}},
	} {
		got, err := Parse(tc.lines)
		if err != nil {
			t.Errorf("%s: %q: %v", tc.rule, tc.lines, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: %q (-want +got):\n%s", tc.rule, tc.lines, diff)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct {
		rule  string
		lines []string
		err   string
	}{
		{"RFC 9110 §8.8.3: opaque-tag is quoted", []string{`1`}, "expected an entity-tag at byte 0"},
		{"RFC 9110 §8.8.3: no closing DQUOTE", []string{`"1`}, "expected an entity-tag at byte 0"},
		{"RFC 9110 §5.6.1: members are separated by commas", []string{`"1" "2"`}, `expected "," at byte 4`},
		{"RFC 9110 §13.1.1: star stands alone", []string{`*, "1"`}, `"*" must be the only member`},
		{"RFC 9110 §13.1.1: star stands alone", []string{`"1", *`}, `"*" must be the only member`},
		{"RFC 9110 §13.1.1: star stands alone, over field lines", []string{`"1"`, `*`}, `"*" must be the only member`},
		{"RFC 9110 §8.8.3: weak is W/ before an opaque-tag", []string{`W/1`}, "expected an entity-tag at byte 2"},
		{"RFC 9110 §8.8.3: weak is case-sensitive", []string{`w/"1"`}, "expected an entity-tag at byte 0"},
		{"RFC 9110 §8.8.3: DQUOTE ends the opaque-tag", []string{`"a"b"`}, `expected "," at byte 3`},
		{"RFC 9110 §8.8.3: no controls in etagc", []string{"\"a\x01\""}, "expected an entity-tag at byte 0"},
	} {
		if _, err := Parse(tc.lines); err == nil || err.Error() != tc.err {
			t.Errorf("%s: %q: %v, want %q", tc.rule, tc.lines, err, tc.err)
		}
	}
}

// The comparison table of RFC 9110 §8.8.3.2.
func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		listed, current string
		strong, weak    bool
	}{
		{`W/"1"`, `W/"1"`, false, true},
		{`W/"1"`, `W/"2"`, false, false},
		{`W/"1"`, `"1"`, false, true},
		{`"1"`, `"1"`, true, true},
		{`"1"`, `"01"`, false, false},
	} {
		l := List{Tags: []string{`"other"`, tc.listed}}
		if got := l.MatchStrong(tc.current); got != tc.strong {
			t.Errorf("RFC 9110 §8.8.3.2: strong comparison of %s and %s: %v, want %v", tc.listed, tc.current, got, tc.strong)
		}
		if got := l.MatchWeak(tc.current); got != tc.weak {
			t.Errorf("RFC 9110 §8.8.3.2: weak comparison of %s and %s: %v, want %v", tc.listed, tc.current, got, tc.weak)
		}
	}
}
