package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/demo"
)

// SaveBundle keeps the bundle and its audit entry, as the store's
// transaction does.
func (s *store) SaveBundle(_ context.Context, b haoban.Bundle, meta haoban.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bundles[b.Code] = b
	s.audits = append(s.audits, meta)
	return nil
}

func TestCatalogueImport(t *testing.T) {
	ctx := context.Background()
	c, s := catalogueOf(t)
	admin := as(t, s, "catalogue-admin")
	t.Run("RefusedWithEveryProblem", func(t *testing.T) {
		b := demo.Newborn()
		b.Items[1].DependsOn = []string{"birth-certificat"}
		b.Items[2].PromisedDays = 16
		_, err := c.Import(ctx, admin, b)
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if got := haoban.ErrorDetails(err); len(got) != 2 {
			t.Fatalf("details = %v, want the two problems", got)
		}
		if len(s.audits) != 0 || s.bundles["newborn"].Items[2].PromisedDays == 16 {
			t.Fatal("a refused bundle was written")
		}
	})
	t.Run("UnchangedWritesNothing", func(t *testing.T) {
		b := demo.Newborn()
		for i := range b.Items {
			b.Items[i].Reminders = []string{} // a file's [] equals the store's nothing
		}
		res, err := c.Import(ctx, admin, b)
		if err != nil || res.Changed || len(s.audits) != 0 {
			t.Fatalf("import of the stored bundle = %+v, %v, %d audits", res, err, len(s.audits))
		}
	})
	t.Run("ChangedIsAuditedOnce", func(t *testing.T) {
		b := demo.Newborn()
		b.Name = "新生儿出生一件事（改）"
		for i := 0; i < 2; i++ {
			res, err := c.Import(ctx, admin, b)
			if err != nil || res.Changed != (i == 0) {
				t.Fatalf("import %d = %+v, %v", i+1, res, err)
			}
		}
		if len(s.audits) != 1 || s.audits[0].Action != "bundle_imported" || s.audits[0].Actor != "catalogue-admin" ||
			s.audits[0].Target != "newborn" || s.bundles["newborn"].Name != b.Name {
			t.Fatalf("audits = %+v", s.audits)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, who := range []string{"admin", "editor-samr", "supervisor", "reviewer-samr", "li-na"} {
			_, err := c.Import(ctx, as(t, s, who), demo.Newborn())
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ExportIsEveryBundle", func(t *testing.T) {
		bs, err := c.Export(ctx)
		if err != nil || len(bs) != 2 {
			t.Fatalf("export = %d bundles, %v", len(bs), err)
		}
	})
}
