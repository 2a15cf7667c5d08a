package todo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PostgresStore keeps the items in a PostgreSQL database, which any number
// of processes may share: every method is one statement or one
// transaction, so a write is acknowledged only after its commit, and is
// seen by every process from then on. Updates and deletes compare the
// item's version in their WHERE clause (optimistic concurrency), so no row
// lock is held while fn runs, and a write that lost a race reads the item
// again and calls fn once more.
type PostgresStore struct {
	pool    *pgxpool.Pool
	timeout time.Duration // bound on one method: connect plus statement
}

var _ Store = (*PostgresStore)(nil)

// PostgresOptions size the connection pool and bound the waits. Zero
// fields take the defaults below. The URL's pool_max_conns and
// connect_timeout (in seconds; 0 waits as long as the other bounds allow),
// when it has them, win over MaxConns and ConnectTimeout.
type PostgresOptions struct {
	// MaxConns is the pool size: connections open at once to the server
	// (default 8). Several instances share the server's max_connections.
	MaxConns int32
	// ConnectTimeout bounds making one connection (default 5s).
	ConnectTimeout time.Duration
	// StatementTimeout is the server's statement_timeout for the pool's
	// sessions: a statement running longer is cancelled (default 5s).
	StatementTimeout time.Duration
}

// Defaults of PostgresOptions.
const (
	DefaultPostgresMaxConns         = 8
	DefaultPostgresConnectTimeout   = 5 * time.Second
	DefaultPostgresStatementTimeout = 5 * time.Second
)

// OpenPostgres connects to the database at url (postgres:// or
// postgresql://, in libpq's URL form) and creates or migrates the schema
// (see migrate.go). It fails when the server cannot be reached within the
// connect timeout.
func OpenPostgres(ctx context.Context, url string, opts PostgresOptions) (*PostgresStore, error) {
	cfg, statement, err := poolConfig(url, opts)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("todo: PostgreSQL: %w", err)
	}
	s := &PostgresStore{pool: pool, timeout: cfg.ConnConfig.ConnectTimeout + statement}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if _, err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("todo: PostgreSQL at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return s, nil
}

// poolConfig is the pool's configuration for connString and opts, and the
// statement timeout it sets. What the URL's query sets, pgx has read into
// cfg, and it stays.
func poolConfig(connString string, opts PostgresOptions) (*pgxpool.Config, time.Duration, error) {
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		// pgx's message holds the URL, password included.
		return nil, 0, errors.New("todo: the PostgreSQL URL is malformed")
	}
	var query url.Values
	if u, err := url.Parse(connString); err == nil {
		query = u.Query()
	}
	if !query.Has("pool_max_conns") {
		cfg.MaxConns = cmp.Or(opts.MaxConns, DefaultPostgresMaxConns)
	}
	if !query.Has("connect_timeout") {
		cfg.ConnConfig.ConnectTimeout = cmp.Or(opts.ConnectTimeout, DefaultPostgresConnectTimeout)
	}
	statement := cmp.Or(opts.StatementTimeout, DefaultPostgresStatementTimeout)
	cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(statement.Milliseconds(), 10)
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "httparse-serve"
	}
	return cfg, statement, nil
}

// op bounds one method: a request never waits longer than a connection and
// a statement may take, even when the pool is exhausted.
func (s *PostgresStore) op(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// fail turns a driver error into the store's: ErrUnavailable for the ones
// that say the server is out of reach, down, starting, or too slow, which
// a later try may not meet. When the connection was lost, every idle
// connection of the pool goes too: a restarted server has ended them all,
// and the next requests had better dial afresh than fail one by one. Any
// other error (the server refusing a statement, or a bug here such as a
// scan into the wrong type) is returned as it is, which the API answers
// with 500.
func (s *PostgresStore) fail(err error) error {
	switch classify(err) {
	case failLost:
		s.pool.Reset()
		fallthrough
	case failUnavailable:
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return err
}

// failure is what a driver error says about the database.
type failure int

const (
	// failInternal: the server refused the statement, or the program is
	// wrong (a scan into the wrong type, a value that cannot be encoded).
	// Trying again would fail again.
	failInternal failure = iota
	// failUnavailable: the server is busy, starting or too slow (or the
	// request gave up waiting), but the connection is sound.
	failUnavailable
	// failLost: the connection was lost or could not be made.
	failLost
)

// classify sorts a driver error. The context's errors come first, since
// pgx wraps them in its own and some of them are also net.Error: a
// deadline is the server (or the pool) being too slow, and a cancellation
// is the client gone. Then the server's answers, by SQLSTATE (PostgreSQL's
// Appendix A): some end the connection, some are worth another try, the
// rest refuse the statement. Without a server's answer, a failed connect, a
// network error, the stream ending, a connection pgx has closed, or an
// error pgx marks safe to retry (it happened before anything was sent)
// is a lost connection. Anything else is internal.
func classify(err error) failure {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return failUnavailable
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch code := pgErr.Code; {
		case code == "57P01", // admin_shutdown
			code == "57P02",               // crash_shutdown
			strings.HasPrefix(code, "08"): // connection_exception
			return failLost
		case code == "57014", // query_canceled: statement_timeout
			code == "53300", // too_many_connections
			code == "57P03": // cannot_connect_now: the server is starting
			return failUnavailable
		}
		return failInternal
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || pgconn.SafeToRetry(err) {
		return failLost
	}
	return failInternal
}

// read runs a read, and once more when the first try lost its connection:
// a read can be repeated freely, and after a restart of the server the
// first try on each old connection fails.
func (s *PostgresStore) read(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	err := fn(ctx)
	if err != nil && !isStoreError(err) && classify(err) == failLost {
		s.pool.Reset()
		err = fn(ctx)
	}
	if err != nil && !isStoreError(err) {
		return s.fail(err)
	}
	return err
}

// isStoreError reports whether err is one of the store's own answers
// rather than the driver's.
func isStoreError(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrUnavailable)
}

// List implements Store: the total and the page come from one statement,
// and so from one snapshot.
func (s *PostgresStore) List(ctx context.Context, f Filter) ([]Todo, int, error) {
	var items []Todo
	var total int
	var limit *int
	if f.Limit > 0 {
		limit = &f.Limit
	}
	err := s.read(ctx, func(ctx context.Context) error {
		items, total = []Todo{}, 0
		rows, err := s.pool.Query(ctx, `
			SELECT true, count(*), '', false, 0::bigint FROM todos WHERE $1::boolean IS NULL OR done = $1
			UNION ALL
			(SELECT false, id, title, done, version FROM todos WHERE $1::boolean IS NULL OR done = $1
			 ORDER BY id LIMIT $2 OFFSET $3)`, f.Done, limit, max(f.Offset, 0))
		if err != nil {
			return err
		}
		var isTotal bool
		var t Todo
		_, err = pgx.ForEachRow(rows, []any{&isTotal, &t.ID, &t.Title, &t.Done, &t.Version}, func() error {
			if isTotal {
				total = int(t.ID)
			} else {
				items = append(items, t)
			}
			return nil
		})
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(items, func(a, b Todo) int { return cmp.Compare(a.ID, b.ID) })
	return items, total, nil
}

// Get implements Store.
func (s *PostgresStore) Get(ctx context.Context, id int64) (Todo, error) {
	var t Todo
	err := s.read(ctx, func(ctx context.Context) error {
		return s.get(ctx, id, &t)
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

func (s *PostgresStore) get(ctx context.Context, id int64, t *Todo) error {
	*t = Todo{ID: id}
	err := s.pool.QueryRow(ctx, "SELECT title, done, version FROM todos WHERE id = $1", id).
		Scan(&t.Title, &t.Done, &t.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Create implements Store.
func (s *PostgresStore) Create(ctx context.Context, t Todo) (Todo, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	// The id is taken from the sequence here rather than by the column's
	// default, so that one past MaxID inserts nothing.
	err := s.pool.QueryRow(ctx, `INSERT INTO todos (id, title, done)
		SELECT id, $1, $2 FROM nextval(pg_get_serial_sequence('todos', 'id')) AS id WHERE id <= $3
		RETURNING id, version`,
		t.Title, t.Done, int64(MaxID)).Scan(&t.ID, &t.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return Todo{}, ErrExhausted
	}
	if err != nil {
		return Todo{}, s.fail(err)
	}
	return t, nil
}

// Update implements Store. The UPDATE applies only to the version fn saw;
// when another write came first, it changes no row, and the item is read
// again and fn called again.
func (s *PostgresStore) Update(ctx context.Context, id int64, fn func(*Todo) error) (Todo, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	for {
		var t Todo
		if err := s.get(ctx, id, &t); err != nil {
			return Todo{}, s.storeErr(err)
		}
		seen := t.Version
		if seen >= MaxID {
			return Todo{}, ErrExhausted
		}
		if err := fn(&t); err != nil {
			return Todo{}, err
		}
		tag, err := s.pool.Exec(ctx, "UPDATE todos SET title = $3, done = $4, version = version + 1 WHERE id = $1 AND version = $2",
			id, seen, t.Title, t.Done)
		if err != nil {
			return Todo{}, s.fail(err)
		}
		if tag.RowsAffected() == 1 {
			t.ID, t.Version = id, seen+1
			return t, nil
		}
	}
}

// Delete implements Store, like Update when there is a check.
func (s *PostgresStore) Delete(ctx context.Context, id int64, check func(Todo) error) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	if check == nil {
		tag, err := s.pool.Exec(ctx, "DELETE FROM todos WHERE id = $1", id)
		if err != nil {
			return s.fail(err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return nil
	}
	for {
		var t Todo
		if err := s.get(ctx, id, &t); err != nil {
			return s.storeErr(err)
		}
		if err := check(t); err != nil {
			return err
		}
		tag, err := s.pool.Exec(ctx, "DELETE FROM todos WHERE id = $1 AND version = $2", id, t.Version)
		if err != nil {
			return s.fail(err)
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
	}
}

// storeErr passes ErrNotFound through and converts driver errors.
func (s *PostgresStore) storeErr(err error) error {
	if isStoreError(err) {
		return err
	}
	return s.fail(err)
}

// Import implements Store in one transaction. The table is locked against
// other writers meanwhile, so that no Create takes an id between the check
// and the move of the sequence.
func (s *PostgresStore) Import(ctx context.Context, items []Todo) error {
	items, err := prepareImport(items)
	if err != nil {
		return err
	}
	ctx, cancel := s.op(ctx)
	defer cancel()
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE todos IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		// The highest id the table ever held: the sequence's last value
		// (Create takes ids from it, and every Import moves it past
		// the ids it stored), or the largest id now, whichever is more.
		var used int64
		err := tx.QueryRow(ctx, `SELECT greatest(coalesce((SELECT max(id) FROM todos), 0), coalesce(pg_sequence_last_value(seq), 0))
			FROM CAST(pg_get_serial_sequence('todos', 'id') AS regclass) AS seq`).Scan(&used)
		if err != nil {
			return err
		}
		for _, t := range items {
			if t.ID <= used {
				return idUsed(t.ID, used)
			}
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"todos"}, []string{"id", "title", "done", "version"},
			pgx.CopyFromSlice(len(items), func(i int) ([]any, error) {
				t := items[i]
				return []any{t.ID, t.Title, t.Done, t.Version}, nil
			}))
		if err != nil {
			return err
		}
		// The sequence only moves forward: ids of deleted items are
		// never handed out again.
		_, err = tx.Exec(ctx, `SELECT setval(seq, greatest((SELECT max(id) FROM todos), pg_sequence_last_value(seq)))
			FROM CAST(pg_get_serial_sequence('todos', 'id') AS regclass) AS seq`)
		return err
	})
	if err != nil && !errors.Is(err, ErrConflict) {
		return s.fail(err)
	}
	return err
}

// Close implements Store: it closes the pool's connections.
func (s *PostgresStore) Close() error {
	s.pool.Close()
	return nil
}
