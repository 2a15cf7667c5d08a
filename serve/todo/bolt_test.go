package todo

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A second open of a file that is in use fails at once, naming the lock
// (bbolt's own error says only "timeout").
func TestBoltInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "todos.db")
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, err = OpenBolt(path)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path+": in use by another process") {
		t.Fatalf("second open: %v, want ErrLocked naming %s", err, path)
	}
	// The wait is lockWait; the bound leaves room for a busy machine.
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the second open took %v", took)
	}
}

// Records written before items had versions read as version 1, and their
// next write stores version 2 in the new layout.
func TestBoltRecordWithoutVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "todos.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucket)
		if err != nil {
			return err
		}
		if err := b.SetSequence(3); err != nil {
			return err
		}
		return b.Put(binary.BigEndian.AppendUint64(nil, 3), append([]byte{flagDone}, "old"...))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Get(ctx, 3); err != nil || got != (Todo{ID: 3, Title: "old", Done: true, Version: 1}) {
		t.Fatalf("old record: %+v, %v", got, err)
	}
	got, err := s.Update(ctx, 3, func(t *Todo) error { t.Title = "new"; return nil })
	if err != nil || got != (Todo{ID: 3, Title: "new", Done: true, Version: 2}) {
		t.Fatalf("update of an old record: %+v, %v", got, err)
	}
	if got, _ := s.Get(ctx, 3); got.Version != 2 {
		t.Errorf("read back version %d, want 2", got.Version)
	}
	if got := mustCreate(t, s, "next", false); got.ID != 4 {
		t.Errorf("next id %d, want 4", got.ID)
	}
}

func TestBoltCorruptRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		k, v []byte
	}{
		{"no flags byte", make([]byte, 8), []byte{}},
		{"version cut short", make([]byte, 8), []byte{flagVersion, 0, 0, 1}},
		{"key not 8 bytes", []byte{1}, []byte{0}},
	} {
		if _, err := decodeItem(tc.k, tc.v); !errors.Is(err, errCorrupt) {
			t.Errorf("%s: %v, want errCorrupt", tc.name, err)
		}
	}
}
