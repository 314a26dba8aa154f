package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"haoban"
	"haoban/notices"
)

// The notices staff get besides their deadlines, each in the transaction
// of its fact: a task opened in their department's pool, and a comment
// that mentions them.

// enqueueNewTasks tells every reviewer of a task's department that the
// task opened in their pool, once per task and reviewer (the event's key).
func (s *Store) enqueueNewTasks(ctx context.Context, tx pgx.Tx, p haoban.Projection, written []haoban.NewEvent) error {
	opened := notices.OpenedTasks(written, p.Tasks)
	if len(opened) == 0 {
		return nil
	}
	c, tpl, depts, err := staffNoticeReads(ctx, tx, p.CaseID, haoban.KindNewTask)
	if err != nil {
		return err
	}
	for _, t := range opened {
		rows, err := tx.Query(ctx, `SELECT id FROM users WHERE $1 = ANY(roles) AND department = $2 AND disabled_at IS NULL ORDER BY id`,
			haoban.RoleReviewer, t.Department)
		if err != nil {
			return fmt.Errorf("list reviewers: %w", err)
		}
		reviewers, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("list reviewers: %w", err)
		}
		d := notices.StaffData(c, t.ItemName, depts[t.Department].Name, p.At, s.publicURL+"/tasks/"+t.ID)
		r, err := notices.Render(tpl, d)
		if err != nil {
			return err
		}
		for _, id := range reviewers {
			key := haoban.NoticeKey(p.CaseID, "opened:"+t.ID, id)
			n := haoban.Notification{UserID: id, Kind: string(haoban.KindNewTask), Title: r.Subject, Body: r.Body,
				CaseID: p.CaseID, TaskID: t.ID}.WithKey(key)
			if _, err := deliverNotice(ctx, tx, n, key, false, p.At); err != nil {
				return err
			}
		}
	}
	return nil
}

// enqueueMentions tells each person a comment mentions, once per comment.
func enqueueMentions(ctx context.Context, tx pgx.Tx, c haoban.Comment, caseID string, mentioned []string, baseURL string) error {
	if len(mentioned) == 0 {
		return nil
	}
	cs, tpl, depts, err := staffNoticeReads(ctx, tx, caseID, haoban.KindMention)
	if err != nil {
		return err
	}
	var item, dept, author string
	if err := tx.QueryRow(ctx, `SELECT item_name, department, (SELECT name FROM users WHERE id = $2) FROM tasks WHERE id = $1`,
		c.TaskID, c.Author).Scan(&item, &dept, &author); err != nil {
		return fmt.Errorf("read task %s: %w", c.TaskID, err)
	}
	d := notices.StaffData(cs, item, depts[dept].Name, c.CreatedAt, baseURL+"/tasks/"+c.TaskID)
	d.Author, d.Comment = author, c.Body
	r, err := notices.Render(tpl, d)
	if err != nil {
		return err
	}
	for _, id := range mentioned {
		key := haoban.NoticeKey(caseID, fmt.Sprintf("comment:%d", c.ID), id)
		n := haoban.Notification{UserID: id, Kind: string(haoban.KindMention), Title: r.Subject, Body: r.Body,
			CaseID: caseID, TaskID: c.TaskID}.WithKey(key)
		if _, err := deliverNotice(ctx, tx, n, key, false, c.CreatedAt); err != nil {
			return err
		}
	}
	return nil
}

// staffNoticeReads are the case, the kind's template and the departments.
func staffNoticeReads(ctx context.Context, tx pgx.Tx, caseID string, kind haoban.NoticeKind) (haoban.Case, notices.Template, map[string]haoban.Department, error) {
	var tpl notices.Template
	rows, err := tx.Query(ctx, `SELECT `+caseColumns+` FROM cases WHERE id = $1`, caseID)
	if err != nil {
		return haoban.Case{}, tpl, nil, fmt.Errorf("read case: %w", err)
	}
	c, err := pgx.CollectExactlyOneRow(rows, scanCase)
	if err != nil {
		return c, tpl, nil, fmt.Errorf("read case: %w", err)
	}
	tpl.Kind = kind
	if err := tx.QueryRow(ctx, `SELECT subject, body FROM notice_templates WHERE kind = $1`, kind).Scan(&tpl.Subject, &tpl.Body); err != nil {
		return c, tpl, nil, fmt.Errorf("read notice template %s: %w", kind, err)
	}
	depts, err := departmentsIn(ctx, tx)
	return c, tpl, depts, err
}
