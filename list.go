package httparse

// forEachMember calls fn for each non-empty member of a comma-separated list
// value, with OWS trimmed (RFC 9110 §5.6.1: recipients skip empty members).
// It stops and returns false as soon as fn does.
func forEachMember(v string, fn func(m string, off int) bool) bool {
	trace(traceList, len(v))
	for start := 0; start <= len(v); {
		end := start
		for end < len(v) && v[end] != ',' {
			end++
		}
		s, e := trimOWS(v, start, end)
		if s < e && !fn(v[s:e], s) {
			return false
		}
		start = end + 1
	}
	return true
}

// isToken reports whether s is a non-empty token, RFC 9110 §5.6.2.
//
//	token = 1*tchar
func isToken(s string) bool { return s != "" && skipToken(s, 0) == len(s) }
