package haoban

import (
	"fmt"
	"strings"
	"time"
)

// Policy is a benefit the government grants without an application (免申即享):
// who qualifies and how much is written as CEL over the registries, so the
// same text decides a self-check (政策体检) and, later, a matching run.
//
// Rules read registry facts as sources["resident.birth_date"] and the
// person or enterprise as applicant.id_number / applicant.uscc; the keys a
// policy reads are its data needs (数据需求清单), derived from the
// expressions, never written by hand.
type Policy struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	Department string     `json:"department"` // issuing department's code
	Type       PolicyType `json:"type"`
	LegalBasis []string   `json:"legal_basis,omitempty"`
	For        Audience   `json:"for"`
	// Conditions must all hold for someone to qualify, in the order a
	// person would read them.
	Conditions []PolicyCondition `json:"conditions"`
	// Amount is a CEL expression giving the benefit in yuan.
	Amount    string    `json:"amount"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to,omitzero"` // zero: open-ended
	Budget    float64   `json:"budget"`      // yuan, all beneficiaries together
	Delivery  Delivery  `json:"delivery"`
	Publicity int       `json:"publicity_days"`
	// Route is where those the registries cannot decide apply instead: a
	// guide or bundle link and the words that explain it.
	Route PolicyRoute `json:"route,omitzero"`
	Demo  bool        `json:"demo,omitempty"`
}

// PolicyCondition is one eligibility test: an expression true when it
// holds, and the words that tell a person it does not.
type PolicyCondition struct {
	Expression string `json:"expression"`
	Message    string `json:"message"`
}

// PolicyRoute is the ordinary application for those matching cannot find.
type PolicyRoute struct {
	Text string `json:"text"`
	Link string `json:"link,omitempty"` // a page path such as /guide/…
}

// PolicyType is the kind of benefit, as the plan classifies them.
type PolicyType string

// Policy types.
const (
	PolicyGrant     PolicyType = "grant"     // 行政给付
	PolicyHardship  PolicyType = "hardship"  // 困难资助
	PolicySupport   PolicyType = "support"   // 资金扶持
	PolicyReduction PolicyType = "reduction" // 减税降费
)

var policyTypeNames = map[PolicyType]string{
	PolicyGrant: "行政给付", PolicyHardship: "困难资助", PolicySupport: "资金扶持", PolicyReduction: "减税降费",
}

// Name is the type in Chinese.
func (t PolicyType) Name() string { return policyTypeNames[t] }

// Delivery is how a matched benefit reaches its beneficiary.
type Delivery string

// Deliveries.
const (
	DeliverAutomatic Delivery = "automatic" // 直达快享: paid without asking
	DeliverConfirm   Delivery = "confirm"   // 意愿确认: asked first
	DeliverPledge    Delivery = "pledge"    // 告知承诺: asked, and signs a pledge
)

var deliveryNames = map[Delivery]string{
	DeliverAutomatic: "直接兑付", DeliverConfirm: "意愿确认后兑付", DeliverPledge: "签署告知承诺后兑付",
}

// Name is the delivery in Chinese.
func (d Delivery) Name() string { return deliveryNames[d] }

// InForce reports whether the policy's period covers day.
func (p Policy) InForce(day time.Time) bool {
	if day.Before(p.From) {
		return false
	}
	return p.To.IsZero() || day.Before(p.To)
}

// Validate lists every problem of the policy's fields at once, with field
// paths such as conditions[1].message; compiling the expressions is the
// rules engine's part.
func (p Policy) Validate() []ErrorDetail {
	var ds []ErrorDetail
	add := func(field, format string, args ...any) {
		ds = append(ds, ErrorDetail{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !validCode(p.Code) {
		add("code", "政策编码只能由小写字母、数字和连字符组成")
	}
	if strings.TrimSpace(p.Name) == "" {
		add("name", "请填写政策名称")
	}
	if strings.TrimSpace(p.Department) == "" {
		add("department", "请填写发布部门")
	}
	if p.Type.Name() == "" {
		add("type", "政策类型应为行政给付、困难资助、资金扶持或减税降费")
	}
	if p.For != ForPersons && p.For != ForEnterprises {
		add("for", "请选择政策对象：个人或企业")
	}
	if len(p.Conditions) == 0 {
		add("conditions", "请至少填写一项享受条件")
	}
	for i, c := range p.Conditions {
		if strings.TrimSpace(c.Expression) == "" {
			add(fmt.Sprintf("conditions[%d].expression", i), "请填写条件表达式")
		}
		if strings.TrimSpace(c.Message) == "" {
			add(fmt.Sprintf("conditions[%d].message", i), "请填写不符合该条件时告诉群众的话")
		}
	}
	if strings.TrimSpace(p.Amount) == "" {
		add("amount", "请填写金额表达式")
	}
	if p.From.IsZero() {
		add("from", "请填写政策开始日期")
	}
	if !p.To.IsZero() && !p.To.After(p.From) {
		add("to", "政策截止日期应晚于开始日期")
	}
	if p.Budget <= 0 {
		add("budget", "资金总额应大于零")
	}
	if p.Delivery.Name() == "" {
		add("delivery", "兑付方式应为直接兑付、意愿确认或告知承诺")
	}
	if p.Publicity < 0 {
		add("publicity_days", "公示天数不能为负")
	}
	return ds
}

// validCode accepts the codes used across the catalogue: lowercase
// letters, digits and hyphens.
func validCode(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// PolicyVersion is one version of a policy, stored and published like a
// catalogue version (see CatalogueVersion for the states).
type PolicyVersion struct {
	Policy        string       `json:"policy"`
	Version       int          `json:"version"`
	State         VersionState `json:"state"`
	Body          Policy       `json:"body"`
	EffectiveFrom time.Time    `json:"effective_from,omitzero"`
	CreatedBy     string       `json:"created_by"`
	CreatedAt     time.Time    `json:"created_at"`
	PublishedBy   string       `json:"published_by,omitempty"`
	PublishedAt   time.Time    `json:"published_at,omitzero"`
	WithdrawnBy   string       `json:"withdrawn_by,omitempty"`
	WithdrawnAt   time.Time    `json:"withdrawn_at,omitzero"`
}

// PolicyCheck is one policy's answer in a self-check (政策体检) for one
// person or enterprise.
type PolicyCheck struct {
	Policy string `json:"policy"`
	Name   string `json:"name"`
	Type   string `json:"type"` // in words
	// Subject is whom the answer is about: the person, or an enterprise's name.
	Subject   string  `json:"subject"`
	Qualifies bool    `json:"qualifies"`
	Amount    float64 `json:"amount,omitempty"`
	// Delivery says in words how a qualifying benefit is paid.
	Delivery string `json:"delivery,omitempty"`
	// Failed are the words of each condition that does not hold.
	Failed []string `json:"failed,omitempty"`
	// Apply is set when the registries cannot decide: the route to apply.
	Apply *PolicyRoute `json:"apply,omitempty"`
}
