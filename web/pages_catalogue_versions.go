package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// historyPage lists a bundle's versions with their changes in words, and
// the catalogue admin's publish and withdraw buttons.
func (p *Pages) historyPage(c *fiber.Ctx) error {
	cp := newCataloguePage()
	if n := c.QueryInt("published"); n > 0 {
		cp.Saved = "第 " + strconv.Itoa(n) + " 版已发布。"
	} else if n := c.QueryInt("withdrawn"); n > 0 {
		cp.Saved = "第 " + strconv.Itoa(n) + " 版已撤回，现行版本不变。"
	}
	return p.showHistory(c, cp)
}

func (p *Pages) showHistory(c *fiber.Ctx, cp *cataloguePage) error {
	ctx := c.UserContext()
	h, err := p.App.CatalogueEditor.HistoryPage(ctx, request(ctx), strings.Clone(c.Params("bundle")))
	if err != nil {
		return err
	}
	cp.History, cp.Now = &h, p.now().In(haoban.Beijing).Format("2006-01-02T15:04")
	return p.render(c, "catalogue_history", pageData{Title: "版本记录：" + h.Name, Catalogue: cp})
}

// publishVersionForm publishes a draft from the date and time given (Beijing
// time; empty or as offered: now) through the same use case as the JSON API; a refused
// draft lists every problem, each linking to where it is fixed.
func (p *Pages) publishVersionForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bundle, version := strings.Clone(c.Params("bundle")), versionParam(c)
	var effective time.Time
	cp := newCataloguePage()
	// The time the page offered ("now" when it was shown) still means now,
	// however long the page sat open.
	if text := strings.TrimSpace(c.FormValue("effective_from")); text != "" && text != c.FormValue("offered") {
		t, err := time.ParseInLocation("2006-01-02T15:04", text, haoban.Beijing)
		if err != nil {
			cp.refused(c, haoban.FieldErrorf(haoban.EINVALID, "effective_from", "请按「年-月-日 时:分」填写生效时间"))
			return p.showHistory(c, cp)
		}
		effective = t
	}
	_, problems, err := p.App.CatalogueEditor.Publish(ctx, request(ctx), bundle, version, effective)
	switch {
	case len(problems) > 0:
		c.Status(fiber.StatusUnprocessableEntity)
		cp.Summary = problemLinks(bundle, problems)
		return p.showHistory(c, cp)
	case err != nil:
		if !cp.refused(c, err) {
			return err
		}
		return p.showHistory(c, cp)
	}
	return c.Redirect("/admin/catalogue/"+bundle+"/versions?published="+strconv.Itoa(version), fiber.StatusSeeOther)
}

// withdrawVersionForm withdraws a version before it takes effect.
func (p *Pages) withdrawVersionForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bundle, version := strings.Clone(c.Params("bundle")), versionParam(c)
	if err := p.App.Catalogue.Withdraw(ctx, request(ctx), bundle, version); err != nil {
		cp := newCataloguePage()
		if !cp.refused(c, err) {
			return err
		}
		return p.showHistory(c, cp)
	}
	return c.Redirect("/admin/catalogue/"+bundle+"/versions?withdrawn="+strconv.Itoa(version), fiber.StatusSeeOther)
}

// comparePage tells what changed between two versions (?from=&to=; by
// default the newest against the one before it).
func (p *Pages) comparePage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bundle := strings.Clone(c.Params("bundle"))
	from, to := c.QueryInt("from"), c.QueryInt("to")
	if from == 0 || to == 0 {
		h, err := p.App.Catalogue.History(ctx, request(ctx), bundle)
		if err != nil {
			return err
		}
		to, from = h.Versions[0].Version, h.Versions[0].Version
		if len(h.Versions) > 1 {
			from = h.Versions[1].Version
		}
	}
	cmp, err := p.App.CatalogueEditor.Compare(ctx, request(ctx), bundle, from, to)
	if err != nil {
		return err
	}
	cp := newCataloguePage()
	cp.Compare = &cmp
	return p.render(c, "catalogue_compare", pageData{Title: "版本比较：" + cmp.Name, Catalogue: cp})
}

// previewPage shows the applicant's form as a version would, read-only.
func (p *Pages) previewPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	pv, err := p.App.CatalogueEditor.Preview(ctx, request(ctx), strings.Clone(c.Params("bundle")), versionParam(c))
	if err != nil {
		return err
	}
	cp := newCataloguePage()
	cp.Preview, cp.DAG = &pv, DAG(pv.Bundle, "")
	return p.render(c, "catalogue_preview", pageData{Title: "申请表预览：" + pv.Bundle.Name, Catalogue: cp})
}

// versionParam is the version in the path; 0 (no such version) when it
// is not a number.
func versionParam(c *fiber.Ctx) int {
	n, _ := strconv.Atoi(c.Params("version"))
	return n
}

// sharedPartials are other pages' templates a page parses for their
// partials: the preview shows fields with the draft page's "draftfield",
// so the applicant's form and its preview cannot drift apart; the
// comparison tells changes as the history does ("change").
var sharedPartials = map[string][]string{"catalogue_preview": {"templates/draft.html"},
	"catalogue_compare": {"templates/catalogue_history.html"},
	"case":              {"templates/rating.html"}} // the rating forms (好差评)
