package serve

import (
	"encoding/json"
	"strconv"
)

// JSON writes v as a JSON response with the given status: Content-Type
// application/json, a Content-Length, and the encoding followed by a
// newline. If v cannot be encoded, it answers 500 instead and returns the
// encoding error; otherwise it returns the error of the write, if any.
func JSON(w ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		Error(w, StatusInternalServerError, "response cannot be encoded")
		return err
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
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
