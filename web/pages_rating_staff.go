package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// 好差评's staff pages (issue 19): a department's ratings and
// rectifications, one rectification's call-back and fix, the appeals.

var staffRatingDone = map[string]string{
	"appealed":    "申诉已提交，等待督办裁定。",
	"called_back": "回访核实已记录。请在整改后记录整改措施。",
	"fixed":       "整改措施已记录，已请评价人确认是否满意。",
	"upheld":      "已裁定申诉成立：该评价不再计入统计（不删除）。",
	"rejected":    "已驳回申诉。",
}

func (p *Pages) staffRatingsPage(c *fiber.Ctx) error {
	return p.showStaffRatings(c, "", nil, nil)
}

// showStaffRatings renders the department's ratings; with cause, the
// refusal of the appeal of the rating named, typed as form says.
func (p *Pages) showStaffRatings(c *fiber.Ctx, rating string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	l, err := p.App.Ratings.List(ctx, request(ctx))
	if err != nil {
		return err
	}
	v := &ratingsPage{List: &l, Invalid: map[string]string{}, Form: form}
	data := pageData{Title: "好差评", Ratings: v, Notice: staffRatingDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, rating, "reason", "evidence")
	}
	return p.render(c, "staff_ratings", data)
}

// fileAppealForm contests a rating of the reader's department.
func (p *Pages) fileAppealForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	in := app.AppealInput{Reason: strings.Clone(c.FormValue("reason")), Evidence: strings.Clone(c.FormValue("evidence"))}
	if _, err := p.App.Ratings.FileAppeal(ctx, request(ctx), id, in); err != nil {
		return p.showStaffRatings(c, id, map[string]string{"reason-" + id: in.Reason, "evidence-" + id: in.Evidence}, err)
	}
	return c.Redirect("/staff/ratings?done=appealed", fiber.StatusSeeOther)
}

func (p *Pages) rectificationPage(c *fiber.Ctx) error {
	return p.showRectification(c, strings.Clone(c.Params("id")), nil, nil)
}

func (p *Pages) showRectification(c *fiber.Ctx, id string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	rv, err := p.App.Ratings.Rectification(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	v := &ratingsPage{Rect: &rv, Invalid: map[string]string{}, Form: form}
	data := pageData{Title: "差评整改", Ratings: v, Notice: staffRatingDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, "", "reached", "found", "fix")
	}
	return p.render(c, "rectification", data)
}

// callBackForm records the call-back (核实).
func (p *Pages) callBackForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	reached := strings.Clone(c.FormValue("reached"))
	in := app.CallBack{Reached: reached == "1", Found: strings.Clone(c.FormValue("found"))}
	form := map[string]string{"reached": reached, "found": in.Found}
	if reached != "1" && reached != "0" {
		return p.showRectification(c, id, form, haoban.FieldErrorf(haoban.EINVALID, "reached", "请选择是否联系上评价人"))
	}
	if _, err := p.App.Ratings.RecordCallBack(ctx, request(ctx), id, in); err != nil {
		return p.showRectification(c, id, form, err)
	}
	return c.Redirect("/staff/rectifications/"+id+"?done=called_back", fiber.StatusSeeOther)
}

// fixForm records what the department changed.
func (p *Pages) fixForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	in := app.Fix{Fix: strings.Clone(c.FormValue("fix"))}
	if _, err := p.App.Ratings.RecordFix(ctx, request(ctx), id, in); err != nil {
		return p.showRectification(c, id, map[string]string{"fix": in.Fix}, err)
	}
	return c.Redirect("/staff/rectifications/"+id+"?done=fixed", fiber.StatusSeeOther)
}

func (p *Pages) appealsPage(c *fiber.Ctx) error {
	return p.showAppeals(c, "", nil, nil)
}

func (p *Pages) showAppeals(c *fiber.Ctx, id string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	l, err := p.App.Ratings.Appeals(ctx, request(ctx))
	if err != nil {
		return err
	}
	v := &ratingsPage{Appeals: &l, Invalid: map[string]string{}, Form: form}
	data := pageData{Title: "评价申诉", Ratings: v, Notice: staffRatingDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, id, "outcome", "reason")
	}
	return p.render(c, "appeals", data)
}

// decideAppealForm upholds or rejects an appeal.
func (p *Pages) decideAppealForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	outcome := strings.Clone(c.FormValue("outcome"))
	in := app.AppealDecision{Uphold: outcome == "uphold", Reason: strings.Clone(c.FormValue("reason"))}
	form := map[string]string{"outcome-" + id: outcome, "reason-" + id: in.Reason}
	if outcome != "uphold" && outcome != "reject" {
		return p.showAppeals(c, id, form, haoban.FieldErrorf(haoban.EINVALID, "outcome", "请选择申诉成立或驳回"))
	}
	a, err := p.App.Ratings.DecideAppeal(ctx, request(ctx), id, in)
	if err != nil {
		return p.showAppeals(c, id, form, err)
	}
	return c.Redirect("/staff/appeals?done="+string(a.Status), fiber.StatusSeeOther)
}
