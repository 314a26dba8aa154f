package haoban

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ValidateForm checks an application form against the bundle's fields: no
// unknown keys, every required field present, every value of its type. It
// reports every problem at once.
func (b Bundle) ValidateForm(form map[string]any) error {
	return problems(b.formProblems(form, true))
}

// ValidateValues checks the values a partial form has (a draft being
// filled in, a supplement's answer) without asking for the rest.
func (b Bundle) ValidateValues(form map[string]any) error {
	return problems(b.formProblems(form, false))
}

// ValidateSubmission checks a complete application: the form and the one
// set of materials, given the codes uploaded. Every problem at once.
func (b Bundle) ValidateSubmission(form map[string]any, materials []string) error {
	details := b.formProblems(form, true)
	for _, m := range b.Materials() {
		// A generated material is written from the form at submission and
		// a department obtains its own: nothing to upload, never missing.
		if m.Required && m.FromApplicant() && !slices.Contains(materials, m.Code) {
			details = append(details, ErrorDetail{Field: "materials." + m.Code, Message: fmt.Sprintf("请上传「%s」", m.Name)})
		}
	}
	return problems(details)
}

func problems(details []ErrorDetail) error {
	if len(details) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESSABLE, Field: details[0].Field, Message: fmt.Sprintf("申请有 %d 处问题", len(details)), Details: details}
}

func (b Bundle) formProblems(form map[string]any, complete bool) []ErrorDetail {
	fields := b.Fields()
	var details []ErrorDetail
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Key] = true
		v, ok := form[f.Key]
		if !ok || v == nil || v == "" {
			if f.Required && complete {
				details = append(details, ErrorDetail{Field: "form." + f.Key, Message: fmt.Sprintf("请填写「%s」", f.Label)})
			}
			continue
		}
		if msg := checkValue(f, v); msg != "" {
			details = append(details, ErrorDetail{Field: "form." + f.Key, Message: msg})
		}
	}
	var unknown []string
	for k := range form {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		details = append(details, ErrorDetail{Field: "form." + k, Message: fmt.Sprintf("「%s」不是本事项的表单字段", k)})
	}
	return details
}

// checkValue returns why v is not a valid value of f, or "".
func checkValue(f Field, v any) string {
	s, isString := v.(string)
	switch f.Type {
	case FieldNumber:
		if n, ok := v.(float64); !ok || n < 0 {
			return fmt.Sprintf("「%s」应为非负数字", f.Label)
		}
	case FieldBool:
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("「%s」应为是或否", f.Label)
		}
	case FieldChoices:
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return fmt.Sprintf("「%s」应至少选择一项", f.Label)
		}
		for _, e := range list {
			if es, ok := e.(string); !ok || !slices.Contains(f.Options, es) {
				return fmt.Sprintf("「%s」的选项 %v 不在可选范围内", f.Label, e)
			}
		}
	default:
		if !isString {
			return fmt.Sprintf("「%s」应为文本", f.Label)
		}
		return checkString(f, s)
	}
	return ""
}

func checkString(f Field, s string) string {
	switch f.Type {
	case FieldDate:
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return fmt.Sprintf("「%s」应为日期，格式如 2026-01-31", f.Label)
		}
	case FieldChoice:
		if !slices.Contains(f.Options, s) {
			return fmt.Sprintf("「%s」的值不在可选范围内", f.Label)
		}
	case FieldIDNumber:
		if !ValidIDNumber(s) {
			return fmt.Sprintf("「%s」不是有效的18位身份证号码（校验位不符）", f.Label)
		}
	case FieldUSCC:
		if !ValidUSCC(s) {
			return fmt.Sprintf("「%s」不是有效的统一社会信用代码", f.Label)
		}
	case FieldPhone:
		if len(s) != 11 || s[0] != '1' || !allDigits(s) {
			return fmt.Sprintf("「%s」应为11位手机号码", f.Label)
		}
	}
	if len([]rune(s)) > 500 {
		return fmt.Sprintf("「%s」不能超过500字", f.Label)
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Display is a form value as a person reads it: lists joined with 、,
// booleans as 是 / 否, nothing as "".
func Display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "、")
	case bool:
		if x {
			return "是"
		}
		return "否"
	}
	return fmt.Sprint(v)
}
