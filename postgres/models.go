package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban/riskmodel"
)

// SaveModel stores a newly trained model as the item's next version and
// makes it the active one.
func (s *Store) SaveModel(ctx context.Context, m riskmodel.Model, metrics riskmodel.Metrics, cases int) (riskmodel.Record, error) {
	rec := riskmodel.Record{Item: m.Item, Model: m, Metrics: metrics, TrainedOn: cases, Active: true}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE models SET active = false WHERE item = $1 AND active`, m.Item); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO models (item, version, model, metrics, trained_on, active)
			SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, true FROM models WHERE item = $1
			RETURNING version, trained_at`, m.Item, m, metrics, cases).Scan(&rec.Version, &rec.TrainedAt)
	})
	if err != nil {
		return rec, fmt.Errorf("save model %s: %w", m.Item, err)
	}
	return rec, nil
}

// ListModels returns every model version, the newest first per item.
func (s *Store) ListModels(ctx context.Context) ([]riskmodel.Record, error) {
	return s.models(ctx, `TRUE`)
}

// ActiveModel returns the item's active model.
func (s *Store) ActiveModel(ctx context.Context, item string) (riskmodel.Record, error) {
	list, err := s.models(ctx, `active AND item = $1`, item)
	if err == nil && len(list) == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return riskmodel.Record{}, translate(err, "模型")
	}
	return list[0], nil
}

func (s *Store) models(ctx context.Context, where string, args ...any) ([]riskmodel.Record, error) {
	rows, err := s.pool.Query(ctx, `SELECT item, version, model, metrics, trained_at, trained_on, active FROM models
		WHERE `+where+` ORDER BY item, version DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (riskmodel.Record, error) {
		var m riskmodel.Record
		err := r.Scan(&m.Item, &m.Version, &m.Model, &m.Metrics, &m.TrainedAt, &m.TrainedOn, &m.Active)
		return m, err
	})
}
