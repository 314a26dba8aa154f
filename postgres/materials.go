package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// AddMaterial records an upload. The same bytes for the same material of
// the same draft or case are one row: the existing one is returned with
// created false.
func (s *Store) AddMaterial(ctx context.Context, m haoban.NewMaterial, meta haoban.AuditEntry) (haoban.CaseMaterial, bool, error) {
	var out haoban.CaseMaterial
	created := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		owner, ownerID := "case_id", m.CaseID
		if m.DraftID != "" {
			owner, ownerID = "draft_id", m.DraftID
		}
		var draft, kase *string
		if m.DraftID != "" {
			draft = &m.DraftID
		}
		if m.CaseID != "" {
			kase = &m.CaseID
		}
		// A case's materials include those its draft had: look there too
		// before inserting, so the same bytes are one material either way.
		fields := m.Fields
		if fields == nil {
			fields = map[string]string{}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO materials (id, draft_id, case_id, code, file_name, content_type, size, sha256, uploaded_by,
				uploaded_at, fields, generated)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13
			WHERE NOT EXISTS (SELECT 1 FROM materials WHERE `+owner+` = $11 AND code = $4 AND sha256 = $8)
			ON CONFLICT DO NOTHING`,
			m.ID, draft, kase, m.Code, m.FileName, m.ContentType, m.Size, m.SHA256, m.UploadedBy, m.UploadedAt, ownerID, fields, m.Generated)
		if err != nil {
			return fmt.Errorf("insert material: %w", err)
		}
		created = tag.RowsAffected() == 1
		rows, err := tx.Query(ctx, `SELECT `+materialColumns+` FROM materials WHERE `+owner+` = $1 AND code = $2 AND sha256 = $3
			ORDER BY uploaded_at LIMIT 1`, ownerID, m.Code, m.SHA256)
		if err != nil {
			return fmt.Errorf("read material: %w", err)
		}
		if out, err = pgx.CollectExactlyOneRow(rows, scanMaterial); err != nil {
			return fmt.Errorf("read material: %w", err)
		}
		if !created {
			return nil
		}
		meta.Action, meta.Target = "material_uploaded", out.ID
		if m.Generated {
			meta.Action = "material_generated"
		}
		meta.After = Summary(map[string]any{"code": m.Code, "sha256": m.SHA256, "size": m.Size, "content_type": m.ContentType})
		return appendAudit(ctx, tx, meta)
	})
	return out, created, err
}

// FindMaterial returns a material and its draft or case.
func (s *Store) FindMaterial(ctx context.Context, id string) (haoban.CaseMaterial, haoban.MaterialOwner, error) {
	var owner haoban.MaterialOwner
	if !isUUID(id) {
		return haoban.CaseMaterial{}, owner, haoban.Errorf(haoban.ENOTFOUND, "材料不存在")
	}
	var draft, kase *string
	if err := s.pool.QueryRow(ctx, `SELECT draft_id::text, case_id::text FROM materials WHERE id = $1`, id).Scan(&draft, &kase); err != nil {
		return haoban.CaseMaterial{}, owner, translate(err, "材料")
	}
	if draft != nil {
		owner.DraftID = *draft
	}
	if kase != nil {
		owner.CaseID = *kase
	}
	rows, err := s.pool.Query(ctx, `SELECT `+materialColumns+` FROM materials WHERE id = $1`, id)
	if err != nil {
		return haoban.CaseMaterial{}, owner, err
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanMaterial)
	return m, owner, translate(err, "材料")
}

const materialColumns = `id::text, code, file_name, content_type, size, sha256, uploaded_by, uploaded_at, fields, generated`

func scanMaterial(r pgx.CollectableRow) (haoban.CaseMaterial, error) {
	var m haoban.CaseMaterial
	err := r.Scan(&m.ID, &m.Code, &m.FileName, &m.ContentType, &m.Size, &m.SHA256, &m.UploadedBy, &m.UploadedAt, &m.Fields, &m.Generated)
	return m, err
}

// materials lists the materials of a draft or case (column names which).
func (s *Store) materials(ctx context.Context, column, id string) ([]haoban.CaseMaterial, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+materialColumns+` FROM materials WHERE `+column+` = $1 ORDER BY uploaded_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("list materials: %w", err)
	}
	ms, err := pgx.CollectRows(rows, scanMaterial)
	if ms == nil {
		ms = []haoban.CaseMaterial{}
	}
	return ms, err
}
