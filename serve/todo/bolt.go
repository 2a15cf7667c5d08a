package todo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// BoltStore keeps the items in one bbolt file. Every write is a bbolt
// transaction, and bbolt syncs the file before a commit returns, so an
// item whose write returned survives a crash of the process (kill -9) or
// of the machine.
//
// Writes go through bolt.DB.Batch: writes that arrive together share one
// commit and one fsync instead of queueing for one each, which is what
// lets more than one worker help when the disk is the bottleneck. Batch
// may run a write function more than once, so each one below only
// depends on the state it reads inside its transaction.
type BoltStore struct {
	db *bolt.DB
}

var _ Store = (*BoltStore)(nil)

// bucket holds the items: key is the id as 8 big-endian bytes, so that a
// cursor walks them in id order; value is one flags byte, then (when
// flagVersion is set) the version as 8 big-endian bytes, then the title in
// UTF-8. The flags come first so that filtering reads one byte. Records
// written before items had versions have no flagVersion and read as
// version 1; every write stores the version.
var bucket = []byte("todos")

// Bits of the flags byte.
const (
	flagDone    = 1 // Todo.Done
	flagVersion = 2 // 8 bytes of version follow the flags
)

var errCorrupt = errors.New("todo: corrupt record in the data file")

func encodeItem(t Todo) []byte {
	v := make([]byte, 1, 9+len(t.Title))
	v[0] = flagVersion
	if t.Done {
		v[0] |= flagDone
	}
	v = binary.BigEndian.AppendUint64(v, uint64(t.Version))
	return append(v, t.Title...)
}

// decodeItem decodes a record, or returns errCorrupt. The title is copied:
// v points into bbolt's memory map, valid only during the transaction.
func decodeItem(k, v []byte) (Todo, error) {
	if len(k) != 8 || len(v) < 1 {
		return Todo{}, errCorrupt
	}
	t := Todo{ID: int64(binary.BigEndian.Uint64(k)), Done: v[0]&flagDone != 0, Version: 1}
	rest := v[1:]
	if v[0]&flagVersion != 0 {
		if len(rest) < 8 {
			return Todo{}, errCorrupt
		}
		t.Version = int64(binary.BigEndian.Uint64(rest))
		rest = rest[8:]
	}
	t.Title = string(rest)
	return t, nil
}

// ErrLocked is returned by OpenBolt for a file that another process has
// open: bbolt holds an exclusive lock on its file, so one process at a time
// serves it. Several instances share a PostgreSQL store instead.
var ErrLocked = errors.New("in use by another process (bbolt allows one process per file; run several instances on PostgreSQL)")

// OpenBolt opens (creating if needed) the bbolt file at path. A file that
// another process holds makes it fail at once with ErrLocked rather than
// wait for the lock.
func OpenBolt(path string) (*BoltStore, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockWait})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("todo: open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("todo: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("todo: open %s: %w", path, err)
	}
	// A lone write waits this long for company before it commits; an
	// fsync costs about as much, so it stays a small part of the latency.
	db.MaxBatchDelay = batchDelay
	return &BoltStore{db: db}, nil
}

const batchDelay = 2 * time.Millisecond

// lockWait is how long OpenBolt tries for the file lock. A lock is let go
// when its process exits, even by kill -9, so a restart finds it free; a
// lock that is still held after this belongs to a live process.
const lockWait = 200 * time.Millisecond

func key(id int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(id))
}

// List implements Store. It walks the keys in id order and decodes only
// the items of the page; the filter needs only the flags byte, so a list
// of thousands costs a walk over memory-mapped pages, not thousands of
// decodings.
func (s *BoltStore) List(_ context.Context, f Filter) ([]Todo, int, error) {
	items := []Todo{}
	total := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || len(v) < 1 {
				return errCorrupt
			}
			if f.Done != nil && (v[0]&flagDone != 0) != *f.Done {
				continue
			}
			if total >= f.Offset && (f.Limit <= 0 || len(items) < f.Limit) {
				t, err := decodeItem(k, v)
				if err != nil {
					return err
				}
				items = append(items, t)
			}
			total++
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// Get implements Store.
func (s *BoltStore) Get(_ context.Context, id int64) (Todo, error) {
	var t Todo
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucket).Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		var err error
		t, err = decodeItem(key(id), v)
		return err
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

// Create implements Store.
func (s *BoltStore) Create(_ context.Context, t Todo) (Todo, error) {
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b.Sequence() >= MaxID {
			return ErrExhausted
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		t.ID, t.Version = int64(seq), 1
		return b.Put(key(t.ID), encodeItem(t))
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

// Update implements Store.
func (s *BoltStore) Update(_ context.Context, id int64, fn func(*Todo) error) (Todo, error) {
	var t Todo
	err := s.db.Batch(func(tx *bolt.Tx) error {
		t = Todo{}
		b := tx.Bucket(bucket)
		v := b.Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		var err error
		if t, err = decodeItem(key(id), v); err != nil {
			return err
		}
		version := t.Version
		if version >= MaxID {
			return ErrExhausted
		}
		if err := fn(&t); err != nil {
			return err
		}
		t.ID, t.Version = id, version+1
		return b.Put(key(id), encodeItem(t))
	})
	if err != nil {
		return Todo{}, err
	}
	return t, nil
}

// Delete implements Store.
func (s *BoltStore) Delete(_ context.Context, id int64, check func(Todo) error) error {
	return s.db.Batch(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		v := b.Get(key(id))
		if v == nil {
			return ErrNotFound
		}
		if check != nil {
			t, err := decodeItem(key(id), v)
			if err != nil {
				return err
			}
			if err := check(t); err != nil {
				return err
			}
		}
		return b.Delete(key(id))
	})
}

// Import implements Store, in one transaction. The bucket's sequence,
// which Create takes ids from, is the highest id the store ever held, and
// moves past the highest imported one.
func (s *BoltStore) Import(_ context.Context, items []Todo) error {
	items, err := prepareImport(items)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		used := int64(b.Sequence())
		for _, t := range items {
			if t.ID <= used {
				return idUsed(t.ID, used)
			}
		}
		for _, t := range items {
			if err := b.Put(key(t.ID), encodeItem(t)); err != nil {
				return err
			}
			if uint64(t.ID) > b.Sequence() {
				if err := b.SetSequence(uint64(t.ID)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Close implements Store.
func (s *BoltStore) Close() error { return s.db.Close() }
