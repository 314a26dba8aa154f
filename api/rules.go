package api

import (
	"context"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/prereview"
	"haoban/rules"
)

// RuleBody is a review point as an admin writes it; dates are days.
type RuleBody struct {
	Item          string         `json:"item" minLength:"1" doc:"事项编码，如 food-licence"`
	Code          string         `json:"code" minLength:"1" doc:"审查要点编码，事项内唯一"`
	Expression    string         `json:"expression" minLength:"1" doc:"CEL 表达式，通过时为 true"`
	Message       string         `json:"message" minLength:"1" doc:"不通过时告知申请人的话"`
	Hint          string         `json:"hint,omitempty" doc:"怎样改正"`
	LegalBasis    string         `json:"legal_basis,omitempty" doc:"法律依据"`
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

// RulesOutput lists review points.
type RulesOutput struct {
	Body struct {
		Rules []rules.Rule `json:"rules"`
	}
}

// RulesQuery narrows the list to one item.
type RulesQuery struct {
	Item string `query:"item" doc:"只列出该事项的审查要点"`
}

func (s *Server) listRules(ctx context.Context, in *RulesQuery) (*RulesOutput, error) {
	var items []string
	if in.Item != "" {
		items = []string{in.Item}
	}
	list, err := s.Store.ListRules(ctx, items)
	if err != nil {
		return nil, err
	}
	return rulesOutput(list), nil
}

func rulesOutput(list []rules.Rule) *RulesOutput {
	out := &RulesOutput{}
	out.Body.Rules = list
	if list == nil {
		out.Body.Rules = []rules.Rule{}
	}
	return out
}

// RuleOutput is one saved version of a rule.
type RuleOutput struct {
	Body rules.Rule
}

// CreateRuleInput adds a review point.
type CreateRuleInput struct {
	Body RuleBody
}

func (s *Server) createRule(ctx context.Context, in *CreateRuleInput) (*RuleOutput, error) {
	return s.saveRule(ctx, uuid.NewString(), 0, in.Body)
}

// UpdateRuleInput saves a new version of a review point.
type UpdateRuleInput struct {
	ID   string `path:"id" doc:"审查要点编号"`
	Body RuleBody
}

func (s *Server) updateRule(ctx context.Context, in *UpdateRuleInput) (*RuleOutput, error) {
	history, err := s.Store.RuleHistory(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if cur := history[0]; cur.Item != in.Body.Item || cur.Code != in.Body.Code {
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.code",
			"审查要点的事项和编码不能修改（当前为 %s/%s），请新建一条", cur.Item, cur.Code)
	}
	return s.saveRule(ctx, in.ID, history[0].Version, in.Body)
}

// saveRule compiles and cost-checks the rule before it is stored, so a rule
// that could not run never reaches an application.
func (s *Server) saveRule(ctx context.Context, id string, version int, body RuleBody) (*RuleOutput, error) {
	r, err := body.rule(id)
	if err != nil {
		return nil, err
	}
	if err := s.knownItem(ctx, r.Item); err != nil {
		return nil, err
	}
	if err := s.Prereview.Engine.Compile(r); err != nil {
		return nil, err
	}
	r.Version = version
	saved, err := s.Store.SaveRule(ctx, r, s.auditEntry(ctx, ""))
	if err != nil {
		return nil, err
	}
	return &RuleOutput{Body: saved}, nil
}

// knownItem checks that some bundle has the item.
func (s *Server) knownItem(ctx context.Context, code string) error {
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

// RuleIDInput names a rule.
type RuleIDInput struct {
	ID string `path:"id" doc:"审查要点编号"`
}

func (s *Server) ruleHistory(ctx context.Context, in *RuleIDInput) (*RulesOutput, error) {
	list, err := s.Store.RuleHistory(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return rulesOutput(list), nil
}

// PrereviewOutput is a draft's pre-review report.
type PrereviewOutput struct {
	Body prereview.Report
}

func (s *Server) prereviewDraft(ctx context.Context, in *DraftIDInput) (*PrereviewOutput, error) {
	d, b, err := s.ownDraftBundle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	rep, err := s.Prereview.Review(ctx, prereview.Application{Bundle: b, Form: d.Form, Materials: d.Materials,
		Applicant: userFrom(ctx), Today: s.now()})
	if err != nil {
		return nil, err
	}
	return &PrereviewOutput{Body: rep}, nil
}
