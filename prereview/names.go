package prereview

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"haoban"
	"haoban/rules"
)

// NameRule is the code of the built-in review point that an enterprise
// being registered does not take a name registered to another one
// (企业名称不得与他人已登记的名称相同). It reads the enterprise registry,
// which a rule's expression cannot.
const NameRule = "enterprise-name-free"

// nameChecks judges each item of the application that registers an
// enterprise: its form carries the enterprise's name and its approval
// issues a new licence rather than amending one.
func (r *Reviewer) nameChecks(ctx context.Context, app Application) ([]rules.Result, error) {
	var out []rules.Result
	name, _ := app.Form["enterprise.name"].(string)
	name = strings.TrimSpace(name)
	for _, it := range app.Bundle.Items {
		if !registers(it) || !slices.Contains(app.items(), it.Code) {
			continue
		}
		res := rules.Result{Rule: NameRule, Item: it.Code, Version: 1, Severity: rules.SeverityBlocking,
			Outcome: rules.OutcomeNotApplicable, LegalBasis: "《企业名称登记管理规定》第十七条"}
		if name != "" {
			taken, err := r.takenBy(ctx, name, app.Applicant)
			if err != nil {
				return nil, err
			}
			res.Outcome, res.Message = rules.OutcomePassed, "企业名称未被其他企业登记"
			if taken != "" {
				res.Outcome = rules.OutcomeFailed
				res.Message = fmt.Sprintf("企业名称「%s」已由其他企业登记（统一社会信用代码 %s），不能重复登记", name, taken)
				res.Hint = "请另取一个未被登记的企业名称"
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func registers(it haoban.Item) bool {
	if it.Licence == "" || it.Amends {
		return false
	}
	return slices.ContainsFunc(it.Fields, func(f haoban.Field) bool { return f.Key == "enterprise.name" })
}

// takenBy is the credit code of an enterprise registered under the name
// whose legal representative is not the applicant, or "".
func (r *Reviewer) takenBy(ctx context.Context, name string, u haoban.User) (string, error) {
	list, err := r.Store.EnterprisesNamed(ctx, name)
	if err != nil {
		return "", err
	}
	for _, e := range list {
		if u.IDNumber == "" || e.LegalRepID != u.IDNumber {
			return e.USCC, nil
		}
	}
	return "", nil
}
