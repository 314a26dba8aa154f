package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// ActivityIssue names the activity that issues an approved item's licence
// with its sealed documents.
const ActivityIssue = "Issue"

// IssueInput names the approved case item.
type IssueInput struct {
	CaseID string
	Item   string
}

// IssueResult names what was issued; empty for an item that issues none.
// An amendment also says whose licence of which type changed, and how.
type IssueResult struct {
	LicenceID string
	Number    string
	Documents []string
	Holder    string
	Type      string
	Changes   map[string]any
}

// issueApproved issues the licence of every approved item not issued yet.
// Issuing retries until it succeeds: a failure (the seal's key service
// down, say) delays the documents, never undoes the approval.
func (c *caseFlow) issueApproved(ctx workflow.Context) error {
	if !c.issuing {
		return nil
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 15 * time.Second, // two documents take well under a second; a lost worker is noticed soon
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	// Decisions arrive while an item is issued: look again until none is left.
	for t := c.nextToIssue(); t != nil; t = c.nextToIssue() {
		c.issued[t.Item] = true
		var res IssueResult
		var err error
		if t.Relink != nil {
			err = workflow.ExecuteActivity(actx, ActivityReissue, *t.Relink).Get(ctx, &res)
		} else {
			err = workflow.ExecuteActivity(actx, ActivityIssue, IssueInput{CaseID: c.in.CaseID, Item: t.Item}).Get(ctx, &res)
		}
		if err != nil {
			return err
		}
		if res.LicenceID == "" {
			continue
		}
		docs := make([]any, len(res.Documents))
		for i, d := range res.Documents {
			docs[i] = d
		}
		ev := EventInput{Key: "issued:" + t.Item, Type: haoban.EventLicenceIssued, Actor: "system",
			Detail: map[string]any{"item": t.Item, "licence": res.LicenceID, "number": res.Number, "documents": docs}}
		if err := c.withLock(ctx, func() error { return c.project(ctx, ProjectInput{Events: []EventInput{ev}}) }); err != nil {
			return err
		}
		if len(res.Changes) > 0 && t.Relink == nil {
			if err := c.relink(ctx, res); err != nil {
				return err
			}
		}
	}
	return nil
}

// nextToIssue is the first approved item with a licence not issued yet.
func (c *caseFlow) nextToIssue() *TaskState {
	for _, t := range c.tasks {
		it, _ := c.in.Bundle.Item(t.Item)
		if t.Status == haoban.TaskApproved && (it.Licence != "" || t.Relink != nil) && !c.issued[t.Item] {
			return t
		}
	}
	return nil
}
