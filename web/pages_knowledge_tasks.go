package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// knowledgeTasksPage is a department's knowledge tasks (查遗补缺) with,
// after a refused form, what was typed and what is wrong, by control id
// ("entry-<task>", "reason-<task>", "outcome-<task>").
type knowledgeTasksPage struct {
	List    app.KnowledgeTaskList
	Form    map[string]string
	Invalid map[string]string
	// Entries are the hand-written entries the reader may link a task to,
	// newest first: picked by title. Empty for readers who do not edit
	// the knowledge base, who type the entry's number instead.
	Entries []haoban.KnowledgeRecord
}

var knowledgeTaskDone = map[string]string{
	"done":      "已关联知识条目，任务已完成。",
	"dismissed": "任务已驳回，理由已记入审计。",
}

func (p *Pages) knowledgeTasksPage(c *fiber.Ctx) error {
	return p.showKnowledgeTasks(c, "", nil, nil)
}

// showKnowledgeTasks renders the department's tasks; with cause, the
// refusal of the task's form, whose values form holds by control id.
func (p *Pages) showKnowledgeTasks(c *fiber.Ctx, task string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	list, err := p.App.KnowledgeTasks.List(ctx, request(ctx), strings.Clone(c.Query("department")))
	if err != nil {
		return err
	}
	v := &knowledgeTasksPage{List: list, Form: form, Invalid: map[string]string{}}
	if p.App.Knowledge != nil {
		r := request(ctx)
		dept := r.User.Department
		if dept == haoban.AnyDepartment {
			dept = ""
		}
		entries, err := p.App.Knowledge.List(ctx, r, haoban.KnowledgeFilter{Kind: haoban.KnowledgeQA, Department: dept, Limit: 200})
		if err != nil && haoban.ErrorCode(err) != haoban.EFORBIDDEN {
			return err
		}
		v.Entries = entries
	}
	data := pageData{Title: "知识库待补", KnowledgeTasks: v, Notice: knowledgeTaskDone[c.Query("done")]}
	if cause != nil {
		refuse(c, &data, v.Invalid, cause, task, "entry", "reason", "outcome")
	}
	return p.render(c, "knowledge_tasks", data)
}

// closeKnowledgeTaskForm closes a task with the entry written for it, or
// dismisses it with a reason.
func (p *Pages) closeKnowledgeTaskForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	outcome := strings.Clone(c.FormValue("outcome"))
	in := app.KnowledgeTaskClose{Entry: strings.Clone(c.FormValue("entry")), Reason: strings.Clone(c.FormValue("reason")),
		Dismiss: outcome == "dismiss"}
	form := map[string]string{"outcome-" + id: outcome, "entry-" + id: in.Entry, "reason-" + id: in.Reason}
	if outcome != "done" && outcome != "dismiss" {
		return p.showKnowledgeTasks(c, id, form, haoban.FieldErrorf(haoban.EINVALID, "outcome", "请选择已补写知识条目，或驳回"))
	}
	t, err := p.App.KnowledgeTasks.Close(ctx, request(ctx), id, in)
	if err != nil {
		return p.showKnowledgeTasks(c, id, form, err)
	}
	return c.Redirect("/staff/knowledge-tasks?done="+string(t.Status), fiber.StatusSeeOther)
}
