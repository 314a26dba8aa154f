package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/httpx"
)

// knowledgeSynonymsPage shows the groups of synonyms, one group a line,
// its words joined by "=".
func (p *Pages) knowledgeSynonymsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	groups, err := p.App.Knowledge.Synonyms(ctx, request(ctx))
	if err != nil {
		return err
	}
	lines := make([]string, len(groups))
	for i, g := range groups {
		lines[i] = strings.Join(g, "=")
	}
	v := &knowledgePage{Synonyms: strings.Join(lines, "\n")}
	return p.render(c, "knowledge_synonyms", pageData{Title: "知识库同义词", Knowledge: v, Notice: knowledgeSaved[c.Query("done")]})
}

// saveSynonymsForm replaces the synonyms from the textarea: a line is a
// group, its words separated by "=", "＝", commas or spaces.
func (p *Pages) saveSynonymsForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	text := strings.Clone(c.FormValue("synonyms"))
	var groups [][]string
	for _, line := range strings.Split(text, "\n") {
		words := strings.FieldsFunc(line, func(r rune) bool {
			return r == '=' || r == '＝' || r == ',' || r == '，' || r == '、' || r == ' ' || r == '\t' || r == '\r' || r == '　'
		})
		if len(words) > 0 {
			groups = append(groups, words)
		}
	}
	if _, err := p.App.Knowledge.SaveSynonyms(ctx, request(ctx), groups); err != nil {
		if !formError(err) {
			return err
		}
		c.Status(httpx.Status(haoban.ErrorCode(err)))
		v := &knowledgePage{Synonyms: text, Invalid: map[string]string{"synonyms": haoban.ErrorMessage(err)}}
		data := pageData{Title: "知识库同义词", Knowledge: v}
		for _, d := range problems(err) {
			// A group's problem names its line, where the editor finds it.
			if n, ok := strings.CutPrefix(d.Field, "body.groups."); ok {
				if i, err := strconv.Atoi(n); err == nil {
					d.Message = "第 " + strconv.Itoa(i+1) + " 行：" + d.Message
				}
			}
			data.Errors = append(data.Errors, haoban.ErrorDetail{Field: "synonyms", Message: d.Message})
		}
		return p.render(c, "knowledge_synonyms", data)
	}
	return c.Redirect("/admin/knowledge/synonyms?done=synonyms", fiber.StatusSeeOther)
}

func itoa(n int) string { return strconv.Itoa(n) }

// atoi reads a number a form posted; anything else is 0, which the use
// case refuses where a number is needed.
func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}
