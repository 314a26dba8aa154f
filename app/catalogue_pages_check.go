package app

import (
	"context"
	"regexp"
	"strconv"

	"haoban"
)

// EditorProblem is one thing publishing would refuse, and where in the
// editor to fix it: an item's page (Item, its code) or the bundle's
// (Item ""), at the input Anchor (its element ID, "" for none).
type EditorProblem struct {
	Item    string
	Anchor  string
	Message string
}

// problems lists what publishing the bundle as it stands would refuse, so
// that editors fix it before the admin publishes. Who may not check the
// catalogue sees none.
func (s *CatalogueEditor) problems(ctx context.Context, r Request, b haoban.Bundle) ([]EditorProblem, error) {
	err := s.Catalogue.Check(ctx, r, b)
	switch haoban.ErrorCode(err) {
	case "", haoban.EFORBIDDEN:
		return nil, nil
	case haoban.EUNPROCESSABLE:
	default:
		return nil, err
	}
	var out []EditorProblem
	for _, d := range haoban.ErrorDetails(err) {
		item, anchor := EditorPlace(b, d.Field)
		out = append(out, EditorProblem{Item: item, Anchor: anchor, Message: d.Message})
	}
	return out, nil
}

// checkPath reads the paths of the catalogue check: items[2].fields[0].pattern.
var checkPath = regexp.MustCompile(`^(?:body\.)?items\[(\d+)\](?:\.(fields|materials)\[(\d+)\])?(?:\.([a-z_]+))?`)

// EditorPlace says where the editor shows the input a path of the
// catalogue check is about: the item's code ("" for the bundle's page) and
// the input's element ID. The editors name their inputs f-<attribute> and
// f-fields-<n>-<attribute>, as the paths index them.
func EditorPlace(b haoban.Bundle, path string) (item, anchor string) {
	m := checkPath.FindStringSubmatch(path)
	if m == nil {
		switch path {
		case "name", "promised_days", "lead", "stage", "for", "summary":
			return "", "f-" + path
		case "items":
			return "", "f-new_item_name"
		}
		return "", ""
	}
	i, _ := strconv.Atoi(m[1])
	if i >= len(b.Items) {
		return "", ""
	}
	code, attr := b.Items[i].Code, m[4]
	switch {
	case m[2] != "":
		switch attr {
		case "key", "code", "":
			attr = map[string]string{"fields": "label", "materials": "name"}[m[2]]
		}
		return code, "f-" + m[2] + "-" + m[3] + "-" + attr
	case attr == "depends_on":
		return "", "f-deps-" + m[1]
	case attr == "code" || attr == "":
		return code, "f-name"
	case attr == "reminders":
		return code, ""
	}
	return code, "f-" + attr
}
