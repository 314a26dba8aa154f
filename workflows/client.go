package workflows

import (
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"haoban"
)

// WorkflowCase is the name the Case workflow is registered and started by.
const WorkflowCase = "Case"

// updateTimeout bounds how long a person waits for an update: with the
// Temporal service or every worker down it would wait for ever.
const updateTimeout = 20 * time.Second

// Client starts cases and hands them people's actions, with typed inputs.
// It translates what Temporal answers into the error model: an update's
// refusal keeps the code its validator gave.
type Client struct {
	c client.Client
}

// NewClient wraps a Temporal client.
func NewClient(c client.Client) *Client { return &Client{c: c} }

// StartCase starts a recorded case's workflow; starting it again is not an
// error (the workflow ID is derived from the case ID).
func (c *Client) StartCase(ctx context.Context, in CaseInput) error {
	return c.startOnce(ctx, CaseWorkflowID(in.CaseID), WorkflowCase, in)
}

// startOnce starts a workflow under an ID derived from what it runs for:
// one started before under that ID, even finished, is not started again,
// and that is not an error.
func (c *Client) startOnce(ctx context.Context, id, workflowType string, in any) error {
	_, err := c.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflowType, in)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return nil
	}
	return translate(err)
}

// signalIfRunning signals a workflow; one that has finished has nothing
// left to do, which is not an error.
func (c *Client) signalIfRunning(ctx context.Context, id, signal string) error {
	err := c.c.SignalWorkflow(ctx, id, "", signal, nil)
	var gone *serviceerror.NotFound
	if errors.As(err, &gone) {
		return nil
	}
	return translate(err)
}

// Claim assigns a task to its reviewer.
func (c *Client) Claim(ctx context.Context, caseID string, in ClaimInput) error {
	return c.update(ctx, caseID, UpdateClaim, "", in)
}

// Decide records a reviewer's decision; updateID makes a retry one decision.
func (c *Client) Decide(ctx context.Context, caseID, updateID string, in DecideInput) error {
	return c.update(ctx, caseID, UpdateDecide, updateID, in)
}

// Supplement hands the applicant's answer to a supplement request.
func (c *Client) Supplement(ctx context.Context, caseID, updateID string, in SupplementInput) error {
	return c.update(ctx, caseID, UpdateSupplement, updateID, in)
}

// Withdraw withdraws the case.
func (c *Client) Withdraw(ctx context.Context, caseID string, in WithdrawInput) error {
	return c.update(ctx, caseID, UpdateWithdraw, "withdraw-"+caseID, in)
}

// Reassign gives a task to another reviewer of its department.
func (c *Client) Reassign(ctx context.Context, caseID string, in ReassignInput) error {
	return c.update(ctx, caseID, UpdateReassign, "", in)
}

// Release returns a claimed task to its department's pool.
func (c *Client) Release(ctx context.Context, caseID string, in ReleaseInput) error {
	return c.update(ctx, caseID, UpdateRelease, "", in)
}

// Extend grants a task's one extension.
func (c *Client) Extend(ctx context.Context, caseID string, in ExtendInput) error {
	return c.update(ctx, caseID, UpdateExtend, "", in)
}

// Suspend stops a task's clock for a legally excluded period.
func (c *Client) Suspend(ctx context.Context, caseID string, in SuspendInput) error {
	return c.update(ctx, caseID, UpdateSuspend, "", in)
}

// Resume restarts a clock a supervisor suspended.
func (c *Client) Resume(ctx context.Context, caseID string, in ResumeInput) error {
	return c.update(ctx, caseID, UpdateResume, "", in)
}

// update runs an update and waits until it completes, by which time its
// projection is written. An updateID lets Temporal deduplicate retries.
func (c *Client) update(ctx context.Context, caseID, name, updateID string, arg any) error {
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	handle, err := c.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: CaseWorkflowID(caseID), UpdateName: name, UpdateID: updateID,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	if ctx.Err() != nil {
		return updateTimedOut()
	}
	return translate(err)
}

func updateTimedOut() error {
	return haoban.Errorf(haoban.EUNAVAILABLE, "办理未能及时完成：流程服务繁忙或暂时不可用，请稍后重试（决定可用同一 Idempotency-Key 重试，只生效一次）")
}

// translate turns Temporal's errors into the error model: an update's
// refusal carries our code as its type.
func translate(err error) error {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	var unavailable *serviceerror.Unavailable
	switch {
	case err == nil:
		return nil
	case errors.As(err, &unavailable):
		return haoban.Errorf(haoban.EUNAVAILABLE, "流程服务暂时不可用，请稍后重试")
	case errors.As(err, &appErr) && haoban.IsCode(appErr.Type()) && appErr.Type() != haoban.EINTERNAL:
		return haoban.Errorf(appErr.Type(), "%s", appErr.Message())
	case errors.As(err, &notFound):
		return haoban.Errorf(haoban.ECONFLICT, "办件已办结，不能再办理")
	}
	return err
}
