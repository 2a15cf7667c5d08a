package todo

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve/pgtest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Two stores on one database are two instances of the server: each sees
// the other's writes as soon as they returned, and versions guard them.
func TestPostgresTwoStores(t *testing.T) {
	url := pgtest.Database(t)
	a, b := openPostgres(t, url), openPostgres(t, url)
	created := mustCreate(t, a, "shared", false)
	if got, err := b.Get(ctx, created.ID); err != nil || got != created {
		t.Fatalf("b reads %+v, %v; want %+v", got, err, created)
	}
	if _, err := b.Update(ctx, created.ID, func(t *Todo) error { t.Done = true; return nil }); err != nil {
		t.Fatal(err)
	}
	_, err := a.Update(ctx, created.ID, func(t *Todo) error {
		if t.Version != created.Version {
			return ErrConflict
		}
		return nil
	})
	if err != ErrConflict {
		t.Errorf("a's update of version %d after b's: %v, want ErrConflict", created.Version, err)
	}
	items, total, err := a.List(ctx, Filter{})
	if err != nil || total != 1 || items[0].Version != 2 || !items[0].Done {
		t.Errorf("a lists %v (total %d, %v)", items, total, err)
	}
}

// Instances that start at once on a new database migrate it once: the
// advisory lock makes them take turns.
func TestPostgresMigrateConcurrently(t *testing.T) {
	url := pgtest.Database(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			s, err := OpenPostgres(ctx, url, PostgresOptions{MaxConns: 2})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	pool := rawPool(t, url)
	var n, max int
	if err := pool.QueryRow(ctx, "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || max != len(ms) {
		t.Errorf("schema_migrations has %d rows up to version %d, want %d", n, max, len(ms))
	}

	// A schema newer than the program is refused, not written to.
	if _, err := pool.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')"); err != nil {
		t.Fatal(err)
	}
	if s, err := OpenPostgres(ctx, url, PostgresOptions{}); err == nil || !strings.Contains(err.Error(), "version 999, newer") {
		if s != nil {
			s.Close()
		}
		t.Errorf("open on a newer schema: %v", err)
	}
}

func rawPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func TestPostgresBadURL(t *testing.T) {
	_, err := OpenPostgres(ctx, "postgres://u:secret@127.0.0.1:bad/x", PostgresOptions{})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("malformed URL: %v (must not show the password)", err)
	}
}

// While the server is down every method answers ErrUnavailable, within
// the connect and statement timeouts; after it is back the same store
// works again by itself.
func TestPostgresServerRestart(t *testing.T) {
	url := pgtest.Database(t)
	cluster := pgtest.Shared(t)
	if cluster == nil {
		t.Skip("the tests use " + pgtest.EnvURL + ", which this test cannot stop")
	}
	s, err := OpenPostgres(ctx, url, PostgresOptions{ConnectTimeout: 2 * time.Second, StatementTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	item := mustCreate(t, s, "before", false)
	if err := cluster.StopServer("fast"); err != nil {
		t.Fatal(err)
	}
	restarted := false
	defer func() {
		if !restarted {
			cluster.StartServer() // for the tests after this one
		}
	}()
	ops := map[string]func(ctx context.Context) error{
		"Get":    func(ctx context.Context) error { _, err := s.Get(ctx, item.ID); return err },
		"List":   func(ctx context.Context) error { _, _, err := s.List(ctx, Filter{}); return err },
		"Create": func(ctx context.Context) error { _, err := s.Create(ctx, Todo{Title: "down"}); return err },
		"Update": func(ctx context.Context) error {
			_, err := s.Update(ctx, item.ID, func(*Todo) error { return nil })
			return err
		},
		"Delete": func(ctx context.Context) error { return s.Delete(ctx, item.ID, nil) },
		"Import": func(ctx context.Context) error { return s.Import(ctx, []Todo{{ID: 50, Title: "x"}}) },
	}
	for name, op := range ops {
		if err := op(ctx); !errors.Is(err, ErrUnavailable) {
			t.Errorf("%s while the server is down: %v, want ErrUnavailable", name, err)
		}
	}
	if err := cluster.StartServer(); err != nil {
		t.Fatal(err)
	}
	restarted = true
	if got, err := s.Get(ctx, item.ID); err != nil || got != item {
		t.Errorf("Get after the restart: %+v, %v", got, err)
	}
	if _, err := s.Create(ctx, Todo{Title: "after"}); err != nil {
		t.Errorf("Create after the restart: %v", err)
	}
}
