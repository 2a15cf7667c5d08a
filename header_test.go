package httparse

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHeaderGetValues(t *testing.T) {
	h := Header{{"Accept", "a"}, {"X", "1"}, {"ACCEPT", "b"}, {"Empty", ""}}
	if v := h.Get("accept"); v != "a" {
		t.Errorf("Get = %q, want a", v)
	}
	if v, ok := h.Lookup("ACCEPT"); !ok || v != "a" {
		t.Errorf("Lookup = %q, %v", v, ok)
	}
	if v, ok := h.Lookup("Accept-Encoding"); ok || v != "" {
		t.Errorf("Lookup found a missing field: %q, %v", v, ok)
	}
	if v := h.Get("Accept-Encoding"); v != "" {
		t.Errorf("Get of a missing field = %q", v)
	}
	if v, ok := h.Lookup("empty"); !ok || v != "" {
		t.Errorf("Lookup(empty) = %q, %v; want present and empty", v, ok)
	}
	if !h.Has("x") || !h.Has("Empty") || h.Has("Accept-Encoding") || h.Has("Accep") {
		t.Errorf("Has: x=%v Empty=%v Accept-Encoding=%v Accep=%v", h.Has("x"), h.Has("Empty"), h.Has("Accept-Encoding"), h.Has("Accep"))
	}
	if diff := cmp.Diff([]string{"a", "b"}, h.Values("Accept")); diff != "" {
		t.Error(diff)
	}
	if h.Values("nope") != nil {
		t.Error("Values of a missing field is not nil")
	}
	if n := testing.AllocsPerRun(100, func() { h.Get("accept"); h.Lookup("x"); h.Has("nope") }); n != 0 {
		t.Errorf("Get, Lookup and Has allocate %v times", n)
	}
}
