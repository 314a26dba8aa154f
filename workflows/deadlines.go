package workflows

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// MaxExtensionDays is the legal cap of the one extension the head of a
// department may grant (行政许可法第四十二条).
const MaxExtensionDays = 10

// ActivityPlanAlarms (a local activity) reads the running clocks against the
// calendar in force and says when each one's next alarms are due.
const ActivityPlanAlarms = "PlanAlarms"

// ActivityNotify sends an alarm's notifications and records it.
const ActivityNotify = "Notify"

// PlanInput are the running clocks of a case. Now is the workflow's time
// when it asked: each alarm falls due In after it. The planner reads the
// clocks at its own "now", which tests set.
type PlanInput struct {
	Tasks []TaskState
	Now   time.Time
}

// Alarm is one alarm due In from when it was planned (already due if <= 0).
type Alarm struct {
	TaskID string
	Kind   string
	In     time.Duration
	Due    *time.Time // the task's due date, for the message
}

// PlanResult lists the alarms not yet sent.
type PlanResult struct {
	Alarms []Alarm
}

// NotifyInput sends one alarm about one task.
type NotifyInput struct {
	CaseID string
	Task   TaskState
	Kind   string
	Key    string
	Due    *time.Time
}

// ExtendInput grants the task's one extension.
type ExtendInput struct {
	TaskID string
	By     string
	Days   int
	Reason string
	Meta   RequestMeta
}

// SuspendInput stops a task's clock for a legally excluded period.
type SuspendInput struct {
	TaskID string
	By     string
	Reason string // deadline.ReasonExpertReview, ReasonTesting, ReasonHearing, ReasonPublicNotice
	Note   string
	Meta   RequestMeta
}

// ResumeInput restarts a clock a supervisor suspended.
type ResumeInput struct {
	TaskID string
	By     string
	Meta   RequestMeta
}

// running reports whether the task's clock runs or may be paused: open,
// claimed or waiting for a supplement.
func running(t *TaskState) bool {
	return t.Status == haoban.TaskOpen || t.Status == haoban.TaskClaimed || t.Status == haoban.TaskAwaitingSupplement
}

func paused(t *TaskState) bool {
	n := len(t.Pauses)
	return n > 0 && t.Pauses[n-1].To == nil
}

// endPause closes the ledger's open pause.
func endPause(ctx workflow.Context, t *TaskState) {
	if paused(t) {
		now := workflow.Now(ctx)
		t.Pauses[len(t.Pauses)-1].To = &now
	}
}

func (c *caseFlow) validateExtend(_ workflow.Context, in ExtendInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case !running(t):
		return refuse(haoban.ECONFLICT, "该任务不在办理中，不能延期")
	case t.Extended:
		return refuse(haoban.ECONFLICT, "该任务已延期一次，依法不能再次延期")
	case in.Days < 1 || in.Days > MaxExtensionDays:
		return refuse(haoban.EUNPROCESSABLE, fmt.Sprintf("延期天数应为 1 至 %d 个工作日", MaxExtensionDays))
	case in.Reason == "":
		return refuse(haoban.EINVALID, "延期必须说明理由")
	}
	return nil
}

// extend adds days to the budget and re-arms the reminders.
func (c *caseFlow) extend(ctx workflow.Context, in ExtendInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateExtend(ctx, in); err != nil {
			return err
		}
		t.Budget += in.Days
		t.Extended, t.Alarms = true, nil
		t.Version++
		c.changed, c.replan = true, true
		ev := EventInput{Key: "extended:" + t.Item, Type: haoban.EventDeadlineExtended, Actor: in.By, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "days": in.Days, "reason": in.Reason, "budget_days": t.Budget}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

func (c *caseFlow) validateSuspend(_ workflow.Context, in SuspendInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case !deadline.Excluded(in.Reason):
		return refuse(haoban.EINVALID, "暂停计时的事由应为 expert_review（专家评审）、testing（检验检测）、hearing（听证）或 public_notice（公示）")
	case !running(t):
		return refuse(haoban.ECONFLICT, "该任务不在办理中")
	case paused(t):
		return refuse(haoban.ECONFLICT, "该任务的计时已经暂停")
	}
	return nil
}

func (c *caseFlow) suspend(ctx workflow.Context, in SuspendInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateSuspend(ctx, in); err != nil {
			return err
		}
		t.Pauses = append(t.Pauses, haoban.Pause{Reason: in.Reason, By: in.By, From: workflow.Now(ctx)})
		t.Version++
		c.changed = true
		ev := EventInput{Key: eventKey("suspended", t), Type: haoban.EventClockSuspended, Actor: in.By, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "reason": in.Reason, "note": in.Note}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

func (c *caseFlow) validateResume(_ workflow.Context, in ResumeInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case !paused(t):
		return refuse(haoban.ECONFLICT, "该任务的计时正在运行，无需恢复")
	case t.Pauses[len(t.Pauses)-1].Reason == deadline.ReasonSupplement:
		return refuse(haoban.ECONFLICT, "等待补正的计时在申请人答复后自动恢复")
	}
	return nil
}

func (c *caseFlow) resume(ctx workflow.Context, in ResumeInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateResume(ctx, in); err != nil {
			return err
		}
		reason := t.Pauses[len(t.Pauses)-1].Reason
		endPause(ctx, t)
		t.Version++
		c.changed, c.replan = true, true
		ev := EventInput{Key: eventKey("resumed", t), Type: haoban.EventClockResumed, Actor: in.By, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "reason": reason}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

// waitForChange waits until a handler changes the case or an alarm falls
// due, sending the alarms that are due. One durable timer stands for the
// soonest alarm, capped at the next midnight in Beijing so that a calendar
// an admin loads reaches running clocks within a day; it is replaced only
// when that instant moves, not on every step. Workflows started before
// deadlines existed keep waiting for changes only.
func (c *caseFlow) waitForChange(ctx workflow.Context) error {
	if !c.deadlines {
		return workflow.Await(ctx, func() bool { return c.changed })
	}
	for {
		fired := c.timer != nil && c.timer.fired
		if c.replan || fired || c.timer == nil {
			// A decision only removes alarms: the timer armed for one of
			// them fires harmlessly. Starting, resuming or extending a clock,
			// and the timer itself, call for a new plan.
			c.replan = false
			next, err := c.sendDueAlarms(ctx)
			if err != nil {
				return err
			}
			var target time.Time
			if c.anyClockRunning() {
				target = calendar.EndOfDay(workflow.Now(ctx))
				if !next.IsZero() && next.Before(target) {
					target = next
				}
			}
			c.armTimer(ctx, target)
		}
		if c.timer == nil {
			return workflow.Await(ctx, func() bool { return c.changed })
		}
		if err := workflow.Await(ctx, func() bool { return c.changed || (c.timer != nil && c.timer.fired) }); err != nil {
			return err
		}
		if c.changed {
			return nil
		}
	}
}

// alarmTimer is the durable timer for the next alarm or replan.
type alarmTimer struct {
	at     time.Time
	cancel workflow.CancelFunc
	fired  bool
}

// armTimer makes the timer fire at at, keeping the current one if it
// already does; a zero at cancels it.
func (c *caseFlow) armTimer(ctx workflow.Context, at time.Time) {
	if c.timer != nil && !c.timer.fired && c.timer.at.Equal(at) {
		return
	}
	if c.timer != nil && !c.timer.fired {
		c.timer.cancel()
	}
	c.timer = nil
	if at.IsZero() {
		return
	}
	tctx, cancel := workflow.WithCancel(ctx)
	t := &alarmTimer{at: at, cancel: cancel}
	c.timer = t
	d := at.Sub(workflow.Now(ctx))
	if d <= 0 {
		t.fired = true
		return
	}
	f := workflow.NewTimer(tctx, d)
	workflow.Go(ctx, func(gctx workflow.Context) {
		if f.Get(gctx, nil) == nil {
			t.fired = true
		}
	})
}

// sendDueAlarms plans the alarms of the running clocks, sends those due,
// and returns when the next one falls due (zero: none).
func (c *caseFlow) sendDueAlarms(ctx workflow.Context) (time.Time, error) {
	var clocks []TaskState
	for _, t := range c.tasks {
		if running(t) && !paused(t) {
			clocks = append(clocks, *t)
		}
	}
	if len(clocks) == 0 {
		return time.Time{}, nil
	}
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var plan PlanResult
	in := PlanInput{Tasks: clocks, Now: workflow.Now(ctx)}
	if err := workflow.ExecuteLocalActivity(lctx, ActivityPlanAlarms, in).Get(ctx, &plan); err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, a := range plan.Alarms {
		if a.In > 0 {
			if at := in.Now.Add(a.In); next.IsZero() || at.Before(next) {
				next = at
			}
			continue
		}
		if err := c.sendAlarm(ctx, a); err != nil {
			return time.Time{}, err
		}
	}
	return next, nil
}

func (c *caseFlow) sendAlarm(ctx workflow.Context, a Alarm) error {
	return c.withLock(ctx, func() error {
		t := c.task(a.TaskID)
		if slices.Contains(t.Alarms, a.Kind) || !running(t) || paused(t) {
			return nil // decided, paused or sent while waiting for the lock
		}
		epoch := 0
		if t.Extended {
			epoch = 1
		}
		key := fmt.Sprintf("%s:%s:%d", a.Kind, t.Item, epoch)
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
		in := NotifyInput{CaseID: c.in.CaseID, Task: *t, Kind: a.Kind, Key: key, Due: a.Due}
		if err := workflow.ExecuteActivity(actx, ActivityNotify, in).Get(ctx, nil); err != nil {
			return err
		}
		t.Alarms = append(t.Alarms, a.Kind)
		return nil
	})
}

// Plan lists the alarms of the given clocks not yet sent, read at now
// against cal, soonest first. The PlanAlarms activity runs it with the
// calendar in force.
func Plan(cal *calendar.Calendar, in PlanInput, now time.Time) (PlanResult, error) {
	var out PlanResult
	for _, t := range in.Tasks {
		if t.OpenedAt == nil {
			continue
		}
		ck := deadline.Clock{Budget: t.Budget, Start: *t.OpenedAt, Pauses: t.Pauses}
		points := t.Reminders
		if len(points) == 0 {
			points = haoban.DefaultReminders
		}
		alarms, err := ck.Alarms(cal, now, points)
		var noData *calendar.NoDataError
		if errors.As(err, &noData) {
			// Planned again at the next replan, once an admin loads the year;
			// the supervisors' board warns meanwhile.
			continue
		} else if err != nil {
			return PlanResult{}, err
		}
		st, err := ck.Read(cal, now)
		if err != nil {
			return PlanResult{}, err
		}
		kinds := []string{deadline.AlarmExpired}
		for _, p := range points {
			kinds = append(kinds, deadline.ReminderKind(p))
		}
		for _, kind := range kinds {
			if at, ok := alarms[kind]; ok && !slices.Contains(t.Alarms, kind) {
				out.Alarms = append(out.Alarms, Alarm{TaskID: t.ID, Kind: kind, In: at.Sub(now), Due: st.Due})
			}
		}
	}
	slices.SortStableFunc(out.Alarms, func(a, b Alarm) int { return cmp.Compare(a.In, b.In) })
	return out, nil
}

func (c *caseFlow) anyClockRunning() bool {
	return slices.ContainsFunc(c.tasks, func(t *TaskState) bool { return running(t) && !paused(t) })
}
