package app

import (
	"context"

	"haoban"
)

// RatingView is a person's own rating: its indicators by name, whether
// it may still be changed, and its rectification's progress.
type RatingView struct {
	haoban.Rating
	Indicators    []IndicatorLevel      `json:"indicator_levels"`
	CanChange     bool                  `json:"can_change"`
	Rectification *haoban.Rectification `json:"rectification_detail,omitempty"`
}

// IndicatorLevel is one indicator as given.
type IndicatorLevel struct {
	haoban.Indicator
	Level haoban.RatingLevel `json:"level"`
}

// Mine reads the reader's own rating.
func (x *Ratings) Mine(ctx context.Context, r Request, id string) (RatingView, error) {
	rt, err := x.Store.FindRating(ctx, id)
	if err != nil || rt.Rater != r.User.ID {
		return RatingView{}, haoban.Errorf(haoban.ENOTFOUND, "没有找到这条评价")
	}
	v := RatingView{Rating: rt, CanChange: now(x.Time).Before(rt.ChangeableUntil())}
	for _, ind := range haoban.IndicatorsFor(rt.Channel) {
		if l, ok := rt.Indicators[ind.Key]; ok {
			v.Indicators = append(v.Indicators, IndicatorLevel{Indicator: ind, Level: l})
		}
	}
	if rt.Rectification != "" {
		rc, err := x.Store.RectificationOf(ctx, rt.ID)
		if err != nil {
			return v, err
		}
		v.Rectification = &rc
	}
	return v, nil
}

// CaseRatings is what the case page offers its applicant: the case's and
// each decided item's rating form, or the rating given.
type CaseRatings struct {
	Indicators []haoban.Indicator `json:"indicators"`
	Levels     []haoban.RatingLevel
	Targets    []RatingSlot `json:"targets"`
}

// RatingSlot is one thing of a case that can be rated.
type RatingSlot struct {
	Target haoban.RatingTarget `json:"target"`
	Ref    string              `json:"ref"`
	Name   string              `json:"name"`
	Given  *haoban.Rating      `json:"given,omitempty"`
}

// OfCase lists what the reader may rate in their case: the case once
// completed, and each decided item.
func (x *Ratings) OfCase(ctx context.Context, r Request, c haoban.Case) (CaseRatings, error) {
	out := CaseRatings{Indicators: haoban.IndicatorsFor(c.Channel), Levels: haoban.RatingLevels, Targets: []RatingSlot{}}
	if c.Applicant != r.User.ID {
		return out, nil
	}
	given, err := x.Store.RatingsOfCase(ctx, r.User.ID, c.ID)
	if err != nil {
		return out, err
	}
	find := func(t haoban.RatingTarget, ref string) *haoban.Rating {
		for i := range given {
			if given[i].Target == t && given[i].Ref == ref {
				return &given[i]
			}
		}
		return nil
	}
	if c.Status == haoban.CaseCompleted {
		out.Targets = append(out.Targets, RatingSlot{Target: haoban.RateCase, Ref: c.ID, Name: "整个办件", Given: find(haoban.RateCase, c.ID)})
	}
	for _, t := range c.Tasks {
		if t.DecidedAt != nil && (t.Status == haoban.TaskApproved || t.Status == haoban.TaskRejected) {
			out.Targets = append(out.Targets, RatingSlot{Target: haoban.RateTask, Ref: t.ID, Name: t.ItemName, Given: find(haoban.RateTask, t.ID)})
		}
	}
	return out, nil
}

// RatingList is a department's page: its ratings of the last 90 days
// (anonymous ones without the person), its rectifications with their
// clocks, and what the reader may do.
type RatingList struct {
	Department     string              `json:"department"` // "": every department
	DepartmentName string              `json:"department_name"`
	Ratings        []haoban.Rating     `json:"ratings"`
	Rectifications []RectificationView `json:"rectifications"`
	CanAct         bool                `json:"can_act"`
}

// List reads a department's ratings and rectifications: the reader's
// own department, or every department's for those not tied to one.
func (x *Ratings) List(ctx context.Context, r Request) (RatingList, error) {
	dept := r.User.Department
	if !can(x.Authz, r.User, dept, "rectification", "read") {
		return RatingList{}, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本部门的评价")
	}
	filter := dept
	if filter == haoban.AnyDepartment {
		filter = ""
	}
	at := now(x.Time)
	out := RatingList{Department: filter, Ratings: []haoban.Rating{}, CanAct: can(x.Authz, r.User, dept, "rectification", "act")}
	rts, err := x.Store.Ratings(ctx, filter, at.AddDate(0, 0, -90))
	if err != nil {
		return out, err
	}
	for _, rt := range rts {
		out.Ratings = append(out.Ratings, forStaff(rt))
	}
	rcs, err := x.Store.Rectifications(ctx, filter, at.AddDate(0, 0, -30))
	if err != nil {
		return out, err
	}
	if out.Rectifications, err = x.views(ctx, rcs, at); err != nil {
		return out, err
	}
	if filter != "" {
		names, err := x.Store.DepartmentNames(ctx)
		if err != nil {
			return out, err
		}
		out.DepartmentName = nameOfDepartment(names, filter)
	}
	return out, nil
}
