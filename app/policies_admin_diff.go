package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"haoban"
)

// PolicyChange is one difference between two versions of a policy, in
// words: 享受条件「申请人须年满 60 周岁」, 修改, 由「…」改为「…」.
type PolicyChange struct {
	Where string `json:"where"`
	// Kind is 新增, 删除 or 修改.
	Kind   string `json:"kind"`
	Before string `json:"before,omitempty"` // "" reads as empty
	After  string `json:"after,omitempty"`
}

// Change kinds.
const (
	changeAdded   = "新增"
	changeRemoved = "删除"
	changeChanged = "修改"
)

// DiffPolicies tells what changed from before to after in words, field by
// field in the order the editor shows them. Conditions are matched by
// their expression: a condition whose expression changed reads as one
// removed and one added, each named by its message. departments names
// departments by code.
func DiffPolicies(before, after haoban.Policy, departments map[string]string) []PolicyChange {
	var out []PolicyChange
	field := func(where, b, a string) {
		switch {
		case b == a:
		case b == "":
			out = append(out, PolicyChange{Where: where, Kind: changeAdded, After: a})
		case a == "":
			out = append(out, PolicyChange{Where: where, Kind: changeRemoved, Before: b})
		default:
			out = append(out, PolicyChange{Where: where, Kind: changeChanged, Before: b, After: a})
		}
	}
	dept := func(code string) string {
		if n, ok := departments[code]; ok {
			return n
		}
		return code
	}
	field("政策名称", before.Name, after.Name)
	field("发布部门", dept(before.Department), dept(after.Department))
	field("政策类型", before.Type.Name(), after.Type.Name())
	field("政策对象", audienceName(before.For), audienceName(after.For))
	field("政策依据", strings.Join(before.LegalBasis, "；"), strings.Join(after.LegalBasis, "；"))
	out = append(out, diffConditions(before.Conditions, after.Conditions)...)
	field("金额", before.Amount, after.Amount)
	field("开始日期", dateText(before.From), dateText(after.From))
	field("截止日期", dateText(before.To), dateText(after.To))
	field("资金总额", yuan(before.Budget), yuan(after.Budget))
	field("兑付方式", before.Delivery.Name(), after.Delivery.Name())
	field("公示天数", days(before.Publicity), days(after.Publicity))
	field("申请途径", before.Route.Text, after.Route.Text)
	field("申请途径链接", before.Route.Link, after.Route.Link)
	return out
}

func diffConditions(before, after []haoban.PolicyCondition) []PolicyChange {
	var out []PolicyChange
	find := func(cs []haoban.PolicyCondition, expr string) (haoban.PolicyCondition, bool) {
		for _, c := range cs {
			if c.Expression == expr {
				return c, true
			}
		}
		return haoban.PolicyCondition{}, false
	}
	for _, c := range before {
		if _, ok := find(after, c.Expression); !ok {
			out = append(out, PolicyChange{Where: conditionName(c), Kind: changeRemoved, Before: c.Expression})
		}
	}
	for _, c := range after {
		old, ok := find(before, c.Expression)
		switch {
		case !ok:
			out = append(out, PolicyChange{Where: conditionName(c), Kind: changeAdded, After: c.Expression})
		case old.Message != c.Message:
			out = append(out, PolicyChange{Where: conditionName(c) + "的提示", Kind: changeChanged,
				Before: old.Message, After: c.Message})
		}
	}
	return out
}

// conditionName names a condition by the words it tells a person.
func conditionName(c haoban.PolicyCondition) string {
	if strings.TrimSpace(c.Message) == "" {
		return "享受条件"
	}
	return "享受条件「" + c.Message + "」"
}

func audienceName(a haoban.Audience) string {
	if a == "" {
		return ""
	}
	return choiceName(Audiences, string(a), false)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(haoban.Beijing).Format("2006年1月2日")
}

// yuan writes an amount as people read it: 5000 万元, 3600 元.
func yuan(f float64) string {
	switch {
	case f == 0:
		return ""
	case f >= 10_000 && f == float64(int64(f/10_000))*10_000:
		return strconv.FormatFloat(f/10_000, 'f', -1, 64) + " 万元"
	}
	return strconv.FormatFloat(f, 'f', -1, 64) + " 元"
}

func days(n int) string {
	if n == 0 {
		return "不公示"
	}
	return fmt.Sprintf("%d 天", n)
}
