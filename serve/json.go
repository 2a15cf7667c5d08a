package serve

import (
	"encoding/json"
	"strconv"
	"sync"
)

// JSON writes v as a JSON response with the given status: Content-Type
// application/json, a Content-Length, and the encoding followed by a
// newline. After a WriteHeader of the handler's own, the status stays and
// the length is the body's; the Content-Type still reaches the head of the
// server's ResponseWriter, but not through a wrapper (middleware's) around
// it, since WriteHeader fixed the head. If v cannot be encoded, it answers 500 instead and returns the
// encoding error; otherwise it returns the error of the write, if any.
func JSON(w ResponseWriter, status int, v any) error {
	jw := jsonWriters.Get().(*jsonWriter)
	jw.w, jw.status = w, status
	err := jw.enc.Encode(v)
	werr := jw.err
	jw.w, jw.err = nil, nil
	jsonWriters.Put(jw)
	if err != nil {
		Error(w, StatusInternalServerError, "response cannot be encoded")
		return err
	}
	return werr
}

// jsonWriter turns the one Write of a json.Encoder's Encode, which holds
// the whole encoding and its newline, into the response: the encoder
// writes from its own pooled buffer, so the encoding is not copied into a
// buffer of its own before it is copied into the response. Encode writes
// nothing when v cannot be encoded.
type jsonWriter struct {
	enc    *json.Encoder // writes to this jsonWriter
	w      ResponseWriter
	status int
	err    error // of writing to w
}

var jsonWriters = sync.Pool{New: func() any {
	jw := new(jsonWriter)
	jw.enc = json.NewEncoder(jw)
	return jw
}}

func (jw *jsonWriter) Write(b []byte) (int, error) {
	w := jw.w
	h := w.Header()
	h.Set("Content-Type", "application/json")
	rw, own := w.(*response)
	if !own {
		h.Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(jw.status)
		_, jw.err = w.Write(b)
		return len(b), nil
	}
	if rw.conn.rb.streaming {
		rw.conn.wmu.Lock()
		defer rw.conn.wmu.Unlock()
	}
	switch {
	case !rw.wroteHeader && jw.status >= 200:
		// What WriteHeader would take from the field, without formatting
		// the length into a string for it, which would cost an
		// allocation.
		h.Del("Content-Length")
		rw.writeHeader(jw.status)
		rw.declared = int64(len(b))
	case rw.wroteHeader && !rw.headerSent:
		// The handler fixed the head with WriteHeader before: the
		// Content-Type is put into it, and the length is the buffered
		// body's or the chunks'.
		rw.head.Set("Content-Type", "application/json")
	default:
		h.Set("Content-Length", strconv.Itoa(len(b)))
		rw.writeHeader(jw.status)
	}
	// The write's error is JSON's to return, not Encode's: an error from
	// Encode means v could not be encoded.
	_, jw.err = rw.write(b)
	return len(b), nil
}

// errorBody is the shape of every error the server and its helpers send:
// what is wrong, and for a request the parser rejected the rule it broke
// and the offset of the first offending byte in it.
type errorBody struct {
	Error  string `json:"error"`
	Rule   string `json:"rule,omitempty"`
	Offset *int   `json:"offset,omitempty"`
}

// Error answers status with the JSON body {"error": message}. The message
// is sent to the client as is, so it must not carry anything private.
func Error(w ResponseWriter, status int, message string) {
	JSON(w, status, errorBody{Error: message})
}
