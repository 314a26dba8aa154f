package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// helpersPage is the admins' list of helpers, or one helper's skills form.
type helpersPage struct {
	Roster app.HelperRoster
	// Helper is the helper whose form is shown; nil on the list.
	Helper *app.RosterHelper
}

func (p *Pages) helpersPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	roster, err := p.App.HelperSkills.Roster(ctx, request(ctx))
	if err != nil {
		return err
	}
	data := pageData{Title: "帮办人员技能", Helpers: &helpersPage{Roster: roster}}
	if c.Query("done") == "saved" {
		data.Notice = "技能已保存，新的对话按此分配。"
	}
	return p.render(c, "helpers", data)
}

func (p *Pages) helperSkillsPage(c *fiber.Ctx) error {
	return p.showHelperSkills(c, strings.Clone(c.Params("id")), nil, nil)
}

// showHelperSkills renders a helper's form: with cause, the refused
// choices ticked as they were sent.
func (p *Pages) showHelperSkills(c *fiber.Ctx, id string, sent []haoban.HelperSkill, cause error) error {
	ctx := c.UserContext()
	roster, err := p.App.HelperSkills.Roster(ctx, request(ctx))
	if err != nil {
		return err
	}
	v := &helpersPage{Roster: roster}
	for i := range roster.Helpers {
		if roster.Helpers[i].User.ID == id {
			v.Helper = &roster.Helpers[i]
		}
	}
	if v.Helper == nil {
		return haoban.Errorf(haoban.ENOTFOUND, "没有这名帮办人员")
	}
	data := pageData{Title: "帮办人员技能：" + v.Helper.User.Name, Helpers: v}
	if cause != nil {
		v.Helper.Skills = sent
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		// Every choice is one set of checkboxes: the summary links to it.
		data.Errors = []haoban.ErrorDetail{{Field: "skills", Message: errorText(cause)}}
	}
	return p.render(c, "helper_skills", data)
}

// saveHelperSkillsForm saves the ticked skills: "department" for a whole
// department ("*": all of them), "department/item" for one item.
func (p *Pages) saveHelperSkillsForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	var skills []haoban.HelperSkill
	for _, v := range c.Context().PostArgs().PeekMulti("skill") {
		dept, item, _ := strings.Cut(string(v), "/")
		skills = append(skills, haoban.HelperSkill{Helper: id, Department: dept, Item: item})
	}
	if _, err := p.App.HelperSkills.Set(ctx, request(ctx), id, skills); err != nil {
		if haoban.ErrorCode(err) != haoban.EINVALID {
			return err
		}
		return p.showHelperSkills(c, id, skills, err)
	}
	return c.Redirect("/admin/helpers?done=saved", fiber.StatusSeeOther)
}
