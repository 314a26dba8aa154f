package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// objectionRow is an objection with the case it is about, the last day
// to decide it (its due instant is the midnight after), and whether an
// open one is past it.
type objectionRow struct {
	Objection haoban.Objection
	Case      haoban.BenefitCase
	LastDay   time.Time
	Overdue   bool
}

func newObjectionRow(o haoban.Objection, b haoban.BenefitCase, now time.Time) objectionRow {
	return objectionRow{Objection: o, Case: b, LastDay: o.DueAt.Add(-time.Nanosecond),
		Overdue: o.Status == haoban.ObjectionOpen && !now.Before(o.DueAt)}
}

// dashboardView is a policy's figures as the dashboard shows them.
type dashboardView struct {
	haoban.BenefitDashboard
	// PaidShare and ReservedShare are the funds paid and reserved, as
	// parts of the budget (0 to 1).
	PaidShare, ReservedShare float64
	Statuses                 []statusCount
}

type statusCount struct {
	Name  string
	Count int
}

var staffDone = map[string]string{
	"objection": "异议已处理，已记入审计。",
	"review":    "复核意见已提交，已记入审计。",
}

func (p *Pages) staffBenefitsPage(c *fiber.Ctx) error {
	return p.showStaffBenefits(c, "", nil, nil)
}

// showStaffBenefits renders the department's work; with cause, the refusal
// of the form for the objection or case suffix, whose values form holds
// by control id.
func (p *Pages) showStaffBenefits(c *fiber.Ctx, suffix string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	r := request(ctx)
	obs, reviews, err := p.App.BenefitAdmin.Work(ctx, r)
	if err != nil {
		return err
	}
	v := &benefitPage{Reviews: reviews, Invalid: map[string]string{}, Form: form}
	for _, o := range obs {
		view, err := p.App.Benefits.Get(ctx, r, o.Benefit)
		if err != nil {
			return err
		}
		v.Objections = append(v.Objections, newObjectionRow(o, view.Case, p.now()))
	}
	data := pageData{Title: "免申即享：异议与复核", Benefits: v, Notice: staffDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, suffix, "outcome", "finding", "reason")
	}
	return p.render(c, "staff_benefits", data)
}

// decideObjectionForm is the department's decision on an objection.
func (p *Pages) decideObjectionForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	outcome, finding := strings.Clone(c.FormValue("outcome")), strings.Clone(c.FormValue("finding"))
	form := map[string]string{"outcome-" + id: outcome, "finding-" + id: finding}
	if outcome != "upheld" && outcome != "rejected" {
		return p.showStaffBenefits(c, id, form, haoban.FieldErrorf(haoban.EINVALID, "outcome", "请选择异议是否成立"))
	}
	if _, err := p.App.Benefits.DecideObjection(ctx, request(ctx), id, outcome == "upheld", finding); err != nil {
		return p.showStaffBenefits(c, id, form, err)
	}
	return c.Redirect("/staff/benefits?done=objection", fiber.StatusSeeOther)
}

// reviewForm is the department's manual review of a flagged case.
func (p *Pages) reviewForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	outcome, reason := strings.Clone(c.FormValue("outcome")), strings.Clone(c.FormValue("reason"))
	form := map[string]string{"outcome-" + id: outcome, "reason-" + id: reason}
	if outcome != "approve" && outcome != "refuse" {
		return p.showStaffBenefits(c, id, form, haoban.FieldErrorf(haoban.EINVALID, "outcome", "请选择复核是否通过"))
	}
	if _, err := p.App.Benefits.Review(ctx, request(ctx), id, outcome == "approve", reason); err != nil {
		return p.showStaffBenefits(c, id, form, err)
	}
	return c.Redirect("/staff/benefits?done=review", fiber.StatusSeeOther)
}

// benefitDashboardPage is a policy's figures for the catalogue admin.
func (p *Pages) benefitDashboardPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	d, err := p.App.BenefitAdmin.Dashboard(ctx, request(ctx), strings.Clone(c.Params("policy")))
	if err != nil {
		return err
	}
	v := &dashboardView{BenefitDashboard: d}
	if d.Budget > 0 {
		v.PaidShare, v.ReservedShare = min(d.Paid/d.Budget, 1), min(d.Reserved/d.Budget, 1)
	}
	for _, st := range haoban.BenefitStatuses {
		v.Statuses = append(v.Statuses, statusCount{Name: st.Name(), Count: d.Counts[st]})
	}
	return p.render(c, "benefit_dashboard", pageData{Title: "运行情况：" + d.Name, Benefits: &benefitPage{Dashboard: v}})
}
