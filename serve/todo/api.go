package todo

import (
	"errors"
	"log/slog"
	"strconv"

	"github.com/ae7539e0/httparse/serve"
)

// Paging bounds for GET /todos.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// API serves the to-do routes from a Store.
type API struct {
	store  Store
	logger *slog.Logger
}

// New returns an API on store. logger receives store failures; nil means
// slog.Default().
func New(store Store, logger *slog.Logger) *API {
	if logger == nil {
		logger = slog.Default()
	}
	return &API{store: store, logger: logger}
}

// Register adds the routes to rt:
//
//	GET    /hello?name=Ada  {"message":"Hello, Ada!"}
//	GET    /healthz         {"status":"ok"}
//	GET    /todos           ?done=true|false&limit=&offset=
//	POST   /todos           201, Location: /todos/{id}
//	GET    /todos/{id}
//	PUT    /todos/{id}      replace
//	PATCH  /todos/{id}      change the fields present
//	DELETE /todos/{id}      204
//
// Item responses carry an ETag, the item's version. The /todos routes
// evaluate If-Match and If-None-Match as RFC 9110 §13.2.2 orders: GET and
// HEAD with a matching If-None-Match get 304, and a write with an If-Match
// the item has moved on from gets 412 (see precondition.go).
func (a *API) Register(rt *serve.Router) {
	rt.HandleFunc("GET", "/hello", a.hello)
	rt.HandleFunc("GET", "/healthz", a.healthz)
	rt.HandleFunc("GET", "/todos", a.list)
	rt.HandleFunc("POST", "/todos", a.create)
	rt.HandleFunc("GET", "/todos/{id}", a.get)
	rt.HandleFunc("PUT", "/todos/{id}", a.replace)
	rt.HandleFunc("PATCH", "/todos/{id}", a.patch)
	rt.HandleFunc("DELETE", "/todos/{id}", a.delete)
	rt.HandleFunc("OPTIONS", "/todos", a.listOptions)
	rt.HandleFunc("OPTIONS", "/todos/{id}", a.itemOptions)
}

// listOptions answers OPTIONS for the list as the router would, after its
// preconditions, as every /todos route evaluates them.
func (a *API) listOptions(w serve.ResponseWriter, r *serve.Request) {
	if !listPreconditions(w, r) {
		return
	}
	w.Header().Set("Allow", "GET, POST, HEAD, OPTIONS")
	w.WriteHeader(serve.StatusNoContent)
}

// itemOptions answers OPTIONS for an item as the router would, after its
// preconditions, with the Accept-Patch that RFC 5789 §3.1 asks of a
// resource that takes PATCH; an item that does not exist is 404.
func (a *API) itemOptions(w serve.ResponseWriter, r *serve.Request) {
	if _, ok := a.item(w, r); !ok {
		return
	}
	w.Header().Set("Allow", "GET, PUT, PATCH, DELETE, HEAD, OPTIONS")
	w.Header().Set("Accept-Patch", acceptPatch)
	w.WriteHeader(serve.StatusNoContent)
}

func (a *API) hello(w serve.ResponseWriter, r *serve.Request) {
	q, err := r.Query()
	if err != nil {
		serve.Error(w, serve.StatusBadRequest, "malformed query")
		return
	}
	name, ok := q.Lookup("name")
	if !ok || name == "" {
		name = "World"
	}
	serve.JSON(w, serve.StatusOK, map[string]string{"message": "Hello, " + name + "!"})
}

func (a *API) healthz(w serve.ResponseWriter, r *serve.Request) {
	serve.JSON(w, serve.StatusOK, map[string]string{"status": "ok"})
}

// listResponse is the body of GET /todos: one page of items and how many
// match the filter in all.
type listResponse struct {
	Todos []Todo `json:"todos"`
	Total int    `json:"total"`
}

func (a *API) list(w serve.ResponseWriter, r *serve.Request) {
	f, msg := parseFilter(r)
	if msg != "" {
		serve.Error(w, serve.StatusBadRequest, msg)
		return
	}
	if !listPreconditions(w, r) {
		return
	}
	items, total, err := a.store.List(r.Context(), f)
	if err != nil {
		a.storeFailed(w, r, err)
		return
	}
	if items == nil {
		items = []Todo{}
	}
	serve.JSON(w, serve.StatusOK, listResponse{Todos: items, Total: total})
}

// parseFilter reads ?done=, ?limit= and ?offset=, or says what is wrong.
func parseFilter(r *serve.Request) (Filter, string) {
	f := Filter{Limit: DefaultLimit}
	q, err := r.Query()
	if err != nil {
		return f, "malformed query"
	}
	if v, ok := q.Lookup("done"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil || (v != "true" && v != "false") {
			return f, "done must be true or false"
		}
		f.Done = &b
	}
	if v, ok := q.Lookup("limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			return f, "limit must be an integer from 1 to " + strconv.Itoa(MaxLimit)
		}
		f.Limit = n
	}
	if v, ok := q.Lookup("offset"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, "offset must be a non-negative integer"
		}
		f.Offset = n
	}
	return f, ""
}

func (a *API) create(w serve.ResponseWriter, r *serve.Request) {
	if !listPreconditions(w, r) {
		return
	}
	in, ok := decodeInput(w, r, true)
	if !ok {
		return
	}
	t, err := a.store.Create(r.Context(), Todo{Title: *in.title, Done: in.done != nil && *in.done})
	if err != nil {
		a.storeFailed(w, r, err)
		return
	}
	w.Header().Set("Location", "/todos/"+strconv.FormatInt(t.ID, 10))
	setETag(w, t)
	serve.JSON(w, serve.StatusCreated, t)
}

func (a *API) get(w serve.ResponseWriter, r *serve.Request) {
	t, ok := a.item(w, r)
	if !ok {
		return
	}
	setETag(w, t)
	serve.JSON(w, serve.StatusOK, t)
}

// item reads the item a GET or OPTIONS names and judges the request's
// preconditions on it. When the method is not to go on (no such item, a
// malformed field, 304, 412, the store failing) it has answered the
// request itself and reports false.
func (a *API) item(w serve.ResponseWriter, r *serve.Request) (Todo, bool) {
	id, ok := parseID(w, r)
	if !ok {
		return Todo{}, false
	}
	pre, ok := parsePreconditions(w, r, a.exists(r, id))
	if !ok {
		return Todo{}, false
	}
	t, err := a.store.Get(r.Context(), id)
	if err != nil {
		a.storeFailed(w, r, err)
		return Todo{}, false
	}
	if st := pre.evaluate(etag(t.Version)); st != 0 {
		failed(w, pre, st, &t)
		return Todo{}, false
	}
	return t, true
}

func (a *API) replace(w serve.ResponseWriter, r *serve.Request) {
	a.update(w, r, true)
}

func (a *API) patch(w serve.ResponseWriter, r *serve.Request) {
	a.update(w, r, false)
}

// update serves PUT (full: title required, done defaults to false) and
// PATCH (only the fields present change).
func (a *API) update(w serve.ResponseWriter, r *serve.Request, full bool) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	pre, ok := parsePreconditions(w, r, a.exists(r, id))
	if !ok {
		return
	}
	if pre != nil {
		// Judged before the content is read (RFC 9110 §13.2.1), on the
		// item as it is now; the write judges them again on the item as
		// it finds it, which may have moved on since.
		t, err := a.store.Get(r.Context(), id)
		if err != nil {
			a.storeFailed(w, r, err)
			return
		}
		if st := pre.evaluate(etag(t.Version)); st != 0 {
			failed(w, pre, st, &t)
			return
		}
	}
	in, ok := decodeInput(w, r, full)
	if !ok {
		return
	}
	t, err := a.store.Update(r.Context(), id, func(t *Todo) error {
		if err := pre.check(*t); err != nil {
			return err
		}
		if in.title != nil {
			t.Title = *in.title
		}
		if in.done != nil {
			t.Done = *in.done
		} else if full {
			t.Done = false
		}
		return nil
	})
	if err != nil {
		a.writeFailed(w, r, err, pre)
		return
	}
	setETag(w, t)
	serve.JSON(w, serve.StatusOK, t)
}

func (a *API) delete(w serve.ResponseWriter, r *serve.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	pre, ok := parsePreconditions(w, r, a.exists(r, id))
	if !ok {
		return
	}
	if err := a.store.Delete(r.Context(), id, pre.check); err != nil {
		a.writeFailed(w, r, err, pre)
		return
	}
	w.WriteHeader(serve.StatusNoContent)
}

// parseID reads the {id} parameter. Anything but a positive decimal
// integer written as the API writes it names no item, so it is a 404 like
// an unknown id: "01", "+1" and "%2B1" are not other names of item 1, which
// a cache would keep apart from it.
func parseID(w serve.ResponseWriter, r *serve.Request) (int64, bool) {
	s := r.Param("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 || s[0] < '1' || s[0] > '9' {
		serve.Error(w, serve.StatusNotFound, "no such todo")
		return 0, false
	}
	return id, true
}

// storeFailed answers a store error: 404 for ErrNotFound, 503 for
// ErrUnavailable, 500 (logged) for anything else.
func (a *API) storeFailed(w serve.ResponseWriter, r *serve.Request, err error) {
	if errors.Is(err, ErrNotFound) {
		serve.Error(w, serve.StatusNotFound, "no such todo")
		return
	}
	if errors.Is(err, ErrUnavailable) {
		unavailable(w, r, a.logger, err)
		return
	}
	if errors.Is(err, ErrExhausted) {
		// RFC 9110 §15.6.1 leaves the rest of 5xx to extensions; RFC
		// 4918 §11.5's 507 says the server cannot store what the request
		// needs, which is the case for good.
		serve.Error(w, 507, "no id or version is left below 2^53 (the integers JSON keeps exactly)")
		return
	}
	a.logger.Error("store failed", "method", r.Method, "target", r.Target, "error", err)
	serve.Error(w, serve.StatusInternalServerError, "storage failed")
}

// listPreconditions judges the request's preconditions on the list, which
// has no entity tag (only "*" matches it); when they fail it has answered
// the request and reports false.
func listPreconditions(w serve.ResponseWriter, r *serve.Request) bool {
	pre, ok := parsePreconditions(w, r, nil)
	if !ok {
		return false
	}
	if st := pre.evaluate(""); st != 0 {
		failed(w, pre, st, nil)
		return false
	}
	return true
}

// exists is parsePreconditions' check that the item the request names is
// there: nil, ErrNotFound, or the store's error.
func (a *API) exists(r *serve.Request, id int64) func() error {
	return func() error {
		_, err := a.store.Get(r.Context(), id)
		return err
	}
}
