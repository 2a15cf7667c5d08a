package httparse

import "github.com/ae7539e0/httparse/internal/ascii"

// Byte classes, one table per ABNF rule, each named after its rule and
// quoting its production. abnf_test.go rebuilds every table from the RFC's
// wording and compares all 256 entries.

// tchar is the token character set, RFC 9110 §5.6.2.
//
//	token = 1*tchar
//	tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*"
//	      / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//	      / DIGIT / ALPHA
//	      ; any VCHAR, except delimiters
var tchar = [256]bool{
	'!': true, '#': true, '$': true, '%': true, '&': true, '\'': true, '*': true,
	'+': true, '-': true, '.': true, '^': true, '_': true, '`': true, '|': true, '~': true,
	'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true,
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true, 'I': true,
	'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true, 'P': true, 'Q': true, 'R': true,
	'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true, 'Y': true, 'Z': true,
	'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true, 'g': true, 'h': true, 'i': true,
	'j': true, 'k': true, 'l': true, 'm': true, 'n': true, 'o': true, 'p': true, 'q': true, 'r': true,
	's': true, 't': true, 'u': true, 'v': true, 'w': true, 'x': true, 'y': true, 'z': true,
}

// fieldContent is the set of bytes allowed inside a field value, RFC 9110
// §5.5. The production only allows SP and HTAB between visible bytes; the
// leading and trailing ones are OWS and are trimmed by the caller.
//
//	field-value   = *field-content
//	field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
//	field-vchar   = VCHAR / obs-text
//	obs-text      = %x80-FF
var fieldContent = func() (t [256]bool) {
	t['\t'] = true
	for c := 0x20; c <= 0x7e; c++ { // SP and VCHAR %x21-7E
		t[c] = true
	}
	for c := 0x80; c <= 0xff; c++ { // obs-text: opaque, kept as sent (RFC 9110 §5.5)
		t[c] = true
	}
	return t
}()

// targetChar is the set of bytes accepted raw in the path and query of a
// request-target, RFC 3986 §3.3 and §3.4 as applied by RFC 9112 §3.2.
//
//	pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
//	query = *( pchar / "/" / "?" )
//
// Browsers leave some RFC 3986-invalid VCHARs raw ("[]{}|^`<>" and DQUOTE),
// and none of them can move a message boundary, so every VCHAR is accepted
// except: "#" (a fragment is never sent, RFC 3986 §3.5) and "\" (some
// stacks turn it into "/", a path-confusion vector). "%" is not accepted
// raw: it may only start a pct-encoded triplet, which the caller checks. SP,
// CTLs, DEL and raw bytes %x80-FF are rejected.
var targetChar = func() (t [256]bool) {
	for c := 0x21; c <= 0x7e; c++ {
		t[c] = true
	}
	t['#'] = false
	t['\\'] = false
	t['%'] = false
	return t
}()

// regNameChar is the set of bytes of a reg-name other than pct-encoded,
// RFC 3986 §3.2.2.
//
//	reg-name   = *( unreserved / pct-encoded / sub-delims )
//	unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
//	sub-delims = "!" / "$" / "&" / "'" / "(" / ")"
//	           / "*" / "+" / "," / ";" / "="
var regNameChar = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range "-._~!$&'()*+,;=" {
		t[c] = true
	}
	return t
}()

// unhex maps HEXDIG to its value and every other byte to 0xff, RFC 5234
// Appendix B.1 (case-insensitive, as RFC 3986 §2.1 reads it).
//
//	HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F" ; case-insensitive
var unhex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
		t[c-'a'+'A'] = byte(c - 'a' + 10)
	}
	return t
}()

// pctEncoded returns -1 when s[i:] starts with a pct-encoded triplet, and
// otherwise the index of the first byte that breaks it (len(s) when s ends
// inside it). s[i] is "%". RFC 3986 §2.1:
//
//	pct-encoded = "%" HEXDIG HEXDIG
func pctEncoded[S string | []byte](s S, i int) int {
	for j := i + 1; j <= i+2; j++ {
		if j == len(s) || unhex[s[j]] == 0xff {
			return j
		}
	}
	return -1
}

// pctOctet returns the octet the pct-encoded triplet at s[i] stands for;
// pctEncoded has checked it.
func pctOctet[S string | []byte](s S, i int) byte { return unhex[s[i+1]]<<4 | unhex[s[i+2]] }

// skipToken returns the index of the first byte of s at or after i that is
// not a tchar, or len(s): the end of a token starting at i, RFC 9110 §5.6.2.
//
//	token = 1*tchar
func skipToken[S string | []byte](s S, i int) int {
	for i < len(s) && tchar[s[i]] {
		i++
	}
	return i
}

// isCTL reports whether c is a control byte, RFC 5234 Appendix B.1.
//
//	CTL = %x00-1F / %x7F
func isCTL(c byte) bool { return c < 0x20 || c == 0x7f }

// isDigit reports whether c is a DIGIT, RFC 5234 Appendix B.1.
//
//	DIGIT = %x30-39 ; 0-9
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isAlpha reports whether c is an ALPHA, RFC 5234 Appendix B.1.
//
//	ALPHA = %x41-5A / %x61-7A ; A-Z / a-z
func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// isObsText reports whether c is obs-text, RFC 9110 §5.6.4: the octets
// above ASCII, which field values (and, with AllowRawTargetBytes, the
// request-target) may carry.
//
//	obs-text = %x80-FF
func isObsText(c byte) bool { return c >= 0x80 }

// isOWS reports whether c is SP or HTAB, RFC 9110 §5.6.3.
//
//	OWS = *( SP / HTAB )
func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// equalFold reports whether s equals the lower-case ASCII string t under
// ASCII case folding (ascii.Lower, RFC 9110 §5.1: field names and coding
// names fold ASCII letters only). t must be lower-case, which saves folding
// it: every caller compares against a constant.
func equalFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if ascii.Lower(s[i]) != t[i] {
			return false
		}
	}
	return true
}

// Where the check of a list of parameters stopped (see parameters). Phase 0
// is left to the caller, for what comes before the list.
const (
	paramAfterValue   = iota + 1 // after the leading token or a value: OWS, ";" or the end
	paramInOWS                   // in OWS before ";"
	paramBeforeName              // after ";": OWS, then the name
	paramInName                  // in a name
	paramAfterName               // in BWS after a name: "=", or ";" where the value is optional
	paramBeforeValue             // after "=": BWS, then a token or a quoted-string
	paramInToken                 // in a token value
	paramInQuoted                // in a quoted-string value
	paramInQuotedPair            // after "\" in a quoted-string value
)

// paramSyntax is what sets the parameters of one production apart from
// those of another.
type paramSyntax uint8

const (
	// paramNameAlone: a parameter may be a name without "=" and a value.
	paramNameAlone paramSyntax = 1 << iota
	// paramBWS: BWS may stand around "=".
	paramBWS
)

// parameters checks a list of parameters, the tail of a production that
// starts with a token, as in chunk-ext (RFC 9112 §7.1.1) and after the
// coding name of a transfer-coding (RFC 9110 §10.1.4):
//
//	chunk-ext          = *( BWS ";" BWS chunk-ext-name
//	                        [ BWS "=" BWS chunk-ext-val ] )
//	chunk-ext-name     = token
//	chunk-ext-val      = token / quoted-string
//
//	transfer-coding    = token *( OWS ";" OWS transfer-parameter )
//	transfer-parameter = token BWS "=" BWS ( token / quoted-string )
//
// and the values' quoted-string, RFC 9110 §5.6.4, whose qdtext and
// quoted-pair bytes are those of a field value, fieldContent:
//
//	quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
//	qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
//	quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
//
// syn says what the production allows beyond name "=" value:
// paramNameAlone for a name without a value, paramBWS for BWS around "=".
//
// It checks s[i:end] from phase ph (paramAfterValue after the leading
// token) and returns the phase it reached and end, or, at the first byte
// that no such list may hold where it stands, the phase there and that
// byte's index. A list cut anywhere is checked in pieces by passing the
// returned phase on; parametersEnd judges where the list ends.
func parameters[S string | []byte](s S, i, end int, ph uint8, syn paramSyntax) (uint8, int) {
	for ; i < end; i++ {
		c := s[i]
		switch ph {
		case paramInToken, paramAfterValue, paramInOWS:
			switch {
			case ph == paramInToken && tchar[c]:
			case c == ';':
				ph = paramBeforeName
			case isOWS(c):
				ph = paramInOWS
			default:
				return ph, i
			}
		case paramBeforeName:
			switch {
			case tchar[c]:
				ph = paramInName
			case !isOWS(c):
				return ph, i
			}
		case paramInName, paramAfterName:
			switch {
			case ph == paramInName && tchar[c]:
			case c == '=':
				ph = paramBeforeValue
			case c == ';' && syn&paramNameAlone != 0:
				ph = paramBeforeName
			case isOWS(c) && syn&paramBWS != 0:
				ph = paramAfterName
			default:
				return ph, i
			}
		case paramBeforeValue:
			switch {
			case c == '"':
				ph = paramInQuoted
			case tchar[c]:
				ph = paramInToken
			case !isOWS(c) || syn&paramBWS == 0:
				return ph, i
			}
		case paramInQuoted:
			switch {
			case c == '"':
				ph = paramAfterValue
			case c == '\\':
				ph = paramInQuotedPair
			case !fieldContent[c]:
				return ph, i
			}
		case paramInQuotedPair:
			if !fieldContent[c] {
				return ph, i
			}
			ph = paramInQuoted
		default:
			return ph, i
		}
	}
	return ph, end
}

// parametersEnd reports whether a list of parameters that parameters
// checked up to phase ph may end there: after a value, or after a name
// when syn has paramNameAlone. BWS may not end it.
func parametersEnd(ph uint8, syn paramSyntax) bool {
	return ph == paramAfterValue || ph == paramInToken || ph == paramInName && syn&paramNameAlone != 0
}
