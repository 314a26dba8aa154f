package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"haoban"
)

// TestDocumentOfLicenceAndBenefit records a licence's document and a
// benefit case's, each twice: each is kept once, the benefit's with no
// licence, and both are found by ID and by their bytes' hash.
func TestDocumentOfLicenceAndBenefit(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	b := openBenefits(t, s, "run-doc", 1e6, 3600, haoban.ForPersons, "310115199001011234")[0]
	var licence string
	if err := s.Pool().QueryRow(ctx, `SELECT id::text FROM licences ORDER BY id LIMIT 1`).Scan(&licence); err != nil {
		t.Fatalf("a demo licence: %v", err)
	}
	for name, d := range map[string]haoban.Document{
		"OKLicence": {ID: uuid.NewString(), LicenceID: licence, Kind: haoban.DocumentLicence, Department: "samr", SHA256: "aa", Size: 1, SESSignature: []byte{1}},
		"OKBenefit": {ID: uuid.NewString(), BenefitID: b.ID, Kind: "grant", Department: b.Department, SHA256: "bb", Size: 2, SESSignature: []byte{2}},
	} {
		t.Run(name, func(t *testing.T) {
			kept, created, err := s.RecordDocument(ctx, d)
			if err != nil || !created || kept.ID != d.ID || kept.LicenceID != d.LicenceID || kept.BenefitID != d.BenefitID {
				t.Fatalf("record = %+v, %v, %v; want %+v created", kept, created, err, d)
			}
			again := d
			again.ID, again.SHA256 = uuid.NewString(), "cc"
			kept, created, err = s.RecordDocument(ctx, again)
			if err != nil || created || kept.ID != d.ID {
				t.Fatalf("second record = %+v, %v, %v; want the first kept", kept, created, err)
			}
			byID, err := s.FindDocument(ctx, d.ID)
			if err != nil || byID.BenefitID != d.BenefitID || byID.LicenceID != d.LicenceID {
				t.Fatalf("find = %+v, %v", byID, err)
			}
			bySum, err := s.DocumentBySHA256(ctx, d.SHA256)
			if err != nil || bySum.ID != d.ID {
				t.Fatalf("by sha256 = %+v, %v", bySum, err)
			}
		})
	}
}
