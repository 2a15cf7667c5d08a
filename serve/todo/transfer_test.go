package todo

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// An export read back into an empty store of any kind gives the same
// items, ids and versions included, and new ids continue after them.
func TestExportImport(t *testing.T) {
	src := NewMemoryStore()
	for _, title := range []string{"a", "b", "c", "d"} {
		mustCreate(t, src, title, title == "b")
	}
	src.Delete(ctx, 3, nil)
	src.Update(ctx, 4, func(t *Todo) error { t.Title = "d2"; return nil })
	var buf bytes.Buffer
	n, err := Export(ctx, src, &buf)
	if err != nil || n != 3 {
		t.Fatalf("Export: %d, %v", n, err)
	}
	want := `{"id":1,"title":"a","done":false,"version":1}
{"id":2,"title":"b","done":true,"version":1}
{"id":4,"title":"d2","done":false,"version":2}
`
	if buf.String() != want {
		t.Fatalf("export:\n%s\nwant:\n%s", buf.String(), want)
	}
	wantItems, _, _ := src.List(ctx, Filter{})
	forEachKind(t, func(t *testing.T, s Store) {
		if n, err := ImportFrom(ctx, s, strings.NewReader(want)); err != nil || n != 3 {
			t.Fatalf("ImportFrom: %d, %v", n, err)
		}
		got, _, err := s.List(ctx, Filter{})
		if diff := cmp.Diff(wantItems, got); err != nil || diff != "" {
			t.Errorf("imported (-want +got):\n%s", diff)
		}
		if next := mustCreate(t, s, "e", false); next.ID != 5 {
			t.Errorf("next id %d, want 5", next.ID)
		}
		// Importing the same file again would reuse ids: refused.
		if _, err := ImportFrom(ctx, s, strings.NewReader(want)); !errors.Is(err, ErrConflict) {
			t.Errorf("second import: %v, want ErrConflict", err)
		}
	})
}

func TestImportRejects(t *testing.T) {
	for _, tc := range []struct{ name, in, msg string }{
		{"not JSON", "{\"id\":1,\"title\":\"a\"}\nnope\n", "line 2: "},
		{"unknown field", `{"id":1,"title":"a","due":"today"}`, `line 1: unknown field "due"`},
		// The rules of a request body (checkObject) and its exact names:
		// an import keeps nothing the API would not have taken.
		{"field name in another case", `{"ID":1,"title":"a"}`, `line 1: unknown field "ID"`},
		{"invalid UTF-8", "{\"id\":1,\"title\":\"a\xffb\"}", "line 1: invalid UTF-8"},
		{"half a surrogate pair", `{"id":1,"title":"a\ud800b"}`, "line 1: \\u escape of half a surrogate pair"},
		{"a name twice", `{"id":1,"title":"a","title":"b"}`, `line 1: name "title" appears twice`},
		{"id past 2^53-1", `{"id":9223372036854775807,"title":"a"}`, "line 1: integer 9223372036854775807 is outside"},
		{"version past 2^53-1", `{"id":1,"title":"a","version":9223372036854775807}`, "line 1: integer 9223372036854775807 is outside"},
		{"id 2^53", `{"id":9007199254740992,"title":"a"}`, "line 1: integer 9007199254740992 is outside ±9007199254740991"},
		{"null done", `{"id":1,"title":"a","done":null}`, "line 1: done must not be null"},
		{"no id", `{"title":"a"}`, "line 1: id must be a positive integer"},
		{"no title", `{"id":1}`, "line 1: title is required"},
		{"NUL in title", `{"id":1,"title":"a\u0000b"}`, "line 1: title must not contain NUL (U+0000)"},
		{"blank title", `{"id":1,"title":"  "}`, "line 1: title must be 1 to 200 characters"},
		{"long title", `{"id":1,"title":"` + strings.Repeat("x", 201) + `"}`, "line 1: title must be"},
		{"negative version", `{"id":1,"title":"a","version":-1}`, "line 1: version must not be negative"},
		{"two values", `{"id":1,"title":"a"} {}`, "line 1: data after the JSON object"},
	} {
		s := NewMemoryStore()
		_, err := ImportFrom(ctx, s, strings.NewReader(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
		if items, _, _ := s.List(ctx, Filter{}); len(items) != 0 {
			t.Errorf("%s: stored %v", tc.name, items)
		}
	}
}
