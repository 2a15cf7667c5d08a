package todo

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ae7539e0/httparse"
	"github.com/ae7539e0/httparse/serve"
)

// checkObjectCases are bodies and what checkObject says of them: "" for
// accepted, else the message, with the offset marked by "‸" in the body.
var checkObjectCases = []struct {
	rule, name, body, msg string
}{
	{"RFC 8259 §8.1", "invalid byte in a string", `{"title":"‸` + "\xff" + `"}`, "invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8)"},
	{"RFC 8259 §8.1", "truncated sequence", `{"title":"ab‸` + "\xc3" + `"}`, "invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8)"},
	{"RFC 8259 §8.1", "encoded surrogate", `{"title":"‸` + "\xed\xa0\x80" + `"}`, "invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8)"},
	{"RFC 8259 §8.1", "outside a string", `{"title":"a"}‸` + "\xff", "invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8)"},
	{"RFC 8259 §8.1", "UTF-8 is kept", `{"title":"é ✓ 😀"}`, ""},

	{"RFC 8259 §8.2", "lone high surrogate", `{"title":"‸\ud800"}`, `\u escape of half a surrogate pair (RFC 8259 §8.2)`},
	{"RFC 8259 §8.2", "lone low surrogate", `{"title":"a‸\udc00b"}`, `\u escape of half a surrogate pair (RFC 8259 §8.2)`},
	{"RFC 8259 §8.2", "high surrogate then a letter", `{"title":"‸\ud800\u0041"}`, `\u escape of half a surrogate pair (RFC 8259 §8.2)`},
	{"RFC 8259 §8.2", "pair in the wrong order", `{"title":"‸\udc00\ud800"}`, `\u escape of half a surrogate pair (RFC 8259 §8.2)`},
	{"RFC 8259 §8.2", "in a name", `{"‸\ud800":1}`, `\u escape of half a surrogate pair (RFC 8259 §8.2)`},
	{"RFC 8259 §8.2", "after an escaped backslash", `{"title":"\\ud800"}`, ""},
	{"RFC 8259 §8.2", "pair", `{"title":"\ud83d\ude00 \u00e9 \" \\"}`, ""},

	{"RFC 8259 §6", "integer over 2^53-1", `{"n":‸9007199254740992}`, "integer 9007199254740992 is outside ±9007199254740991, the integers JSON keeps exactly (RFC 8259 §6)"},
	{"RFC 8259 §6", "integer over int64", `{"n":‸-99999999999999999999}`, "integer -99999999999999999999 is outside ±9007199254740991, the integers JSON keeps exactly (RFC 8259 §6)"},
	{"RFC 8259 §6", "number over a float64", `{"n":[1,‸1e999]}`, "number 1e999 is outside the range of a 64-bit float (RFC 8259 §6)"},
	{"RFC 8259 §6", "numbers that fit", `{"n":[-9007199254740991,9007199254740991,1.5e300,0.1,-0]}`, ""},

	{"nesting", "deeper than MaxDepth", `{"x":` + strings.Repeat("[", MaxDepth-1) + "‸[" + strings.Repeat("]", MaxDepth) + "}", "JSON nested deeper than 32 levels"},
	{"nesting", "deeper than encoding/json's own limit", `{"x":` + strings.Repeat("[", MaxDepth-1) + "‸[" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001+MaxDepth) + "}", "JSON nested deeper than 32 levels"},
	{"nesting", "past encoding/json's limit, quotes and brackets in strings", `{"a":"[\"{[",` + `"x":` + strings.Repeat("[", MaxDepth-1) + "‸{" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "}" + strings.Repeat("]", MaxDepth-1) + "}", "JSON nested deeper than 32 levels"},
	{"nesting", "MaxDepth deep", `{"x":` + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "}", ""},

	{"RFC 8259 §4", "duplicate name", `{"title":"a",‸"title":"b"}`, `name "title" appears twice in one object`},
	{"RFC 8259 §4", "duplicate name nested", `{"x":{"a":1,‸"a":{}}}`, `name "a" appears twice in one object`},
	{"RFC 8259 §4", "duplicate name in other spellings", `{"title":"a",‸"tit\u006ce":"b"}`, `name "title" appears twice in one object`},
	{"RFC 8259 §4", "same name in different objects", `{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, ""},

	{"RFC 8259 §2", "empty", "‸", "body is empty; expected a JSON object"},
	{"RFC 8259 §2", "only whitespace", " \r\n‸", "body is empty; expected a JSON object"},
	{"RFC 8259 §2", "truncated", `{"title":"x"‸`, "JSON ends early: the body stops inside a value"},
	{"RFC 8259 §2", "unquoted name", `{‸title:"x"}`, "invalid JSON: invalid character 't' looking for beginning of object key string"},
	{"RFC 8259 §2", "trailing comma", `{"a":1,‸}`, "invalid JSON: invalid character '}' looking for beginning of object key string"},
	{"RFC 8259 §2", "trailing data", `{"title":"x"} ‸x`, "data after the JSON object"},
	{"RFC 8259 §2", "second object", `{"title":"x"}‸{}`, "data after the JSON object"},
	{"RFC 8259 §2", "array", ` ‸["a"]`, "body must be a JSON object, not an array"},
	{"RFC 8259 §2", "null", `‸null`, "body must be a JSON object, not null"},
	{"RFC 8259 §2", "string", `‸"a"`, "body must be a JSON object, not a string"},
	{"RFC 8259 §2", "whitespace around", " \t{\"title\":\"x\"}\r\n", ""},
}

func TestCheckObject(t *testing.T) {
	for _, tc := range checkObjectCases {
		t.Run(tc.rule+": "+tc.name, func(t *testing.T) {
			off := strings.Index(tc.body, "‸")
			body := strings.Replace(tc.body, "‸", "", 1)
			err := checkObject([]byte(body))
			switch {
			case tc.msg == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.msg == "":
				return
			case err == nil:
				t.Fatalf("accepted, want %q at offset %d", tc.msg, off)
			}
			if err.msg != tc.msg || err.off != off {
				t.Errorf("got %q at offset %d, want %q at offset %d", err.msg, err.off, tc.msg, off)
			}
			if want := tc.msg + " at offset " + strconv.Itoa(off); err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

// TestBodyErrors sends bodies that used to be stored changed or rejected
// without a word of why: each is now a 400 naming the problem and where,
// and nothing is stored.
func TestBodyErrors(t *testing.T) {
	store := NewMemoryStore()
	base := startAPI(t, store)
	do(t, "POST", base+"/todos", jsonType, `{"title":"kept"}`)
	tests := []struct {
		method, path, body, msg string
		offset                  int
	}{
		{"POST", "/todos", "{\"title\":\"\xff\"}", "invalid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8) at offset 10", 10},
		{"PUT", "/todos/1", `{"title":"\ud800"}`, `\u escape of half a surrogate pair (RFC 8259 §8.2) at offset 10`, 10},
		{"PATCH", "/todos/1", `{"title":"a","title":"b"}`, `name "title" appears twice in one object at offset 13`, 13},
		{"POST", "/todos", `{"title":"x"`, "JSON ends early: the body stops inside a value at offset 12", 12},
		{"POST", "/todos", `{title:"x"}`, "invalid JSON: invalid character 't' looking for beginning of object key string at offset 1", 1},
		{"POST", "/todos", `{"title":"x"} x`, "data after the JSON object at offset 14", 14},
		{"POST", "/todos", ``, "body is empty; expected a JSON object at offset 0", 0},
	}
	for _, tc := range tests {
		status, _, body := do(t, tc.method, base+tc.path, jsonType, tc.body)
		got := decode[bodyErrorResponse](t, body)
		if status != 400 || got.Error != tc.msg || got.Offset != tc.offset {
			t.Errorf("%s %s %q: %d %s, want 400 %q offset %d", tc.method, tc.path, tc.body, status, body, tc.msg, tc.offset)
		}
	}
	items, total, err := store.List(context.Background(), Filter{Limit: 10})
	if err != nil || total != 1 || items[0].Title != "kept" {
		t.Errorf("store holds %v (%d, %v); want only the first item, unchanged", items, total, err)
	}
}

// FuzzDecodeInput feeds bodies to POST, PUT and PATCH through the routes
// and checks that whatever is stored is what the client sent: a title
// is stored only when the body is valid UTF-8 and decodes, by an
// independent decoder, to exactly that title, with no U+FFFD the client
// did not send. A rejected body gets a 400 with an offset inside it, or a
// 415 or 422, and changes nothing.
func FuzzDecodeInput(f *testing.F) {
	for _, tc := range checkObjectCases {
		f.Add(strings.Replace(tc.body, "‸", "", 1))
	}
	for _, s := range []string{`{"title":"buy milk"}`, `{"title":"a","done":true}`, `{"done":false}`,
		`{"title":"\ufffd"}`, `{"title":"` + "\uFFFD" + `"}`, `{"title":"\u0000"}`, `{"title":"a\"b\\c\/d"}`} {
		f.Add(s)
	}
	rt := serve.NewRouter()
	store := NewMemoryStore()
	New(store, nil).Register(rt)
	ctx := context.Background()
	const orig = "original"
	seed, err := store.Create(ctx, Todo{Title: orig})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, route := range []struct{ method, target string }{{"POST", "/todos"}, {"PUT", "/todos/1"}, {"PATCH", "/todos/1"}} {
			if _, err := store.Update(ctx, seed.ID, func(td *Todo) error { td.Title = orig; return nil }); err != nil {
				t.Fatal(err)
			}
			raw := route.method + " " + route.target + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n" +
				"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
			req, _, err := httparse.Parse([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			w := &recorder{}
			rt.ServeHTTP(w, &serve.Request{Request: *req})

			var stored *Todo
			switch w.status {
			case 200, 201:
				var got Todo
				if err := json.Unmarshal(w.body.Bytes(), &got); err != nil {
					t.Fatalf("%s: answer %q: %v", route.method, w.body.String(), err)
				}
				td, err := store.Get(ctx, got.ID)
				if err != nil {
					t.Fatal(err)
				}
				stored = &td
			case 400:
				var e bodyErrorResponse
				if json.Unmarshal(w.body.Bytes(), &e) != nil || e.Offset < 0 || e.Offset > len(body) ||
					!strings.HasSuffix(e.Error, " at offset "+strconv.Itoa(e.Offset)) {
					t.Fatalf("%s %q: 400 %s, want a message ending in its offset", route.method, body, w.body.String())
				}
			case 415, 422:
			default:
				t.Fatalf("%s %q: status %d %s", route.method, body, w.status, w.body.String())
			}
			if stored == nil {
				if td, _ := store.Get(ctx, seed.ID); td.Title != orig {
					t.Fatalf("%s %q: refused, yet the title changed to %q", route.method, body, td.Title)
				}
				continue
			}

			// The oracle: the standard decoder, on a body already known
			// to be valid UTF-8.
			if !utf8.ValidString(body) {
				t.Fatalf("%s %q: invalid UTF-8 accepted; stored %q", route.method, body, stored.Title)
			}
			var sent struct{ Title *string }
			if err := json.Unmarshal([]byte(body), &sent); err != nil {
				t.Fatalf("%s %q: accepted, but encoding/json says %v", route.method, body, err)
			}
			want := orig
			if sent.Title != nil {
				want = *sent.Title
			}
			if stored.Title != want {
				t.Fatalf("%s %q: stored %q, the client sent %q", route.method, body, stored.Title, want)
			}
			if strings.ContainsRune(stored.Title, utf8.RuneError) && !sentReplacementChar(body) {
				t.Fatalf("%s %q: stored %q with a U+FFFD the client did not send", route.method, body, stored.Title)
			}
		}
	})
}

// sentReplacementChar reports whether body holds U+FFFD itself, as UTF-8
// or as a \u escape.
func sentReplacementChar(body string) bool {
	return strings.ContainsRune(body, utf8.RuneError) || strings.Contains(strings.ToLower(body), `\ufffd`)
}

// recorder is a serve.ResponseWriter that keeps what a handler wrote.
type recorder struct {
	header serve.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() *serve.Header { return &r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(200)
	return r.body.Write(p)
}
func (r *recorder) Flush() error { return nil }
