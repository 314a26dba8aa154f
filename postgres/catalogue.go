package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// UpsertDepartments inserts or renames departments.
func (s *Store) UpsertDepartments(ctx context.Context, depts []haoban.Department) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, d := range depts {
			if _, err := tx.Exec(ctx, `INSERT INTO departments (code, name, review_body, court) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, review_body = EXCLUDED.review_body, court = EXCLUDED.court`,
				d.Code, d.Name, d.ReviewBody, d.Court); err != nil {
				return fmt.Errorf("upsert department %s: %w", d.Code, err)
			}
		}
		return nil
	})
}

// UpsertBundle validates a bundle and writes it with its items, replacing
// the bundle's previous item list.
func (s *Store) UpsertBundle(ctx context.Context, b haoban.Bundle) error {
	return s.SaveBundle(ctx, b, haoban.AuditEntry{})
}

// SaveBundle is UpsertBundle that also appends meta to the audit trail in
// the same transaction, unless meta has no actor (an import, issue 16).
func (s *Store) SaveBundle(ctx context.Context, b haoban.Bundle, meta haoban.AuditEntry) error {
	if err := b.Validate(); err != nil {
		return err
	}
	defer s.bundles.Clear()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO bundles (code, name, promised_days) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, promised_days = EXCLUDED.promised_days, updated_at = now()`,
			b.Code, b.Name, b.PromisedDays); err != nil {
			return fmt.Errorf("upsert bundle %s: %w", b.Code, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM bundle_items WHERE bundle = $1`, b.Code); err != nil {
			return fmt.Errorf("clear bundle items: %w", err)
		}
		for i, it := range b.Items {
			fields, materials, reminders := it.Fields, it.Materials, it.Reminders
			if reminders == nil {
				reminders = []string{}
			}
			if fields == nil {
				fields = []haoban.Field{}
			}
			if materials == nil {
				materials = []haoban.Material{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO items (code, name, department, promised_days, legal_days, instant, optional, fields,
					materials, reminders, licence, licence_name, amends)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, department = EXCLUDED.department,
					promised_days = EXCLUDED.promised_days, legal_days = EXCLUDED.legal_days, instant = EXCLUDED.instant,
					optional = EXCLUDED.optional, fields = EXCLUDED.fields, materials = EXCLUDED.materials,
					reminders = EXCLUDED.reminders, licence = EXCLUDED.licence, licence_name = EXCLUDED.licence_name,
					amends = EXCLUDED.amends, updated_at = now()`,
				it.Code, it.Name, it.Department, it.PromisedDays, it.LegalDays, it.Instant, it.Optional, fields, materials, reminders,
				it.Licence, it.LicenceName, it.Amends); err != nil {
				return translate(fmt.Errorf("upsert item %s: %w", it.Code, err), "事项所属部门")
			}
			deps := it.DependsOn
			if deps == nil {
				deps = []string{}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO bundle_items (bundle, item, position, depends_on) VALUES ($1, $2, $3, $4)`,
				b.Code, it.Code, i, deps); err != nil {
				return fmt.Errorf("insert bundle item %s: %w", it.Code, err)
			}
		}
		if meta.Actor == "" {
			return nil
		}
		return appendAudit(ctx, tx, meta)
	})
}

const bundleItemsSQL = `SELECT bi.bundle, i.code, i.name, i.department, bi.depends_on, i.promised_days, i.legal_days,
	i.instant, i.optional, i.fields, i.materials, i.reminders, i.licence, i.licence_name, i.amends
	FROM bundle_items bi JOIN items i ON i.code = bi.item`

// ListBundles returns every bundle with its items, in code order.
func (s *Store) ListBundles(ctx context.Context) ([]haoban.Bundle, error) {
	return s.readBundles(ctx, ``)
}

// FindBundle returns one bundle with its items. Bundles change rarely and
// every submission reads one: they are kept for a minute.
func (s *Store) FindBundle(ctx context.Context, code string) (haoban.Bundle, error) {
	if b, ok := s.bundles.Get(code); ok {
		return b, nil
	}
	bs, err := s.readBundles(ctx, code)
	if err != nil {
		return haoban.Bundle{}, err
	} else if len(bs) == 0 {
		return haoban.Bundle{}, haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "「一件事」%s 不存在", code)
	}
	s.bundles.Put(code, bs[0])
	return bs[0], nil
}

// bundles loads all bundles, or the one named by code when it is not "".
func (s *Store) readBundles(ctx context.Context, code string) ([]haoban.Bundle, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name, promised_days FROM bundles WHERE $1 = '' OR code = $1 ORDER BY code`, code)
	if err != nil {
		return nil, fmt.Errorf("list bundles: %w", err)
	}
	bundles, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Bundle, error) {
		var b haoban.Bundle
		err := r.Scan(&b.Code, &b.Name, &b.PromisedDays)
		return b, err
	})
	if err != nil {
		return nil, fmt.Errorf("scan bundles: %w", err)
	}
	rows, err = s.pool.Query(ctx, bundleItemsSQL+` WHERE $1 = '' OR bi.bundle = $1 ORDER BY bi.bundle, bi.position`, code)
	if err != nil {
		return nil, fmt.Errorf("list bundle items: %w", err)
	}
	type bundleItem struct {
		bundle string
		item   haoban.Item
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bundleItem, error) {
		var bi bundleItem
		it := &bi.item
		err := r.Scan(&bi.bundle, &it.Code, &it.Name, &it.Department, &it.DependsOn, &it.PromisedDays, &it.LegalDays,
			&it.Instant, &it.Optional, &it.Fields, &it.Materials, &it.Reminders, &it.Licence, &it.LicenceName, &it.Amends)
		return bi, err
	})
	if err != nil {
		return nil, fmt.Errorf("scan bundle items: %w", err)
	}
	for i := range bundles {
		for _, bi := range items {
			if bi.bundle == bundles[i].Code {
				bundles[i].Items = append(bundles[i].Items, bi.item)
			}
		}
	}
	return bundles, nil
}

// FindDepartment returns one department.
func (s *Store) FindDepartment(ctx context.Context, code string) (haoban.Department, error) {
	var d haoban.Department
	err := s.pool.QueryRow(ctx, `SELECT code, name, review_body, court FROM departments WHERE code = $1`, code).
		Scan(&d.Code, &d.Name, &d.ReviewBody, &d.Court)
	return d, translate(err, "部门")
}
