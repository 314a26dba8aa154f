package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// OperationWeights lists the evaluation's published weights (部门考评,
// issue 19) by figure key.
func (s *Store) OperationWeights(ctx context.Context) ([]haoban.FigureWeight, error) {
	rows, err := s.pool.Query(ctx, `SELECT figure, weight, updated_by, updated_at FROM operation_weights ORDER BY figure`)
	if err != nil {
		return nil, fmt.Errorf("list operation weights: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.FigureWeight, error) {
		var w haoban.FigureWeight
		err := r.Scan(&w.Figure, &w.Weight, &w.UpdatedBy, &w.UpdatedAt)
		return w, err
	})
}

// SaveOperationWeights publishes the weights with the audit entry of the
// change, in one transaction; a weight left as it was keeps who set it.
// The dashboards' scores change with them: it announces the change.
func (s *Store) SaveOperationWeights(ctx context.Context, ws []haoban.FigureWeight, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, w := range ws {
			if w.UpdatedBy == "" {
				continue // not typed in: unchanged
			}
			_, err := tx.Exec(ctx, `INSERT INTO operation_weights (figure, weight, updated_by, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (figure) DO UPDATE SET weight = EXCLUDED.weight, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
				WHERE operation_weights.weight IS DISTINCT FROM EXCLUDED.weight`, w.Figure, w.Weight, w.UpdatedBy, w.UpdatedAt)
			if err != nil {
				return translate(err, "考评权重")
			}
		}
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		return notifyOperations(ctx, tx, OperationsChange{Kind: "weights"})
	})
}
