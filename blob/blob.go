// Package blob stores uploaded files by the SHA-256 of their bytes, so the
// same bytes are kept once. Dir is the local store; an S3-compatible store
// can implement Store for production.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrTooLarge is returned by Put when the stream exceeds its limit.
var ErrTooLarge = errors.New("blob exceeds its size limit")

// Store keeps blobs by content.
type Store interface {
	// Put streams r into the store, refusing more than limit bytes, and
	// returns the hex SHA-256 and the size.
	Put(ctx context.Context, r io.Reader, limit int64) (sum string, size int64, err error)
	// Open returns the blob's bytes.
	Open(ctx context.Context, sum string) (io.ReadCloser, error)
}

// Dir is a Store in a local directory: blobs at <root>/<2 hex>/<64 hex>.
type Dir struct {
	root string
}

// NewDir returns a store rooted at root, creating it.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("create blob dir: %w", err)
	}
	return &Dir{root: root}, nil
}

// Put writes to a temporary file while hashing, then renames it into
// place; a crash leaves at most a stray temporary file, never a partial blob.
func (d *Dir) Put(_ context.Context, r io.Reader, limit int64) (string, int64, error) {
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "upload-*")
	if err != nil {
		return "", 0, fmt.Errorf("create temp blob: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err != nil {
		return "", 0, fmt.Errorf("write blob: %w", err)
	}
	if n > limit {
		return "", 0, ErrTooLarge
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("sync blob: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	path := d.path(sum)
	if _, err := os.Stat(path); err == nil {
		return sum, n, nil // the same bytes are stored already
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", 0, fmt.Errorf("create blob dir: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	return sum, n, nil
}

// Open opens a stored blob.
func (d *Dir) Open(_ context.Context, sum string) (io.ReadCloser, error) {
	if _, err := hex.DecodeString(sum); err != nil || len(sum) != 64 {
		return nil, fmt.Errorf("bad blob name %q", sum)
	}
	f, err := os.Open(d.path(sum))
	if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}

// Root is the directory the store keeps its files in.
func (d *Dir) Root() string { return d.root }

func (d *Dir) path(sum string) string { return filepath.Join(d.root, sum[:2], sum) }
