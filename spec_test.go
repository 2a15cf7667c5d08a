package httparse

import (
	"os"
	"strings"
	"testing"
)

// TestSpecCoverage holds SPEC.md and the tables to each other: every row of
// the rules table has at least one accepted case and, unless it rejects
// nothing, one rejected case; every case cites a row.
func TestSpecCoverage(t *testing.T) {
	spec, err := os.ReadFile("SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rules, ok := strings.Cut(string(spec), "<!-- BEGIN rules -->")
	rules, _, ok2 := strings.Cut(rules, "<!-- END rules -->")
	if !ok || !ok2 {
		t.Fatal("SPEC.md has no rules block")
	}
	type count struct{ accepted, rejected int }
	cases := make(map[string]*count)
	add := func(rule string, accepted bool) {
		c := cases[rule]
		if c == nil {
			c = new(count)
			cases[rule] = c
		}
		if accepted {
			c.accepted++
		} else {
			c.rejected++
		}
	}
	for _, tc := range append(parseCases, realWorldCases...) {
		add(tc.rule, tc.want != nil)
	}
	for _, tc := range chunkedCases {
		add(tc.rule, tc.err == nil)
	}
	for _, tc := range edgeCases {
		add(tc.rule, tc.want != nil)
	}
	for _, tc := range framingCases {
		add(tc.rule, tc.err == nil)
	}
	for _, tc := range queryCases {
		add(tc.rule, !tc.wantErr)
	}
	rows := make(map[string]bool)
	for _, line := range strings.Split(rules, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "RFC") && !strings.HasPrefix(strings.TrimSpace(cells[1]), "WHATWG") {
			continue
		}
		section, status := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[3])
		rows[section] = true
		c := cases[section]
		switch {
		case c == nil || c.accepted == 0:
			t.Errorf("SPEC.md row %q has no accepted test case", section)
		case status != "—" && c.rejected == 0:
			t.Errorf("SPEC.md row %q has no rejected test case", section)
		}
	}
	if len(rows) < 20 {
		t.Fatalf("read only %d rows from SPEC.md", len(rows))
	}
	for rule := range cases {
		if !rows[rule] {
			t.Errorf("test cases cite %q, which has no row in SPEC.md", rule)
		}
	}
}
