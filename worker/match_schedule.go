package worker

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"haoban/workflows"
)

// EnsureMatchSchedule creates the schedule that runs the matching daily
// at 02:00 Beijing time, when the registries' nightly loads are done. A
// schedule already there is kept as it is: an operator may have paused it.
func EnsureMatchSchedule(ctx context.Context, c client.Client) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: workflows.MatchScheduleID,
		Spec: client.ScheduleSpec{
			Calendars:    []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 2}}}},
			TimeZoneName: "Asia/Shanghai",
		},
		Action: &client.ScheduleWorkflowAction{ID: workflows.MatchScheduleID, Workflow: workflows.WorkflowMatchDaily,
			TaskQueue: workflows.TaskQueue},
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("match schedule: %w", err)
	}
	return nil
}
