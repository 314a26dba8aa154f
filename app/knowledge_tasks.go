package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// KnowledgeTaskStore keeps the knowledge tasks (postgres.Store).
type KnowledgeTaskStore interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	DepartmentNames(ctx context.Context) (map[string]string, error)
	// OpenKnowledgeTask records a task once per key; a task recorded
	// before under that key is returned as it is.
	OpenKnowledgeTask(ctx context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error)
	FindKnowledgeTask(ctx context.Context, id string) (haoban.KnowledgeTask, error)
	// KnowledgeTasks lists a department's tasks ("": every department's),
	// the open ones first, oldest first, then those closed since since.
	KnowledgeTasks(ctx context.Context, department string, since time.Time) ([]haoban.KnowledgeTask, error)
	// CloseKnowledgeTask closes an open task as t says (status, entry or
	// reason, closed at and by); a task no longer open is ECONFLICT.
	CloseKnowledgeTask(ctx context.Context, t haoban.KnowledgeTask, meta haoban.AuditEntry) (haoban.KnowledgeTask, error)
	// RemindKnowledgeTask marks an open task reminded and delivers note to
	// every user holding one of roles in department, in one transaction;
	// false, and nothing delivered, when it was reminded before.
	RemindKnowledgeTask(ctx context.Context, id, department string, roles []string, note haoban.Notification, at time.Time) (bool, error)
	// KnowledgeEntryExists reports whether the knowledge base holds the
	// entry (any version, any status).
	KnowledgeEntryExists(ctx context.Context, id string) (bool, error)
	// OwnerOfItem is the department of an item in the catalogue, and
	// OwnerOfBundle the department that leads a bundle; ENOTFOUND for
	// an unknown code.
	OwnerOfItem(ctx context.Context, item string) (string, error)
	OwnerOfBundle(ctx context.Context, bundle string) (string, error)
	// UpcomingVersions lists the published catalogue and policy versions
	// taking effect in (from, to].
	UpcomingVersions(ctx context.Context, from, to time.Time) ([]haoban.UpcomingVersion, error)
	// KnowledgePublished reports whether the knowledge base holds the
	// published entry of (kind, ref) built from that version.
	KnowledgePublished(ctx context.Context, kind haoban.KnowledgeKind, ref string, version int) (bool, error)
}

// CentreDepartment owns the gaps that name no department and whose item
// or bundle is unknown: the service centre (政务服务中心). It is not one
// of the catalogue's departments, so only roles not tied to a department
// (the catalogue admin) close its tasks.
const CentreDepartment = "centre"

// centreName is what people call the service centre.
const centreName = "政务服务中心"

// KnowledgeTasks opens the tasks that close the gaps of the knowledge
// base (查遗补缺), lists them for their department, and closes them with
// the entry written for them.
type KnowledgeTasks struct {
	Store KnowledgeTaskStore
	Authz Authorizer
	Time  haoban.TimeSource
}

// OpenGap opens a knowledge task for the gap, once per gap.Key, for the
// gap's department, else its item's, else its bundle's lead department,
// else the service centre. 小申 calls it for a question it could not
// answer; the helpers' desk for an answer marked worth keeping.
func (k *KnowledgeTasks) OpenGap(ctx context.Context, gap haoban.KnowledgeGap) error {
	_, err := k.Open(ctx, gap)
	return err
}

// Open is OpenGap returning the task.
func (k *KnowledgeTasks) Open(ctx context.Context, gap haoban.KnowledgeGap) (haoban.KnowledgeTask, error) {
	gap.Key, gap.Question = strings.TrimSpace(gap.Key), strings.TrimSpace(gap.Question)
	switch {
	case gap.Key == "":
		return haoban.KnowledgeTask{}, haoban.FieldErrorf(haoban.EINVALID, "key", "缺少幂等键")
	case gap.Question == "":
		return haoban.KnowledgeTask{}, haoban.FieldErrorf(haoban.EINVALID, "question", "缺少问题")
	case gap.Source != haoban.GapAssistant && gap.Source != haoban.GapHelper:
		return haoban.KnowledgeTask{}, haoban.FieldErrorf(haoban.EINVALID, "source", "未知的来源：%s", gap.Source)
	}
	dept, err := k.owner(ctx, gap)
	if err != nil {
		return haoban.KnowledgeTask{}, err
	}
	cal, err := k.Store.Calendar(ctx)
	if err != nil {
		return haoban.KnowledgeTask{}, err
	}
	at := now(k.Time).UTC()
	last, err := cal.AddWorkingDays(at, haoban.KnowledgeTaskDays)
	// A gap is never lost for want of next year's holidays: the due date
	// shown is then a week on, and the clock read later counts properly
	// once the year is loaded.
	var noData *calendar.NoDataError
	if errors.As(err, &noData) {
		last, err = at.AddDate(0, 0, 7), nil
	}
	if err != nil {
		return haoban.KnowledgeTask{}, err
	}
	t := haoban.KnowledgeTask{ID: knowledgeTaskID(gap.Key), Key: gap.Key, Source: gap.Source, Question: gap.Question,
		Answer: strings.TrimSpace(gap.Answer), Department: dept, Bundle: gap.Bundle, Item: gap.Item,
		Conversation: gap.Conversation, OpenedAt: at, DueAt: calendar.EndOfDay(last).UTC(), Status: haoban.KnowledgeTaskOpen}
	meta := haoban.AuditEntry{At: at, Actor: systemActor, Department: dept, Action: "knowledge_task.open", Target: t.ID}
	return k.Store.OpenKnowledgeTask(ctx, t, meta)
}

// knowledgeTaskID derives the task's ID from its key, so that the same
// gap reported twice names the same task.
func knowledgeTaskID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "kt-" + hex.EncodeToString(sum[:10])
}

// owner finds the department that must fill the gap.
func (k *KnowledgeTasks) owner(ctx context.Context, gap haoban.KnowledgeGap) (string, error) {
	if gap.Department != "" {
		return gap.Department, nil
	}
	return ownerOf(ctx, k.Store, gap.Item, gap.Bundle)
}

// owners finds who owns an item and who leads a bundle (postgres.Store).
type owners interface {
	OwnerOfItem(ctx context.Context, item string) (string, error)
	OwnerOfBundle(ctx context.Context, bundle string) (string, error)
}

// ownerOf is the item's department, else the bundle's lead department,
// else the service centre: unknown codes fall through to the next.
func ownerOf(ctx context.Context, o owners, item, bundle string) (string, error) {
	for _, find := range []struct {
		code string
		of   func(context.Context, string) (string, error)
	}{{item, o.OwnerOfItem}, {bundle, o.OwnerOfBundle}} {
		if find.code == "" {
			continue
		}
		dept, err := find.of(ctx, find.code)
		if err == nil && dept != "" {
			return dept, nil
		} else if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return "", err
		}
	}
	return CentreDepartment, nil
}

// KnowledgeTaskView is a task with its clock read now and the names
// people read.
type KnowledgeTaskView struct {
	haoban.KnowledgeTask
	// Clock is nil for a task whose clock runs into a year whose holidays
	// nobody has loaded.
	Clock          *deadline.Status `json:"clock,omitempty"`
	Overdue        bool             `json:"overdue"`
	DepartmentName string           `json:"department_name"`
}

// KnowledgeTaskList is what a department's page shows.
type KnowledgeTaskList struct {
	Department     string              `json:"department"` // "": every department
	DepartmentName string              `json:"department_name"`
	Open           []KnowledgeTaskView `json:"open"`
	Closed         []KnowledgeTaskView `json:"closed"` // in the last 30 days
	// CanClose says the reader may close the open tasks listed.
	CanClose bool `json:"can_close"`
}

// List lists the knowledge tasks of department: the reader's own when
// empty, or every department's for those not tied to one.
func (k *KnowledgeTasks) List(ctx context.Context, r Request, department string) (KnowledgeTaskList, error) {
	if department == "" {
		department = r.User.Department
	}
	if !can(k.Authz, r.User, department, "knowledge_task", "read") {
		return KnowledgeTaskList{}, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本部门的知识库待补任务")
	}
	filter := department
	if filter == haoban.AnyDepartment {
		filter = ""
	}
	at := now(k.Time)
	tasks, err := k.Store.KnowledgeTasks(ctx, filter, at.AddDate(0, 0, -30))
	if err != nil {
		return KnowledgeTaskList{}, err
	}
	views, err := k.views(ctx, tasks, at)
	if err != nil {
		return KnowledgeTaskList{}, err
	}
	out := KnowledgeTaskList{Department: filter, Open: []KnowledgeTaskView{}, Closed: []KnowledgeTaskView{},
		CanClose: can(k.Authz, r.User, department, "knowledge_task", "close")}
	if filter != "" {
		names, err := k.Store.DepartmentNames(ctx)
		if err != nil {
			return KnowledgeTaskList{}, err
		}
		out.DepartmentName = nameOfDepartment(names, filter)
	}
	for _, v := range views {
		if v.Status == haoban.KnowledgeTaskOpen {
			out.Open = append(out.Open, v)
		} else {
			out.Closed = append(out.Closed, v)
		}
	}
	return out, nil
}

// views reads each task's clock at at and names its department.
func (k *KnowledgeTasks) views(ctx context.Context, tasks []haoban.KnowledgeTask, at time.Time) ([]KnowledgeTaskView, error) {
	cal, err := k.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	names, err := k.Store.DepartmentNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]KnowledgeTaskView, 0, len(tasks))
	for _, t := range tasks {
		v := KnowledgeTaskView{KnowledgeTask: t, DepartmentName: nameOfDepartment(names, t.Department)}
		st, _, err := readClock(knowledgeClock(t), cal, at)
		if err != nil {
			return nil, err
		}
		if st != nil {
			v.Clock = st
			v.Overdue = st.State == deadline.Overdue || st.State == deadline.Missed
		}
		out = append(out, v)
	}
	return out, nil
}

// knowledgeClock is a task's clock: 5 working days from its opening,
// stopped when it is closed. Nothing pauses it.
func knowledgeClock(t haoban.KnowledgeTask) deadline.Clock {
	return deadline.Clock{Budget: haoban.KnowledgeTaskDays, Start: t.OpenedAt, StoppedAt: t.ClosedAt}
}

func nameOfDepartment(names map[string]string, code string) string {
	if code == CentreDepartment {
		return centreName
	}
	if n, ok := names[code]; ok {
		return n
	}
	return "—"
}

// KnowledgeTaskClose closes a task: with the knowledge entry written for
// it, or dismissed with a reason.
type KnowledgeTaskClose struct {
	Entry   string `json:"entry,omitempty" maxLength:"100" doc:"为此补写的知识条目编号"`
	Dismiss bool   `json:"dismiss,omitempty" doc:"true：无需补写，驳回（须说明理由）"`
	Reason  string `json:"reason,omitempty" maxLength:"500" doc:"驳回理由"`
}

// Close closes an open task of the reader's department.
func (k *KnowledgeTasks) Close(ctx context.Context, r Request, id string, in KnowledgeTaskClose) (haoban.KnowledgeTask, error) {
	t, err := k.Store.FindKnowledgeTask(ctx, id)
	if err != nil {
		return t, err
	}
	if !can(k.Authz, r.User, t.Department, "knowledge_task", "close") {
		return t, haoban.Errorf(haoban.EFORBIDDEN, "只有该部门的目录编辑或审查人员可以处理这项知识库待补任务")
	}
	if t.Status != haoban.KnowledgeTaskOpen {
		return t, haoban.Errorf(haoban.ECONFLICT, "这项任务已经处理过了")
	}
	in.Entry, in.Reason = strings.TrimSpace(in.Entry), strings.TrimSpace(in.Reason)
	at := now(k.Time).UTC()
	closed := t
	closed.ClosedAt, closed.ClosedBy = &at, r.User.ID
	switch {
	case in.Dismiss && in.Reason == "":
		return t, haoban.FieldErrorf(haoban.EINVALID, "reason", "请填写驳回理由")
	case in.Dismiss:
		closed.Status, closed.Reason = haoban.KnowledgeTaskDismissed, in.Reason
	case in.Entry == "":
		return t, haoban.FieldErrorf(haoban.EINVALID, "entry", "请填写为此补写的知识条目编号")
	default:
		ok, err := k.Store.KnowledgeEntryExists(ctx, in.Entry)
		if err != nil {
			return t, err
		} else if !ok {
			return t, haoban.FieldErrorf(haoban.EINVALID, "entry", "知识库中没有编号为 %s 的条目", in.Entry)
		}
		closed.Status, closed.Entry = haoban.KnowledgeTaskDone, in.Entry
	}
	meta := r.audit("", at)
	meta.Action, meta.Target = "knowledge_task."+string(closed.Status), t.ID
	return k.Store.CloseKnowledgeTask(ctx, closed, meta)
}

// KnowledgeBoard is the board's section on the knowledge base: the open
// tasks, least time left first, and the versions taking effect before
// their entries are published.
type KnowledgeBoard struct {
	Tasks    []KnowledgeTaskView  `json:"tasks"`
	Warnings []PublicationWarning `json:"publication_warnings"`
}

// PublicationWarning is a version taking effect in less than one working
// day whose knowledge entries are not published.
type PublicationWarning struct {
	haoban.UpcomingVersion
	DepartmentName string `json:"department_name,omitempty"`
	Message        string `json:"message"`
}

// Board reads the open tasks of department ("": all) and the publication
// warnings, now.
func (k *KnowledgeTasks) Board(ctx context.Context, department string) (KnowledgeBoard, error) {
	out := KnowledgeBoard{Tasks: []KnowledgeTaskView{}, Warnings: []PublicationWarning{}}
	at := now(k.Time)
	tasks, err := k.Store.KnowledgeTasks(ctx, department, at)
	if err != nil {
		return out, err
	}
	tasks = slices.DeleteFunc(tasks, func(t haoban.KnowledgeTask) bool { return t.Status != haoban.KnowledgeTaskOpen })
	if out.Tasks, err = k.views(ctx, tasks, at); err != nil {
		return out, err
	}
	slices.SortStableFunc(out.Tasks, func(a, b KnowledgeTaskView) int { return cmp.Compare(remaining(a), remaining(b)) })
	if out.Warnings, err = k.PublicationWarnings(ctx, department); err != nil {
		return out, err
	}
	return out, nil
}

func remaining(v KnowledgeTaskView) int {
	if v.Clock == nil {
		return haoban.KnowledgeTaskDays
	}
	return v.Clock.Remaining
}

// RemindDue tells the keepers of each open task with a working day or
// less left (the department's reviewers and catalogue editors; the
// catalogue admins for the centre's) once, and returns how many tasks it
// reminded of. Run it periodically: the clock is read each time.
func (k *KnowledgeTasks) RemindDue(ctx context.Context) (int, error) {
	at := now(k.Time)
	tasks, err := k.Store.KnowledgeTasks(ctx, "", at)
	if err != nil {
		return 0, err
	}
	cal, err := k.Store.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, t := range tasks {
		if t.Status != haoban.KnowledgeTaskOpen {
			continue
		}
		st, _, err := readClock(knowledgeClock(t), cal, at)
		if err != nil {
			return sent, err
		} else if st == nil || st.Remaining > 1 {
			continue
		}
		dept, roles := t.Department, []string{haoban.RoleReviewer, haoban.RoleCatalogueEditor}
		if dept == CentreDepartment {
			dept, roles = haoban.AnyDepartment, []string{haoban.RoleCatalogueAdmin}
		}
		note := haoban.Notification{Kind: string(haoban.KindReminder), Title: "知识库待补任务即将到期",
			Body: fmt.Sprintf("问题「%s」须在 %s 前补写进知识库。", t.Question, t.LastDay().In(calendar.Zone).Format("2006年1月2日"))}
		ok, err := k.Store.RemindKnowledgeTask(ctx, t.ID, dept, roles, note, at.UTC())
		if err != nil {
			return sent, err
		} else if ok {
			sent++
		}
	}
	return sent, nil
}
