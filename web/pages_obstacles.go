package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// obstaclePage is what the 办不成事 pages show: the form (with what was
// typed and what is wrong, by field), one report, or a department's list.
type obstaclePage struct {
	Form    map[string]string
	Invalid map[string]string
	// Anonymous: the visitor is not signed in, and gives a name and mobile.
	Anonymous bool
	Report    *app.ObstacleView
	// Token is the report's secret, kept in the forms of its owner's page.
	Token string
	List  *app.ObstacleList
	Mine  []app.ObstacleView
}

// obstacleFields are the report form's fields, in the order shown.
var obstacleFields = []string{"text", "name", "mobile", "case_id", "key"}

// obstacleNewPage is the 办不成事 form, public: prefilled with the case,
// draft, bundle or item the person came from.
func (p *Pages) obstacleNewPage(c *fiber.Ctx) error {
	form := map[string]string{"key": newKey()}
	for _, k := range []string{"case", "draft", "bundle", "item"} {
		form[k] = strings.Clone(c.Query(k))
	}
	return p.showObstacleForm(c, form, nil)
}

func (p *Pages) showObstacleForm(c *fiber.Ctx, form map[string]string, cause error) error {
	ctx := p.signedIn(c)
	v := &obstaclePage{Form: form, Invalid: map[string]string{}, Anonymous: request(ctx).User.ID == ""}
	data := pageData{Title: "办不成事反映", Obstacles: v, Next: localPath(c.OriginalURL())}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, "", obstacleFields...)
	}
	return p.render(c, "obstacle_new", data)
}

// fileObstacleForm files a report. The route is public: the CSRF token is
// checked here, and the use case limits anonymous reports.
func (p *Pages) fileObstacleForm(c *fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"key", "text", "name", "mobile", "case", "draft", "bundle", "item"} {
		form[k] = strings.Clone(c.FormValue(k))
	}
	if !validCSRF(c) {
		return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
	}
	ctx := p.signedIn(c)
	o, err := p.App.Obstacles.File(ctx, request(ctx), app.ObstacleReport{Key: form["key"], Text: form["text"], Name: form["name"],
		Mobile: form["mobile"], CaseID: form["case"], Draft: form["draft"], Bundle: form["bundle"], Item: form["item"]})
	if err != nil {
		return p.showObstacleForm(c, form, err)
	}
	to := "/obstacles/" + o.ID + "?done=filed"
	if o.Anonymous() {
		to += "&t=" + url.QueryEscape(o.Token)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

var obstacleDone = map[string]string{
	"filed":    "已提交，部门将在 1 个工作日内受理、5 个工作日内解决或答复。",
	"accepted": "已受理，已告知提出人。",
	"resolved": "已记录处理结果，已告知提出人。",
	"reopened": "已重新提出，部门将在 5 个工作日内重新办理。",
}

// obstaclePage shows one report with every step: to its reporter, to
// whoever holds its secret link (?t=), and to its department's staff.
func (p *Pages) obstaclePage(c *fiber.Ctx) error {
	return p.showObstacle(c, strings.Clone(c.Params("id")), strings.Clone(c.Query("t")), nil, nil)
}

func (p *Pages) showObstacle(c *fiber.Ctx, id, token string, form map[string]string, cause error) error {
	ctx := p.signedIn(c)
	rep, err := p.App.Obstacles.Get(ctx, request(ctx), id, token)
	if err != nil {
		return err
	}
	if !rep.Owner {
		token = ""
	}
	v := &obstaclePage{Report: &rep, Token: token, Form: form, Invalid: map[string]string{}}
	data := pageData{Title: "办不成事反映", Obstacles: v, Notice: obstacleDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, "", "reason", "outcome", "answer", "change_kind", "change_ref")
	}
	return p.render(c, "obstacle", data)
}

// reopenObstacleForm reopens an answered report: its reporter, or the
// holder of its link (the token rides in the form).
func (p *Pages) reopenObstacleForm(c *fiber.Ctx) error {
	id, token := strings.Clone(c.Params("id")), strings.Clone(c.FormValue("t"))
	if !validCSRF(c) {
		return p.render(c.Status(fiber.StatusForbidden), "error", pageData{Title: "请求已失效", Error: "表单已过期，请返回刷新页面后重试。"})
	}
	ctx := p.signedIn(c)
	reason := strings.Clone(c.FormValue("reason"))
	if _, err := p.App.Obstacles.Reopen(ctx, request(ctx), id, token, reason); err != nil {
		return p.showObstacle(c, id, token, map[string]string{"reason": reason}, err)
	}
	to := "/obstacles/" + id + "?done=reopened"
	if token != "" {
		to += "&t=" + url.QueryEscape(token)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// acceptObstacleForm accepts a report for the reader's department.
func (p *Pages) acceptObstacleForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	if _, err := p.App.Obstacles.Accept(ctx, request(ctx), id); err != nil {
		return p.showObstacle(c, id, "", nil, err)
	}
	return c.Redirect("/obstacles/"+id+"?done=accepted", fiber.StatusSeeOther)
}

// resolveObstacleForm resolves or answers a report, naming what it changed.
func (p *Pages) resolveObstacleForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	form := map[string]string{}
	for _, k := range []string{"outcome", "answer", "change_kind", "change_ref", "change_version"} {
		form[k] = strings.Clone(c.FormValue(k))
	}
	in := app.ObstacleResolution{Outcome: form["outcome"], Answer: form["answer"], ChangeKind: form["change_kind"], ChangeRef: form["change_ref"]}
	if form["change_version"] != "" {
		n, err := strconv.Atoi(strings.TrimSpace(form["change_version"]))
		if err != nil {
			return p.showObstacle(c, id, "", form, haoban.FieldErrorf(haoban.EINVALID, "change_ref", "目录版本号应为数字"))
		}
		in.ChangeVersion = n
	}
	if _, err := p.App.Obstacles.Resolve(ctx, request(ctx), id, in); err != nil {
		return p.showObstacle(c, id, "", form, err)
	}
	return c.Redirect("/obstacles/"+id+"?done=resolved", fiber.StatusSeeOther)
}

// staffObstaclesPage is a department's reports, grouped by item.
func (p *Pages) staffObstaclesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	list, err := p.App.Obstacles.List(ctx, request(ctx), strings.Clone(c.Query("department")))
	if err != nil {
		return err
	}
	return p.render(c, "obstacles", pageData{Title: "办不成事", Obstacles: &obstaclePage{List: &list}})
}

// myObstaclesPage is the signed-in person's reports, newest first.
func (p *Pages) myObstaclesPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	mine, err := p.App.Obstacles.Mine(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.render(c, "obstacles_mine", pageData{Title: "我反映的办不成事", Obstacles: &obstaclePage{Mine: mine}})
}
