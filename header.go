package httparse

import "github.com/ae7539e0/httparse/internal/ascii"

// Field is one field line: a name and its value with the surrounding OWS
// removed (RFC 9112 §5.1). Name keeps the case it was sent in. With
// AllowObsFold, a folded value is unfolded: each fold is one SP.
type Field struct {
	Name, Value string
}

// Header is a list of field lines in wire order, duplicates kept
// (RFC 9110 §5.2, §5.3: order matters, and lines with the same name form one
// field). Names compare under ASCII case folding only.
type Header []Field

// Get returns the value of the first field named name, compared under ASCII
// case folding, or "" when there is none (as net/http's Header.Get). Use
// Lookup to tell an empty value from an absent field. It does not allocate.
func (h Header) Get(name string) string {
	v, _ := h.Lookup(name)
	return v
}

// Lookup returns the value of the first field named name and whether there
// is one. It does not allocate.
func (h Header) Lookup(name string) (string, bool) {
	for _, f := range h {
		if ascii.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Has reports whether a field named name is present, even with an empty
// value.
func (h Header) Has(name string) bool {
	_, ok := h.Lookup(name)
	return ok
}

// Values returns the values of every field named name, in wire order, or
// nil when there is none. Combining them as a list is the caller's choice
// (RFC 9110 §5.3): join with ", ".
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if ascii.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}
