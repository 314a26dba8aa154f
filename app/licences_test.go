package app_test

import (
	"context"
	"slices"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/issuing"
)

func TestLicences(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	s.restaurantCase("c1")
	s.documents = []haoban.Document{{ID: "doc-1", LicenceID: "lic-1", CaseID: "c1", Department: "samr"}}
	c := &app.Cases{Store: s, Authz: authz(t), Time: clock}
	l := &app.Licences{Store: s, Blobs: &blobs{files: map[string][]byte{}}, Reviewer: reviewer{}, Cases: c, Authz: authz(t), Time: clock}
	t.Run("ErrApplicantNamesAHolder", func(t *testing.T) {
		_, err := l.List(ctx, as(t, s, "li-na"), "91310115MA1K4ABCDD")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	for _, tc := range []struct{ user, code string }{
		{"li-na", ""},         // the applicant of the case that issued it
		{"reviewer-samr", ""}, // the department that issued it
		{"supervisor", ""},    //
		{"zhang-wei", haoban.ENOTFOUND},
		{"reviewer-health", haoban.ENOTFOUND},
	} {
		t.Run("Document/"+tc.user, func(t *testing.T) {
			_, r, err := l.OpenDocument(ctx, as(t, s, tc.user), "doc-1")
			wantCode(t, err, tc.code)
			if r != nil {
				r.Close()
			}
		})
	}
	t.Run("ErrRevokeWithoutReason", func(t *testing.T) {
		_, err := l.Revoke(ctx, as(t, s, "admin"), "lic-1", app.Revocation{Reason: "x"})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
}

// Verifying shows the personal numbers in full only to whom may read the
// document; anyone else holding the printout sees them masked.
func TestVerify(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	s.restaurantCase("c1")
	doc := haoban.Document{ID: "doc-1", LicenceID: "lic-1", CaseID: "c1", Department: "samr"}
	lic := haoban.Licence{ID: "lic-1", Type: "business-licence", Holder: "310115198811203215",
		Fields: map[string]any{"legal_rep.id_number": "310115198811203215"}}
	file := pdf("营业执照")
	c := &app.Cases{Store: s, Authz: authz(t), Time: clock}
	l := &app.Licences{Store: s, Reviewer: reviewer{}, Cases: c, Authz: authz(t), Time: clock,
		Verifier: verifier{file: file, v: issuing.Verification{Valid: true, Document: &doc, Licence: &lic}}}
	const masked = "310115********3215"
	for _, tc := range []struct {
		name, viewer, holder string
	}{
		{"Anonymous", "", masked},
		{"Applicant", "li-na", lic.Holder},
		{"ReviewerOfTheDepartment", "reviewer-samr", lic.Holder},
		{"Supervisor", "supervisor", lic.Holder},
		{"OtherApplicant", "zhang-wei", masked},
		{"ReviewerOfAnotherDepartment", "reviewer-health", masked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var viewer *haoban.User
			if tc.viewer != "" {
				u := s.users[tc.viewer]
				viewer = &u
			}
			for how, verify := range map[string]func() (issuing.Verification, error){
				"Verify":     func() (issuing.Verification, error) { return l.Verify(ctx, viewer, "doc-1") },
				"VerifyFile": func() (issuing.Verification, error) { return l.VerifyFile(ctx, viewer, file) },
			} {
				v, err := verify()
				wantCode(t, err, "")
				if !v.Valid || v.Licence.Holder != tc.holder || v.Licence.Fields["legal_rep.id_number"] != tc.holder {
					t.Fatalf("%s: holder %q, fields %v, want %q", how, v.Licence.Holder, v.Licence.Fields, tc.holder)
				}
			}
			if lic.Holder != "310115198811203215" {
				t.Fatal("masking changed the verifier's licence")
			}
		})
	}
	t.Run("ErrNoSuchDocument", func(t *testing.T) {
		_, err := l.Verify(ctx, nil, "doc-9")
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("FileNotIssuedHere", func(t *testing.T) {
		u := s.users["li-na"]
		v, err := l.VerifyFile(ctx, &u, pdf("伪造"))
		if err != nil || v.Valid || v.Document != nil || len(v.Reasons) == 0 {
			t.Fatalf("verification %+v, %v", v, err)
		}
	})
}

func TestDescribeLicence(t *testing.T) {
	ctx := context.Background()
	l := &app.Licences{Store: newStore()}
	t.Run("OK", func(t *testing.T) {
		// Labelled in the issuing item's order; keys it does not know are left out.
		name, fields, err := l.Describe(ctx, haoban.Licence{Type: "food-licence",
			Fields: map[string]any{"food.categories": []any{"热食类", "冷食类"}, "premises.area": 120.0, "internal.note": "x"}})
		want := []app.LicenceField{{Label: "经营场所面积（平方米）", Value: "120"}, {Label: "经营项目", Value: "热食类、冷食类"}}
		if err != nil || name != "食品经营许可证" || !slices.Equal(fields, want) {
			t.Fatalf("%q %v, %v", name, fields, err)
		}
	})
	t.Run("UnknownType", func(t *testing.T) {
		name, fields, err := l.Describe(ctx, haoban.Licence{Type: "fishing-permit", Fields: map[string]any{"premises.area": 1.0}})
		if err != nil || name != "" || fields != nil {
			t.Fatalf("%q %v, %v", name, fields, err)
		}
	})
}

func (s *store) FindLicenceByNumber(_ context.Context, number string) (haoban.Licence, error) {
	if number != "沪食证-1" {
		return haoban.Licence{}, errNotFound
	}
	return haoban.Licence{ID: "lic-1", Number: number, Type: "food-licence", Status: haoban.LicenceValid,
		ValidFrom: clock.T.AddDate(-1, 0, 0), Fields: map[string]any{"food.safety_manager_id": "310115198811203215"}}, nil
}

// A licence held from before Haoban has no sealed document: looking its
// number up tells its standing, masked for the public.
func TestVerifyNumber(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	l := &app.Licences{Store: s, Reviewer: reviewer{}, Authz: authz(t), Time: clock}
	t.Run("OK", func(t *testing.T) {
		v, err := l.VerifyNumber(ctx, nil, " 沪食证-1 ")
		if err != nil || !v.Valid || v.Licence.Fields["food.safety_manager_id"] != "310115********3215" {
			t.Fatalf("verification %+v, %v", v, err)
		}
	})
	t.Run("ErrUnknownNumber", func(t *testing.T) {
		_, err := l.VerifyNumber(ctx, nil, "沪食证-2")
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrNoNumber", func(t *testing.T) {
		_, err := l.VerifyNumber(ctx, nil, " ")
		wantCode(t, err, haoban.EINVALID)
	})
}
