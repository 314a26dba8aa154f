package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// ObstacleView is a report with its clocks read now and the names people
// read, and what the reader may do with it.
type ObstacleView struct {
	haoban.Obstacle
	// Accept and Resolve are the report's clocks (nil for a clock that
	// runs into a year whose holidays nobody has loaded).
	Accept         *deadline.Status `json:"accept_clock,omitempty"`
	Resolve        *deadline.Status `json:"resolve_clock,omitempty"`
	Overdue        bool             `json:"overdue"`
	DepartmentName string           `json:"department_name"`
	// Owner: the reader filed it (or holds its link); CanHandle: the
	// reader may accept and resolve it; CanReopen: the owner may reopen.
	Owner     bool `json:"owner"`
	CanHandle bool `json:"can_handle"`
	CanReopen bool `json:"can_reopen"`
}

// acceptClock runs one working day from the report until it is accepted.
func acceptClock(o haoban.Obstacle) deadline.Clock {
	return deadline.Clock{Budget: haoban.ObstacleAcceptDays, Start: o.FiledAt, StoppedAt: o.AcceptedAt}
}

// resolveClock runs five working days from the report, or from its
// reopening, until it is resolved or answered.
func resolveClock(o haoban.Obstacle) deadline.Clock {
	c := deadline.Clock{Budget: haoban.ObstacleResolveDays, Start: o.FiledAt}
	if o.ReopenedAt != nil {
		c.Start = *o.ReopenedAt
	}
	if o.Status.Closed() {
		c.StoppedAt = o.ResolvedAt
	}
	return c
}

func (x *Obstacles) views(ctx context.Context, r Request, list []haoban.Obstacle) ([]ObstacleView, error) {
	cal, err := x.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	names, err := x.Store.DepartmentNames(ctx)
	if err != nil {
		return nil, err
	}
	at := now(x.Time)
	out := make([]ObstacleView, 0, len(list))
	for _, o := range list {
		v := ObstacleView{Obstacle: o, DepartmentName: nameOfDepartment(names, o.Department)}
		if v.Accept, _, err = readClock(acceptClock(o), cal, at); err != nil {
			return nil, err
		}
		if v.Resolve, _, err = readClock(resolveClock(o), cal, at); err != nil {
			return nil, err
		}
		v.Overdue = lateClock(v.Resolve) || (o.Status == haoban.ObstacleReceived && lateClock(v.Accept))
		v.CanHandle = r.User.ID != "" && !o.Status.Closed() && can(x.Authz, r.User, o.Department, "obstacle", "handle")
		out = append(out, v)
	}
	return out, nil
}

func lateClock(st *deadline.Status) bool {
	return st != nil && (st.State == deadline.Overdue || st.State == deadline.Missed)
}

// handle reads a report the reader may handle.
func (x *Obstacles) handle(ctx context.Context, r Request, id string) (haoban.Obstacle, error) {
	o, err := x.Store.FindObstacle(ctx, id)
	if err != nil {
		return o, err
	}
	if !can(x.Authz, r.User, o.Department, "obstacle", "handle") {
		return o, haoban.Errorf(haoban.EFORBIDDEN, "只有该部门的审查人员（政务服务中心的：督办）可以处理这条办不成事反映")
	}
	return o, nil
}

// Accept accepts a report received by the reader's department.
func (x *Obstacles) Accept(ctx context.Context, r Request, id string) (haoban.Obstacle, error) {
	o, err := x.handle(ctx, r, id)
	if err != nil {
		return o, err
	}
	if o.Status != haoban.ObstacleReceived {
		return o, haoban.Errorf(haoban.ECONFLICT, "这条反映已经受理过了")
	}
	at := now(x.Time).UTC()
	o.Status, o.AcceptedAt = haoban.ObstacleAccepted, &at
	note := haoban.Notification{Kind: "obstacle", Title: "您反映的办不成事已受理",
		Body: fmt.Sprintf("您反映的「%s」已受理，部门将在 %d 个工作日内解决或答复。", excerpt(o.Text), haoban.ObstacleResolveDays)}
	meta := r.audit("", at)
	meta.Action, meta.Target = "obstacle.accept", o.ID
	return x.Store.StepObstacle(ctx, o, []haoban.ObstacleStatus{haoban.ObstacleReceived},
		haoban.ObstacleStep{At: at, Kind: "accepted", Actor: r.User.ID}, note, meta)
}

// ObstacleResolution resolves a report, or answers it with reasons, and
// may name what it changed: a catalogue version or a knowledge entry.
type ObstacleResolution struct {
	Outcome       string `json:"outcome" enum:"resolved,answered" doc:"resolved：已解决；answered：说明理由答复"`
	Answer        string `json:"answer" maxLength:"4000" doc:"处理情况或理由（不超过 1000 字）"`
	ChangeKind    string `json:"change_kind,omitempty" enum:"catalogue,knowledge," doc:"因此修改了：catalogue 办事目录版本，knowledge 知识条目"`
	ChangeRef     string `json:"change_ref,omitempty" maxLength:"100" doc:"一件事编码，或知识条目编号"`
	ChangeVersion int    `json:"change_version,omitempty" doc:"目录版本号"`
}

// Resolve closes an accepted (or reopened) report of the reader's
// department and tells the person.
func (x *Obstacles) Resolve(ctx context.Context, r Request, id string, in ObstacleResolution) (haoban.Obstacle, error) {
	o, err := x.handle(ctx, r, id)
	if err != nil {
		return o, err
	}
	if o.Status != haoban.ObstacleAccepted && o.Status != haoban.ObstacleReopened {
		if o.Status == haoban.ObstacleReceived {
			return o, haoban.Errorf(haoban.ECONFLICT, "请先受理这条反映")
		}
		return o, haoban.Errorf(haoban.ECONFLICT, "这条反映已经处理过了")
	}
	in.Answer, in.ChangeRef = strings.TrimSpace(in.Answer), strings.TrimSpace(in.ChangeRef)
	if err := x.checkResolution(ctx, &in); err != nil {
		return o, err
	}
	at := now(x.Time).UTC()
	o.Status, o.ResolvedAt, o.Answer = haoban.ObstacleStatus(in.Outcome), &at, in.Answer
	o.ChangeKind, o.ChangeRef, o.ChangeVersion = in.ChangeKind, in.ChangeRef, in.ChangeVersion
	title := "您反映的办不成事已解决"
	if o.Status == haoban.ObstacleAnswered {
		title = "您反映的办不成事已答复"
	}
	note := haoban.Notification{Kind: "obstacle", Title: title,
		Body: fmt.Sprintf("您反映的「%s」：%s 如不满意，可重新提出一次。", excerpt(o.Text), in.Answer)}
	meta := r.audit("", at)
	meta.Action, meta.Target = "obstacle."+in.Outcome, o.ID
	step := haoban.ObstacleStep{At: at, Kind: in.Outcome, Actor: r.User.ID, Text: in.Answer, ChangeKind: in.ChangeKind,
		ChangeRef: in.ChangeRef, ChangeVersion: in.ChangeVersion}
	return x.Store.StepObstacle(ctx, o, []haoban.ObstacleStatus{haoban.ObstacleAccepted, haoban.ObstacleReopened}, step, note, meta)
}

func (x *Obstacles) checkResolution(ctx context.Context, in *ObstacleResolution) error {
	switch {
	case in.Outcome != string(haoban.ObstacleResolved) && in.Outcome != string(haoban.ObstacleAnswered):
		return haoban.FieldErrorf(haoban.EINVALID, "outcome", "请选择已解决，或说明理由答复")
	case in.Answer == "":
		return haoban.FieldErrorf(haoban.EINVALID, "answer", "请写明处理情况或答复理由")
	case utf8.RuneCountInString(in.Answer) > haoban.ObstacleTextMax:
		return haoban.FieldErrorf(haoban.EINVALID, "answer", "处理情况不能超过 1000 字")
	}
	switch in.ChangeKind {
	case "":
		in.ChangeRef, in.ChangeVersion = "", 0
	case haoban.ObstacleChangeKnowledge:
		in.ChangeVersion = 0
		if in.ChangeRef == "" {
			return haoban.FieldErrorf(haoban.EINVALID, "change_ref", "请填写修改的知识条目编号")
		}
		ok, err := x.Store.KnowledgeEntryExists(ctx, in.ChangeRef)
		if err != nil {
			return err
		} else if !ok {
			return haoban.FieldErrorf(haoban.EINVALID, "change_ref", "知识库中没有编号为 %s 的条目", in.ChangeRef)
		}
	case haoban.ObstacleChangeCatalogue:
		if in.ChangeRef == "" || in.ChangeVersion < 1 {
			return haoban.FieldErrorf(haoban.EINVALID, "change_ref", "请填写修改的一件事编码和版本号")
		}
		if _, err := x.Store.FindVersion(ctx, in.ChangeRef, in.ChangeVersion); haoban.ErrorCode(err) == haoban.ENOTFOUND {
			return haoban.FieldErrorf(haoban.EINVALID, "change_ref", "办事目录中没有一件事 %s 的第 %d 版", in.ChangeRef, in.ChangeVersion)
		} else if err != nil {
			return err
		}
	default:
		return haoban.FieldErrorf(haoban.EINVALID, "change_kind", "只能关联办事目录版本或知识条目")
	}
	return nil
}

// Reopen sends a resolved or answered report back to its department, once,
// with the person's words and a new resolve clock of 5 working days.
func (x *Obstacles) Reopen(ctx context.Context, r Request, id, token, why string) (haoban.Obstacle, error) {
	o, err := x.Store.FindObstacle(ctx, id)
	if err != nil {
		return o, err
	}
	if !x.isOwner(r, o, token) {
		return o, haoban.Errorf(haoban.EFORBIDDEN, "只有提出人可以重新提出这条反映")
	}
	why = strings.TrimSpace(why)
	switch {
	case o.ReopenedAt != nil:
		return o, haoban.Errorf(haoban.ECONFLICT, "这条反映已经重新提出过一次，不能再次重新提出；如仍不满意，请拨打 12345 热线")
	case !o.Status.Closed():
		return o, haoban.Errorf(haoban.ECONFLICT, "部门尚未答复这条反映，答复后才能重新提出")
	case why == "":
		return o, haoban.FieldErrorf(haoban.EINVALID, "reason", "请说明哪里不满意")
	case utf8.RuneCountInString(why) > haoban.ObstacleTextMax:
		return o, haoban.FieldErrorf(haoban.EINVALID, "reason", "说明不能超过 1000 字")
	}
	from := o.Status
	at := now(x.Time).UTC()
	o.Status, o.ReopenedAt, o.ResolvedAt = haoban.ObstacleReopened, &at, nil
	note := haoban.Notification{Kind: "obstacle", Title: "您已重新提出办不成事",
		Body: fmt.Sprintf("您反映的「%s」已退回部门重新办理，部门将在 %d 个工作日内解决或答复。", excerpt(o.Text), haoban.ObstacleResolveDays)}
	meta := r.audit("", at)
	meta.Action, meta.Target = "obstacle.reopen", o.ID
	return x.Store.StepObstacle(ctx, o, []haoban.ObstacleStatus{from}, haoban.ObstacleStep{At: at, Kind: "reopened",
		Actor: r.User.ID, Text: why}, note, meta)
}

// excerpt is the start of a report's text, for notices.
func excerpt(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// RemindDue tells the department's reviewers (the supervisors, for the
// centre's) once per clock of each report due to be accepted today or
// with a working day or less left to resolve. Run it periodically.
func (x *Obstacles) RemindDue(ctx context.Context) (int, error) {
	list, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{OpenOnly: true})
	if err != nil {
		return 0, err
	}
	cal, err := x.Store.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	at, sent := now(x.Time), 0
	for _, o := range list {
		clock, ck, left := "resolve", resolveClock(o), 1
		if o.Status == haoban.ObstacleReceived {
			clock, ck, left = "accept", acceptClock(o), 0
		}
		st, _, err := readClock(ck, cal, at)
		if err != nil {
			return sent, err
		} else if st == nil || st.Remaining > left {
			continue
		}
		dept, roles := o.Department, []string{haoban.RoleReviewer}
		if dept == CentreDepartment {
			dept, roles = haoban.AnyDepartment, []string{haoban.RoleSupervisor}
		}
		note := haoban.Notification{Kind: string(haoban.KindReminder), Title: "办不成事反映即将到期",
			Body: fmt.Sprintf("「%s」须在 %s 前%s。", excerpt(o.Text), dueDay(st), map[string]string{"accept": "受理", "resolve": "解决或答复"}[clock])}
		ok, err := x.Store.RemindObstacle(ctx, o.ID, clock, dept, roles, note, at.UTC())
		if err != nil {
			return sent, err
		} else if ok {
			sent++
		}
	}
	return sent, nil
}

func dueDay(st *deadline.Status) string {
	if st.Due == nil {
		return "期限"
	}
	return st.Due.In(calendar.Zone).Format("2006年1月2日") + "下班"
}

// AcceptText and ResolveText say where the clocks stand, as pages show them.
func (v ObstacleView) AcceptText() string  { return clockText(v.Accept) }
func (v ObstacleView) ResolveText() string { return clockText(v.Resolve) }

func clockText(st *deadline.Status) string {
	switch {
	case st == nil:
		return "该年节假日安排尚未导入，暂不能计算"
	case st.State == deadline.Met:
		return "已按时完成"
	case st.State == deadline.Missed:
		return "超期完成"
	case st.Remaining < 0:
		return fmt.Sprintf("已超期 %d 个工作日", -st.Remaining)
	}
	return fmt.Sprintf("%s前，剩余 %d 个工作日", dueDay(st), st.Remaining)
}

// Excerpt is the start of the report's text, for lists.
func (v ObstacleView) Excerpt() string { return excerpt(v.Text) }
