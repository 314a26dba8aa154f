package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
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
