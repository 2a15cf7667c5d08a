package todo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ae7539e0/httparse/serve/pgtest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
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

// retryable is an error that says whether it happened before anything was
// sent, as pgx's own say through pgconn.SafeToRetry.
type retryable bool

func (r retryable) Error() string     { return "retryable" }
func (r retryable) SafeToRetry() bool { return bool(r) }

// Every driver error is sorted by what it says about the database: a lost
// connection and a busy or slow server are 503s (the first also resets the
// pool), and anything else, a bug here first of all, is internal (500)
// rather than hidden as a 503.
func TestPostgresClassify(t *testing.T) {
	var n int
	types := pgtype.NewMap()
	scanErr := types.Scan(pgtype.TextOID, pgtype.TextFormatCode, []byte("milk"), &n)
	_, encodeErr := types.Encode(pgtype.Int8OID, pgtype.BinaryFormatCode, "milk", nil)
	_, jsonErr := json.Marshal(func() {})
	if scanErr == nil || encodeErr == nil || jsonErr == nil {
		t.Fatalf("want errors: scan %v, encode %v, json %v", scanErr, encodeErr, jsonErr)
	}
	// A connection refused: a port that was free a moment ago.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	_, connectErr := pgconn.Connect(ctx, "postgres://u@"+l.Addr().String()+"/db?sslmode=disable&connect_timeout=5")
	if connectErr == nil {
		t.Fatal("connected to a closed port")
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}

	for _, tc := range []struct {
		name string
		err  error
		want failure
	}{
		{"SQLSTATE 57P01 admin_shutdown", &pgconn.PgError{Code: "57P01"}, failLost},
		{"SQLSTATE 57P02 crash_shutdown", &pgconn.PgError{Code: "57P02"}, failLost},
		{"SQLSTATE 08006 connection_failure", &pgconn.PgError{Code: "08006"}, failLost},
		{"SQLSTATE 08P01 protocol_violation, wrapped", fmt.Errorf("query: %w", &pgconn.PgError{Code: "08P01"}), failLost},
		{"SQLSTATE 57014 query_canceled (statement_timeout)", &pgconn.PgError{Code: "57014"}, failUnavailable},
		{"SQLSTATE 53300 too_many_connections", &pgconn.PgError{Code: "53300"}, failUnavailable},
		{"SQLSTATE 57P03 cannot_connect_now", &pgconn.PgError{Code: "57P03"}, failUnavailable},
		{"SQLSTATE 23505 unique_violation", &pgconn.PgError{Code: "23505"}, failInternal},
		{"SQLSTATE 42P01 undefined_table", &pgconn.PgError{Code: "42P01"}, failInternal},
		{"SQLSTATE 28P01 invalid_password", &pgconn.PgError{Code: "28P01"}, failInternal},

		{"connection refused (ConnectError)", connectErr, failLost},
		{"connection reset (net.Error)", reset, failLost},
		{"connection reset, wrapped", fmt.Errorf("write failed: %w", reset), failLost},
		{"stream ended (io.EOF)", io.EOF, failLost},
		{"stream ended mid-message (io.ErrUnexpectedEOF), wrapped", fmt.Errorf("receive message failed: %w", io.ErrUnexpectedEOF), failLost},
		{"connection closed by pgx (ErrConnClosed), wrapped", fmt.Errorf("receive: %w", pgconn.ErrConnClosed), failLost},
		{"pgconn.SafeToRetry", retryable(true), failLost},

		{"context deadline (server or pool too slow)", context.DeadlineExceeded, failUnavailable},
		{"context deadline, wrapped", fmt.Errorf("timeout: %w", context.DeadlineExceeded), failUnavailable},
		{"context deadline inside a net error", &net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded}, failUnavailable},
		{"context canceled (client gone)", context.Canceled, failUnavailable},

		{"scan into the wrong type", pgx.ScanArgError{ColumnIndex: 0, FieldName: "title", Err: scanErr}, failInternal},
		{"scan into the wrong type, bare", scanErr, failInternal},
		{"value that cannot be encoded", encodeErr, failInternal},
		{"JSON encoding", jsonErr, failInternal},
		{"pgx.ErrNoRows", pgx.ErrNoRows, failInternal},
		{"pgx.ErrTxClosed", pgx.ErrTxClosed, failInternal},
		{"not safe to retry", retryable(false), failInternal},
		{"any other error", errors.New("bug"), failInternal},
	} {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: classify(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}

// A bug in a read (here a scan into the wrong type) is returned as it is,
// once: neither tried again as a lost connection nor turned into
// ErrUnavailable, so the API answers 500 and logs it.
func TestPostgresBugIsNotUnavailable(t *testing.T) {
	s := openPostgres(t, pgtest.Database(t))
	tries := 0
	err := s.read(ctx, func(ctx context.Context) error {
		tries++
		var n int
		return s.pool.QueryRow(ctx, "SELECT 'milk'::text").Scan(&n)
	})
	if err == nil || errors.Is(err, ErrUnavailable) || tries != 1 {
		t.Errorf("scan of text into an int: %v after %d tries; want the scan error after 1", err, tries)
	}
	res, body := send(t, "GET", startAPI(t, failingGet{NewMemoryStore(), err})+"/todos/1", "", "")
	if res.StatusCode != http.StatusInternalServerError {
		t.Errorf("the API answers the error with %d %s, want 500", res.StatusCode, body)
	}
}

// failingGet is a store whose Get fails with err.
type failingGet struct {
	Store
	err error
}

func (s failingGet) Get(context.Context, int64) (Todo, error) { return Todo{}, s.err }

// pool_max_conns and connect_timeout in the URL win over PostgresOptions
// and the defaults; the defaults apply only to what neither sets.
func TestPostgresPoolConfig(t *testing.T) {
	const base = "postgres://u@127.0.0.1:5432/db?sslmode=disable"
	for _, tc := range []struct {
		name        string
		url         string
		opts        PostgresOptions
		maxConns    int32
		connTimeout time.Duration
	}{
		{"neither set: defaults", base, PostgresOptions{},
			DefaultPostgresMaxConns, DefaultPostgresConnectTimeout},
		{"options set", base, PostgresOptions{MaxConns: 20, ConnectTimeout: 2 * time.Second},
			20, 2 * time.Second},
		{"URL sets pool_max_conns", base + "&pool_max_conns=3", PostgresOptions{},
			3, DefaultPostgresConnectTimeout},
		{"URL sets connect_timeout (seconds)", base + "&connect_timeout=9", PostgresOptions{},
			DefaultPostgresMaxConns, 9 * time.Second},
		{"URL wins over options", base + "&pool_max_conns=3&connect_timeout=9", PostgresOptions{MaxConns: 20, ConnectTimeout: 2 * time.Second},
			3, 9 * time.Second},
		{"URL sets pool_max_conns to pgx's own default", base + "&pool_max_conns=4", PostgresOptions{},
			4, DefaultPostgresConnectTimeout},
		{"URL sets connect_timeout=0 (wait as long as the statement timeout allows)", base + "&connect_timeout=0", PostgresOptions{},
			DefaultPostgresMaxConns, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := poolConfig(tc.url, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.MaxConns != tc.maxConns || cfg.ConnConfig.ConnectTimeout != tc.connTimeout {
				t.Errorf("MaxConns %d, ConnectTimeout %v; want %d, %v", cfg.MaxConns, cfg.ConnConfig.ConnectTimeout, tc.maxConns, tc.connTimeout)
			}
			// What the URL sets is what pgx reads from it.
			parsed, err := pgxpool.ParseConfig(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tc.url, "pool_max_conns=") && cfg.MaxConns != parsed.MaxConns {
				t.Errorf("MaxConns %d, pgx reads %d from the URL", cfg.MaxConns, parsed.MaxConns)
			}
			if strings.Contains(tc.url, "connect_timeout=") && cfg.ConnConfig.ConnectTimeout != parsed.ConnConfig.ConnectTimeout {
				t.Errorf("ConnectTimeout %v, pgx reads %v from the URL", cfg.ConnConfig.ConnectTimeout, parsed.ConnConfig.ConnectTimeout)
			}
		})
	}
}
