package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Leaders' help (领导干部帮办, issue 18): the sessions in which a leader
// accompanied an applicant through a whole case.

const leaderSessionColumns = `id, key, leader, department, applicant_name, COALESCE(case_id::text, ''), item,
	started_at, ended_at, notes, recorded_at`

func scanLeaderSession(r pgx.CollectableRow) (haoban.LeaderSession, error) {
	var s haoban.LeaderSession
	err := r.Scan(&s.ID, &s.Key, &s.Leader, &s.Department, &s.ApplicantName, &s.CaseID, &s.Item,
		&s.StartedAt, &s.EndedAt, &s.Notes, &s.RecordedAt)
	return s, err
}

// RecordLeaderSession records a session once per leader and key, with its
// audit entry; one recorded before under that key is returned as it is.
func (s *Store) RecordLeaderSession(ctx context.Context, ls haoban.LeaderSession, meta haoban.AuditEntry) (haoban.LeaderSession, error) {
	var out haoban.LeaderSession
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var caseID *string
		if ls.CaseID != "" {
			caseID = &ls.CaseID
		}
		tag, err := tx.Exec(ctx, `INSERT INTO leader_sessions (id, key, leader, department, applicant_name, case_id, item,
			started_at, ended_at, notes, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (leader, key) DO NOTHING`, ls.ID, ls.Key, ls.Leader, ls.Department, ls.ApplicantName, caseID, ls.Item,
			ls.StartedAt, ls.EndedAt, ls.Notes, ls.RecordedAt)
		if err != nil {
			return translate(err, "帮办记录")
		}
		if tag.RowsAffected() == 1 {
			b, _ := json.Marshal(map[string]any{"item": ls.Item, "case_id": ls.CaseID, "started_at": ls.StartedAt, "ended_at": ls.EndedAt})
			meta.After = string(b)
			if err := appendAudit(ctx, tx, meta); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT `+leaderSessionColumns+` FROM leader_sessions WHERE leader = $1 AND key = $2`, ls.Leader, ls.Key)
		if err != nil {
			return fmt.Errorf("read leader session: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, scanLeaderSession)
		return translate(err, "帮办记录")
	})
	return out, err
}

// LeaderSessions lists the sessions started in [from, to), oldest first.
func (s *Store) LeaderSessions(ctx context.Context, from, to time.Time) ([]haoban.LeaderSession, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+leaderSessionColumns+` FROM leader_sessions
		WHERE started_at >= $1 AND started_at < $2 ORDER BY started_at, id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("list leader sessions: %w", err)
	}
	return pgx.CollectRows(rows, scanLeaderSession)
}

// DepartmentItems lists a department's items, code and name, by name.
func (s *Store) DepartmentItems(ctx context.Context, department string) ([]haoban.Item, error) {
	rows, err := s.pool.Query(ctx, `SELECT code, name FROM items WHERE department = $1 ORDER BY name, code`, department)
	if err != nil {
		return nil, fmt.Errorf("items of %s: %w", department, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.Item, error) {
		it := haoban.Item{Department: department}
		err := r.Scan(&it.Code, &it.Name)
		return it, err
	})
}

// TopItems lists the department's n items with the most cases submitted
// in [from, to), the most first; ties go by item code.
func (s *Store) TopItems(ctx context.Context, department string, from, to time.Time, n int) ([]haoban.ItemCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT t.item, i.name, count(DISTINCT t.case_id)
		FROM tasks t JOIN cases c ON c.id = t.case_id JOIN items i ON i.code = t.item
		WHERE t.department = $1 AND c.submitted_at >= $2 AND c.submitted_at < $3
		GROUP BY t.item, i.name ORDER BY 3 DESC, 1 LIMIT $4`, department, from, to, n)
	if err != nil {
		return nil, fmt.Errorf("top items of %s: %w", department, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (haoban.ItemCount, error) {
		var c haoban.ItemCount
		err := r.Scan(&c.Item, &c.Name, &c.Cases)
		return c, err
	})
}
