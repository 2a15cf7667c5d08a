package serve

import (
	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/internal/ascii"
)

// Header is the header section of a response: field lines in the order they
// were added. Names compare under ASCII case folding, as httparse.Header's
// do, and are written as given. Get, Lookup, Values and Has mean what they
// mean on httparse.Header.
type Header []httparse.Field

// Get returns the value of the first field named name, or "".
func (h Header) Get(name string) string { return httparse.Header(h).Get(name) }

// Lookup returns the value of the first field named name and whether there
// is one.
func (h Header) Lookup(name string) (string, bool) { return httparse.Header(h).Lookup(name) }

// Values returns the values of every field named name, in order, or nil.
func (h Header) Values(name string) []string { return httparse.Header(h).Values(name) }

// Has reports whether a field named name is present.
func (h Header) Has(name string) bool { return httparse.Header(h).Has(name) }

// Add appends a field line. Nothing is checked here: when the head is
// written, a field whose name is not a token or whose value is not a valid
// field value (RFC 9110 §5.1, §5.5; httparse.ValidFieldName and
// ValidFieldValue) is dropped and logged, never sent.
func (h *Header) Add(name, value string) {
	*h = append(*h, httparse.Field{Name: name, Value: value})
}

// Set replaces every field named name by one line with value, kept at the
// place of the first one. Invalid fields are dropped when the head is
// written, as for Add.
func (h *Header) Set(name, value string) {
	out := (*h)[:0]
	set := false
	for _, f := range *h {
		if ascii.EqualFold(f.Name, name) {
			if set {
				continue
			}
			f.Value, set = value, true
		}
		out = append(out, f)
	}
	if !set {
		// Nothing was dropped, so there is no tail to clear.
		*h = append(out, httparse.Field{Name: name, Value: value})
		return
	}
	clear((*h)[len(out):])
	*h = out
}

// Del removes every field named name.
func (h *Header) Del(name string) {
	out := (*h)[:0]
	for _, f := range *h {
		if !ascii.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	clear((*h)[len(out):])
	*h = out
}
