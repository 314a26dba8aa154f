package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban/demo"
	"haoban/postgres/pgtest"
)

// TestIndexGuide: publishing indexes a version's bundle and items, a
// second index of it replaces its rows, and withdrawing removes them.
func TestIndexGuide(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	b := demo.OpenRestaurant()
	b.Items[1].Conditions = []string{"已取得营业执照", "后厨设有独立的排烟通道"}
	if err := s.UpsertDepartments(ctx, demo.Departments()); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertBundle(ctx, b); err != nil {
		t.Fatal(err)
	}
	b.Version = 1
	count := func() int {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM guide_entries WHERE bundle = $1 AND version = 1`, b.Code).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	inTx := func(f func(tx pgx.Tx) error) {
		if err := s.inTx(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		inTx(func(tx pgx.Tx) error { return indexGuide(ctx, tx, b, time.Time{}) })
		if n := count(); n != 1+len(b.Items) {
			t.Fatalf("%d rows for the bundle and its %d items", n, len(b.Items))
		}
	}
	hits, err := s.SearchGuide(ctx, []string{"独立的排烟通道"}, searchDay, 10)
	if err != nil || len(hits) != 1 || hits[0].Item != "food-licence" || hits[0].Matched != "受理条件" ||
		hits[0].Excerpt != "后厨设有独立的排烟通道" {
		t.Fatalf("search by a condition: %+v, %v", hits, err)
	}
	inTx(func(tx pgx.Tx) error { return unindexGuide(ctx, tx, b.Code, 1) })
	if n := count(); n != 0 {
		t.Fatalf("%d rows left after unindexing", n)
	}
	if list, err := s.GuideList(ctx, searchDay); err != nil || len(list) != 0 {
		t.Fatalf("list after unindexing: %+v, %v", list, err)
	}
}

// searchDay is when the index is read: every version indexed here is in
// force from the infinite past.
var searchDay = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
