package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// policyVersionPage shows one version in words with its data needs
// (数据需求清单).
func (p *Pages) policyVersionPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, err := p.App.PolicyAdmin.Version(ctx, request(ctx), strings.Clone(c.Params("policy")), versionParam(c))
	if err != nil {
		return err
	}
	return p.render(c, "policy_version", pageData{Title: "政策：" + v.Body.Name + "（第 " + strconv.Itoa(v.Version) + " 版）",
		PolicyAdmin: &policyAdminPage{Version: &v}})
}

// publishPolicyForm publishes a draft from the date given (Beijing; today
// or empty: now) through the same use case as the JSON API; a refused
// draft lists every problem, each linking to its input in the editor.
func (p *Pages) publishPolicyForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code, version := strings.Clone(c.Params("policy")), versionParam(c)
	pp := &policyAdminPage{}
	var effective time.Time
	if text := strings.TrimSpace(c.FormValue("effective_from")); text != "" && text != p.now().In(haoban.Beijing).Format(time.DateOnly) {
		t, err := time.ParseInLocation(time.DateOnly, text, haoban.Beijing)
		if err != nil {
			pp.refused(c, haoban.FieldErrorf(haoban.EINVALID, "effective_from", "请按「年-月-日」填写生效日期"), "")
			return p.showPolicy(c, pp)
		}
		effective = t
	}
	if _, err := p.App.PolicyAdmin.Publish(ctx, request(ctx), code, version, effective); err != nil {
		if !pp.refused(c, err, "/admin/policies/"+code+"/edit") {
			return err
		}
		return p.showPolicy(c, pp)
	}
	return c.Redirect("/admin/policies/"+code+"?published="+strconv.Itoa(version), fiber.StatusSeeOther)
}

// withdrawPolicyForm withdraws a version before it takes effect.
func (p *Pages) withdrawPolicyForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code, version := strings.Clone(c.Params("policy")), versionParam(c)
	if err := p.App.Policies.Withdraw(ctx, request(ctx), code, version); err != nil {
		pp := &policyAdminPage{}
		if !pp.refused(c, err, "") {
			return err
		}
		return p.showPolicy(c, pp)
	}
	return c.Redirect("/admin/policies/"+code+"?withdrawn="+strconv.Itoa(version), fiber.StatusSeeOther)
}

// startMatchForm starts a matching run of the version in force, as POST
// /api/v1/admin/policies/{policy}/match does; record_only keeps the
// matches without telling anyone yet.
func (p *Pages) startMatchForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code := strings.Clone(c.Params("policy"))
	run, err := p.App.Matches.Start(ctx, request(ctx), code, c.FormValue("record_only") == "")
	if err != nil {
		pp := &policyAdminPage{}
		if !pp.refused(c, err, "") {
			return err
		}
		return p.showPolicy(c, pp)
	}
	return c.Redirect("/admin/policies/"+code+"?run="+run.ID+"#run", fiber.StatusSeeOther)
}

// policyMatchesPage lists one page of a policy's matches (?cursor=).
func (p *Pages) policyMatchesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code := strings.Clone(c.Params("policy"))
	pg, err := p.App.PolicyAdmin.Page(ctx, request(ctx), code)
	if err != nil {
		return err
	}
	ms, next, err := p.App.Matches.List(ctx, request(ctx), code, haoban.PageRequest{Limit: 50, Cursor: strings.Clone(c.Query("cursor"))})
	if err != nil {
		return err
	}
	for i := range ms {
		ms[i].Beneficiary = haoban.MaskPersonal(ms[i].Beneficiary)
	}
	return p.render(c, "policy_matches", pageData{Title: "匹配结果：" + pg.Name,
		PolicyAdmin: &policyAdminPage{Matches: &policyMatches{Code: code, Name: pg.Name, Matches: ms, Next: next}}})
}
