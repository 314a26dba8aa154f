package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/intent"
)

// SaveAssistantModel stores a newly trained intent model as the next
// version, makes it the active one, and audits it as meta says (its At is
// the training's time).
func (s *Store) SaveAssistantModel(ctx context.Context, m intent.Model, metrics intent.Metrics, trainedOn int, meta haoban.AuditEntry) (intent.Record, error) {
	rec := intent.Record{Model: m, Metrics: metrics, TrainedOn: trainedOn, TrainedAt: meta.At, Active: true}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Two trainings at once (two processes starting) must not both
		// take the same version: the lock orders them.
		if _, err := tx.Exec(ctx, `LOCK TABLE assistant_models IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE assistant_models SET active = false WHERE active`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO assistant_models (version, model, metrics, trained_at, trained_on, active)
			SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4, true FROM assistant_models
			RETURNING version`, m, metrics, meta.At, trainedOn).Scan(&rec.Version); err != nil {
			return err
		}
		meta.Action, meta.Target = "assistant_model_trained", fmt.Sprintf("assistant_model:%d", rec.Version)
		meta.After = Summary(map[string]any{"version": rec.Version, "accuracy": metrics.Accuracy, "trained_on": trainedOn})
		return appendAudit(ctx, tx, meta)
	})
	if err != nil {
		return rec, fmt.Errorf("save assistant model: %w", err)
	}
	return rec, nil
}

// ActiveAssistantModel returns the active intent model; ENOTFOUND before
// the first training.
func (s *Store) ActiveAssistantModel(ctx context.Context) (intent.Record, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, model, metrics, trained_at, trained_on, active
		FROM assistant_models WHERE active`)
	if err != nil {
		return intent.Record{}, fmt.Errorf("find assistant model: %w", err)
	}
	rec, err := pgx.CollectExactlyOneRow(rows, func(r pgx.CollectableRow) (intent.Record, error) {
		var rec intent.Record
		err := r.Scan(&rec.Version, &rec.Model, &rec.Metrics, &rec.TrainedAt, &rec.TrainedOn, &rec.Active)
		return rec, err
	})
	return rec, translate(err, "意图模型")
}

// LogAssistantQuestion records a question and its answer; the same ID
// twice is one row, so a retried log does not count twice.
func (s *Store) LogAssistantQuestion(ctx context.Context, q haoban.AssistantQuestion) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO assistant_questions
		(id, asker, text, intent, confidence, answer_kind, entry_kind, entry_ref, handed_off, resolved, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
		q.ID, q.Asker, q.Text, q.Intent, q.Confidence, q.AnswerKind, string(q.EntryKind), q.EntryRef, q.HandedOff, q.Resolved, q.At)
	if err != nil {
		return fmt.Errorf("log assistant question: %w", err)
	}
	return nil
}

// AssistantStats counts the questions asked in [from, to); the caller
// works out the rate.
func (s *Store) AssistantStats(ctx context.Context, from, to time.Time) (haoban.AssistantStats, error) {
	st := haoban.AssistantStats{From: from, To: to}
	err := s.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE resolved), count(*) FILTER (WHERE handed_off)
		FROM assistant_questions WHERE at >= $1 AND at < $2`, from, to).Scan(&st.Questions, &st.Answered, &st.HandedOff)
	if err != nil {
		return st, fmt.Errorf("assistant stats: %w", err)
	}
	return st, nil
}
