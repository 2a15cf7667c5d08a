package main

import (
	"strings"
	"testing"
)

const sample = `package p

func f(a, b int) int {
	switch {
	case a < b && a >= -1:
		a++
	}
	x := a - b // a - b
	return x
}
`

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		line, col int
		typ       string
		want      string // the mutated line, trimmed
	}{
		{5, 9, "CONDITIONALS_BOUNDARY", "case a <= b && a >= -1:"},
		{5, 9, "CONDITIONALS_NEGATION", "case a >= b && a >= -1:"},
		{5, 18, "CONDITIONALS_BOUNDARY", "case a < b && a > -1:"},
		{5, 21, "INVERT_NEGATIVES", "case a < b && a >= +1:"},
		{5, 13, "INVERT_LOGICAL", "case a < b || a >= -1:"},
		{6, 4, "INCREMENT_DECREMENT", "a--"},
		{8, 9, "ARITHMETIC_BASE", "x := a + b // a - b"},
	} {
		got, err := apply([]byte(sample), tc.line, tc.col, tc.typ)
		if err != nil {
			t.Errorf("%d:%d %s: %v", tc.line, tc.col, tc.typ, err)
			continue
		}
		lines := strings.Split(string(got), "\n")
		if l := strings.TrimSpace(lines[tc.line-1]); l != tc.want {
			t.Errorf("%d:%d %s: line %q, want %q", tc.line, tc.col, tc.typ, l, tc.want)
		}
		// Nothing else changes.
		orig := strings.Split(sample, "\n")
		for i := range orig {
			if i != tc.line-1 && lines[i] != orig[i] {
				t.Errorf("%d:%d %s: line %d changed to %q", tc.line, tc.col, tc.typ, i+1, lines[i])
			}
		}
	}
}

func TestApplyMismatch(t *testing.T) {
	for _, tc := range []struct {
		line, col int
		typ       string
	}{
		{5, 10, "CONDITIONALS_BOUNDARY"}, // a space, not an operator
		{5, 19, "CONDITIONALS_BOUNDARY"}, // inside ">="
		{5, 13, "CONDITIONALS_BOUNDARY"}, // "&&"
		{8, 18, "ARITHMETIC_BASE"},       // in the comment
		{20, 1, "ARITHMETIC_BASE"},       // past the end
		{5, 9, "NO_SUCH_MUTATOR"},
	} {
		if _, err := apply([]byte(sample), tc.line, tc.col, tc.typ); err == nil {
			t.Errorf("%d:%d %s: applied, want an error", tc.line, tc.col, tc.typ)
		}
	}
}
