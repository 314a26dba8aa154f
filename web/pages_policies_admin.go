package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// policyAdminPage is what the policy pages show (免申即享, issue 17): the
// list of policies, a policy with its versions and audit trail, the
// editor, one version with its data needs, and a policy's matches.
type policyAdminPage struct {
	Index   *app.PolicyIndex
	Policy  *app.PolicyPage
	Compare *app.PolicyComparison
	Editor  *app.PolicyEditor
	Version *app.PolicyVersionPage
	Matches *policyMatches
	// Run is the matching run just started, with its counts so far.
	Run *haoban.PolicyRun
	// Bad maps an input's ID to its message, for aria-invalid at the
	// input; Summary lists them, each linking to its input.
	Bad     map[string]string
	Summary []summaryEntry
	// Saved confirms what was just done.
	Saved string
	// Today is the publish form's default effective date.
	Today string
}

// policyMatches is one page of a policy's matches.
type policyMatches struct {
	Code, Name string
	Matches    []haoban.PolicyMatch
	Next       string // the next page's cursor; "" on the last
}

// refused puts a refused form's problems on the page, each linking to its
// input (f-<field> with dots as dashes) on this page, or on the editor
// for problems publishing found (editor set); it answers false for an
// error that is no refusal of the form, which the error page shows.
func (pp *policyAdminPage) refused(c *fiber.Ctx, err error, editor string) bool {
	var e *haoban.Error
	if !errors.As(err, &e) || e.Code == haoban.EINTERNAL || e.Code == haoban.ENOTFOUND {
		return false
	}
	c.Status(httpx.Status(e.Code))
	details := e.Details
	if len(details) == 0 {
		details = []haoban.ErrorDetail{{Field: e.Field, Message: e.Message}}
	}
	pp.Bad = map[string]string{}
	for _, d := range details {
		id := inputID(d.Field)
		href := anchorFor(id)
		if editor != "" && id != "" && id != "f-effective_from" {
			href = editor + href
		}
		pp.Summary = append(pp.Summary, summaryEntry{Anchor: href, Message: d.Message})
		if id != "" {
			pp.Bad[id] = d.Message
		}
	}
	return true
}

// policiesPage lists every policy with where its versions stand.
func (p *Pages) policiesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	idx, err := p.App.PolicyAdmin.Index(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.render(c, "policy_list", pageData{Title: "政策管理", PolicyAdmin: &policyAdminPage{Index: &idx}})
}

// policyPage shows a policy: its versions with their changes in words,
// publish and withdraw, a matching run, the audit trail, and a comparison
// of two versions when ?from=&to= are given.
func (p *Pages) policyPage(c *fiber.Ctx) error {
	pp := &policyAdminPage{}
	switch {
	case c.QueryInt("saved") > 0:
		pp.Saved = "第 " + strconv.Itoa(c.QueryInt("saved")) + " 版草稿已保存。发布后生效。"
	case c.QueryInt("published") > 0:
		pp.Saved = "第 " + strconv.Itoa(c.QueryInt("published")) + " 版已发布。"
	case c.QueryInt("withdrawn") > 0:
		pp.Saved = "第 " + strconv.Itoa(c.QueryInt("withdrawn")) + " 版已撤回，现行版本不变。"
	}
	if id := c.Query("run"); id != "" {
		ctx := c.UserContext()
		if run, err := p.App.Matches.Run(ctx, request(ctx), strings.Clone(id)); err == nil {
			pp.Run = &run
		}
	}
	return p.showPolicy(c, pp)
}

func (p *Pages) showPolicy(c *fiber.Ctx, pp *policyAdminPage) error {
	ctx := c.UserContext()
	code := strings.Clone(c.Params("policy"))
	pg, err := p.App.PolicyAdmin.Page(ctx, request(ctx), code)
	if err != nil {
		return err
	}
	pp.Policy, pp.Today = &pg, p.now().In(haoban.Beijing).Format("2006-01-02")
	if from, to := c.QueryInt("from"), c.QueryInt("to"); from > 0 && to > 0 {
		cmp, err := p.App.PolicyAdmin.Compare(ctx, request(ctx), code, from, to)
		if err != nil {
			return err
		}
		pp.Compare = &cmp
	}
	return p.render(c, "policy_page", pageData{Title: "政策：" + pg.Name, PolicyAdmin: pp})
}

// policyEditorPage shows the editor: a policy's draft, or a new policy.
func (p *Pages) policyEditorPage(c *fiber.Ctx) error {
	return p.showPolicyEditor(c, strings.Clone(c.Params("policy")), &policyAdminPage{}, nil)
}

func (p *Pages) showPolicyEditor(c *fiber.Ctx, code string, pp *policyAdminPage, posted *app.PolicyForm) error {
	ctx := c.UserContext()
	e, err := p.App.PolicyAdmin.Editor(ctx, request(ctx), code, posted)
	if err != nil {
		return err
	}
	pp.Editor = &e
	title := "新建政策"
	if !e.New {
		title = "编辑政策：" + e.Form.Name
	}
	return p.render(c, "policy_edit", pageData{Title: title, PolicyAdmin: pp})
}

// savePolicyForm saves the editor's form as the policy's draft through
// the same use case as PUT /api/v1/admin/policies/{policy}/draft; a
// refused form comes back as sent, with every problem in its summary.
func (p *Pages) savePolicyForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code := strings.Clone(c.Params("policy"))
	f := app.PolicyForm{Code: code, Slug: formText(c, "slug"), Name: formText(c, "name"), Department: formText(c, "department"),
		Type: formText(c, "type"), For: formText(c, "for"), LegalBasis: formText(c, "legal_basis"), Amount: formText(c, "amount"),
		From: formText(c, "from"), To: formText(c, "to"), Budget: formText(c, "budget"), Delivery: formText(c, "delivery"),
		Publicity: formText(c, "publicity"), RouteText: formText(c, "route_text"), RouteLink: formText(c, "route_link")}
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		args := c.Request().PostArgs()
		if !args.Has("conditions." + n + ".expression") {
			break
		}
		f.Conditions = append(f.Conditions, haoban.PolicyCondition{Expression: formText(c, "conditions."+n+".expression"),
			Message: formText(c, "conditions."+n+".message")})
	}
	v, err := p.App.PolicyAdmin.SaveForm(ctx, request(ctx), f)
	if err != nil {
		pp := &policyAdminPage{}
		if !pp.refused(c, err, "") {
			return err
		}
		return p.showPolicyEditor(c, code, pp, &f)
	}
	return c.Redirect("/admin/policies/"+v.Policy+"?saved="+strconv.Itoa(v.Version), fiber.StatusSeeOther)
}
