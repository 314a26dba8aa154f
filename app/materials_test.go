package app_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
)

func materials(t *testing.T) (*app.Materials, *store) {
	s := newStore()
	c := &app.Cases{Store: s, Flow: &flow{}, Authz: authz(t), Time: clock}
	d := &app.Drafts{Store: s, Reviewer: reviewer{}, Cases: c, Time: clock}
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "li-na", Bundle: "open-restaurant"}
	return &app.Materials{Store: s, Blobs: &blobs{files: map[string][]byte{}}, Drafts: d, Cases: c, Time: clock}, s
}

func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

func TestUploads(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, code, file string
		body                   []byte
		want, field            string
	}{
		{"OK", "li-na", "articles", "章程.pdf", pdf("章程"), "", ""},
		{"ErrNoSuchMaterial", "li-na", "passport", "a.pdf", pdf("x"), haoban.EUNPROCESSABLE, "material"},
		{"ErrEmptyFile", "li-na", "articles", "a.pdf", nil, haoban.EUNPROCESSABLE, "file"},
		{"ErrTypeByContentNotName", "li-na", "articles", "a.pdf", []byte("MZ\x90\x00 an executable"), haoban.EUNPROCESSABLE, "file"},
		{"ErrTooLarge", "li-na", "articles", "a.pdf", append(pdf("x"), bytes.Repeat([]byte(" "), 11<<20)...), haoban.EUNPROCESSABLE, "file"},
		{"ErrAnotherApplicantsDraft", "zhang-wei", "articles", "a.pdf", pdf("x"), haoban.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, s := materials(t)
			saved, _, err := m.ToDraft(ctx, as(t, s, tc.user), "d1", app.Upload{Code: tc.code, FileName: tc.file, Body: bytes.NewReader(tc.body)})
			if field := wantCode(t, err, tc.want); field != tc.field {
				t.Fatalf("field %q, want %q", field, tc.field)
			}
			if tc.want == "" && (saved.ContentType != "application/pdf" || len(s.materials) != 1) {
				t.Fatalf("saved %+v", saved)
			}
		})
	}
}

func TestDisplayNameIsNeverAPath(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd": "passwd", `C:\Users\a\章程.pdf`: "章程.pdf", "a\r\nb.pdf": "ab.pdf", "": "未命名文件",
		strings.Repeat("长", 200): strings.Repeat("长", 120),
	} {
		if got := app.DisplayName(in); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUploadToCase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, caseID, code string
		status                   haoban.CaseStatus
		want, field              string
	}{
		{"OK", "li-na", "c1", "articles", haoban.CaseAwaitingSupplement, "", ""},
		{"ErrAnotherApplicantsCase", "zhang-wei", "c1", "articles", haoban.CaseInReview, haoban.ENOTFOUND, ""},
		{"ErrReviewerOfItsDepartment", "reviewer-samr", "c1", "articles", haoban.CaseInReview, haoban.ENOTFOUND, ""},
		{"ErrNoSuchCase", "li-na", "c9", "articles", haoban.CaseInReview, haoban.ENOTFOUND, ""},
		{"ErrClosedCase", "li-na", "c1", "articles", haoban.CaseCompleted, haoban.ECONFLICT, ""},
		{"ErrWithdrawnCase", "li-na", "c1", "articles", haoban.CaseWithdrawn, haoban.ECONFLICT, ""},
		{"ErrNoSuchMaterial", "li-na", "c1", "passport", haoban.CaseInReview, haoban.EUNPROCESSABLE, "material"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, s := materials(t)
			k := s.restaurantCase("c1")
			k.Status = tc.status
			s.cases["c1"] = k
			saved, created, err := m.ToCase(ctx, as(t, s, tc.user), tc.caseID, app.Upload{Code: tc.code, FileName: "章程.pdf", Body: bytes.NewReader(pdf("章程"))})
			if field := wantCode(t, err, tc.want); field != tc.field {
				t.Fatalf("field %q, want %q", field, tc.field)
			}
			if tc.want != "" {
				if len(s.materials) != 0 {
					t.Fatalf("stored %+v", s.materials)
				}
				return
			}
			if got := s.materials[0]; !created || got.CaseID != "c1" || got.DraftID != "" || saved.UploadedBy != "li-na" || saved.Code != "articles" {
				t.Fatalf("saved %+v as %+v", saved, got)
			}
		})
	}
	t.Run("ClosedCase", func(t *testing.T) {
		wantCode(t, app.ClosedCase(), haoban.ECONFLICT)
	})
}

// A material opens for whom may see its case, or for its draft's
// applicant alone; to anyone else it does not exist.
func TestOpenMaterial(t *testing.T) {
	ctx := context.Background()
	m, s := materials(t)
	s.restaurantCase("c1")
	r := as(t, s, "li-na")
	onCase, _, err := m.ToCase(ctx, r, "c1", app.Upload{Code: "articles", FileName: "章程.pdf", Body: bytes.NewReader(pdf("案"))})
	wantCode(t, err, "")
	onDraft, _, err := m.ToDraft(ctx, r, "d1", app.Upload{Code: "articles", FileName: "章程.pdf", Body: bytes.NewReader(pdf("稿"))})
	wantCode(t, err, "")
	for _, tc := range []struct {
		name, user string
		material   haoban.CaseMaterial
		want       string
		content    []byte
	}{
		{"CaseByApplicant", "li-na", onCase, "", pdf("案")},
		{"CaseByReviewer", "reviewer-samr", onCase, "", pdf("案")},
		{"CaseBySupervisor", "supervisor", onCase, "", pdf("案")},
		{"ErrCaseByOtherApplicant", "zhang-wei", onCase, haoban.ENOTFOUND, nil},
		{"ErrCaseByReviewerOfAnotherDepartment", "reviewer-health", onCase, haoban.ENOTFOUND, nil},
		{"DraftByApplicant", "li-na", onDraft, "", pdf("稿")},
		{"ErrDraftByReviewer", "reviewer-samr", onDraft, haoban.ENOTFOUND, nil}, // drafts are nobody else's business
		{"ErrDraftByOtherApplicant", "zhang-wei", onDraft, haoban.ENOTFOUND, nil},
		{"ErrNoSuchMaterial", "li-na", haoban.CaseMaterial{ID: "m-9"}, haoban.ENOTFOUND, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, f, err := m.Open(ctx, as(t, s, tc.user), tc.material.ID)
			wantCode(t, err, tc.want)
			if tc.want != "" {
				if f != nil {
					t.Fatal("a refused material came with its file")
				}
				return
			}
			defer f.Close()
			body, _ := io.ReadAll(f)
			if got.ID != tc.material.ID || !bytes.Equal(body, tc.content) {
				t.Fatalf("opened %+v: %q", got, body)
			}
		})
	}
}
