package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

const licenceColumns = `id::text, type, number, holder, holder_name, fields, valid_from, valid_to, status, version,
	issued_by, issued_at, updated_at, COALESCE(case_id::text, ''), COALESCE(item, ''), COALESCE(superseded_by::text, ''),
	COALESCE(revoked_reason, '')`

func scanLicence(r pgx.CollectableRow) (haoban.Licence, error) {
	var l haoban.Licence
	err := r.Scan(&l.ID, &l.Type, &l.Number, &l.Holder, &l.HolderName, &l.Fields, &l.ValidFrom, &l.ValidTo, &l.Status,
		&l.Version, &l.IssuedBy, &l.IssuedAt, &l.UpdatedAt, &l.CaseID, &l.Item, &l.SupersededBy, &l.RevokedReason)
	return l, err
}

// LicencesOf returns every licence of the holders, newest first.
func (s *Store) LicencesOf(ctx context.Context, holders []string) ([]haoban.Licence, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+licenceColumns+` FROM licences WHERE holder = ANY($1)
		ORDER BY issued_at DESC, number`, holders)
	if err != nil {
		return nil, fmt.Errorf("find licences: %w", err)
	}
	return pgx.CollectRows(rows, scanLicence)
}

// UpsertLicence writes a licence by its number (the demo's licences held
// before Haoban; issuance writes its own in the sealing step).
func (s *Store) UpsertLicence(ctx context.Context, l haoban.Licence) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO licences (id, type, number, holder, holder_name, fields, valid_from, valid_to,
			status, version, issued_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET fields = EXCLUDED.fields, holder_name = EXCLUDED.holder_name,
			valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, status = EXCLUDED.status, updated_at = now()`,
		l.ID, l.Type, l.Number, l.Holder, l.HolderName, l.Fields, l.ValidFrom, l.ValidTo, l.Status, l.Version, l.IssuedBy)
	if err != nil {
		return fmt.Errorf("upsert licence %s: %w", l.Number, err)
	}
	return nil
}

// AllocateLicence records the licence a case item issues, with a number
// drawn once: a repeated call for the same case and item returns the
// licence of the first, number included.
func (s *Store) AllocateLicence(ctx context.Context, l haoban.Licence, prefix string) (haoban.Licence, error) {
	if _, err := s.pool.Exec(ctx, `INSERT INTO licences (id, type, number, holder, holder_name, fields, valid_from, valid_to,
			status, version, issued_by, issued_at, case_id, item)
		VALUES ($1, $2, $3 || to_char($7::date, 'YYYY') || lpad(nextval('licence_numbers')::text, 8, '0'), $4, $5, $6, $7, $8,
			'valid', 1, $9, $10, $11, $12)
		ON CONFLICT (case_id, item) WHERE case_id IS NOT NULL DO NOTHING`,
		l.ID, l.Type, prefix, l.Holder, l.HolderName, l.Fields, l.ValidFrom, l.ValidTo, l.IssuedBy, l.IssuedAt, l.CaseID, l.Item); err != nil {
		return haoban.Licence{}, fmt.Errorf("allocate licence: %w", err)
	}
	return s.findLicence(ctx, `case_id = $1 AND item = $2`, l.CaseID, l.Item)
}

// FindLicence returns one licence.
func (s *Store) FindLicence(ctx context.Context, id string) (haoban.Licence, error) {
	if !isUUID(id) {
		return haoban.Licence{}, haoban.Errorf(haoban.ENOTFOUND, "证照不存在")
	}
	return s.findLicence(ctx, `id = $1`, id)
}

// FindLicenceByNumber returns the newest version of the licence with a
// number: its versions share it.
func (s *Store) FindLicenceByNumber(ctx context.Context, number string) (haoban.Licence, error) {
	return s.findLicence(ctx, `number = $1 AND version = (SELECT max(version) FROM licences WHERE number = $1)`, number)
}

func (s *Store) findLicence(ctx context.Context, where string, args ...any) (haoban.Licence, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+licenceColumns+` FROM licences WHERE `+where, args...)
	if err != nil {
		return haoban.Licence{}, fmt.Errorf("find licence: %w", err)
	}
	l, err := pgx.CollectExactlyOneRow(rows, scanLicence)
	return l, translate(err, "证照")
}

// RevokeLicence revokes a valid licence with the reason, audited.
func (s *Store) RevokeLicence(ctx context.Context, id, reason string, meta haoban.AuditEntry) (haoban.Licence, error) {
	if !isUUID(id) {
		return haoban.Licence{}, haoban.Errorf(haoban.ENOTFOUND, "证照不存在")
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM licences WHERE id = $1 FOR UPDATE`, id).Scan(&status); err != nil {
			return translate(err, "证照")
		}
		if status != string(haoban.LicenceValid) {
			return haoban.Errorf(haoban.ECONFLICT, "该证照当前状态为 %s，不能吊销", status)
		}
		if _, err := tx.Exec(ctx, `UPDATE licences SET status = 'revoked', revoked_reason = $2, updated_at = now() WHERE id = $1`,
			id, reason); err != nil {
			return fmt.Errorf("revoke licence: %w", err)
		}
		meta.Action, meta.Target = "licence_revoked", id
		meta.Before, meta.After = Summary(map[string]string{"status": status}), Summary(map[string]string{"status": "revoked", "reason": reason})
		return appendAudit(ctx, tx, meta)
	})
	if err != nil {
		return haoban.Licence{}, err
	}
	return s.FindLicence(ctx, id)
}

// SupersedeLicence records next as the new version of a valid licence and
// marks the old one superseded, pointing to it. Run again, it returns the
// version recorded the first time.
func (s *Store) SupersedeLicence(ctx context.Context, oldID string, next haoban.Licence) (haoban.Licence, error) {
	var id string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var status string
		var successor *string
		if err := tx.QueryRow(ctx, `SELECT status, superseded_by::text FROM licences WHERE id = $1 FOR UPDATE`, oldID).
			Scan(&status, &successor); err != nil {
			return translate(err, "证照")
		}
		if successor != nil {
			id = *successor
			return nil
		}
		if status != string(haoban.LicenceValid) {
			return haoban.Errorf(haoban.ECONFLICT, "证照状态为 %s，不能换发", status)
		}
		var caseID *string
		if next.CaseID != "" {
			caseID = &next.CaseID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO licences (id, type, number, holder, holder_name, fields, valid_from, valid_to,
				status, version, issued_by, issued_at, case_id, item)
			SELECT $2, type, number, holder, $3, $4, $5, valid_to, 'valid', version + 1, issued_by, $6, $7, item
			FROM licences WHERE id = $1`, oldID, next.ID, next.HolderName, next.Fields, next.ValidFrom, next.IssuedAt, caseID); err != nil {
			return fmt.Errorf("insert new version: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE licences SET status = 'superseded', superseded_by = $2, updated_at = now() WHERE id = $1`,
			oldID, next.ID); err != nil {
			return fmt.Errorf("supersede licence: %w", err)
		}
		id = next.ID
		return nil
	})
	if err != nil {
		return haoban.Licence{}, err
	}
	return s.FindLicence(ctx, id)
}
