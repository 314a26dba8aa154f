package app

import (
	"context"
	"fmt"
	"time"

	"haoban"
	"haoban/riskmodel"
)

// TaskPage is a task as the reviewer's page shows it: the case around it,
// the item's own fields and materials, what the pre-review and the model
// found, what a supplement changed, and the internal comments. Supervisors
// read it too, without acting on it.
type TaskPage struct {
	Task     TaskView
	Case     CaseView
	Bundle   haoban.Bundle
	Item     haoban.Item
	Comments []haoban.Comment
	Risk     *Risk // nil while the item has no model
	// CanAct: the reader is one of the department's reviewers, who may
	// claim and decide; a supervisor reads the page only.
	CanAct    bool
	Names     Names
	Materials []TaskMaterial
	Rules     []RuleOutcome
	Factors   []RiskFactor
	Answers   []SupplementAnswer
}

// TaskMaterial is one of the item's materials with the files the case holds.
type TaskMaterial struct {
	haoban.Material
	Files    []haoban.CaseMaterial
	Exempted bool // served by an e-licence the applicant holds
}

// RuleOutcome is one pre-review rule's verdict on the item, in words.
type RuleOutcome struct {
	Outcome  string
	Severity string
	Message  string
	Error    string
}

// RiskFactor is one of the model's weightiest features, in words.
type RiskFactor struct {
	Text   string
	Raises bool
}

// SupplementAnswer is what one supplement answer changed.
type SupplementAnswer struct {
	At        time.Time
	Changes   []FieldDiff
	Materials []string // names of the materials sent again
}

// FieldDiff is one form value before and after a supplement.
type FieldDiff struct {
	Label, Before, After string
}

// TaskPage reads a task for its department's reviewers and the supervisors.
func (a *App) TaskPage(ctx context.Context, r Request, id string) (TaskPage, error) {
	task, err := a.Tasks.Actionable(ctx, r, id, "read")
	if err != nil {
		return TaskPage{}, err
	}
	v, err := a.Cases.Get(ctx, r, task.CaseID)
	if err != nil {
		return TaskPage{}, err
	}
	p := TaskPage{Case: v, CanAct: can(a.Tasks.Authz, r.User, task.Department, "task", "claim")}
	if p.Bundle, err = a.Cases.Store.FindBundleVersion(ctx, v.Bundle, v.BundleVersion); err != nil {
		return p, err
	}
	p.Item, _ = p.Bundle.Item(task.Item)
	if p.Comments, err = a.Tasks.Store.ListComments(ctx, id); err != nil {
		return p, err
	}
	if p.Names, err = ReadNames(ctx, a.Tasks.Store); err != nil {
		return p, err
	}
	for _, t := range v.Tasks {
		if t.ID == id {
			p.Task = t
		}
	}
	if risk, err := a.Risks.Of(ctx, task.Item, v.Case); err == nil {
		p.Risk, p.Factors = &risk, riskFactors(risk)
	} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return p, err
	}
	p.Materials = itemMaterials(p.Item, v.Case)
	if p.Rules, err = a.ruleOutcomes(ctx, p.Item.Code, v.Prereview); err != nil {
		return p, err
	}
	p.Answers = supplementAnswers(p.Bundle, v.Events, id)
	return p, nil
}

// ItemName names one of the bundle's items by its code.
func (p TaskPage) ItemName(code string) string {
	if it, ok := p.Bundle.Item(code); ok {
		return it.Name
	}
	return "—"
}

// itemMaterials are the item's materials with the case's files of each.
func itemMaterials(it haoban.Item, c haoban.Case) []TaskMaterial {
	exempted := map[string]bool{}
	if ex, ok := c.Prereview["exempted"].([]any); ok {
		for _, code := range ex {
			exempted[fmt.Sprint(code)] = true
		}
	}
	var out []TaskMaterial
	for _, m := range it.Materials {
		tm := TaskMaterial{Material: m, Exempted: exempted[m.Code]}
		for _, f := range c.Materials {
			if f.Code == m.Code {
				tm.Files = append(tm.Files, f)
			}
		}
		out = append(out, tm)
	}
	return out
}

// ruleOutcomes are the pre-review's verdicts on the item; a passed rule
// carries no message in the report, so it is named by the rule's own.
func (a *App) ruleOutcomes(ctx context.Context, item string, report map[string]any) ([]RuleOutcome, error) {
	results, _ := report["results"].([]any)
	if len(results) == 0 {
		return nil, nil
	}
	rules, err := a.Rules.Store.ListRules(ctx, []string{item})
	if err != nil {
		return nil, err
	}
	messages := map[string]string{}
	for _, r := range rules {
		messages[r.Code] = r.Message
	}
	var out []RuleOutcome
	for _, raw := range results {
		res, _ := raw.(map[string]any)
		if res == nil || res["item"] != item {
			continue
		}
		o := RuleOutcome{Outcome: str(res["outcome"]), Severity: str(res["severity"]), Message: str(res["message"]), Error: str(res["error"])}
		if o.Message == "" {
			o.Message = messages[str(res["rule"])]
		}
		if o.Message == "" {
			o.Message = "审查要点"
		}
		out = append(out, o)
	}
	return out, nil
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// riskFactors put the model's weightiest features in words.
func riskFactors(r Risk) []RiskFactor {
	var out []RiskFactor
	for _, f := range r.Top {
		value := fmt.Sprintf("%g", f.Value)
		switch {
		case riskmodel.Flag(f.Feature) && f.Value >= 0.5:
			value = "是"
		case riskmodel.Flag(f.Feature):
			value = "否"
		case f.Feature == "prefill_ratio":
			value = fmt.Sprintf("%.0f%%", f.Value*100)
		case f.Value != float64(int64(f.Value)):
			value = fmt.Sprintf("%.1f", f.Value)
		}
		verb := "使风险降低"
		if f.Weight > 0 {
			verb = "使风险升高"
		}
		out = append(out, RiskFactor{Text: fmt.Sprintf("%s：%s，%s", f.Label, value, verb), Raises: f.Weight > 0})
	}
	return out
}

// supplementAnswers read the task's supplement answers off the timeline.
func supplementAnswers(b haoban.Bundle, events []haoban.Event, taskID string) []SupplementAnswer {
	labels := map[string]string{}
	for _, f := range b.Fields() {
		labels[f.Key] = f.Label
	}
	var out []SupplementAnswer
	for _, e := range events {
		if e.Type != haoban.EventSupplementReceived || e.Detail["task"] != taskID {
			continue
		}
		ans := SupplementAnswer{At: e.At}
		changes, _ := e.Detail["changes"].([]any)
		for _, raw := range changes {
			ch, _ := raw.(map[string]any)
			key := str(ch["key"])
			label := labels[key]
			if label == "" {
				label = "其他字段"
			}
			ans.Changes = append(ans.Changes, FieldDiff{Label: label, Before: haoban.Display(ch["before"]), After: haoban.Display(ch["after"])})
		}
		codes, _ := e.Detail["materials"].([]any)
		for _, code := range codes {
			if m, ok := b.Material(str(code)); ok {
				ans.Materials = append(ans.Materials, m.Name)
			}
		}
		out = append(out, ans)
	}
	return out
}
