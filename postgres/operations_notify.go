package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
)

// ChannelOperations announces that an operations figure (数字化运营,
// issue 19) may have changed: a rating, a rectification, an appeal, a
// 办不成事 report or a case's summary row was written. The payload names
// the department and item it touched ("" when unknown), so a dashboard
// watching one department redraws only for its own.
const ChannelOperations = "haoban_operations"

// OperationsChange is ChannelOperations' payload.
type OperationsChange struct {
	Kind       string `json:"kind"` // rating, rectification, appeal, obstacle, case
	Department string `json:"department,omitempty"`
	Item       string `json:"item,omitempty"`
}

// notifyOperations announces a change inside the transaction that made
// it, so it is announced if and only if it commits.
func notifyOperations(ctx context.Context, tx pgx.Tx, c OperationsChange) error {
	payload, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ChannelOperations, string(payload))
	return err
}
