package httparse

import (
	"math/bits"
	"net/netip"
)

// validHost checks a Host field value or an authority, RFC 9110 §7.2 and
// RFC 3986 §3.2.2, and returns the offset in s of the first offending byte,
// or -1. needPort demands a non-empty port (CONNECT's authority-form).
// pctASCII reports that the offending byte starts a pct-encoded octet below
// %80 in the reg-name (see hostError).
//
//	Host       = uri-host [ ":" port ]
//	uri-host   = IP-literal / IPv4address / reg-name
//	IP-literal = "[" ( IPv6address / IPvFuture ) "]"
//	port       = *DIGIT
//
// Userinfo is never part of a Host, so "@" is rejected, and so are SP and
// HTAB, which separate the values of merged Host lines ("a, b"): the value
// must name exactly one authority (RFC 9112 §3.2). A "," alone is a
// sub-delim, which a reg-name may hold.
//
// RFC 3986 §3.2.2 lets a reg-name carry pct-encoded octets so that a
// non-ASCII name can be written as the percent-encoded UTF-8 of its
// characters, and says percent-encoding is not to be used in a host for
// anything else. Only octets %80-FF are accepted: decoded, any other one
// is ASCII that is either written plainly or is no part of a host name
// ("%2F", "%20", "%40", a CTL, NUL), and code that decodes the host for
// virtual hosting or to build a URL would get a different authority.
func validHost(s string, needPort bool) (bad int, pctASCII bool) {
	i := 0
	if len(s) > 0 && s[0] == '[' {
		end := -1
		for j := 1; j < len(s); j++ {
			if s[j] == ']' {
				end = j
				break
			}
		}
		if end < 0 {
			return len(s), false
		}
		if !validIPLiteral(s[1:end]) {
			return 1, false
		}
		i = end + 1
	} else {
		for {
			// Host names are letters, digits, "-" and "."; eight of those
			// are passed at once, and the table decides the first other.
			for ; i+8 <= len(s); i += 8 {
				x := load64(s, i)
				if m := notAlnumDash(x) &^ bytesEqual(x, '.'); m != 0 {
					i += bits.TrailingZeros64(m) / 8
					break
				}
			}
			for i < len(s) && regNameChar[s[i]] {
				i++
			}
			if i == len(s) || s[i] != '%' {
				break
			}
			if pctEncoded(s, i) >= 0 {
				return i, false
			}
			if !isObsText(pctOctet(s, i)) {
				return i, true
			}
			i += 3
		}
	}
	if i == len(s) {
		if needPort {
			return i, false
		}
		return -1, false
	}
	if s[i] != ':' {
		return i, false
	}
	i++
	if needPort && i == len(s) {
		return i, false
	}
	// port = *DIGIT; for http and https only 0-65535 names a port
	// (RFC 3986 §3.2.3), and leading zeros are ordinary digits. Four
	// digits or fewer always do, so only a longer port is added up.
	if len(s)-i <= 4 && len(s) >= 8 {
		// The usual port: its digits are the last bytes of one word.
		if m := notDigit(load64(s, len(s)-8)) >> (8 * (8 - (len(s) - i))); m != 0 {
			return i + bits.TrailingZeros64(m)/8, false
		}
		return -1, false
	}
	for j := i; j < len(s); j++ {
		if !isDigit(s[j]) {
			return j, false
		}
	}
	if len(s)-i > 4 {
		port := 0
		for j := i; j < len(s); j++ {
			trace(tracePort, 1)
			if port = port*10 + int(s[j]-'0'); port > 65535 {
				return j, false
			}
		}
	}
	return -1, false
}

// hostError is the error for validHost's verdict on a host at offset off:
// a pct-encoded ASCII octet is 400 under RFC 9112 §3.2 (a Host field or
// target authority with an invalid value), anything else rule and reason.
func hostError(pctASCII bool, off int, rule, reason string) *Error {
	if pctASCII {
		return badRequest(rfc9112_3_2, off, "percent-encoded ASCII in host")
	}
	return badRequest(rule, off, reason)
}

// validIPLiteral checks the inside of "[...]", RFC 3986 §3.2.2.
//
//	IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//
// An IPv6address is checked by net/netip, which follows the RFC 4291 text
// form; zones (RFC 6874) are not part of a URI host and are rejected.
func validIPLiteral(s string) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		i := 1
		for i < len(s) && unhex[s[i]] != 0xff {
			i++
		}
		if i == 1 || i == len(s) || s[i] != '.' || i+1 == len(s) {
			return false
		}
		for _, c := range []byte(s[i+1:]) {
			if !regNameChar[c] && c != ':' {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			return false
		}
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}
