package blob_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"haoban/blob"
)

func TestDir(t *testing.T) {
	root := t.TempDir()
	d, err := blob.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sum, n, err := d.Put(ctx, strings.NewReader("营业执照"), 100)
	if err != nil || n != int64(len("营业执照")) {
		t.Fatalf("Put = %s, %d, %v", sum, n, err)
	}
	t.Run("SameBytesStoredOnce", func(t *testing.T) {
		again, _, err := d.Put(ctx, strings.NewReader("营业执照"), 100)
		if err != nil || again != sum {
			t.Fatalf("Put again = %s, %v", again, err)
		}
		files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
		var blobs int
		for _, f := range files {
			if filepath.Base(filepath.Dir(f)) != "tmp" {
				blobs++
			}
		}
		if blobs != 1 {
			t.Fatalf("%d blob files, want 1: %v", blobs, files)
		}
	})
	t.Run("ReadBack", func(t *testing.T) {
		r, err := d.Open(ctx, sum)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if b, _ := io.ReadAll(r); string(b) != "营业执照" {
			t.Fatalf("read %q", b)
		}
	})
	t.Run("ErrTooLargeLeavesNothing", func(t *testing.T) {
		_, _, err := d.Put(ctx, strings.NewReader(strings.Repeat("x", 101)), 100)
		if !errors.Is(err, blob.ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
		if tmp, _ := os.ReadDir(filepath.Join(root, "tmp")); len(tmp) != 0 {
			t.Fatalf("a refused upload left %d temporary files", len(tmp))
		}
	})
	t.Run("ErrBadName", func(t *testing.T) {
		if _, err := d.Open(ctx, "../../etc/passwd"); err == nil {
			t.Fatal("opened a path outside the store")
		}
	})
}
