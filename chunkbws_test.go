package httparse_test

// The one framing difference SPEC.md documents where Parse accepts and
// net/http refuses: BWS between a chunk-size and the ";" of its
// extensions.

import (
	"bytes"
	"strconv"

	"github.com/ae7539e0/httparse"
)

// stripChunkSizeBWS returns a copy of body, a chunked body that Parse or a
// ChunkedDecoder accepted (so every line ends in CRLF), with the BWS
// between each chunk-size and the ";" after it removed, and how many bytes
// that removed. chunk-ext = *( BWS ";" ... ) allows it (RFC 9112 §7.1.1),
// RFC 9110 §5.6.3 has a recipient parse and drop it, and net/http refuses
// it ("invalid byte in chunk length"): without it, net/http must read the
// same body. The bytes after the last chunk are kept as they are.
func stripChunkSizeBWS(body []byte) ([]byte, int) {
	out := make([]byte, 0, len(body))
	i := 0
	for {
		eol := bytes.Index(body[i:], []byte("\r\n"))
		if eol < 0 {
			return append(out, body[i:]...), len(body) - len(out) - len(body[i:])
		}
		line := body[i : i+eol]
		j := 0
		for j < len(line) && httparse.SlowHex(line[j]) {
			j++
		}
		k := j
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		out = append(append(append(out, line[:j]...), line[k:]...), "\r\n"...)
		i += eol + 2
		size, err := strconv.ParseUint(string(line[:j]), 16, 63)
		if err != nil || size == 0 || uint64(len(body)-i) < size+2 {
			out = append(out, body[i:]...)
			return out, len(body) - len(out)
		}
		out = append(out, body[i:i+int(size)+2]...)
		i += int(size) + 2
	}
}

// headEnd returns the offset just past the empty line that ends the
// input's head (after any leading CRLFs and the request-line), or -1.
func (c diffCase) headEnd() int {
	i := c.requestLine().headStart
	if i < 0 {
		return -1
	}
	for {
		if bytes.HasPrefix(c.data[i:], []byte("\r\n")) {
			return i + 2
		}
		eol := bytes.Index(c.data[i:], []byte("\r\n"))
		if eol < 0 {
			return -1
		}
		i += eol + 2
	}
}

// withoutChunkSizeBWS is the input with stripChunkSizeBWS applied to its
// body, and the bytes removed (0 when there were none).
func (c diffCase) withoutChunkSizeBWS() ([]byte, int) {
	h := c.headEnd()
	if h < 0 {
		return c.data, 0
	}
	body, removed := stripChunkSizeBWS(c.data[h:])
	return append(c.data[:h:h], body...), removed
}
