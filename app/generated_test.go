package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/demo"
	"haoban/document"
)

// drawer stands in for document.RenderApplication: the same application
// gives the same bytes, which carry what was drawn for the test to read.
type drawer struct{ drawn []document.Application }

func (d *drawer) render(a document.Application) ([]byte, error) {
	d.drawn = append(d.drawn, a)
	b, err := json.Marshal(a)
	return append([]byte("%PDF-1.4\n"), b...), err
}

// ReplaceGenerated leaves keep the draft's only material of the code.
func (s *store) ReplaceGenerated(_ context.Context, draftID, code, keep string) error {
	d := s.drafts[draftID]
	d.Materials = slices.DeleteFunc(d.Materials, func(m haoban.CaseMaterial) bool { return m.Code == code && m.ID != keep })
	s.drafts[draftID] = d
	return nil
}

// refusingSubmit fails the first SubmitDraft, as a database that went away
// after the generated materials were stored would.
type refusingSubmit struct {
	*store
	refused bool
}

func (r *refusingSubmit) SubmitDraft(ctx context.Context, id string, nc haoban.NewCase) (string, error) {
	if !r.refused {
		r.refused = true
		return "", errors.New("connection reset")
	}
	return r.store.SubmitDraft(ctx, id, nc)
}

// restaurantDraft is li-na's complete open-restaurant draft d1: every
// material uploaded but the generated ones.
func restaurantDraft(t *testing.T) (*app.Drafts, *store, *drawer, *blobs) {
	d, s, _ := drafts(t)
	dr, bl := &drawer{}, &blobs{files: map[string][]byte{}}
	d.Generated = &app.Generated{Store: s, Blobs: bl, Render: dr.render}
	var uploads []haoban.CaseMaterial
	for _, m := range s.bundles["open-restaurant"].Materials() {
		if !m.Generated() && m.Required {
			uploads = append(uploads, haoban.CaseMaterial{ID: "up-" + m.Code, Code: m.Code, FileName: m.Code + ".pdf"})
		}
	}
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "li-na", Bundle: "open-restaurant", Form: demo.RestaurantForm(),
		Materials: uploads, UpdatedAt: clock.T}
	return d, s, dr, bl
}

var bothPledges = app.SubmitOptions{Pledges: []string{"company-application", "food-application"}}

func TestGeneratedMaterials(t *testing.T) {
	ctx := context.Background()
	t.Run("SubmitWritesThemFromTheForm", func(t *testing.T) {
		d, s, dr, bl := restaurantDraft(t)
		id, err := d.Submit(ctx, as(t, s, "li-na"), "d1", bothPledges)
		wantCode(t, err, "")
		if id == "" || len(s.materials) != 2 || len(dr.drawn) != 2 {
			t.Fatalf("case %q, %d materials stored, %d drawn", id, len(s.materials), len(dr.drawn))
		}
		for _, m := range s.materials {
			sum := sha256.Sum256(bl.files[m.SHA256])
			if !m.Generated || m.DraftID != "d1" || m.ContentType != "application/pdf" || m.UploadedBy != "li-na" ||
				hex.EncodeToString(sum[:]) != m.SHA256 || m.Size != int64(len(bl.files[m.SHA256])) {
				t.Errorf("stored %+v", m)
			}
		}
		company := dr.drawn[0]
		if company.Title != "公司登记申请书" || !company.Confirmed || !strings.HasPrefix(company.Applicant, "李娜") || company.Pledge == "" ||
			!slices.Contains(company.Lines, "企业名称：上海好味餐饮有限公司") || !slices.Contains(company.Lines, "注册资本（万元）：50") {
			t.Fatalf("drew %+v", company)
		}
		if food := dr.drawn[1]; !slices.Contains(food.Lines, "经营项目：热食类、自制饮品") {
			t.Fatalf("food application lines %q", food.Lines)
		}
	})
	t.Run("ErrWithoutPledgeListedWithTheRest", func(t *testing.T) {
		d, s, dr, _ := restaurantDraft(t)
		draft := s.drafts["d1"]
		delete(draft.Form, "enterprise.name")
		s.drafts["d1"] = draft
		_, err := d.Submit(ctx, as(t, s, "li-na"), "d1", app.SubmitOptions{Pledges: []string{"food-application"}})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		var fields []string
		for _, e := range haoban.ErrorDetails(err) {
			fields = append(fields, e.Field)
		}
		if !slices.Equal(fields, []string{"form.enterprise.name", "pledges.company-application"}) {
			t.Fatalf("refused for %v, want the missing name and the unconfirmed pledge", fields)
		}
		if len(s.created) != 0 || len(dr.drawn) != 0 || len(s.materials) != 0 {
			t.Fatalf("refused, yet %d cases, %d drawn, %d stored", len(s.created), len(dr.drawn), len(s.materials))
		}
	})
	t.Run("NoUploadAskedFor", func(t *testing.T) {
		d, s, _, _ := restaurantDraft(t)
		err := d.Complete(ctx, as(t, s, "li-na"), s.bundles["open-restaurant"], s.drafts["d1"])
		wantCode(t, err, "")
	})
	t.Run("RetryAfterSubmittedDrawsNothing", func(t *testing.T) {
		d, s, dr, _ := restaurantDraft(t)
		r := as(t, s, "li-na")
		first, err := d.Submit(ctx, r, "d1", bothPledges)
		wantCode(t, err, "")
		again, err := d.Submit(ctx, r, "d1", bothPledges)
		if err != nil || again != first || len(dr.drawn) != 2 || len(s.materials) != 2 {
			t.Fatalf("retry: case %s (%v), %d drawn, %d stored", again, err, len(dr.drawn), len(s.materials))
		}
	})
	t.Run("RetryAfterFailureStoresTheSameBytes", func(t *testing.T) {
		d, s, dr, _ := restaurantDraft(t)
		failing := &refusingSubmit{store: s}
		d.Store = failing
		r := as(t, s, "li-na")
		_, err := d.Submit(ctx, r, "d1", bothPledges)
		if err == nil {
			t.Fatal("the first submission did not fail")
		}
		_, err = d.Submit(ctx, r, "d1", bothPledges)
		wantCode(t, err, "")
		if len(s.materials) != 4 || s.materials[0].SHA256 != s.materials[2].SHA256 || s.materials[1].SHA256 != s.materials[3].SHA256 {
			t.Fatalf("the retry stored other bytes: %d stored", len(s.materials))
		}
		if len(dr.drawn) != 4 || len(s.created) != 1 {
			t.Fatalf("%d drawn, %d cases", len(dr.drawn), len(s.created))
		}
	})
	t.Run("ReplacesAnEarlierDocument", func(t *testing.T) {
		d, s, _, _ := restaurantDraft(t)
		draft := s.drafts["d1"]
		draft.Materials = append(draft.Materials, haoban.CaseMaterial{ID: "old", Code: "company-application", SHA256: "0ld"})
		s.drafts["d1"] = draft
		_, err := d.Submit(ctx, as(t, s, "li-na"), "d1", bothPledges)
		wantCode(t, err, "")
		if slices.ContainsFunc(s.drafts["d1"].Materials, func(m haoban.CaseMaterial) bool { return m.ID == "old" }) {
			t.Fatal("the earlier company application is still the draft's")
		}
	})
}

func TestPreviewGenerated(t *testing.T) {
	ctx := context.Background()
	t.Run("OKFromTheCurrentForm", func(t *testing.T) {
		d, s, dr, bl := restaurantDraft(t)
		f, err := d.Preview(ctx, as(t, s, "li-na"), "d1", "food-application")
		wantCode(t, err, "")
		if f.FileName != "食品经营许可申请书.pdf" || !bytes.HasPrefix(f.PDF, []byte("%PDF-")) || len(dr.drawn) != 1 ||
			dr.drawn[0].Confirmed || !strings.Contains(dr.drawn[0].Subtitle, "食品经营许可证") {
			t.Fatalf("preview %q, drew %+v", f.FileName, dr.drawn)
		}
		if len(bl.files) != 0 || len(s.materials) != 0 {
			t.Fatal("a preview was stored")
		}
	})
	for _, tc := range []struct{ name, user, code string }{
		{"ErrAnotherApplicantsDraft", "zhang-wei", "food-application"},
		{"ErrUploadedMaterial", "li-na", "articles"},
		{"ErrNoSuchMaterial", "li-na", "no-such"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, s, dr, _ := restaurantDraft(t)
			_, err := d.Preview(ctx, as(t, s, tc.user), "d1", tc.code)
			if wantCode(t, err, haoban.ENOTFOUND); len(dr.drawn) != 0 {
				t.Fatal("drew a document it should not have")
			}
		})
	}
}

func TestUploadOfGeneratedMaterialRefused(t *testing.T) {
	m, s := materials(t)
	_, _, err := m.ToDraft(context.Background(), as(t, s, "li-na"), "d1",
		app.Upload{Code: "company-application", FileName: "申请书.pdf", Body: bytes.NewReader(pdf("x"))})
	if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "material" || !strings.Contains(haoban.ErrorMessage(err), "自动生成") {
		t.Fatalf("field %q, message %q", field, haoban.ErrorMessage(err))
	}
	if len(s.materials) != 0 {
		t.Fatal("stored the upload")
	}
}

func TestDraftPagePledges(t *testing.T) {
	d, s, _, _ := restaurantDraft(t)
	p, err := d.Page(context.Background(), as(t, s, "li-na"), "d1")
	wantCode(t, err, "")
	if len(p.Pledges) != 2 || p.Pledges[0].Code != "company-application" || p.Pledges[1].Name != "食品经营许可申请书" {
		t.Fatalf("pledges %+v", p.Pledges)
	}
	p.MarkPledges([]haoban.ErrorDetail{{Field: "pledges.company-application", Message: "请确认"}}, []string{"food-application"})
	if p.Pledges[0].Checked || len(p.Pledges[0].Problems) != 1 || !p.Pledges[1].Checked || len(p.Pledges[1].Problems) != 0 {
		t.Fatalf("marked %+v", p.Pledges)
	}
}
