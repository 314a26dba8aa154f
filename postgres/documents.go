package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const documentColumns = `id::text, COALESCE(licence_id::text, ''), COALESCE(benefit_id, ''), COALESCE(case_id::text, ''),
	kind, department, sha256, size, ses_signature, created_at`

func scanDocument(r pgx.CollectableRow) (haoban.Document, error) {
	var d haoban.Document
	err := r.Scan(&d.ID, &d.LicenceID, &d.BenefitID, &d.CaseID, &d.Kind, &d.Department, &d.SHA256, &d.Size, &d.SESSignature,
		&d.CreatedAt)
	return d, err
}

// RecordDocument records a sealed document once per licence, or benefit
// case, and kind: a retried signing step that signed again keeps the
// first record, and created says whether this one was kept.
func (s *Store) RecordDocument(ctx context.Context, d haoban.Document) (kept haoban.Document, created bool, err error) {
	owner, conflict := `licence_id = $1 AND kind = $2`, `(licence_id, kind)`
	ownerID := d.LicenceID
	if d.BenefitID != "" {
		owner, conflict = `benefit_id = $1 AND kind = $2`, `(benefit_id, kind) WHERE benefit_id IS NOT NULL`
		ownerID = d.BenefitID
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO documents (id, licence_id, benefit_id, case_id, kind, department, sha256, size,
		ses_signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT `+conflict+` DO NOTHING`,
		d.ID, nullIfEmpty(d.LicenceID), nullIfEmpty(d.BenefitID), nullIfEmpty(d.CaseID), d.Kind, d.Department, d.SHA256,
		d.Size, d.SESSignature)
	if err != nil {
		return d, false, fmt.Errorf("record document: %w", err)
	}
	kept, err = s.findDocument(ctx, owner, ownerID, d.Kind)
	return kept, tag.RowsAffected() == 1, err
}

// nullIfEmpty is NULL for "": a document belongs to a licence or to a
// benefit case, and the other column stays empty.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// FindDocument returns one document.
func (s *Store) FindDocument(ctx context.Context, id string) (haoban.Document, error) {
	if !isUUID(id) {
		return haoban.Document{}, haoban.Errorf(haoban.ENOTFOUND, "文书不存在")
	}
	return s.findDocument(ctx, `id = $1`, id)
}

// DocumentBySHA256 finds the document whose signed file has these bytes.
func (s *Store) DocumentBySHA256(ctx context.Context, sum string) (haoban.Document, error) {
	return s.findDocument(ctx, `sha256 = $1`, sum)
}

// DocumentsOf returns the documents of licences, by licence.
func (s *Store) DocumentsOf(ctx context.Context, licenceIDs []string) ([]haoban.Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE licence_id::text = ANY($1)
		ORDER BY licence_id, kind`, licenceIDs)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return pgx.CollectRows(rows, scanDocument)
}

func (s *Store) findDocument(ctx context.Context, where string, args ...any) (haoban.Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE `+where+` ORDER BY created_at LIMIT 1`, args...)
	if err != nil {
		return haoban.Document{}, fmt.Errorf("find document: %w", err)
	}
	d, err := pgx.CollectExactlyOneRow(rows, scanDocument)
	return d, translate(err, "文书")
}
