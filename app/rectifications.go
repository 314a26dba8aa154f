package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
)

// RectificationStore keeps the bad ratings' rectifications (整改).
type RectificationStore interface {
	FindRectification(ctx context.Context, id string) (haoban.Rectification, error)
	// RectificationOf is a rating's rectification; ENOTFOUND when none.
	RectificationOf(ctx context.Context, rating string) (haoban.Rectification, error)
	// Rectifications lists a department's ("": all) unfixed ones, oldest
	// first, then those fixed since since, newest first.
	Rectifications(ctx context.Context, department string, since time.Time) ([]haoban.Rectification, error)
	// AdvanceRectification writes rc if it still stands at from (else
	// ECONFLICT), delivers note (if any) to the rater, and audits it, in
	// one transaction.
	AdvanceRectification(ctx context.Context, rc haoban.Rectification, from haoban.RectificationStatus, note *haoban.Notification, meta haoban.AuditEntry) (haoban.Rectification, error)
	// RemindRectification marks an unfixed one reminded and delivers note
	// to every user holding one of roles in department, once.
	RemindRectification(ctx context.Context, id, department string, roles []string, note haoban.Notification, at time.Time) (bool, error)
}

// RectificationView is a rectification with its clock read now, its
// rating as staff may see it, and the names people read.
type RectificationView struct {
	haoban.Rectification
	Rating         haoban.Rating    `json:"rating"`
	Clock          *deadline.Status `json:"clock,omitempty"`
	Overdue        bool             `json:"overdue"`
	DepartmentName string           `json:"department_name"`
	// Relevelled: the rating was changed to a level that is not bad after
	// the rectification opened; the task stays, it was opened.
	Relevelled bool `json:"relevelled"`
}

// rectificationClock runs RectificationDays working days from the
// opening and stops when the fix is recorded: the person's answer is
// theirs, not the department's time.
func rectificationClock(rc haoban.Rectification) deadline.Clock {
	return deadline.Clock{Budget: haoban.RectificationDays, Start: rc.OpenedAt, StoppedAt: rc.FixedAt}
}

// forStaff hides who gave an anonymous rating.
func forStaff(rt haoban.Rating) haoban.Rating {
	if rt.Anonymous {
		rt.Rater = ""
	}
	return rt
}

func (x *Ratings) views(ctx context.Context, rcs []haoban.Rectification, at time.Time) ([]RectificationView, error) {
	cal, err := x.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	names, err := x.Store.DepartmentNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RectificationView, 0, len(rcs))
	for _, rc := range rcs {
		rt, err := x.Store.FindRating(ctx, rc.Rating)
		if err != nil {
			return nil, err
		}
		v := RectificationView{Rectification: rc, Rating: forStaff(rt), DepartmentName: nameOfDepartment(names, rc.Department),
			Relevelled: !rt.Level.Bad()}
		st, _, err := readClock(rectificationClock(rc), cal, at)
		if err != nil {
			return nil, err
		}
		if st != nil {
			v.Clock, v.Overdue = st, st.State == deadline.Overdue || st.State == deadline.Missed
		}
		out = append(out, v)
	}
	return out, nil
}

// Rectification reads one rectification for the staff of its department
// (and supervisors).
func (x *Ratings) Rectification(ctx context.Context, r Request, id string) (RectificationView, error) {
	rc, err := x.Store.FindRectification(ctx, id)
	if err != nil {
		return RectificationView{}, err
	}
	if !can(x.Authz, r.User, rc.Department, "rectification", "read") {
		return RectificationView{}, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本部门的整改任务")
	}
	vs, err := x.views(ctx, []haoban.Rectification{rc}, now(x.Time))
	if err != nil {
		return RectificationView{}, err
	}
	return vs[0], nil
}

// CallBack records the department's call-back (核实): whether the person
// was reached and what it found.
type CallBack struct {
	Reached bool   `json:"reached" doc:"是否联系上评价人"`
	Found   string `json:"found" maxLength:"2000" doc:"核实情况"`
}

// Fix records what the department changed; the person is then asked.
type Fix struct {
	Fix string `json:"fix" maxLength:"2000" doc:"整改措施"`
}

// RecordCallBack records the call-back of an open rectification.
func (x *Ratings) RecordCallBack(ctx context.Context, r Request, id string, in CallBack) (haoban.Rectification, error) {
	rc, err := x.actable(ctx, r, id)
	if err != nil {
		return rc, err
	}
	in.Found = strings.TrimSpace(in.Found)
	if err := checkText("found", in.Found, "请填写核实情况"); err != nil {
		return rc, err
	}
	switch {
	case rc.CalledBackAt != nil && rc.CalledBackBy == r.User.ID && rc.Reached == in.Reached && rc.Found == in.Found:
		return rc, nil // a retry
	case rc.Status != haoban.RectificationOpen:
		return rc, haoban.Errorf(haoban.ECONFLICT, "已记录过回访核实")
	}
	at := now(x.Time).UTC()
	next := rc
	next.Status, next.CalledBackAt, next.CalledBackBy, next.Reached, next.Found = haoban.RectificationCalledBack, &at, r.User.ID, in.Reached, in.Found
	meta := r.audit("", at)
	meta.Action, meta.Target = "rectification.call_back", "rectification:"+rc.ID
	return x.Store.AdvanceRectification(ctx, next, haoban.RectificationOpen, nil, meta)
}

// RecordFix records what was changed after the call-back, which stops
// the clock, and asks the person whether they are satisfied.
func (x *Ratings) RecordFix(ctx context.Context, r Request, id string, in Fix) (haoban.Rectification, error) {
	rc, err := x.actable(ctx, r, id)
	if err != nil {
		return rc, err
	}
	in.Fix = strings.TrimSpace(in.Fix)
	if err := checkText("fix", in.Fix, "请填写整改措施"); err != nil {
		return rc, err
	}
	switch {
	case rc.FixedAt != nil && rc.FixedBy == r.User.ID && rc.Fix == in.Fix:
		return rc, nil // a retry
	case rc.Status == haoban.RectificationOpen:
		return rc, haoban.Errorf(haoban.ECONFLICT, "请先记录回访核实，再记录整改措施")
	case rc.Status != haoban.RectificationCalledBack:
		return rc, haoban.Errorf(haoban.ECONFLICT, "已记录过整改措施")
	}
	rt, err := x.Store.FindRating(ctx, rc.Rating)
	if err != nil {
		return rc, err
	}
	at := now(x.Time).UTC()
	next := rc
	next.Status, next.FixedAt, next.FixedBy, next.Fix = haoban.RectificationAsked, &at, r.User.ID, in.Fix
	note := &haoban.Notification{UserID: rt.Rater, Kind: string(haoban.KindReminder), CaseID: rt.Case, Title: "请告诉我们您是否满意",
		Body: fmt.Sprintf("您对「%s」的评价，部门已回访并整改：%s。请到 /ratings/%s 告诉我们您是否满意。", rt.Title, clip(in.Fix, 60), rt.ID)}
	meta := r.audit("", at)
	meta.Action, meta.Target = "rectification.fix", "rectification:"+rc.ID
	return x.Store.AdvanceRectification(ctx, next, haoban.RectificationCalledBack, note, meta)
}

// actable reads a rectification the reader's department may act on.
func (x *Ratings) actable(ctx context.Context, r Request, id string) (haoban.Rectification, error) {
	rc, err := x.Store.FindRectification(ctx, id)
	if err != nil {
		return rc, err
	}
	if !can(x.Authz, r.User, rc.Department, "rectification", "act") {
		return rc, haoban.Errorf(haoban.EFORBIDDEN, "只有该部门的审查人员可以处理这项整改")
	}
	return rc, nil
}

func checkText(field, s, empty string) error {
	if s == "" {
		return haoban.FieldErrorf(haoban.EINVALID, field, "%s", empty)
	}
	if utf8.RuneCountInString(s) > 1000 {
		return haoban.FieldErrorf(haoban.EINVALID, field, "请不要超过 1000 字")
	}
	return nil
}

// Satisfaction is the person's answer once asked.
type Satisfaction struct {
	Satisfied bool   `json:"satisfied" doc:"对整改是否满意"`
	Words     string `json:"words,omitempty" maxLength:"2000" doc:"想说的话（可不填）"`
}

// Answer records the rater's answer to the rectification of their rating.
func (x *Ratings) Answer(ctx context.Context, r Request, ratingID string, in Satisfaction) (haoban.Rectification, error) {
	rt, err := x.Store.FindRating(ctx, ratingID)
	if err != nil || rt.Rater != r.User.ID {
		return haoban.Rectification{}, haoban.Errorf(haoban.ENOTFOUND, "没有找到这条评价")
	}
	rc, err := x.Store.RectificationOf(ctx, rt.ID)
	if err != nil {
		return rc, err
	}
	in.Words = strings.TrimSpace(in.Words)
	if utf8.RuneCountInString(in.Words) > 500 {
		return rc, haoban.FieldErrorf(haoban.EINVALID, "words", "请不要超过 500 字")
	}
	switch {
	case rc.Status == haoban.RectificationAnswered && *rc.Satisfied == in.Satisfied && rc.Answer == in.Words:
		return rc, nil // a retry
	case rc.Status != haoban.RectificationAsked:
		return rc, haoban.Errorf(haoban.ECONFLICT, "部门整改后才能回复是否满意，且只能回复一次")
	}
	at := now(x.Time).UTC()
	next := rc
	next.Status, next.AnsweredAt, next.Satisfied, next.Answer = haoban.RectificationAnswered, &at, &in.Satisfied, in.Words
	meta := r.audit(rt.Case, at)
	meta.Action, meta.Target = "rectification.answer", "rectification:"+rc.ID
	return x.Store.AdvanceRectification(ctx, next, haoban.RectificationAsked, nil, meta)
}

// RatingBoard is the board's section on 好差评: the unfixed
// rectifications, least time left first, and the named bad ratings not
// yet called back, which must all be followed up.
type RatingBoard struct {
	Rectifications []RectificationView `json:"rectifications"`
	NotFollowedUp  []RectificationView `json:"not_followed_up"`
}

// Board reads the unfixed rectifications of department ("": all) now.
func (x *Ratings) Board(ctx context.Context, department string) (RatingBoard, error) {
	out := RatingBoard{Rectifications: []RectificationView{}, NotFollowedUp: []RectificationView{}}
	at := now(x.Time)
	rcs, err := x.Store.Rectifications(ctx, department, at)
	if err != nil {
		return out, err
	}
	rcs = slices.DeleteFunc(rcs, func(rc haoban.Rectification) bool { return rc.FixedAt != nil })
	if out.Rectifications, err = x.views(ctx, rcs, at); err != nil {
		return out, err
	}
	slices.SortStableFunc(out.Rectifications, func(a, b RectificationView) int { return cmp.Compare(daysLeft(a), daysLeft(b)) })
	for _, v := range out.Rectifications {
		if v.Named && v.CalledBackAt == nil {
			out.NotFollowedUp = append(out.NotFollowedUp, v)
		}
	}
	return out, nil
}

func daysLeft(v RectificationView) int {
	if v.Clock == nil {
		return haoban.RectificationDays
	}
	return v.Clock.Remaining
}

// RemindDue tells the reviewers of each unfixed rectification with a
// working day or less left, once each, and returns how many it reminded
// of. Run it periodically: the clock is read each time.
func (x *Ratings) RemindDue(ctx context.Context) (int, error) {
	at := now(x.Time)
	rcs, err := x.Store.Rectifications(ctx, "", at)
	if err != nil {
		return 0, err
	}
	cal, err := x.Store.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, rc := range rcs {
		if rc.FixedAt != nil {
			continue
		}
		st, _, err := readClock(rectificationClock(rc), cal, at)
		if err != nil {
			return sent, err
		} else if st == nil || st.Remaining > 1 {
			continue
		}
		note := haoban.Notification{Kind: string(haoban.KindReminder), Title: "差评整改即将到期",
			Body: fmt.Sprintf("一条差评的整改须在 %s 前完成回访核实和整改：/staff/rectifications/%s",
				rc.DueAt.Add(-time.Nanosecond).In(calendar.Zone).Format("2006年1月2日"), rc.ID)}
		dept, roles := rc.Department, []string{haoban.RoleReviewer}
		if dept == CentreDepartment {
			dept, roles = haoban.AnyDepartment, []string{haoban.RoleAdmin}
		}
		ok, err := x.Store.RemindRectification(ctx, rc.ID, dept, roles, note, at.UTC())
		if err != nil {
			return sent, err
		} else if ok {
			sent++
		}
	}
	return sent, nil
}
