package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// The 免申即享 pages (issue 17): the beneficiary's 我的待享 and 服务包, a
// case with its answer form, the public publicity list with its objection
// form (pages_benefits_public.go), and the department's and catalogue
// admin's pages (pages_benefits_staff.go).

// benefitPage is what the benefit pages show.
type benefitPage struct {
	// 我的待享 (persons) and 服务包 (the enterprises the person represents).
	Persons, Enterprises []benefitRow
	// One case: the view, the facts it matched on and its timeline.
	View        *app.BenefitView
	AccountKind string
	Facts       []benefitFact
	Timeline    []benefitLine
	// Invalid is each form control's problem, by its id; Form holds the
	// values posted, by control id, to show again with the problems.
	Invalid map[string]string
	Form    map[string]string
	// The publicity list, or one entry of it for the objection form.
	Policy, PolicyName string
	Entries            []app.PublicityEntry
	Next               string
	Entry              *app.PublicityEntry
	CanObject          bool
	LoginNext          string
	Publicities        []app.PublicityPolicy // the public index of lists
	// The department's work and the policy's figures (pages_benefits_staff.go).
	Objections []objectionRow
	Reviews    []haoban.BenefitCase
	Dashboard  *dashboardView
}

// benefitRow is one case in a list, with what happens next in words.
type benefitRow struct {
	Case haoban.BenefitCase
	Next string
}

// benefitFact is one fact a case matched on, as people read it.
type benefitFact struct{ Label, Value string }

// benefitLine is one step of a case's timeline in words.
type benefitLine struct {
	At   time.Time
	Text string
	By   string
}

func (p *Pages) benefitsPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bs, err := p.App.Benefits.Mine(ctx, request(ctx))
	if err != nil {
		return err
	}
	v := &benefitPage{}
	for _, b := range bs {
		row := benefitRow{Case: b, Next: nextStep(b, p.now())}
		if b.Kind == haoban.ForEnterprises {
			v.Enterprises = append(v.Enterprises, row)
		} else {
			v.Persons = append(v.Persons, row)
		}
	}
	return p.render(c, "benefit_list", pageData{Title: "我的待享", Benefits: v})
}

// nextStep says what happens next to a case, or why nothing does.
func nextStep(b haoban.BenefitCase, now time.Time) string {
	day := func(t time.Time) string { return t.In(haoban.Beijing).Format("2006年1月2日") }
	switch b.Status {
	case haoban.BenefitMatched, haoban.BenefitConfirmed:
		return "无需办理，系统正在安排公示"
	case haoban.BenefitAsked:
		if !now.Before(b.ConfirmBy) {
			return "确认期限已过"
		}
		return "请在 " + b.ConfirmBy.In(haoban.Beijing).Format("2006年1月2日 15:04") + " 前确认领取"
	case haoban.BenefitReview:
		return "工作人员正在复核，无需办理"
	case haoban.BenefitPublicity:
		return "名单公示至 " + day(b.PublicityTo) + "，期满无异议即发放"
	case haoban.BenefitObjected:
		return "公示期间收到异议，发布部门正在核查"
	case haoban.BenefitApproved:
		return "已批准，正在发放"
	case haoban.BenefitPaid:
		return "已发放至" + accountKind(b.Account)
	case haoban.BenefitFailed:
		return "发放未成功，工作人员将核实收款账户后重新发放"
	}
	if b.Reason != "" {
		return b.Reason
	}
	return "无需办理"
}

// accountKind is where the money goes, without the account's number.
func accountKind(account string) string {
	if kind, _, ok := strings.Cut(account, "/"); ok {
		return kind
	}
	return "收款账户"
}

var benefitDone = map[string]string{
	"confirmed": "已确认领取。公示期满无异议后，资金将直接发放，无需再办理。",
	"declined":  "已放弃领取。如改变主意，可通过办事指南中的申请渠道申请。",
}

func (p *Pages) benefitPage(c *fiber.Ctx) error {
	return p.showBenefit(c, strings.Clone(c.Params("id")), nil, nil)
}

// showBenefit renders a case, with the answer form's problems when cause
// is the refusal of an answer.
func (p *Pages) showBenefit(c *fiber.Ctx, id string, form map[string]string, cause error) error {
	ctx := c.UserContext()
	view, err := p.App.Benefits.Get(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	names := p.App.Glossaries.For(ctx)
	v := &benefitPage{View: &view, AccountKind: accountKind(view.Case.Account), Facts: benefitFacts(view.Case.Facts), Invalid: map[string]string{}, Form: form}
	for _, o := range view.Objections {
		v.Objections = append(v.Objections, newObjectionRow(o, view.Case, p.now()))
	}
	for _, e := range view.Events {
		v.Timeline = append(v.Timeline, benefitLine{At: e.At, Text: eventWords(e), By: actorWords(names, e.Actor)})
	}
	data := pageData{Title: view.Case.PolicyName, Benefits: v, Names: names, Notice: benefitDone[c.Query("done")]}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		if haoban.ErrorField(cause) == "pledge" {
			v.Invalid["pledge"] = haoban.ErrorMessage(cause)
			data.Errors = []haoban.ErrorDetail{{Field: "pledge", Message: haoban.ErrorMessage(cause)}}
		} else {
			data.Error = errorText(cause)
		}
	}
	return p.render(c, "benefit_case", data)
}

// answerForm is the beneficiary's confirmation or refusal.
func (p *Pages) answerForm(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), strings.Clone(c.Params("id"))
	confirm, pledge := c.FormValue("answer") == "confirm", c.FormValue("pledge") == "yes"
	if _, err := p.App.Benefits.Answer(ctx, request(ctx), id, confirm, pledge); err != nil {
		form := map[string]string{}
		if pledge {
			form["pledge"] = "yes"
		}
		return p.showBenefit(c, id, form, err)
	}
	done := "declined"
	if confirm {
		done = "confirmed"
	}
	return c.Redirect("/benefits/"+id+"?done="+done, fiber.StatusSeeOther)
}

// benefitFacts are the facts a case matched on that the data dictionary
// names; a key it does not name is a code, and is left out.
func benefitFacts(facts map[string]any) []benefitFact {
	keys := make([]string, 0, len(facts))
	for k := range facts {
		if _, ok := haoban.PolicyFacts[k]; ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]benefitFact, 0, len(keys))
	for _, k := range keys {
		out = append(out, benefitFact{Label: haoban.PolicyFacts[k], Value: factValue(facts[k])})
	}
	return out
}

// factValue shows a fact: a time or date as a day, a number plainly.
func factValue(v any) string {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return t.In(haoban.Beijing).Format("2006年1月2日")
		}
		if t, err := time.Parse("2006-01-02", x); err == nil {
			return t.Format("2006年1月2日")
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return haoban.Display(v)
}

var benefitEvents = map[string]string{
	"matched": "经数据比对，符合享受条件", "confirmation_requested": "请受益人确认领取", "confirmed": "受益人确认领取",
	"declined": "受益人放弃领取", "confirmation_expired": "逾期未确认", "review_requested": "转人工复核",
	"review_passed": "人工复核通过", "review_refused": "人工复核未通过", "publicity_started": "开始公示",
	"objection_filed": "公示期间收到异议", "objection_upheld": "异议成立，终止发放", "objection_rejected": "异议不成立，继续公示",
	"approved": "公示期满，批准发放", "unfunded": "政策资金已用完，暂不能发放", "grant_sealed": "给付决定书加盖电子印章",
	"paid": "资金已发放", "payment_failed": "资金发放未成功", "payment_retried": "重新发放", "reversed": "撤销给付，追回资金",
}

// eventWords is a step in words, with the reason given where there is one.
func eventWords(e haoban.BenefitEvent) string {
	text, ok := benefitEvents[e.Type]
	if !ok {
		text = haoban.BenefitStatus(e.Type).Name()
	}
	if text == "" {
		text = "办理进展"
	}
	if r, ok := e.Detail["reason"].(string); ok && r != "" {
		text += "：" + r
	}
	if a, ok := e.Detail["amount"].(float64); ok && e.Type == "paid" {
		text += fmt.Sprintf("（%.2f 元）", a)
	}
	return text
}

// actorWords names who took a step: the system, the public (an objector
// is never named to the beneficiary) or a person.
func actorWords(names *app.Glossary, actor string) string {
	if actor == "public" {
		return "公众"
	}
	return names.User(actor)
}
