package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"haoban"
)

// AppealStore keeps the appeals (申诉).
type AppealStore interface {
	// FileAppeal records an appeal, one per rating (a second is ECONFLICT).
	FileAppeal(ctx context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error)
	FindAppeal(ctx context.Context, id string) (haoban.Appeal, error)
	// AppealOf is a rating's appeal; ENOTFOUND when none.
	AppealOf(ctx context.Context, rating string) (haoban.Appeal, error)
	// Appeals lists a department's ("": all) appeals of a status ("": all),
	// the oldest pending first, then the newest decided.
	Appeals(ctx context.Context, department string, status haoban.AppealStatus) ([]haoban.Appeal, error)
	// DecideAppeal writes a pending appeal's decision and, when upheld,
	// excludes its rating from the figures; a decided one is ECONFLICT.
	DecideAppeal(ctx context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error)
}

// AppealInput is a department's appeal of a rating.
type AppealInput struct {
	Reason   string `json:"reason" maxLength:"2000" doc:"申诉理由：为何这条评价与本部门的服务无关"`
	Evidence string `json:"evidence" maxLength:"4000" doc:"证据（情况说明、记录编号等）"`
}

// FileAppeal contests a rating of the reader's department while it has
// no appeal.
func (x *Ratings) FileAppeal(ctx context.Context, r Request, ratingID string, in AppealInput) (haoban.Appeal, error) {
	rt, err := x.Store.FindRating(ctx, ratingID)
	if err != nil {
		return haoban.Appeal{}, err
	}
	if !can(x.Authz, r.User, rt.Department, "rating_appeal", "file") {
		return haoban.Appeal{}, haoban.Errorf(haoban.EFORBIDDEN, "只有该部门的审查人员可以申诉这条评价")
	}
	in.Reason, in.Evidence = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Evidence)
	if err := checkText("reason", in.Reason, "请填写申诉理由"); err != nil {
		return haoban.Appeal{}, err
	}
	if err := checkText("evidence", in.Evidence, "请提供证据"); err != nil {
		return haoban.Appeal{}, err
	}
	at := now(x.Time).UTC()
	a := haoban.Appeal{ID: "ap-" + strings.TrimPrefix(rt.ID, "rt-"), Rating: rt.ID, Department: rt.Department,
		Reason: in.Reason, Evidence: in.Evidence, FiledBy: r.User.ID, FiledAt: at, Status: haoban.AppealPending}
	meta := r.audit("", at)
	meta.Action, meta.Target = "rating_appeal.file", "rating:"+rt.ID
	return x.Store.FileAppeal(ctx, a, meta)
}

// AppealDecision is a supervisor's decision on an appeal, with a reason.
type AppealDecision struct {
	Uphold bool   `json:"uphold" doc:"true：申诉成立，该评价不计入统计（不删除）"`
	Reason string `json:"reason" maxLength:"2000" doc:"裁定理由"`
}

// DecideAppeal upholds or rejects a pending appeal.
func (x *Ratings) DecideAppeal(ctx context.Context, r Request, id string, in AppealDecision) (haoban.Appeal, error) {
	a, err := x.Store.FindAppeal(ctx, id)
	if err != nil {
		return a, err
	}
	if !can(x.Authz, r.User, a.Department, "rating_appeal", "decide") {
		return a, haoban.Errorf(haoban.EFORBIDDEN, "只有督办人员可以裁定申诉")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := checkText("reason", in.Reason, "请填写裁定理由"); err != nil {
		return a, err
	}
	if a.Status != haoban.AppealPending {
		return a, haoban.Errorf(haoban.ECONFLICT, "这项申诉已经裁定过了")
	}
	at := now(x.Time).UTC()
	a.Status, a.DecidedBy, a.DecidedAt, a.Decision = haoban.AppealRejected, r.User.ID, &at, in.Reason
	if in.Uphold {
		a.Status = haoban.AppealUpheld
	}
	meta := r.audit("", at)
	meta.Action, meta.Target = "rating_appeal."+string(a.Status), "rating:"+a.Rating
	return x.Store.DecideAppeal(ctx, a, meta)
}

// AppealView is an appeal with its rating as staff may see it.
type AppealView struct {
	haoban.Appeal
	Rating         haoban.Rating `json:"rating"`
	DepartmentName string        `json:"department_name"`
}

// AppealList is the supervisors' page: pending appeals first.
type AppealList struct {
	Appeals   []AppealView `json:"appeals"`
	CanDecide bool         `json:"can_decide"`
}

// Appeals lists the appeals the reader may see: a department's own, or
// every department's for supervisors and admins.
func (x *Ratings) Appeals(ctx context.Context, r Request) (AppealList, error) {
	dept := r.User.Department
	if !can(x.Authz, r.User, dept, "rating_appeal", "read") {
		return AppealList{}, haoban.Errorf(haoban.EFORBIDDEN, "无权查看申诉")
	}
	if dept == haoban.AnyDepartment {
		dept = ""
	}
	as, err := x.Store.Appeals(ctx, dept, "")
	if err != nil {
		return AppealList{}, err
	}
	names, err := x.Store.DepartmentNames(ctx)
	if err != nil {
		return AppealList{}, err
	}
	out := AppealList{Appeals: []AppealView{}, CanDecide: can(x.Authz, r.User, haoban.AnyDepartment, "rating_appeal", "decide")}
	for _, a := range as {
		rt, err := x.Store.FindRating(ctx, a.Rating)
		if err != nil {
			return out, err
		}
		out.Appeals = append(out.Appeals, AppealView{Appeal: a, Rating: forStaff(rt), DepartmentName: nameOfDepartment(names, a.Department)})
	}
	return out, nil
}

// Figures are 好差评's figures over the ratings given in [q.From, q.To),
// scoped to q's department or item.
func (x *Ratings) Figures(ctx context.Context, q haoban.FigureQuery) (haoban.RatingFigures, error) {
	if !q.To.After(q.From) {
		return haoban.RatingFigures{}, haoban.FieldErrorf(haoban.EINVALID, "to", "统计期的结束须晚于开始")
	}
	return x.Store.RatingFigures(ctx, q)
}

// ratingCursor is a drill-down page's place: after the rating given at
// At with the ID.
type ratingCursor struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// Drill lists the ratings behind the figures, oldest first, limit at a
// time: each counted (In) unless an upheld appeal excluded it.
func (x *Ratings) Drill(ctx context.Context, q haoban.FigureQuery, cursor string, limit int) ([]haoban.FigureCase, string, int, error) {
	if !q.To.After(q.From) {
		return nil, "", 0, haoban.FieldErrorf(haoban.EINVALID, "to", "统计期的结束须晚于开始")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var after ratingCursor
	if cursor != "" {
		if err := haoban.DecodeCursor(cursor, &after); err != nil {
			return nil, "", 0, err
		}
	}
	rts, total, err := x.Store.RatingDrill(ctx, q, after.At, after.ID, limit+1)
	if err != nil {
		return nil, "", 0, err
	}
	names, err := x.Store.DepartmentNames(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	next := ""
	if len(rts) > limit {
		rts = rts[:limit]
		last := rts[limit-1]
		next = haoban.EncodeCursor(ratingCursor{At: last.GivenAt, ID: last.ID})
	}
	out := make([]haoban.FigureCase, 0, len(rts))
	for _, rt := range rts {
		out = append(out, haoban.FigureCase{Ref: rt.ID, Kind: "rating", Title: rt.Title + " · " + rt.Level.Name(),
			DepartmentName: nameOfDepartment(names, rt.Department), At: rt.GivenAt, In: !rt.Excluded, Why: ratingWhy(rt),
			Value: float64(rt.Level)})
	}
	return out, next, total, nil
}

func ratingWhy(rt haoban.Rating) string {
	switch {
	case rt.Excluded:
		return "不计入：部门申诉成立，该评价已剔除（未删除）"
	case !rt.Level.Bad():
		return fmt.Sprintf("计入：%s", rt.Level.Name())
	case rt.Rectification == haoban.RectificationAsked || rt.Rectification == haoban.RectificationAnswered:
		return fmt.Sprintf("计入：%s（差评，已整改）", rt.Level.Name())
	}
	return fmt.Sprintf("计入：%s（差评，整改中）", rt.Level.Name())
}
