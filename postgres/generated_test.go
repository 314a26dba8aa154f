package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
)

// TestGeneratedMaterialRoundTrip: a material written from the form is
// kept as generated, once for the same bytes, and goes with the draft to
// its case.
func TestGeneratedMaterialRoundTrip(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, d, haoban.AuditEntry{At: at, Actor: "zhang-wei"}); err != nil {
		t.Fatal(err)
	}
	add := func() (haoban.CaseMaterial, bool) {
		t.Helper()
		m, created, err := s.AddMaterial(ctx, haoban.NewMaterial{DraftID: d.ID, CaseMaterial: haoban.CaseMaterial{ID: uuid.NewString(),
			Code: "company-application", Name: "公司登记申请书", FileName: "公司登记申请书.pdf", ContentType: "application/pdf",
			Size: 10, SHA256: "ab12", UploadedBy: "zhang-wei", UploadedAt: at, Generated: true}}, audited(at))
		if err != nil {
			t.Fatal(err)
		}
		return m, created
	}
	first, created := add()
	again, createdAgain := add()
	if !first.Generated || !created || createdAgain || again.ID != first.ID {
		t.Fatalf("first %+v (%v), again %s (%v)", first, created, again.ID, createdAgain)
	}
	caseID, err := s.SubmitDraft(ctx, d.ID, newCase(uuid.NewString(), "generated"))
	if err != nil {
		t.Fatal(err)
	}
	m, owner, err := s.FindMaterial(ctx, first.ID)
	if err != nil || !m.Generated || owner.CaseID != caseID {
		t.Fatalf("on the case: %+v %+v (%v)", m, owner, err)
	}
	var action string
	if err := s.Pool().QueryRow(ctx, `SELECT action FROM audit WHERE target = $1`, first.ID).Scan(&action); err != nil || action != "material_generated" {
		t.Fatalf("audited as %q (%v)", action, err)
	}
}

func audited(at time.Time) haoban.AuditEntry { return haoban.AuditEntry{At: at, Actor: "zhang-wei"} }

// TestAcceptScanned: values accepted from a scan join the form with where
// they were read; a submitted draft takes none.
func TestAcceptScanned(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, d, haoban.AuditEntry{At: at, Actor: "zhang-wei"}); err != nil {
		t.Fatal(err)
	}
	if err := s.PatchDraft(ctx, d.ID, haoban.DraftPatch{Form: map[string]any{"father.name": "张伟"}}, at); err != nil {
		t.Fatal(err)
	}
	prov := map[string]any{"father.id_number": map[string]any{"value": "31010419900307123X", "material": "father-id"}}
	if err := s.AcceptScanned(ctx, d.ID, map[string]any{"father.id_number": "31010419900307123X"}, prov, at.Add(time.Minute),
		audited(at)); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindDraft(ctx, d.ID)
	if err != nil || got.Form["father.name"] != "张伟" || got.Form["father.id_number"] != "31010419900307123X" ||
		!got.UpdatedAt.Equal(at.Add(time.Minute)) {
		t.Fatalf("draft %+v (%v)", got, err)
	}
	raw, err := s.DraftScanned(ctx, d.ID)
	var kept map[string]map[string]any
	if err != nil || json.Unmarshal(raw, &kept) != nil || kept["father.id_number"]["material"] != "father-id" {
		t.Fatalf("scanned %s (%v)", raw, err)
	}
	if _, err := s.SubmitDraft(ctx, d.ID, newCase(uuid.NewString(), "scanned")); err != nil {
		t.Fatal(err)
	}
	err = s.AcceptScanned(ctx, d.ID, map[string]any{"father.name": "x"}, map[string]any{}, at, audited(at))
	if haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Fatalf("a submitted draft: %v", err)
	}
	if _, err := s.DraftScanned(ctx, "not-a-draft"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("no such draft: %v", err)
	}
}

// TestReplaceGenerated: a resubmitted draft's new document replaces the
// earlier ones: an unsubmitted one is deleted, and the one of the case not
// accepted stays with that case rather than following the draft.
func TestReplaceGenerated(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, d, audited(at)); err != nil {
		t.Fatal(err)
	}
	add := func(sum string) string {
		t.Helper()
		m, _, err := s.AddMaterial(ctx, haoban.NewMaterial{DraftID: d.ID, CaseMaterial: haoban.CaseMaterial{ID: uuid.NewString(),
			Code: "company-application", FileName: "公司登记申请书.pdf", ContentType: "application/pdf", Size: 10, SHA256: sum,
			UploadedBy: "zhang-wei", UploadedAt: at, Generated: true}}, audited(at))
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	refused := add("first")
	caseID, err := s.SubmitDraft(ctx, d.ID, newCase(uuid.NewString(), "refused"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPrereview(ctx, caseID, map[string]any{}, true); err != nil {
		t.Fatal(err)
	}
	failed, kept := add("second"), add("third")
	if err := s.ReplaceGenerated(ctx, d.ID, "company-application", kept); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindDraft(ctx, d.ID)
	if err != nil || len(got.Materials) != 1 || got.Materials[0].ID != kept {
		t.Fatalf("draft materials %+v (%v), want only %s", got.Materials, err, kept)
	}
	if _, owner, err := s.FindMaterial(ctx, refused); err != nil || owner.CaseID != caseID || owner.DraftID != "" {
		t.Fatalf("the refused case's document: %+v (%v)", owner, err)
	}
	if _, _, err := s.FindMaterial(ctx, failed); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Fatalf("the failed attempt's document: %v", err)
	}
}
