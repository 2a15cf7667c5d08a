package serve

import "github.com/ae7539e0/httparse"

// Header is the header section of a response: field lines in the order they
// were added. Names compare under ASCII case folding, and are written as
// given.
type Header []httparse.Field

// Get returns the value of the first field named name, or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if equalFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of every field named name, in order.
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if equalFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Has reports whether a field named name is present.
func (h Header) Has(name string) bool {
	for _, f := range h {
		if equalFold(f.Name, name) {
			return true
		}
	}
	return false
}

// Add appends a field line.
func (h *Header) Add(name, value string) {
	*h = append(*h, httparse.Field{Name: name, Value: value})
}

// Set replaces every field named name by one line with value, kept at the
// place of the first one.
func (h *Header) Set(name, value string) {
	out := (*h)[:0]
	set := false
	for _, f := range *h {
		if equalFold(f.Name, name) {
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
		if !equalFold(f.Name, name) {
			out = append(out, f)
		}
	}
	clear((*h)[len(out):])
	*h = out
}

// equalFold reports whether a and b are equal under ASCII case folding,
// which is the only folding field names have (RFC 9110 §5.1).
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
