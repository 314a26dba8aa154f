package app

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"haoban"
)

// PolicyForm is the policy editor's form as posted: text as typed, so a
// refused form comes back as it was sent.
type PolicyForm struct {
	Code string // "" for a new policy
	// Slug is a new policy's code in its address; "" lets the system
	// choose one.
	Slug, Name, Department, Type, For string
	LegalBasis                        string // one per line
	Conditions                        []haoban.PolicyCondition
	Amount, From, To, Budget          string
	Delivery, Publicity               string
	RouteText, RouteLink              string
}

// PolicyEditor is what the editor page shows.
type PolicyEditor struct {
	New            bool
	Form           PolicyForm
	Draft, InForce int // 0: none
	// Choices of the selects, by name.
	Departments, Types, Audiences, Deliveries []Choice
}

// PolicyTypes and Deliveries are the kinds of policy and the ways of
// paying, by name.
var (
	PolicyTypes = []Choice{{string(haoban.PolicyGrant), haoban.PolicyGrant.Name()},
		{string(haoban.PolicyHardship), haoban.PolicyHardship.Name()}, {string(haoban.PolicySupport), haoban.PolicySupport.Name()},
		{string(haoban.PolicyReduction), haoban.PolicyReduction.Name()}}
	Deliveries = []Choice{{string(haoban.DeliverAutomatic), haoban.DeliverAutomatic.Name()},
		{string(haoban.DeliverConfirm), haoban.DeliverConfirm.Name()}, {string(haoban.DeliverPledge), haoban.DeliverPledge.Name()}}
)

// blankConditions are the empty condition rows the editor offers below
// the filled ones, so a condition is added without scripts.
const blankConditions = 2

// Editor fills the editor with the policy's open draft, else its newest
// published version; code "" starts a new policy. A refused form is shown
// again as posted.
func (s *PolicyAdmin) Editor(ctx context.Context, r Request, code string, posted *PolicyForm) (PolicyEditor, error) {
	if !can(s.Authz, r.User, "*", "policy", "edit") {
		return PolicyEditor{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以修改政策")
	}
	e := PolicyEditor{New: code == "", Types: PolicyTypes, Audiences: Audiences, Deliveries: Deliveries}
	names, err := ReadNames(ctx, s.Names)
	if err != nil {
		return e, err
	}
	for _, d := range names.DepartmentList() {
		e.Departments = append(e.Departments, Choice{Value: d.ID, Name: d.Name})
	}
	if code != "" {
		vs, err := s.versionsOf(ctx, r, code)
		if err != nil {
			return e, err
		}
		e.InForce = haoban.PolicyInForce(vs, now(s.Time))
		base := editBase(vs)
		if base.State == haoban.VersionDraft {
			e.Draft = base.Version
		}
		e.Form = formOf(base.Body)
	} else {
		e.Form = PolicyForm{Type: string(haoban.PolicyGrant), For: string(haoban.ForPersons), Delivery: string(haoban.DeliverConfirm)}
	}
	if posted != nil {
		e.Form = *posted
	}
	var filled []haoban.PolicyCondition
	for _, c := range e.Form.Conditions {
		if c.Expression != "" || c.Message != "" {
			filled = append(filled, c)
		}
	}
	e.Form.Conditions = append(filled, make([]haoban.PolicyCondition, blankConditions)...)
	return e, nil
}

// editBase is what an edit starts from: the open draft, else the newest
// published version, else the newest.
func editBase(vs []haoban.PolicyVersion) haoban.PolicyVersion {
	for _, v := range vs {
		if v.State == haoban.VersionDraft {
			return v
		}
	}
	for _, v := range vs {
		if v.State == haoban.VersionPublished {
			return v
		}
	}
	return vs[0]
}

func formOf(p haoban.Policy) PolicyForm {
	f := PolicyForm{Code: p.Code, Name: p.Name, Department: p.Department, Type: string(p.Type), For: string(p.For),
		LegalBasis: strings.Join(p.LegalBasis, "\n"), Conditions: p.Conditions, Amount: p.Amount,
		Delivery: string(p.Delivery), Publicity: strconv.Itoa(p.Publicity), RouteText: p.Route.Text, RouteLink: p.Route.Link}
	if !p.From.IsZero() {
		f.From = p.From.In(haoban.Beijing).Format(time.DateOnly)
	}
	if !p.To.IsZero() {
		f.To = p.To.In(haoban.Beijing).Format(time.DateOnly)
	}
	if p.Budget != 0 {
		f.Budget = strconv.FormatFloat(p.Budget, 'f', -1, 64)
	}
	return f
}

// SaveForm saves the editor's form as the policy's draft through
// Policies.SaveDraft, as PUT /api/v1/admin/policies/{policy}/draft does.
// The form is refused with every problem at once, each naming its input
// (conditions.1.expression): what the fields lack and each expression
// that does not compile, so that a saved draft is one that can be
// published.
func (s *PolicyAdmin) SaveForm(ctx context.Context, r Request, f PolicyForm) (haoban.PolicyVersion, error) {
	if !can(s.Authz, r.User, "*", "policy", "edit") {
		return haoban.PolicyVersion{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以修改政策")
	}
	var base haoban.Policy
	if f.Code != "" {
		vs, err := s.versionsOf(ctx, r, f.Code)
		if err != nil {
			return haoban.PolicyVersion{}, err
		}
		base = editBase(vs).Body
	}
	p, ds := f.policy(base)
	if f.Code == "" {
		code, d, err := s.newCode(ctx, r, f.Slug)
		if err != nil {
			return haoban.PolicyVersion{}, err
		}
		p.Code, ds = code, append(ds, d...)
	}
	if err := s.Policies.Check(p); err != nil {
		ds = append(ds, haoban.ErrorDetails(err)...)
	}
	if len(ds) > 0 {
		for i := range ds {
			ds[i].Field = formField(ds[i].Field)
		}
		ds = dedupe(ds)
		return haoban.PolicyVersion{}, &haoban.Error{Code: haoban.EINVALID,
			Message: fmt.Sprintf("有 %d 处问题，草稿没有保存", len(ds)), Details: ds}
	}
	return s.Policies.SaveDraft(ctx, r, p)
}

// policy reads the form over base (what the form does not show, such as
// the demo mark, is kept); a number or date that does not read is a
// problem of its input.
func (f PolicyForm) policy(base haoban.Policy) (haoban.Policy, []haoban.ErrorDetail) {
	var ds []haoban.ErrorDetail
	p := base
	p.Code, p.Name, p.Department = f.Code, strings.TrimSpace(f.Name), f.Department
	p.Type, p.For, p.Delivery = haoban.PolicyType(f.Type), haoban.Audience(f.For), haoban.Delivery(f.Delivery)
	p.Amount = strings.TrimSpace(f.Amount)
	p.Route = haoban.PolicyRoute{Text: strings.TrimSpace(f.RouteText), Link: strings.TrimSpace(f.RouteLink)}
	p.LegalBasis = nil
	for _, l := range strings.Split(f.LegalBasis, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			p.LegalBasis = append(p.LegalBasis, l)
		}
	}
	p.Conditions = nil
	for _, c := range f.Conditions {
		c = haoban.PolicyCondition{Expression: strings.TrimSpace(c.Expression), Message: strings.TrimSpace(c.Message)}
		if c.Expression != "" || c.Message != "" {
			p.Conditions = append(p.Conditions, c)
		}
	}
	var err error
	if p.From, err = formDate(f.From); err != nil {
		ds = append(ds, haoban.ErrorDetail{Field: "from", Message: "开始日期请按「年-月-日」填写"})
	}
	if p.To, err = formDate(f.To); err != nil {
		ds = append(ds, haoban.ErrorDetail{Field: "to", Message: "截止日期请按「年-月-日」填写，不填为长期有效"})
	}
	p.Budget = 0
	if text := strings.TrimSpace(f.Budget); text != "" {
		if p.Budget, err = strconv.ParseFloat(text, 64); err != nil {
			p.Budget = 1 // reported here, not again as missing
			ds = append(ds, haoban.ErrorDetail{Field: "budget", Message: "资金总额请填写数字，单位为元"})
		}
	}
	p.Publicity = 0
	if text := strings.TrimSpace(f.Publicity); text != "" {
		if p.Publicity, err = strconv.Atoi(text); err != nil {
			ds = append(ds, haoban.ErrorDetail{Field: "publicity_days", Message: "公示天数请填写整数"})
		}
	}
	if p.Route.Link != "" && !strings.HasPrefix(p.Route.Link, "/") {
		ds = append(ds, haoban.ErrorDetail{Field: "route_link", Message: "申请途径链接应为本站页面地址，以 / 开头，如 /guide/…"})
	}
	return p, ds
}

// formDate reads a date input (Beijing); "" is the zero time.
func formDate(text string) (time.Time, error) {
	if text = strings.TrimSpace(text); text == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateOnly, text, haoban.Beijing)
}

// newCode is a new policy's code: the slug given, or policy-<n>.
func (s *PolicyAdmin) newCode(ctx context.Context, r Request, slug string) (string, []haoban.ErrorDetail, error) {
	vs, err := s.Policies.List(ctx, r)
	if err != nil {
		return "", nil, err
	}
	used := map[string]bool{"new": true} // /admin/policies/new is a page
	for _, v := range vs {
		used[v.Policy] = true
	}
	slug = strings.ToLower(strings.TrimSpace(slug))
	switch {
	case slug == "":
		for n := 1; ; n++ {
			if code := fmt.Sprintf("policy-%d", n); !used[code] {
				return code, nil, nil
			}
		}
	case !codePattern.MatchString(slug):
		return "", []haoban.ErrorDetail{{Field: "slug",
			Message: "网址简称只能用小写字母、数字和连字符，2 到 40 个字符；也可以不填，由系统生成"}}, nil
	case used[slug]:
		return "", []haoban.ErrorDetail{{Field: "slug", Message: fmt.Sprintf("网址简称「%s」已被使用，请换一个，或不填由系统生成", slug)}}, nil
	}
	return slug, nil, nil
}

var conditionPath = regexp.MustCompile(`^conditions\[(\d+)\]\.(expression|message)$`)

// formField is the editor's input a problem's field path names:
// conditions[1].expression is conditions.1.expression; a missing
// condition is the first row's expression.
func formField(path string) string {
	if m := conditionPath.FindStringSubmatch(path); m != nil {
		return "conditions." + m[1] + "." + m[2]
	}
	switch path {
	case "conditions":
		return "conditions.0.expression"
	case "code", "body.code":
		return "slug"
	case "publicity_days":
		return "publicity"
	case "route.text":
		return "route_text"
	case "route.link":
		return "route_link"
	}
	return path
}

// dedupe keeps the first problem of each input: a date that does not
// read is not also missing, a bad slug not also a bad code.
func dedupe(ds []haoban.ErrorDetail) []haoban.ErrorDetail {
	seen := map[string]bool{}
	var out []haoban.ErrorDetail
	for _, d := range ds {
		if !seen[d.Field] {
			seen[d.Field] = true
			out = append(out, d)
		}
	}
	return out
}
