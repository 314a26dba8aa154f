// Package intent tells what a question put to 小申 is about: a bundle or
// an item (guide), the asker's own case (status), a material, a policy,
// small talk, or something else (unknown). A multinomial logistic
// regression over hashed words and character bigrams learns it from
// labelled questions; a trained Model is plain data, stored as a version
// like the risk models (riskmodel) and loaded back to predict the same.
package intent

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"haoban"
)

// Kind is what a question is about.
type Kind string

// The kinds of question, in the order a model lists its classes.
const (
	Guide     Kind = "guide"     // a bundle or an item: how to apply
	Status    Kind = "status"    // where the asker's own case stands
	Material  Kind = "material"  // one material of an item
	Policy    Kind = "policy"    // a benefit policy and whether the asker qualifies
	Smalltalk Kind = "smalltalk" // greetings, thanks, who are you
	Unknown   Kind = "unknown"   // nothing 小申 can answer: a person should
)

// Kinds lists every kind in a fixed order.
func Kinds() []Kind { return []Kind{Guide, Status, Material, Policy, Smalltalk, Unknown} }

// Name is what the operations pages call a kind.
func (k Kind) Name() string {
	switch k {
	case Guide:
		return "办事指南"
	case Status:
		return "办件进度"
	case Material:
		return "申请材料"
	case Policy:
		return "惠企惠民政策"
	case Smalltalk:
		return "寒暄"
	}
	return "无法识别"
}

func (k Kind) valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Example is one labelled question. Ref names the knowledge entry that
// answers it, as the knowledge base names its entries (a bundle code,
// "bundle/item", "item/material", a policy code); several acceptable
// entries are separated by "|". It is empty for status, small talk and
// unknown questions.
type Example struct {
	Kind Kind
	Ref  string
	Text string
}

// Refs returns the acceptable entries' refs.
func (e Example) Refs() []string {
	if e.Ref == "" {
		return nil
	}
	return strings.Split(e.Ref, "|")
}

// ReadExamples reads labelled questions, one a line: kind, ref ("-" for
// none) and question, separated by tabs. Blank lines and lines starting
// with '#' are skipped. Every bad line is reported at once.
func ReadExamples(r io.Reader) ([]Example, error) {
	var out []Example
	var problems []string
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || strings.TrimSpace(parts[2]) == "" {
			problems = append(problems, fmt.Sprintf("第 %d 行应为“意图<TAB>条目<TAB>问题”", n))
			continue
		}
		e := Example{Kind: Kind(strings.TrimSpace(parts[0])), Ref: strings.TrimSpace(parts[1]), Text: strings.TrimSpace(parts[2])}
		if e.Ref == "-" {
			e.Ref = ""
		}
		if !e.Kind.valid() {
			problems = append(problems, fmt.Sprintf("第 %d 行的意图 %q 不存在", n, e.Kind))
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read examples: %w", err)
	}
	if len(problems) > 0 {
		return nil, haoban.Errorf(haoban.EINVALID, "标注数据有误：%s", strings.Join(problems, "；"))
	}
	return out, nil
}
