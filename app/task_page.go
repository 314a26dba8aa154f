package app

import (
	"context"

	"haoban"
)

// TaskPage is a task as the reviewer's page shows it: the case around it,
// the bundle's form, the internal comments and the model's advice.
type TaskPage struct {
	Task     TaskView
	Case     CaseView
	Bundle   haoban.Bundle
	Comments []haoban.Comment
	Risk     *Risk // nil while the item has no model
}

// TaskPage reads a task for its department's reviewers.
func (a *App) TaskPage(ctx context.Context, r Request, id string) (TaskPage, error) {
	task, err := a.Tasks.Actionable(ctx, r, id, "claim")
	if err != nil {
		return TaskPage{}, err
	}
	v, err := a.Cases.Get(ctx, r, task.CaseID)
	if err != nil {
		return TaskPage{}, err
	}
	p := TaskPage{Case: v}
	if p.Bundle, err = a.Cases.Store.FindBundle(ctx, v.Bundle); err != nil {
		return p, err
	}
	if p.Comments, err = a.Tasks.Store.ListComments(ctx, id); err != nil {
		return p, err
	}
	for _, t := range v.Tasks {
		if t.ID == id {
			p.Task = t
		}
	}
	if risk, err := a.Risks.Of(ctx, task.Item, v.Case); err == nil {
		p.Risk = &risk
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return p, err
	}
	return p, nil
}
