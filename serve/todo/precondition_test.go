package todo

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ae7539e0/httparse/serve/pgtest"
)

// Item responses carry the version as a strong ETag, and PUT, PATCH and
// DELETE with If-Match answer 412 with the current item when it has moved
// on (RFC 9110 §13.1.1).
func TestIfMatch(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		base := startAPI(t, s)
		res, body := send(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
		if res.StatusCode != 201 || res.Header.Get("ETag") != `"1"` {
			t.Fatalf("create: %d, ETag %q, %s", res.StatusCode, res.Header.Get("ETag"), body)
		}
		if res, _ := send(t, "GET", base+"/todos/1", "", ""); res.Header.Get("ETag") != `"1"` {
			t.Errorf("GET: ETag %q, want \"1\"", res.Header.Get("ETag"))
		}

		steps := []struct {
			name, method, body string
			ifMatch            []string // field lines; nil: no If-Match
			status             int
			etag               string
		}{
			{"current version", "PATCH", `{"done":true}`, []string{`"1"`}, 200, `"2"`},
			{"stale version", "PATCH", `{"done":false}`, []string{`"1"`}, 412, `"2"`},
			{"weak tag never matches (strong comparison)", "PUT", `{"title":"x"}`, []string{`W/"2"`}, 412, `"2"`},
			{"one of a list", "PUT", `{"title":"oat milk"}`, []string{`"7", "2"`}, 200, `"3"`},
			{"list over two field lines", "PATCH", `{"done":true}`, []string{`"9"`, ` , "3"`}, 200, `"4"`},
			{"star matches any version", "PATCH", `{"done":false}`, []string{`*`}, 200, `"5"`},
			{"no If-Match", "PATCH", `{"done":true}`, nil, 200, `"6"`},
			{"empty list matches nothing", "PATCH", `{"done":true}`, []string{``}, 412, `"6"`},
			{"stale delete", "DELETE", "", []string{`"5"`}, 412, `"6"`},
			{"delete", "DELETE", "", []string{`"6"`}, 204, ""},
			{"missing item is 404 whatever If-Match says", "PATCH", `{"done":true}`, []string{`"6"`}, 404, ""},
		}
		for _, st := range steps {
			var fields []string
			for _, v := range st.ifMatch {
				fields = append(fields, "If-Match", v)
			}
			ctype := ""
			if st.body != "" {
				ctype = jsonType
			}
			res, body := send(t, st.method, base+"/todos/1", ctype, st.body, fields...)
			if res.StatusCode != st.status || res.Header.Get("ETag") != st.etag {
				t.Fatalf("%s: %d ETag %q %s; want %d ETag %q", st.name, res.StatusCode, res.Header.Get("ETag"), body, st.status, st.etag)
			}
			if st.status == 412 {
				got := decode[conflictBody](t, body)
				if got.Error == "" || etag(got.Todo.Version) != st.etag || got.Todo.ID != 1 {
					t.Errorf("%s: 412 body %s, want the current item", st.name, body)
				}
				// A weak tag of the current version is told why it failed.
				weak := strings.HasPrefix(st.ifMatch[0], "W/")
				if weak != strings.Contains(got.Error, "compares entity-tags strongly") {
					t.Errorf("%s: 412 says %q", st.name, got.Error)
				}
			}
		}
	})
}

// GET and HEAD of an item with If-None-Match answer 304, without content,
// when a listed entity-tag matches the item's by the weak comparison or the
// field is "*" (RFC 9110 §13.1.2); otherwise, or when the field is
// malformed, the item as without the field.
func TestIfNoneMatch(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		base := startAPI(t, s)
		do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
		do(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`) // version 2
		for _, tc := range []struct {
			name        string
			ifNoneMatch []string // field lines; nil: no If-None-Match
			status      int
		}{
			{"no If-None-Match", nil, 200},
			{"current version (§13.1.2)", []string{`"2"`}, 304},
			{"weak tag matches (weak comparison, §8.8.3.2)", []string{`W/"2"`}, 304},
			{"one of a list (§5.6.1)", []string{`"1", "2"`}, 304},
			{"list over two field lines (§5.3)", []string{`"1"`, `"2"`}, 304},
			{"star matches the existing item (§13.1.2)", []string{`*`}, 304},
			{"older version", []string{`"1"`}, 200},
			{"opaque-tags compare exactly (§8.8.3.2)", []string{`"02"`}, 200},
			{"comma inside an opaque-tag (§8.8.3)", []string{`"1,2"`}, 200},
			{"malformed: unquoted (§8.8.3), answered as without the field", []string{`2`}, 200},
		} {
			var fields []string
			for _, v := range tc.ifNoneMatch {
				fields = append(fields, "If-None-Match", v)
			}
			for _, method := range []string{"GET", "HEAD"} {
				res, body := send(t, method, base+"/todos/1", "", "", fields...)
				if res.StatusCode != tc.status || res.Header.Get("ETag") != `"2"` {
					t.Errorf("%s, %s: %d ETag %q; want %d ETag \"2\"", tc.name, method, res.StatusCode, res.Header.Get("ETag"), tc.status)
					continue
				}
				if tc.status == 304 && (body != "" || res.Header.Get("Content-Length") != "") {
					t.Errorf("%s, %s: 304 with content %q, Content-Length %q", tc.name, method, body, res.Header.Get("Content-Length"))
				}
				if tc.status == 200 && method == "GET" && decode[Todo](t, body).Version != 2 {
					t.Errorf("%s: body %s, want version 2", tc.name, body)
				}
			}
		}
		// "*" matches only a current representation: a missing item is 404.
		if res, body := send(t, "GET", base+"/todos/9", "", "", "If-None-Match", "*"); res.StatusCode != 404 {
			t.Errorf("missing item with If-None-Match: *: %d %s, want 404", res.StatusCode, body)
		}
	})
}

// TestPreconditionOrder: every /todos route evaluates If-Match, then
// If-None-Match (RFC 9110 §13.2.2), on any method, before it reads the
// content: a false If-Match is 412, a true If-None-Match is 304 for GET and
// HEAD and 412 for the other methods; the list has no entity tag, so only
// "*" matches it. A 412 changes nothing.
func TestPreconditionOrder(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		base := startAPI(t, s)
		do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`) // item 1, version 1
		for _, st := range []struct {
			name, method, target, ctype, body string
			fields                            []string
			status                            int
		}{
			{"§13.1.1: GET with a false If-Match", "GET", "/todos/1", "", "", []string{"If-Match", `"9"`}, 412},
			{"§13.2.2: If-Match before If-None-Match", "GET", "/todos/1", "", "", []string{"If-Match", `"9"`, "If-None-Match", `"1"`}, 412},
			{"§13.1.2: PUT with If-None-Match *", "PUT", "/todos/1", jsonType, `{"title":"x"}`, []string{"If-None-Match", "*"}, 412},
			{"§13.1.2: PATCH with the current version in If-None-Match", "PATCH", "/todos/1", jsonType, `{"done":true}`, []string{"If-None-Match", `"1"`}, 412},
			{"§13.2.2: If-Match true, then If-None-Match false", "PATCH", "/todos/1", jsonType, `{"done":true}`, []string{"If-Match", `"1"`, "If-None-Match", `"1"`}, 412},
			{"§13.2.2: DELETE with If-None-Match *", "DELETE", "/todos/1", "", "", []string{"If-None-Match", "*"}, 412},
			{"§13.2.1: a stale If-Match before an invalid body", "PATCH", "/todos/1", jsonType, `{"bogus":1}`, []string{"If-Match", `"9"`}, 412},
			{"§13.2.1: a stale If-Match before a wrong Content-Type", "PATCH", "/todos/1", "text/plain", `x`, []string{"If-Match", `"9"`}, 412},
			{"§13.1.2: a malformed If-None-Match on a write", "PATCH", "/todos/1", jsonType, `{"done":true}`, []string{"If-None-Match", `1`}, 400},
			{"§13.1.1: the list has no entity tag", "POST", "/todos", jsonType, `{"title":"x"}`, []string{"If-Match", `"1"`}, 412},
			{"§13.1.2: the list exists", "POST", "/todos", jsonType, `{"title":"x"}`, []string{"If-None-Match", "*"}, 412},
			{"§13.1.2: GET of the list with If-None-Match *", "GET", "/todos", "", "", []string{"If-None-Match", "*"}, 304},
			{"§13.1.1: GET of the list with a tag in If-Match", "GET", "/todos", "", "", []string{"If-Match", `"1"`}, 412},
			{"§13.1.1: * matches the list", "GET", "/todos", "", "", []string{"If-Match", "*"}, 200},
			{"§13.1.1: OPTIONS of an item with a false If-Match", "OPTIONS", "/todos/1", "", "", []string{"If-Match", `"9"`}, 412},
			{"§13.1.2: OPTIONS of the list with If-None-Match *", "OPTIONS", "/todos", "", "", []string{"If-None-Match", "*"}, 412},
			{"§13.1.1: OPTIONS with a malformed If-Match", "OPTIONS", "/todos/1", "", "", []string{"If-Match", `"1x`}, 400},
			{"§13.2.2: If-Match true, If-None-Match true", "PATCH", "/todos/1", jsonType, `{"done":true}`, []string{"If-Match", `"1"`, "If-None-Match", `"9"`}, 200},
			{"§13.1.1: * matches the list for POST", "POST", "/todos", jsonType, `{"title":"y"}`, []string{"If-Match", "*"}, 201},
		} {
			res, body := send(t, st.method, base+st.target, st.ctype, st.body, st.fields...)
			if res.StatusCode != st.status {
				t.Errorf("%s: %d %s, want %d", st.name, res.StatusCode, body, st.status)
			}
		}
		// A 412 says which field failed.
		_, body := send(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`, "If-None-Match", "*")
		if got := decode[conflictBody](t, body); !strings.Contains(got.Error, "If-None-Match") || got.Todo.ID != 1 {
			t.Errorf("412 for If-None-Match: %s, want it named and the item", body)
		}
		_, body = send(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`, "If-Match", `"9"`)
		if got := decode[conflictBody](t, body); !strings.Contains(got.Error, "changed by someone else") {
			t.Errorf("412 for If-Match: %s, want the change named", body)
		}
		// Of the writes above only the last PATCH and POST went through.
		if res, body := send(t, "GET", base+"/todos/1", "", ""); res.Header.Get("ETag") != `"2"` || !decode[Todo](t, body).Done {
			t.Errorf("item 1 after the requests: ETag %s, %s; want version 2, done", res.Header.Get("ETag"), body)
		}
		if _, _, body := do(t, "GET", base+"/todos", "", ""); decode[listResponse](t, body).Total != 2 {
			t.Errorf("list after the requests: %s, want 2 items", body)
		}
	})
}

// Two clients edit the same version at once: one gets 200, the other 412,
// and the item holds the winner's change.
func TestConcurrentEdits(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		base := startAPI(t, s)
		do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
		for round := range 5 {
			version := `"` + string(rune('1'+round)) + `"`
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			titles := []string{"from a", "from b"}
			for i := range statuses {
				wg.Go(func() {
					res, _ := send(t, "PATCH", base+"/todos/1", jsonType, `{"title":"`+titles[i]+`"}`, "If-Match", version)
					statuses[i] = res.StatusCode
				})
			}
			wg.Wait()
			winner := -1
			switch {
			case statuses[0] == 200 && statuses[1] == 412:
				winner = 0
			case statuses[0] == 412 && statuses[1] == 200:
				winner = 1
			default:
				t.Fatalf("round %d: statuses %v, want one 200 and one 412", round, statuses)
			}
			_, _, body := do(t, "GET", base+"/todos/1", "", "")
			if got := decode[Todo](t, body).Title; got != titles[winner] {
				t.Errorf("round %d: title %q, want the winner's %q", round, got, titles[winner])
			}
		}
	})
}

// A malformed If-Match is a 400 that names the rule, and changes nothing.
func TestIfMatchMalformed(t *testing.T) {
	base := startAPI(t, NewMemoryStore())
	do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
	for _, v := range []string{
		`1`,       // RFC 9110 §8.8.3: opaque-tag is quoted
		`"1`,      // §8.8.3: no closing DQUOTE
		`"1" "2"`, // §5.6.1: list members are separated by commas
		`*, "1"`,  // §13.1.1: "*" stands alone
		`"1", *`,  // §13.1.1: "*" stands alone
		`W/1`,     // §8.8.3: weak = W/ before an opaque-tag
		`w/"1"`,   // §8.8.3: weak is %s"W/", case-sensitive
		`"a"b"`,   // §8.8.3: DQUOTE ends the opaque-tag
	} {
		res, body := send(t, "PATCH", base+"/todos/1", jsonType, `{"done":true}`, "If-Match", v)
		if res.StatusCode != 400 || !strings.Contains(body, "RFC 9110 §13.1.1") {
			t.Errorf("If-Match %q: %d %s, want 400 naming RFC 9110 §13.1.1", v, res.StatusCode, body)
		}
	}
	if _, _, body := do(t, "GET", base+"/todos/1", "", ""); decode[Todo](t, body).Version != 1 {
		t.Errorf("a refused request changed the item: %s", body)
	}
}

// A store that cannot be reached makes the API answer 503 with
// Retry-After, and the same requests succeed once it is back.
func TestStoreDownIs503(t *testing.T) {
	url := pgtest.Database(t)
	cluster := pgtest.Shared(t)
	if cluster == nil {
		t.Skip("the tests use " + pgtest.EnvURL + ", which this test cannot stop")
	}
	base := startAPI(t, openPostgres(t, url))
	do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
	if err := cluster.StopServer("immediate"); err != nil {
		t.Fatal(err)
	}
	restarted := false
	defer func() {
		if !restarted {
			cluster.StartServer()
		}
	}()
	for _, r := range [][3]string{{"GET", "/todos", ""}, {"GET", "/todos/1", ""}, {"POST", "/todos", `{"title":"x"}`}, {"PATCH", "/todos/1", `{"done":true}`}, {"DELETE", "/todos/1", ""}} {
		ctype := ""
		if r[2] != "" {
			ctype = jsonType
		}
		res, body := send(t, r[0], base+r[1], ctype, r[2])
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "1" {
			t.Errorf("%s %s while the database is down: %d, Retry-After %q, %s", r[0], r[1], res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	if err := cluster.StartServer(); err != nil {
		t.Fatal(err)
	}
	restarted = true
	if status, _, body := do(t, "GET", base+"/todos/1", "", ""); status != 200 {
		t.Errorf("GET after the database is back: %d %s", status, body)
	}
	if status, _, body := do(t, "POST", base+"/todos", jsonType, `{"title":"y"}`); status != 201 {
		t.Errorf("POST after the database is back: %d %s", status, body)
	}
}

// TestMalformedPreconditionOfMissingItem: an item that does not exist is
// 404 even when If-Match or If-None-Match is malformed (RFC 9110 §13.2.1:
// the answer would not be 2xx without them); an existing one gets 400.
func TestMalformedPreconditionOfMissingItem(t *testing.T) {
	base := startAPI(t, NewMemoryStore())
	do(t, "POST", base+"/todos", jsonType, `{"title":"milk"}`)
	for _, method := range []string{"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		ctype, body := "", ""
		if method == "PUT" || method == "PATCH" {
			ctype, body = jsonType, `{"title":"x"}`
		}
		for _, field := range []string{"If-Match", "If-None-Match"} {
			if method == "GET" || method == "HEAD" {
				if field == "If-None-Match" {
					continue // taken as absent on GET and HEAD
				}
			}
			if res, b := send(t, method, base+"/todos/9", ctype, body, field, "garbage"); res.StatusCode != 404 {
				t.Errorf("%s /todos/9 with a malformed %s: %d %s, want 404", method, field, res.StatusCode, b)
			}
			if res, b := send(t, method, base+"/todos/1", ctype, body, field, "garbage"); res.StatusCode != 400 {
				t.Errorf("%s /todos/1 with a malformed %s: %d %s, want 400", method, field, res.StatusCode, b)
			}
		}
	}
}
