package todo

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds how deeply arrays and objects may nest in a request body.
// The to-do fields are flat; the bound keeps a hostile body from costing
// more than a flat one.
const MaxDepth = 32

// maxExactInteger is the largest integer every JSON implementation that
// uses IEEE 754 doubles holds exactly (RFC 8259 §6): 2^53 - 1.
const maxExactInteger = MaxID

// bodyError is why a request body is not one acceptable JSON object, and
// the byte offset in the body where it shows.
type bodyError struct {
	msg string
	off int
}

func (e *bodyError) Error() string { return e.msg + " at offset " + strconv.Itoa(e.off) }

// checkObject checks that body is exactly one JSON object (RFC 8259) that
// decodes without losing or changing anything the client sent:
//
//   - UTF-8 only (RFC 8259 §8.1), and no \u escape that is half of a
//     surrogate pair (§8.2): either would be replaced by U+FFFD;
//   - numbers within the range of a 64-bit float, integers within
//     ±(2^53 - 1) (§6), beyond which decoders round them;
//   - arrays and objects nested at most MaxDepth deep;
//   - no name twice in one object (§4 leaves the outcome to the
//     implementation, so it is refused rather than guessed);
//   - nothing after the object but whitespace.
//
// It returns nil or a *bodyError naming the first problem and its offset.
// The grammar itself is encoding/json's; this adds the checks above.
func checkObject(body []byte) *bodyError {
	if !utf8.Valid(body) {
		off := 0
		for off < len(body) {
			r, n := utf8.DecodeRune(body[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return &bodyError{"invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8)", off}
	}
	start := skipSpace(body, 0)
	if start == len(body) {
		return &bodyError{"body is empty; expected a JSON object", start}
	}

	// The grammar, and anything after the first value.
	dec := json.NewDecoder(bytes.NewReader(body))
	var value json.RawMessage
	if err := dec.Decode(&value); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// encoding/json has a depth limit of its own, far above
			// MaxDepth: a body nested past both is refused for MaxDepth,
			// where it was first passed.
			if off := tooDeep(body[:min(int(se.Offset), len(body))]); off >= 0 {
				return depthError(off)
			}
			return &bodyError{"invalid JSON: " + se.Error(), int(se.Offset) - 1}
		case errors.Is(err, io.ErrUnexpectedEOF):
			return &bodyError{"JSON ends early: the body stops inside a value", len(body)}
		}
		return &bodyError{"invalid JSON: " + err.Error(), start}
	}
	if end := skipSpace(body, int(dec.InputOffset())); end < len(body) {
		return &bodyError{"data after the JSON object", end}
	}
	if value[0] != '{' {
		return &bodyError{"body must be a JSON object, not " + valueKind(value[0]), start}
	}
	return checkTokens(value, start)
}

// checkTokens walks value, valid JSON that starts at offset base in the
// body, token by token for what the grammar allows but decoding would
// change.
func checkTokens(value []byte, base int) *bodyError {
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.UseNumber()
	// One frame per open array or object; keys is nil for arrays.
	type frame struct {
		keys    map[string]bool
		wantKey bool
	}
	var stack []frame
	for end := 0; ; {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil { // cannot happen: value is valid JSON
			return &bodyError{"invalid JSON: " + err.Error(), base + end}
		}
		start := skipSeparators(value, end)
		end = int(dec.InputOffset())
		off := base + start

		isKey := len(stack) > 0 && stack[len(stack)-1].keys != nil && stack[len(stack)-1].wantKey
		if len(stack) > 0 && stack[len(stack)-1].keys != nil {
			// In an object, names and values alternate; a closing brace
			// ends it whichever was due.
			stack[len(stack)-1].wantKey = !isKey
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) == MaxDepth {
					return depthError(off)
				}
				f := frame{}
				if t == '{' {
					f.keys, f.wantKey = map[string]bool{}, true
				}
				stack = append(stack, f)
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if i := loneSurrogate(value[start:end]); i >= 0 {
				return &bodyError{`\u escape of half a surrogate pair (RFC 8259 §8.2)`, off + i}
			}
			if isKey {
				keys := stack[len(stack)-1].keys
				if keys[t] {
					return &bodyError{"name " + strconv.Quote(t) + " appears twice in one object", off}
				}
				keys[t] = true
			}
		case json.Number:
			if msg := checkNumber(string(t)); msg != "" {
				return &bodyError{msg, off}
			}
		}
	}
}

// depthError is the error for an array or object opened at offset off
// past MaxDepth.
func depthError(off int) *bodyError {
	return &bodyError{"JSON nested deeper than " + strconv.Itoa(MaxDepth) + " levels", off}
}

// tooDeep returns the offset of the first "[" or "{" of b, outside
// strings, that opens a level past MaxDepth, or -1. b is JSON text up to
// where the grammar failed, so its strings are well formed.
func tooDeep(b []byte) int {
	depth, inString := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++ // the escaped byte, which may be a quote
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			if depth > MaxDepth {
				return i
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return -1
}

// checkNumber says what is wrong with a JSON number, or "".
func checkNumber(s string) string {
	if !bytes.ContainsAny([]byte(s), ".eE") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > maxExactInteger || n < -maxExactInteger {
			return "integer " + s + " is outside ±" + strconv.Itoa(maxExactInteger) + ", the integers JSON keeps exactly (RFC 8259 §6)"
		}
		return ""
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return "number " + s + " is outside the range of a 64-bit float (RFC 8259 §6)"
	}
	return ""
}

// loneSurrogate returns the index in s, a JSON string token with its
// quotes, of a \u escape that is a surrogate not paired as UTF-16 pairs
// them, or -1.
func loneSurrogate(s []byte) int {
	for i := 1; i < len(s)-1; i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] != 'u' {
			i++ // a one-character escape
			continue
		}
		r := hex4(s[i+2 : i+6])
		if !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		if r < 0xdc00 && i+12 <= len(s)-1 && s[i+6] == '\\' && s[i+7] == 'u' {
			if low := hex4(s[i+8 : i+12]); 0xdc00 <= low && low < 0xe000 {
				i += 11
				continue
			}
		}
		return i
	}
	return -1
}

// hex4 decodes the four hex digits of a \u escape, which the grammar has
// checked.
func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 16)
	return rune(n)
}

// valueKind names the JSON value that starts with c.
func valueKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON whitespace (RFC 8259 §2).
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipSeparators is skipSpace that also skips the "," and ":" between
// tokens, which json.Decoder.Token does not return.
func skipSeparators(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ',' || b[i] == ':') {
		i++
	}
	return i
}
