package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/demo"
)

// TestOpenDraftsPages walks an applicant's open drafts two at a time,
// keyset on (updated_at, id) with ties: each once, newest first; a
// submitted draft and another applicant's are not listed.
func TestOpenDraftsPages(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	for i := range 5 {
		d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
		if err := s.CreateDraft(ctx, d, haoban.AuditEntry{At: at, Actor: "zhang-wei"}); err != nil {
			t.Fatal(err)
		}
		if err := s.PatchDraft(ctx, d.ID, haoban.DraftPatch{}, at.Add(time.Duration(i%2)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	other := haoban.Draft{ID: uuid.NewString(), Applicant: "li-na", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, other, haoban.AuditEntry{At: at, Actor: "li-na"}); err != nil {
		t.Fatal(err)
	}
	submitted := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, submitted, haoban.AuditEntry{At: at, Actor: "zhang-wei"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitDraft(ctx, submitted.ID, newCase(uuid.NewString(), "k1")); err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	var afterAt time.Time
	afterID := ""
	for range 4 {
		page, total, err := s.OpenDrafts(ctx, "zhang-wei", "", afterAt, afterID, 2)
		if err != nil || total != 5 {
			t.Fatalf("total %d (%v)", total, err)
		}
		for _, d := range page {
			if seen[d.ID] || (afterID != "" && d.UpdatedAt.After(afterAt)) {
				t.Fatalf("draft %s twice or out of order", d.ID)
			}
			seen[d.ID] = true
			afterAt, afterID = d.UpdatedAt, d.ID
		}
		if len(page) < 2 {
			break
		}
	}
	if len(seen) != 5 || seen[other.ID] || seen[submitted.ID] {
		t.Fatalf("seen %d drafts: %v", len(seen), seen)
	}
	if _, _, err := s.OpenDrafts(ctx, "zhang-wei", "", at, "not-a-uuid", 2); haoban.ErrorCode(err) != haoban.EINVALID {
		t.Errorf("a bad cursor: %v", err)
	}

	open, err := s.OpenCases(ctx, "zhang-wei", "newborn")
	if err != nil || len(open) != 1 || open[0].Form["child.name"] == nil {
		t.Fatalf("open cases %+v (%v)", open, err)
	}
	named, err := s.EnterprisesNamed(ctx, demo.Enterprises()[0].Name)
	if err != nil || len(named) != 1 || named[0].USCC != demo.Enterprises()[0].USCC {
		t.Fatalf("enterprises named: %+v (%v)", named, err)
	}
}
