package app

import (
	"context"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/rules"
)

// RuleStore keeps the review points, versioned.
type RuleStore interface {
	ListRules(ctx context.Context, items []string) ([]rules.Rule, error)
	RuleHistory(ctx context.Context, id string) ([]rules.Rule, error)
	SaveRule(ctx context.Context, r rules.Rule, meta haoban.AuditEntry) (rules.Rule, error)
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
}

// RuleCompiler compiles and cost-checks a rule (rules.Engine).
type RuleCompiler interface {
	Compile(r rules.Rule) error
}

// Rules are the review points (审查要点) admins keep, each save a version.
type Rules struct {
	Store    RuleStore
	Compiler RuleCompiler
	Time     haoban.TimeSource
}

// RuleBody is a review point as an admin writes it; dates are days.
type RuleBody struct {
	Item          string         `json:"item" minLength:"1" maxLength:"100" doc:"事项编码，如 food-licence"`
	Code          string         `json:"code" minLength:"1" maxLength:"100" doc:"审查要点编码，事项内唯一"`
	Expression    string         `json:"expression" minLength:"1" maxLength:"4000" doc:"CEL 表达式，通过时为 true"`
	Message       string         `json:"message" minLength:"1" maxLength:"500" doc:"不通过时告知申请人的话"`
	Hint          string         `json:"hint,omitempty" maxLength:"500" doc:"怎样改正"`
	LegalBasis    string         `json:"legal_basis,omitempty" maxLength:"500" doc:"法律依据"`
	Severity      rules.Severity `json:"severity" enum:"blocking,warning"`
	EffectiveFrom string         `json:"effective_from" format:"date" doc:"生效日期，可以晚于今天（提前导入政策变化）"`
	EffectiveTo   string         `json:"effective_to,omitempty" format:"date" doc:"失效日期（不含当日）"`
}

// rule turns the body into a rule of the engine.
func (b RuleBody) rule(id string) (rules.Rule, error) {
	r := rules.Rule{ID: id, Item: b.Item, Code: b.Code, Expression: b.Expression, Message: b.Message, Hint: b.Hint,
		LegalBasis: b.LegalBasis, Severity: b.Severity}
	var err error
	if r.EffectiveFrom, err = time.Parse(time.DateOnly, b.EffectiveFrom); err != nil {
		return r, haoban.FieldErrorf(haoban.EINVALID, "body.effective_from", "生效日期格式应如 2026-01-31")
	}
	if b.EffectiveTo != "" {
		if r.EffectiveTo, err = time.Parse(time.DateOnly, b.EffectiveTo); err != nil {
			return r, haoban.FieldErrorf(haoban.EINVALID, "body.effective_to", "失效日期格式应如 2026-01-31")
		}
	}
	return r, nil
}

// List is the current version of each rule, of one item or of all ("").
func (s *Rules) List(ctx context.Context, item string) ([]rules.Rule, error) {
	var items []string
	if item != "" {
		items = []string{item}
	}
	list, err := s.Store.ListRules(ctx, items)
	if list == nil {
		list = []rules.Rule{}
	}
	return list, err
}

// History is every version of a rule, the newest first.
func (s *Rules) History(ctx context.Context, id string) ([]rules.Rule, error) {
	return s.Store.RuleHistory(ctx, id)
}

// Create adds a review point.
func (s *Rules) Create(ctx context.Context, r Request, in RuleBody) (rules.Rule, error) {
	return s.save(ctx, r, uuid.NewString(), 0, in)
}

// Update saves a new version of a review point; its item and code stay.
func (s *Rules) Update(ctx context.Context, r Request, id string, in RuleBody) (rules.Rule, error) {
	history, err := s.Store.RuleHistory(ctx, id)
	if err != nil {
		return rules.Rule{}, err
	}
	if cur := history[0]; cur.Item != in.Item || cur.Code != in.Code {
		return rules.Rule{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.code",
			"审查要点的事项和编码不能修改（当前为 %s/%s），请新建一条", cur.Item, cur.Code)
	}
	return s.save(ctx, r, id, history[0].Version, in)
}

// save compiles and cost-checks the rule before it is stored, so a rule
// that could not run never reaches an application.
func (s *Rules) save(ctx context.Context, r Request, id string, version int, body RuleBody) (rules.Rule, error) {
	if err := validate(body, ""); err != nil {
		return rules.Rule{}, err
	}
	rule, err := body.rule(id)
	if err != nil {
		return rule, err
	}
	if err := s.knownItem(ctx, rule.Item); err != nil {
		return rule, err
	}
	if err := s.Compiler.Compile(rule); err != nil {
		return rule, err
	}
	rule.Version = version
	return s.Store.SaveRule(ctx, rule, r.audit("", now(s.Time)))
}

// knownItem checks that some bundle has the item.
func (s *Rules) knownItem(ctx context.Context, code string) error {
	bundles, err := s.Store.ListBundles(ctx)
	if err != nil {
		return err
	}
	for _, b := range bundles {
		for _, it := range b.Items {
			if it.Code == code {
				return nil
			}
		}
	}
	return haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.item", "没有这个事项：%s", code)
}
