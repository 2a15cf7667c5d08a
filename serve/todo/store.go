// Package todo is the to-do list service: its HTTP routes on a
// serve.Router, the validation of what clients send, and the storage
// behind them.
package todo

import (
	"context"
	"errors"
	"fmt"
)

// Todo is one item of the list.
type Todo struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
	// Version is 1 when the item is created and grows by one with every
	// update. The stores set it; it is what the item's ETag carries, so a
	// client can ask for a write to happen only on the version it read.
	Version int64 `json:"version"`
}

var (
	// ErrNotFound is returned by a Store for an id it does not hold.
	ErrNotFound = errors.New("todo: not found")
	// ErrConflict is what an Update or Delete check returns when the item
	// is not in the state the caller expects (its version moved on), and
	// what Import returns for an id the store has used (taken now, or
	// deleted). Stores pass it through
	// unchanged, storing nothing.
	ErrConflict = errors.New("todo: the item has changed")
	// ErrUnavailable wraps the errors of a store that cannot be reached
	// for now (its database is down or restarting, or did not answer in
	// time); the same request may succeed later.
	ErrUnavailable = errors.New("todo: store unavailable")
	// ErrExhausted is what Create returns when the next id, and Update
	// when the item's next version, would pass MaxID.
	ErrExhausted = errors.New("todo: no id or version is left below 2^53")
)

// MaxID is the largest id and version a store holds: 2^53−1, the largest
// integer every JSON implementation keeps exactly (RFC 8259 §6), so that
// every item a store lists can be exported and imported again.
const MaxID = 1<<53 - 1

// Filter selects and pages the items List returns.
type Filter struct {
	// Done, when not nil, keeps only the items whose Done equals *Done.
	Done *bool
	// Offset skips that many matching items; Limit returns at most that
	// many after them (0 means no limit).
	Offset, Limit int
}

// Store keeps the items. Implementations are safe for concurrent use, and
// a method that returned without error has made its change durable to the
// degree the implementation promises (BoltStore: on disk, synced;
// PostgresStore: committed). A change is visible to every reader, in this
// process or another one on the same store, once the method returned.
type Store interface {
	// List returns the items that match f, in id order, and how many
	// match in total before paging.
	List(ctx context.Context, f Filter) (items []Todo, total int, err error)
	// Get returns the item with the given id, or ErrNotFound.
	Get(ctx context.Context, id int64) (Todo, error)
	// Create stores t under a new id, which it returns in the result.
	Create(ctx context.Context, t Todo) (Todo, error)
	// Update applies fn to the item with the given id and stores the
	// result with its Version one higher, atomically: no other change to
	// the item happens between the read and the write. It returns
	// ErrNotFound when there is no such item, and fn's error, storing
	// nothing, when fn fails. fn sees the current Version (to compare it
	// with the one the client read) and must not change the id or the
	// version. fn may be called more than once (BoltStore retries a failed
	// batch, PostgresStore a write that lost a race), so it must depend on
	// nothing but its argument.
	Update(ctx context.Context, id int64, fn func(*Todo) error) (Todo, error)
	// Delete removes the item with the given id, or returns ErrNotFound.
	// When check is not nil it is called with the item first, under the
	// same rules as Update's fn, and its error stops the delete.
	Delete(ctx context.Context, id int64, check func(Todo) error) error
	// Import stores items under their own ids and versions (a version
	// below 1 is stored as 1), all or none: an id at or below the highest
	// the store ever held (taken now, or once and deleted) makes it fail
	// with an error wrapping ErrConflict, for an id is never given to two
	// different items, and an ETag never names two contents. Create then
	// hands out ids above every imported one. It is how a list moves from
	// one store to another.
	Import(ctx context.Context, items []Todo) error
	// Close releases the store.
	Close() error
}

// page applies f's offset and limit to the matching items, counted by
// total.
func page(items []Todo, f Filter) []Todo {
	if f.Offset >= len(items) {
		return []Todo{}
	}
	items = items[max(f.Offset, 0):]
	if f.Limit > 0 && f.Limit < len(items) {
		items = items[:f.Limit]
	}
	return items
}

// matches reports whether t passes f's filter.
func (f Filter) matches(t Todo) bool {
	return f.Done == nil || *f.Done == t.Done
}

// prepareImport checks the items of an Import (positive ids, each once)
// and returns them with every version at least 1.
func prepareImport(items []Todo) ([]Todo, error) {
	out := make([]Todo, len(items))
	seen := make(map[int64]bool, len(items))
	for i, t := range items {
		if t.ID < 1 {
			return nil, fmt.Errorf("todo: import: id %d is not positive", t.ID)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("todo: import: id %d twice: %w", t.ID, ErrConflict)
		}
		seen[t.ID] = true
		t.Version = max(t.Version, 1)
		out[i] = t
	}
	return out, nil
}

// idUsed is Import's error for an id at or below used, the highest id the
// store has held.
func idUsed(id, used int64) error {
	return fmt.Errorf("todo: import: id %d is taken or was used before (the store has used ids up to %d): %w", id, used, ErrConflict)
}
