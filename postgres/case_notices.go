package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/calendar"
	"haoban/notices"
)

// The notices a case tells its applicant, written in the transaction of
// the projection that records their facts (notices.Facts).

// SetPublicURL sets where people reach the service, for the links in
// notices; without it links are relative to the site.
func (s *Store) SetPublicURL(u string) { s.publicURL = u }

// noticeReads are what a projection's notices read outside its
// transaction: the bundle, for names, and the calendar, for the day a
// supplement is asked for by. Both are cached; reading them before the
// transaction keeps it from waiting for a second connection.
type noticeReads struct {
	bundle haoban.Bundle
	cal    *calendar.Calendar
}

func (s *Store) noticeReads(ctx context.Context, p haoban.Projection) (noticeReads, error) {
	var r noticeReads
	facts := notices.Facts(p.Events)
	if len(facts) == 0 {
		return r, nil
	}
	var code string
	if err := s.pool.QueryRow(ctx, `SELECT bundle FROM cases WHERE id = $1`, p.CaseID).Scan(&code); err != nil {
		return r, translate(fmt.Errorf("read case %s: %w", p.CaseID, err), "办件")
	}
	var err error
	if r.bundle, err = s.FindBundle(ctx, code); err != nil {
		return r, err
	}
	for _, f := range facts {
		if f.Kind == haoban.KindSupplementRequested {
			r.cal, err = s.Calendar(ctx)
			return r, err
		}
	}
	return r, nil
}

// enqueueCaseNotices tells the applicant each fact among the events the
// projection wrote: in the app, in the outbox as they chose, once per
// fact (its key), and a legal notice in the audit trail.
func (s *Store) enqueueCaseNotices(ctx context.Context, tx pgx.Tx, p haoban.Projection, written []haoban.NewEvent, reads noticeReads) error {
	facts := notices.Facts(written)
	if len(facts) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, p.CaseID)
	if err != nil {
		return fmt.Errorf("read case: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCase)
	if err != nil {
		return fmt.Errorf("read case: %w", err)
	}
	var applicant string
	if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1`, c.Applicant).Scan(&applicant); err != nil {
		return fmt.Errorf("read applicant: %w", err)
	}
	if rows, err = tx.Query(ctx, `SELECT `+taskColumns+` FROM tasks WHERE case_id = $1`, p.CaseID); err != nil {
		return fmt.Errorf("read tasks: %w", err)
	}
	tasks, err := pgx.CollectRows(rows, scanTask)
	if err != nil {
		return fmt.Errorf("read tasks: %w", err)
	}
	depts, err := departmentsIn(ctx, tx)
	if err != nil {
		return err
	}
	templates, err := noticeTemplates(ctx, tx)
	if err != nil {
		return err
	}
	for _, f := range facts {
		src := notices.Source{Case: c, Applicant: applicant, Bundle: reads.bundle, At: p.At, BaseURL: s.publicURL,
			Task: taskOf(f.Event, tasks)}
		if src.Task != nil {
			src.Department = depts[src.Task.Department]
			src.AnswerBy = notices.AnswerBy(*src.Task, reads.cal)
		}
		tpl, ok := templates[f.Kind]
		if !ok {
			return fmt.Errorf("no notice template for %s", f.Kind)
		}
		r, err := notices.Render(tpl, notices.DataOf(f, src))
		if err != nil {
			return err
		}
		key := haoban.NoticeKey(p.CaseID, f.Event.Key, c.Applicant)
		n := haoban.Notification{UserID: c.Applicant, Kind: string(f.Kind), Title: r.Subject, Body: r.Body, CaseID: p.CaseID}.WithKey(key)
		if src.Task != nil {
			n.TaskID = src.Task.ID
		}
		fresh, err := deliverNotice(ctx, tx, n, key, f.Kind.Legal(), p.At)
		if err != nil || !fresh || !f.Kind.Legal() {
			if err != nil {
				return err
			}
			continue
		}
		err = appendAudit(ctx, tx, haoban.AuditEntry{At: p.At, Actor: "system", Role: "system", Action: "legal_notice",
			CaseID: p.CaseID, Target: key, After: Summary(map[string]any{"kind": f.Kind, "fact": f.Event.Key,
				"recipient": c.Applicant, "subject": r.Subject})})
		if err != nil {
			return err
		}
	}
	return nil
}

// taskOf is the task an event concerns, by its task or its item.
func taskOf(e haoban.NewEvent, tasks []haoban.Task) *haoban.Task {
	id, _ := e.Detail["task"].(string)
	item, _ := e.Detail["item"].(string)
	for i := range tasks {
		if (id != "" && tasks[i].ID == id) || (id == "" && item != "" && tasks[i].Item == item) {
			return &tasks[i]
		}
	}
	return nil
}

func departmentsIn(ctx context.Context, tx pgx.Tx) (map[string]haoban.Department, error) {
	rows, err := tx.Query(ctx, `SELECT code, name, review_body, court FROM departments`)
	if err != nil {
		return nil, fmt.Errorf("read departments: %w", err)
	}
	out := map[string]haoban.Department{}
	var d haoban.Department
	_, err = pgx.ForEachRow(rows, []any{&d.Code, &d.Name, &d.ReviewBody, &d.Court}, func() error { out[d.Code] = d; return nil })
	return out, err
}

func noticeTemplates(ctx context.Context, tx pgx.Tx) (map[haoban.NoticeKind]notices.Template, error) {
	rows, err := tx.Query(ctx, `SELECT kind, subject, body FROM notice_templates`)
	if err != nil {
		return nil, fmt.Errorf("read notice templates: %w", err)
	}
	out := map[haoban.NoticeKind]notices.Template{}
	var t notices.Template
	_, err = pgx.ForEachRow(rows, []any{&t.Kind, &t.Subject, &t.Body}, func() error { out[t.Kind] = t; return nil })
	return out, err
}
