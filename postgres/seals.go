package postgres

import (
	"context"
	"fmt"

	"haoban"
)

// SaveSeal stores a department's seal unless it has one: two workers
// creating it at once keep the first. The kept seal comes back.
func (s *Store) SaveSeal(ctx context.Context, r haoban.SealRecord) (haoban.SealRecord, error) {
	if _, err := s.pool.Exec(ctx, `INSERT INTO seals (department, name, sm2_key, sm2_cert, seal, picture, pdf_key, pdf_cert)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (department) DO NOTHING`,
		r.Department, r.Name, r.SM2Key, r.SM2Cert, r.Seal, r.Picture, r.PDFKey, r.PDFCert); err != nil {
		return r, fmt.Errorf("save seal: %w", err)
	}
	return s.FindSeal(ctx, r.Department)
}

// FindSeal returns a department's seal.
func (s *Store) FindSeal(ctx context.Context, department string) (haoban.SealRecord, error) {
	var r haoban.SealRecord
	err := s.pool.QueryRow(ctx, `SELECT department, name, sm2_key, sm2_cert, seal, picture, pdf_key, pdf_cert FROM seals
		WHERE department = $1`, department).Scan(&r.Department, &r.Name, &r.SM2Key, &r.SM2Cert, &r.Seal, &r.Picture, &r.PDFKey, &r.PDFCert)
	return r, translate(err, "印章")
}

// SaveAuthority stores a local CA ("sm2" or "p256") unless one is there,
// and returns the one kept.
func (s *Store) SaveAuthority(ctx context.Context, kind string, cert, key []byte) (keptCert, keptKey []byte, err error) {
	if _, err := s.pool.Exec(ctx, `INSERT INTO authorities (kind, cert, key) VALUES ($1, $2, $3) ON CONFLICT (kind) DO NOTHING`,
		kind, cert, key); err != nil {
		return nil, nil, fmt.Errorf("save authority: %w", err)
	}
	return s.FindAuthority(ctx, kind)
}

// FindAuthority returns a local CA's certificate and encrypted key.
func (s *Store) FindAuthority(ctx context.Context, kind string) (cert, key []byte, err error) {
	err = s.pool.QueryRow(ctx, `SELECT cert, key FROM authorities WHERE kind = $1`, kind).Scan(&cert, &key)
	return cert, key, translate(err, "证书机构")
}
