package httparse

import (
	"iter"

	"github.com/ae7539e0/httparse/internal/ascii"
)

// The grammar as a sender needs it: a server writing a response, or a client
// writing a request, checks what it is about to send with the same rules the
// parser applies to what it receives.

// ValidFieldName reports whether name is a valid field name: a token, RFC
// 9110 §5.1.
//
//	field-name = token
func ValidFieldName(name string) bool { return isToken(name) }

// ValidFieldValue reports whether v is a valid field value, RFC 9110 §5.5:
// visible bytes, obs-text (%x80-FF) and SP or HTAB between them. The empty
// value is valid. Leading or trailing SP or HTAB is not part of a value (a
// recipient trims it as OWS), so a value that has any is invalid: sent, it
// would arrive as a different value. CR, LF, NUL and every other control
// byte are invalid.
//
//	field-value   = *field-content
//	field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
func ValidFieldValue(v string) bool {
	if v == "" {
		return true
	}
	if isOWS(v[0]) || isOWS(v[len(v)-1]) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !fieldContent[v[i]] {
			return false
		}
	}
	return true
}

// ContainsToken reports whether any of the values, each a comma-separated
// list of tokens (RFC 9110 §5.6.1, as the lines of one field combine), has
// a member equal to token under ASCII case folding. Empty members and the
// OWS around members are skipped, as recipients must. It is for fields whose
// members are tokens, such as Connection, TE, Upgrade and Transfer-Encoding:
// it does not parse quoted-strings, so in a list with parameters (x="a,b")
// a comma inside quotes splits too. It is how a server asks
// "Connection: close?" of a field it builds or receives.
//
//	#element => [ element ] *( OWS "," OWS [ element ] )
func ContainsToken(values []string, token string) bool {
	found := false
	for _, v := range values {
		forEachMember(v, func(m string, _ int) bool {
			found = ascii.EqualFold(m, token)
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// ListMembers yields the members of a comma-separated list value, RFC 9110
// §5.6.1, in order, with the OWS around each trimmed and empty members
// skipped, as recipients must. The members are not checked against any
// grammar. Like ContainsToken it is for lists of tokens (Connection,
// Trailer, Content-Encoding, or Expect when only 100-continue matters): a
// comma inside a quoted-string splits too.
//
//	#element => [ element ] *( OWS "," OWS [ element ] )
func ListMembers(v string) iter.Seq[string] {
	return func(yield func(string) bool) {
		forEachMember(v, func(m string, _ int) bool { return yield(m) })
	}
}

// ParseContentLength parses a Content-Length field value, RFC 9110 §8.6:
// one or more decimal digits, leading zeros allowed, the number of octets
// of the content. Anything else (a sign, whitespace, a list such as
// "5, 5", the empty value) is an *Error with Status 400, and a number above
// math.MaxInt64 one with Status 413; the Offset of either is -1. The parser
// applies the same rule to the Content-Length lines it receives; a sender
// uses it on the value it is about to write.
//
//	Content-Length = 1*DIGIT
func ParseContentLength(v string) (int64, error) {
	n, err := contentLengthValue(v)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ValidTrailerField reports whether a field named name may be sent in a
// trailer section: a valid field name that is none of the fields RFC 9110
// §6.5.1 keeps out of trailers (framing, routing, request modifiers,
// authentication, and how to process the content). The parser rejects the
// same fields in a request's trailers.
func ValidTrailerField(name string) bool {
	return ValidFieldName(name) && !forbiddenTrailer(name)
}
