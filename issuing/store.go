package issuing

import (
	"context"

	"haoban"
)

// Store is what issuing reads and records: cases and the catalogue, the
// licence library, benefit cases and their documents, the seals and their
// authorities (postgres.Store).
type Store interface {
	FindCasePrefill(ctx context.Context, id string) (haoban.CasePrefill, error)
	FindBundleVersion(ctx context.Context, code string, version int) (haoban.Bundle, error)
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
	FindDepartment(ctx context.Context, code string) (haoban.Department, error)
	FindResident(ctx context.Context, idNumber string) (haoban.Resident, error)
	EnterprisesOf(ctx context.Context, idNumber string) ([]haoban.Enterprise, error)
	LicencesOf(ctx context.Context, holders []string) ([]haoban.Licence, error)
	FindLicence(ctx context.Context, id string) (haoban.Licence, error)
	AllocateLicence(ctx context.Context, l haoban.Licence, prefix string) (haoban.Licence, error)
	SupersedeLicence(ctx context.Context, oldID string, next haoban.Licence) (haoban.Licence, error)
	ListLinkRules(ctx context.Context) ([]haoban.LinkRule, error)
	FindBenefit(ctx context.Context, id string) (haoban.BenefitCase, error)
	FindDocument(ctx context.Context, id string) (haoban.Document, error)
	DocumentBySHA256(ctx context.Context, sum string) (haoban.Document, error)
	RecordDocument(ctx context.Context, d haoban.Document) (kept haoban.Document, created bool, err error)
	FindSeal(ctx context.Context, department string) (haoban.SealRecord, error)
	SaveSeal(ctx context.Context, r haoban.SealRecord) (haoban.SealRecord, error)
	FindAuthority(ctx context.Context, kind string) (cert, key []byte, err error)
	SaveAuthority(ctx context.Context, kind string, cert, key []byte) (keptCert, keptKey []byte, err error)
}
