package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// placeholder is {{field.key}} in a generated material's template; spaces
// inside the braces are allowed, as template authors type them.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}`)

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// Unfilled is printed for a placeholder whose field the form leaves empty,
// so that a blank on the page is never mistaken for a value.
const Unfilled = "（未填写）"

// Placeholders are the field keys a template names, each once, in order:
// what a catalogue check compares with the item's fields.
func Placeholders(template string) []string {
	var keys []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(template, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			keys = append(keys, m[1])
		}
	}
	return keys
}

// Fill replaces each placeholder of a template with the form's value and
// splits it into lines. Values print as the form holds them (FormText).
func Fill(template string, form map[string]any) []string {
	filled := placeholder.ReplaceAllStringFunc(template, func(m string) string {
		key := placeholder.FindStringSubmatch(m)[1]
		if v := FormText(form[key]); v != "" {
			return v
		}
		return Unfilled
	})
	filled = strings.ReplaceAll(filled, "\r\n", "\n")
	return strings.Split(strings.TrimRight(filled, "\n"), "\n")
}

// FormText is a form value as the applicant entered it: text and dates as
// they are, numbers in plain decimal (50, 12.5, never 1e+06), choices
// joined with 、, yes/no as 是/否, nothing as "".
func FormText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		// A value is printed inside its line: a pasted line break would
		// otherwise start a line the template did not have.
		return strings.TrimSpace(lineBreaks.Replace(x))
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "是"
		}
		return "否"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = FormText(e)
		}
		return strings.Join(parts, "、")
	case []string:
		return strings.Join(x, "、")
	}
	return fmt.Sprint(v)
}
