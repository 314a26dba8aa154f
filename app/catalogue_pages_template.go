package app

import (
	"regexp"
	"strings"

	"haoban"
)

// placeholder is a template's {{…}}: {{enterprise.name}} (the field's key)
// as stored and rendered (document.Fill), {{企业名称}} as people write it.
var placeholder = regexp.MustCompile(`\{\{\s*([^{}]+?)\s*\}\}`)

// TemplateForPeople shows a generated material's template with each
// {{<key>}} as {{<label>}}, from the fields given (the bundle's form
// first): people read labels, not keys. A key without a label stays.
func TemplateForPeople(tpl string, fields []haoban.Field) string {
	label := map[string]string{}
	for _, f := range fields {
		if _, ok := label[f.Key]; !ok && f.Label != "" {
			label[f.Key] = f.Label
		}
	}
	return placeholder.ReplaceAllStringFunc(tpl, func(m string) string {
		if l, found := label[placeholder.FindStringSubmatch(m)[1]]; found {
			return "{{" + l + "}}"
		}
		return m
	})
}

// TemplateFromPeople turns {{<label>}} back into {{<key>}}. A name that
// is neither a field's label nor its key is an error naming it, at field.
func TemplateFromPeople(text string, fields []haoban.Field, field string) (string, error) {
	key, keys := map[string]string{}, map[string]bool{}
	for _, f := range fields {
		if _, ok := key[f.Label]; !ok && f.Label != "" {
			key[f.Label] = f.Key
		}
		keys[f.Key] = true
	}
	var unknown []string
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if k, ok := key[name]; ok {
			return "{{" + k + "}}"
		} else if keys[name] {
			return "{{" + name + "}}"
		}
		unknown = append(unknown, "「"+name+"」")
		return m
	})
	if len(unknown) > 0 {
		return text, haoban.FieldErrorf(haoban.EINVALID, field, "模板中的%s不是表单中的字段：请用 {{字段名称}} 引用本一件事表单中的字段",
			strings.Join(unknown, "、"))
	}
	return strings.ReplaceAll(out, "\r\n", "\n"), nil
}
