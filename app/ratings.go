package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
	"haoban/calendar"
)

// RatingStore keeps the ratings, their rectifications and appeals
// (postgres.Store).
type RatingStore interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	DepartmentNames(ctx context.Context) (map[string]string, error)
	FindCase(ctx context.Context, id string) (haoban.Case, error)
	FindConversation(ctx context.Context, id string) (haoban.Conversation, error)
	OwnerOfBundle(ctx context.Context, bundle string) (string, error)
	// FindRating reads a rating with its rectification's status.
	FindRating(ctx context.Context, id string) (haoban.Rating, error)
	// SaveRating records a rating or its change (same ID) and, when rc is
	// not nil, opens its rectification once, in one transaction.
	SaveRating(ctx context.Context, r haoban.Rating, rc *haoban.Rectification, meta haoban.AuditEntry) (haoban.Rating, error)
	// RatingsOfCase lists the rater's ratings of a case and its items.
	RatingsOfCase(ctx context.Context, rater, caseID string) ([]haoban.Rating, error)
	// Ratings lists a department's ratings ("": all) given since since,
	// newest first.
	Ratings(ctx context.Context, department string, since time.Time) ([]haoban.Rating, error)
	RectificationStore
	AppealStore
	// RatingFigures counts the ratings given in the query's period;
	// RatingDrill lists them a page at a time, oldest first, after the
	// rating (at, id) (zero: from the start), with how many there are.
	RatingFigures(ctx context.Context, q haoban.FigureQuery) (haoban.RatingFigures, error)
	RatingDrill(ctx context.Context, q haoban.FigureQuery, afterAt time.Time, afterID string, limit int) ([]haoban.Rating, int, error)
}

// Ratings is 好差评: people rate what was done for them, once per
// target; bad ratings open rectifications; departments appeal.
type Ratings struct {
	Store RatingStore
	Authz Authorizer
	Time  haoban.TimeSource
}

// RatingInput is a rating as a person gives it. Indicators map each
// indicator's key to its level (1–5); 整体满意度 (overall) is required
// and is the rating's level.
type RatingInput struct {
	Target     haoban.RatingTarget `json:"target" enum:"case,task,conversation" doc:"评价对象：办件、事项决定或帮办对话"`
	Case       string              `json:"case,omitempty" maxLength:"40" doc:"办件编号（评价办件或事项时）"`
	Ref        string              `json:"ref,omitempty" maxLength:"40" doc:"事项的审查任务编号或对话编号；评价办件时可不填"`
	Indicators map[string]int      `json:"indicators" doc:"各项指标的等级，1（非常不满意）至 5（非常满意）；须含 overall（整体满意度）"`
	Comment    string              `json:"comment,omitempty" maxLength:"2000" doc:"评价内容，不超过 500 字"`
	Anonymous  bool                `json:"anonymous,omitempty" doc:"匿名评价：部门看不到评价人姓名"`
}

// Give records the reader's rating of one target, or changes it within
// RatingChangeDays of it first being given. A bad overall level opens
// the department's rectification once; a later change leaves it open.
func (x *Ratings) Give(ctx context.Context, r Request, in RatingInput) (haoban.Rating, error) {
	if !can(x.Authz, r.User, haoban.AnyDepartment, "rating", "give") {
		return haoban.Rating{}, haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众可以评价")
	}
	rt, err := x.target(ctx, r, in)
	if err != nil {
		return rt, err
	}
	if err := fillLevels(&rt, in); err != nil {
		return rt, err
	}
	at := now(x.Time).UTC()
	rt.ID, rt.Rater, rt.GivenAt, rt.ChangedAt = ratingID(r.User.ID, rt.Target, rt.Ref), r.User.ID, at, at
	old, err := x.Store.FindRating(ctx, rt.ID)
	switch {
	case err == nil && sameRating(old, rt):
		return old, nil // a retry
	case err == nil && !at.Before(old.ChangeableUntil()):
		return old, haoban.Errorf(haoban.ECONFLICT, "评价只能在首次评价后 %d 天内修改，已超过修改期限", haoban.RatingChangeDays)
	case err == nil:
		rt.GivenAt = old.GivenAt
	case haoban.ErrorCode(err) != haoban.ENOTFOUND:
		return rt, err
	}
	var rc *haoban.Rectification
	if rt.Level.Bad() && (err != nil || old.Rectification == "") {
		if rc, err = x.openRectification(ctx, rt, at); err != nil {
			return rt, err
		}
	}
	meta := r.audit(rt.Case, at)
	meta.Action, meta.Target = "rating.give", "rating:"+rt.ID
	if err == nil && old.ID != "" {
		meta.Action = "rating.change"
	}
	return x.Store.SaveRating(ctx, rt, rc, meta)
}

// target reads what is rated, checks the reader may rate it now, and
// attaches the rating to its case, item, department and staff.
func (x *Ratings) target(ctx context.Context, r Request, in RatingInput) (haoban.Rating, error) {
	rt := haoban.Rating{Target: in.Target, Ref: strings.TrimSpace(in.Ref), Channel: haoban.FiledOnline}
	switch in.Target {
	case haoban.RateCase, haoban.RateTask:
		c, err := x.Store.FindCase(ctx, strings.TrimSpace(in.Case))
		if err != nil || c.Applicant != r.User.ID {
			return rt, haoban.Errorf(haoban.ENOTFOUND, "没有找到这个办件")
		}
		rt.Case, rt.Bundle, rt.Channel, rt.Title = c.ID, c.Bundle, c.Channel, c.BundleName
		if !rt.Channel.Valid() {
			rt.Channel = haoban.FiledOnline
		}
		if in.Target == haoban.RateCase {
			if c.Status != haoban.CaseCompleted {
				return rt, haoban.Errorf(haoban.ECONFLICT, "办件办结后才能评价")
			}
			rt.Ref = c.ID
			dept, err := x.Store.OwnerOfBundle(ctx, c.Bundle)
			if err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
				return rt, err
			}
			if dept == "" && len(c.Tasks) > 0 {
				dept = c.Tasks[0].Department
			}
			rt.Department, rt.Staff = dept, []string{}
			if c.Channel == haoban.FiledWindow && c.EnteredBy != "" {
				rt.Staff = append(rt.Staff, c.EnteredBy)
			}
			return rt, nil
		}
		for _, t := range c.Tasks {
			if t.ID != rt.Ref {
				continue
			}
			if t.DecidedAt == nil || (t.Status != haoban.TaskApproved && t.Status != haoban.TaskRejected) {
				return rt, haoban.Errorf(haoban.ECONFLICT, "事项作出决定后才能评价")
			}
			rt.Item, rt.Department, rt.Title = t.Item, t.Department, c.BundleName+" · "+t.ItemName
			rt.Staff = []string{}
			if t.Assignee != "" {
				rt.Staff = append(rt.Staff, t.Assignee)
			}
			return rt, nil
		}
		return rt, haoban.Errorf(haoban.ENOTFOUND, "这个办件中没有该事项")
	case haoban.RateConversation:
		c, err := x.Store.FindConversation(ctx, rt.Ref)
		if err != nil || c.Applicant != r.User.ID {
			return rt, haoban.Errorf(haoban.ENOTFOUND, "没有找到这次对话")
		}
		if !c.Ended() {
			return rt, haoban.Errorf(haoban.ECONFLICT, "对话结束后才能评价")
		}
		rt.Item, rt.Bundle, rt.Department, rt.Staff = c.Item, c.Bundle, c.Department, []string{}
		if rt.Department == "" {
			rt.Department = CentreDepartment
		}
		if c.Helper != "" {
			rt.Staff = append(rt.Staff, c.Helper)
		}
		rt.Title = "线上帮办：" + clip(c.Question, 30)
		return rt, nil
	}
	return rt, haoban.FieldErrorf(haoban.EINVALID, "target", "请选择评价对象：办件、事项或帮办对话")
}

// fillLevels checks the indicators against the target's set and the
// comment's length.
func fillLevels(rt *haoban.Rating, in RatingInput) error {
	set := haoban.IndicatorsFor(rt.Channel)
	rt.Indicators = map[string]haoban.RatingLevel{}
	for k, v := range in.Indicators {
		known := false
		for _, ind := range set {
			known = known || ind.Key == k
		}
		if !known {
			return haoban.FieldErrorf(haoban.EINVALID, "indicators."+k, "这类评价没有「%s」这项指标", k)
		}
		if l := haoban.RatingLevel(v); !l.Valid() {
			return haoban.FieldErrorf(haoban.EINVALID, "indicators."+k, "请为每项指标选择 5 个等级之一")
		}
		rt.Indicators[k] = haoban.RatingLevel(v)
	}
	rt.Level = rt.Indicators[haoban.IndicatorOverall]
	if !rt.Level.Valid() {
		return haoban.FieldErrorf(haoban.EINVALID, "indicators.overall", "请选择整体满意度")
	}
	rt.Comment, rt.Anonymous = strings.TrimSpace(in.Comment), in.Anonymous
	if utf8.RuneCountInString(rt.Comment) > 500 {
		return haoban.FieldErrorf(haoban.EINVALID, "comment", "评价内容请不要超过 500 字")
	}
	return nil
}

func sameRating(a, b haoban.Rating) bool {
	return a.Level == b.Level && maps.Equal(a.Indicators, b.Indicators) && a.Comment == b.Comment && a.Anonymous == b.Anonymous
}

// ratingID derives a rating's ID from who rates what, so a person has
// one rating per target and a retried rating names the same one.
func ratingID(rater string, target haoban.RatingTarget, ref string) string {
	sum := sha256.Sum256([]byte(rater + "\x00" + string(target) + "\x00" + ref))
	return "rt-" + hex.EncodeToString(sum[:10])
}

// openRectification is a bad rating's rectification, due in
// RectificationDays working days.
func (x *Ratings) openRectification(ctx context.Context, rt haoban.Rating, at time.Time) (*haoban.Rectification, error) {
	cal, err := x.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	last, err := cal.AddWorkingDays(at, haoban.RectificationDays)
	// A bad rating is never left without its loop for want of next year's
	// holidays: the due date shown is then three weeks on, and the clock
	// read later counts properly once the year is loaded.
	var noData *calendar.NoDataError
	if errors.As(err, &noData) {
		last, err = at.AddDate(0, 0, 21), nil
	}
	if err != nil {
		return nil, err
	}
	return &haoban.Rectification{ID: "rc-" + strings.TrimPrefix(rt.ID, "rt-"), Rating: rt.ID, Department: rt.Department,
		Named: !rt.Anonymous, OpenedAt: at, DueAt: calendar.EndOfDay(last).UTC(), Status: haoban.RectificationOpen}, nil
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if r := []rune(strings.TrimSpace(s)); len(r) > n {
		return string(r[:n]) + "…"
	}
	return strings.TrimSpace(s)
}
