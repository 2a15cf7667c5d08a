package todo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/ae7539e0/httparse/serve/pgtest"
	"github.com/google/go-cmp/cmp"
)

// The PostgreSQL tests share one throwaway cluster per test binary, and
// each opens a database of its own on it.
func TestMain(m *testing.M) { pgtest.Main(m) }

// kind is one Store implementation under test.
type kind struct {
	name string
	open func(t *testing.T) Store // a new, empty store, closed after t
}

// kinds are the three stores; every test of the contract runs on each.
var kinds = []kind{
	{"memory", func(t *testing.T) Store { return NewMemoryStore() }},
	{"bolt", func(t *testing.T) Store {
		s, err := OpenBolt(filepath.Join(t.TempDir(), "todos.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"postgres", func(t *testing.T) Store { return openPostgres(t, pgtest.Database(t)) }},
}

func openPostgres(t *testing.T, url string) *PostgresStore {
	t.Helper()
	s, err := OpenPostgres(context.Background(), url, PostgresOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// forEachKind runs test once per store, each on a new store.
func forEachKind(t *testing.T, test func(t *testing.T, s Store)) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) { test(t, k.open(t)) })
	}
}

var ctx = context.Background()

func mustCreate(t *testing.T, s Store, title string, done bool) Todo {
	t.Helper()
	got, err := s.Create(ctx, Todo{Title: title, Done: done})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestStoreCreateGet(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		a := mustCreate(t, s, "milk", false)
		b := mustCreate(t, s, "bread ünïcode", true)
		if a != (Todo{ID: 1, Title: "milk", Version: 1}) || b != (Todo{ID: 2, Title: "bread ünïcode", Done: true, Version: 1}) {
			t.Errorf("created %+v and %+v", a, b)
		}
		got, err := s.Get(ctx, 2)
		if err != nil || got != b {
			t.Errorf("Get(2) = %+v, %v; want %+v", got, err, b)
		}
		for _, id := range []int64{0, 3, -1} {
			if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%d): %v, want ErrNotFound", id, err)
			}
		}
	})
}

func TestStoreListFiltersAndPages(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		items, total, err := s.List(ctx, Filter{})
		if err != nil || len(items) != 0 || total != 0 {
			t.Fatalf("empty store: %v %d %v", items, total, err)
		}
		var all []Todo
		for i := range 12 {
			all = append(all, mustCreate(t, s, "item "+strconv.Itoa(i), i%3 == 0))
		}
		if err := s.Delete(ctx, 5, nil); err != nil {
			t.Fatal(err)
		}
		all = append(all[:4], all[5:]...)
		yes, no := true, false
		for _, done := range []*bool{nil, &yes, &no} {
			var match []Todo
			for _, it := range all {
				if done == nil || it.Done == *done {
					match = append(match, it)
				}
			}
			for _, offset := range []int{0, 1, 3, 11, 20} {
				for _, limit := range []int{0, 1, 2, 100} {
					f := Filter{Done: done, Offset: offset, Limit: limit}
					items, total, err := s.List(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					want := page(match, f)
					if diff := cmp.Diff(want, items); diff != "" || total != len(match) {
						t.Errorf("List(done %v, offset %d, limit %d): total %d, want %d; items (-want +got):\n%s",
							fmtBool(done), offset, limit, total, len(match), diff)
					}
				}
			}
		}
	})
}

func fmtBool(b *bool) string {
	if b == nil {
		return "any"
	}
	return strconv.FormatBool(*b)
}

func TestStoreUpdate(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		mustCreate(t, s, "milk", false)
		got, err := s.Update(ctx, 1, func(t *Todo) error {
			if t.Version != 1 {
				return fmt.Errorf("fn sees version %d, want 1", t.Version)
			}
			t.Title, t.Done = "oat milk", true
			t.ID, t.Version = 99, 99 // the store owns both
			return nil
		})
		want := Todo{ID: 1, Title: "oat milk", Done: true, Version: 2}
		if err != nil || got != want {
			t.Fatalf("Update = %+v, %v; want %+v", got, err, want)
		}
		if got, _ := s.Get(ctx, 1); got != want {
			t.Errorf("Get after Update = %+v, want %+v", got, want)
		}

		// fn's error stores nothing and comes back as is.
		for _, ferr := range []error{ErrConflict, errors.New("no")} {
			_, err := s.Update(ctx, 1, func(t *Todo) error { t.Title = "lost"; return ferr })
			if err != ferr {
				t.Errorf("Update with fn failing: %v, want %v", err, ferr)
			}
		}
		if got, _ := s.Get(ctx, 1); got != want {
			t.Errorf("after failed updates: %+v, want %+v", got, want)
		}

		called := false
		if _, err := s.Update(ctx, 7, func(*Todo) error { called = true; return nil }); !errors.Is(err, ErrNotFound) || called {
			t.Errorf("Update of a missing id: %v, fn called %v", err, called)
		}
	})
}

func TestStoreDelete(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		mustCreate(t, s, "a", false)
		mustCreate(t, s, "b", false)
		if _, err := s.Update(ctx, 2, func(t *Todo) error { return nil }); err != nil {
			t.Fatal(err)
		}
		// A failing check keeps the item, and sees its version.
		var seen Todo
		err := s.Delete(ctx, 2, func(t Todo) error { seen = t; return ErrConflict })
		if err != ErrConflict || seen != (Todo{ID: 2, Title: "b", Version: 2}) {
			t.Errorf("Delete with a failing check: %v, saw %+v", err, seen)
		}
		if _, err := s.Get(ctx, 2); err != nil {
			t.Errorf("item gone after a failed check: %v", err)
		}
		if err := s.Delete(ctx, 2, func(Todo) error { return nil }); err != nil {
			t.Errorf("Delete with a passing check: %v", err)
		}
		if err := s.Delete(ctx, 1, nil); err != nil {
			t.Errorf("Delete: %v", err)
		}
		for _, id := range []int64{1, 2, 3} {
			if _, err := s.Get(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(%d) after delete: %v", id, err)
			}
			if err := s.Delete(ctx, id, nil); !errors.Is(err, ErrNotFound) {
				t.Errorf("Delete(%d) again: %v, want ErrNotFound", id, err)
			}
		}
		// Ids are not handed out twice: an ETag names one item's version.
		if got := mustCreate(t, s, "c", false); got.ID != 3 {
			t.Errorf("id after deleting 1 and 2 is %d, want 3", got.ID)
		}
	})
}

// Concurrent writers on one item: every update applies to the state the
// one before left (none is lost), and of writers that all require the
// same version, exactly one succeeds.
func TestStoreConcurrentWriters(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		mustCreate(t, s, "0", false)
		const n = 16
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for range n {
			wg.Go(func() {
				_, err := s.Update(ctx, 1, func(t *Todo) error {
					c, err := strconv.Atoi(t.Title)
					t.Title = strconv.Itoa(c + 1)
					return err
				})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := s.Get(ctx, 1); got.Title != strconv.Itoa(n) || got.Version != n+1 {
			t.Fatalf("after %d increments: %+v, want title %d, version %d", n, got, n, n+1)
		}

		var writers sync.WaitGroup
		var mu sync.Mutex
		results := map[string]int{}
		for i := range n {
			writers.Go(func() {
				_, err := s.Update(ctx, 1, func(t *Todo) error {
					if t.Version != n+1 {
						return ErrConflict
					}
					t.Title = "writer " + strconv.Itoa(i)
					return nil
				})
				mu.Lock()
				results[fmt.Sprint(err)]++
				mu.Unlock()
			})
		}
		writers.Wait()
		if want := map[string]int{"<nil>": 1, ErrConflict.Error(): n - 1}; !cmp.Equal(results, want) {
			t.Errorf("%d writers on version %d: %v, want %v", n, n+1, results, want)
		}
	})
}

func TestStoreImport(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		mustCreate(t, s, "existing", false)
		in := []Todo{{ID: 9, Title: "nine", Done: true, Version: 4}, {ID: 5, Title: "five"}}
		if err := s.Import(ctx, in); err != nil {
			t.Fatal(err)
		}
		items, total, err := s.List(ctx, Filter{})
		want := []Todo{{1, "existing", false, 1}, {5, "five", false, 1}, {9, "nine", true, 4}}
		if diff := cmp.Diff(want, items); err != nil || total != 3 || diff != "" {
			t.Errorf("after Import: total %d, %v, (-want +got):\n%s", total, err, diff)
		}
		if got := mustCreate(t, s, "next", false); got.ID != 10 {
			t.Errorf("Create after importing id 9 gave id %d, want 10", got.ID)
		}
		// All or nothing: one taken id stores none of the batch.
		err = s.Import(ctx, []Todo{{ID: 20, Title: "twenty"}, {ID: 5, Title: "again"}})
		if !errors.Is(err, ErrConflict) {
			t.Errorf("Import of a taken id: %v, want ErrConflict", err)
		}
		if _, err := s.Get(ctx, 20); !errors.Is(err, ErrNotFound) {
			t.Errorf("the rest of a refused batch was stored: %v", err)
		}
		if err := s.Import(ctx, []Todo{{ID: 30, Title: "x"}, {ID: 30, Title: "y"}}); !errors.Is(err, ErrConflict) {
			t.Errorf("Import of one id twice: %v, want ErrConflict", err)
		}
		if err := s.Import(ctx, []Todo{{ID: 0, Title: "x"}}); err == nil {
			t.Error("Import of id 0 succeeded")
		}
	})
}

// The stores must agree: the same random operations, then the same
// answers to every filter and page. MemoryStore, which filters after the
// fact, is the reference for the others' one-pass paging.
func TestStoresAgree(t *testing.T) {
	var stores []Store
	for _, k := range kinds {
		stores = append(stores, k.open(t))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		op, id := rng.IntN(5), rng.Int64N(int64(i/2+2))
		var results []string
		for _, s := range stores {
			var r string
			switch op {
			case 0, 1:
				got, err := s.Create(ctx, Todo{Title: fmt.Sprintf("t%d", i), Done: i%3 == 0})
				r = fmt.Sprint(got, err)
			case 2:
				got, err := s.Update(ctx, id, func(t *Todo) error { t.Done = !t.Done; return nil })
				r = fmt.Sprint(got, errors.Is(err, ErrNotFound))
			case 3:
				r = fmt.Sprint(errors.Is(s.Delete(ctx, id, nil), ErrNotFound))
			case 4:
				got, err := s.Get(ctx, id)
				r = fmt.Sprint(got, errors.Is(err, ErrNotFound))
			}
			results = append(results, r)
		}
		for j := range results[1:] {
			if results[j+1] != results[0] {
				t.Fatalf("operation %d: %s %s, %s %s", i, kinds[0].name, results[0], kinds[j+1].name, results[j+1])
			}
		}
	}

	yes, no := true, false
	for _, done := range []*bool{nil, &yes, &no} {
		for _, offset := range []int{0, 1, 7, 50, 1000} {
			for _, limit := range []int{0, 1, 5, 100} {
				f := Filter{Done: done, Offset: offset, Limit: limit}
				wantItems, wantTotal, _ := stores[0].List(ctx, f)
				for j, s := range stores[1:] {
					gotItems, gotTotal, err := s.List(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(wantItems, gotItems); diff != "" || gotTotal != wantTotal {
						t.Errorf("%s List(%+v): total %d, want %d; items (-memory +got):\n%s", kinds[j+1].name, f, gotTotal, wantTotal, diff)
					}
				}
			}
		}
	}
}

// An id is never given to two items: Import refuses the id of an item
// that was deleted, and any id at or below the highest the store used,
// so that an ETag ("1") never names two contents.
func TestStoreImportRefusesUsedIDs(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		first := mustCreate(t, s, "first", false)
		second := mustCreate(t, s, "second", false)
		if err := s.Delete(ctx, second.ID, nil); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{second.ID, first.ID} {
			err := s.Import(ctx, []Todo{{ID: id, Title: "replaced", Version: 1}})
			if !errors.Is(err, ErrConflict) {
				t.Errorf("Import of used id %d: %v, want ErrConflict", id, err)
			}
		}
		if _, err := s.Get(ctx, second.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("the deleted id came back: %v", err)
		}
		if err := s.Import(ctx, []Todo{{ID: second.ID + 1, Title: "new"}}); err != nil {
			t.Errorf("Import of an id above every used one: %v", err)
		}
	})
}

// Ids and versions stop at MaxID, the largest integer JSON keeps exactly,
// so that whatever a store lists can be exported and imported again.
func TestStoreStopsAtMaxID(t *testing.T) {
	forEachKind(t, func(t *testing.T, s Store) {
		in := []Todo{{ID: MaxID - 1, Title: "near", Version: MaxID - 1}}
		if err := s.Import(ctx, in); err != nil {
			t.Fatal(err)
		}
		last := mustCreate(t, s, "last", false)
		if last.ID != MaxID {
			t.Fatalf("Create after id MaxID-1: id %d, want MaxID", last.ID)
		}
		if _, err := s.Create(ctx, Todo{Title: "one more"}); !errors.Is(err, ErrExhausted) {
			t.Errorf("Create past MaxID: %v, want ErrExhausted", err)
		}
		bump := func(t *Todo) error { t.Done = !t.Done; return nil }
		if got, err := s.Update(ctx, MaxID-1, bump); err != nil || got.Version != MaxID {
			t.Fatalf("Update to version MaxID: %v %v", got, err)
		}
		if _, err := s.Update(ctx, MaxID-1, bump); !errors.Is(err, ErrExhausted) {
			t.Errorf("Update past version MaxID: %v, want ErrExhausted", err)
		}
		items, total, err := s.List(ctx, Filter{})
		want := []Todo{{MaxID - 1, "near", true, MaxID}, {MaxID, "last", false, 1}}
		if diff := cmp.Diff(want, items); err != nil || total != 2 || diff != "" {
			t.Errorf("after: total %d, %v, (-want +got):\n%s", total, err, diff)
		}
	})
}
