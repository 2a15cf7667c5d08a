// Package ascii holds the ASCII case folding that field names, methods'
// neighbours and tokens share between the parser and the server (RFC 9110
// §5.1: field names are case-insensitive, and only ASCII letters fold).
package ascii

// Lower returns c with A-Z mapped to a-z; every other byte is unchanged.
func Lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// EqualFold reports whether s and t are equal under ASCII case folding.
// Unlike strings.EqualFold it folds nothing outside A-Z, so "K" (U+212A)
// never matches "k".
func EqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if Lower(s[i]) != Lower(t[i]) {
			return false
		}
	}
	return true
}
