package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"haoban"
)

// catalogueCodes are the codes and keys in use anywhere in the catalogue
// (drafts too), from which the editor draws new ones: people name things,
// the system codes them.
type catalogueCodes struct {
	used   map[string]bool // bundle, item and material codes and field keys
	fields []KnownField
}

// KnownField is a field some bundle already asks for. New items pick
// fields from these by label, so that one key keeps one meaning: the
// registries prefill it and the one form asks for it once.
type KnownField struct {
	haoban.Field
	// Name is the label as the picker shows it: with the bundle's name
	// beside it where two keys share a label.
	Name string
}

func (s *CatalogueEditor) codes(ctx context.Context) (catalogueCodes, error) {
	vs, err := s.Store.ListCatalogueVersions(ctx)
	if err != nil {
		return catalogueCodes{}, err
	}
	c := catalogueCodes{used: map[string]bool{"new": true}} // /admin/catalogue/new is a page
	seen := map[string]bool{}
	// Published versions first, so a field reads as the catalogue in force has it.
	slices.SortStableFunc(vs, func(a, b haoban.CatalogueVersion) int {
		return cmp.Compare(draftRank(a), draftRank(b))
	})
	labels := map[string]int{}
	where := map[string]string{}
	for _, v := range vs {
		c.used[v.Bundle] = true
		for _, it := range v.Body.Items {
			c.used[it.Code] = true
			for _, m := range it.Materials {
				c.used[m.Code] = true
			}
			for _, f := range it.Fields {
				c.used[f.Key] = true
				if !seen[f.Key] && f.Label != "" {
					seen[f.Key] = true
					labels[f.Label]++
					where[f.Key] = v.Body.Name
					c.fields = append(c.fields, KnownField{Field: f, Name: f.Label})
				}
			}
		}
	}
	for i, f := range c.fields {
		if labels[f.Label] > 1 {
			c.fields[i].Name = fmt.Sprintf("%s（%s）", f.Label, where[f.Key])
		}
	}
	slices.SortFunc(c.fields, func(a, b KnownField) int { return cmp.Compare(a.Name, b.Name) })
	return c, nil
}

func draftRank(v haoban.CatalogueVersion) int {
	if v.State == haoban.VersionDraft {
		return 1
	}
	return 0
}

// field is a known field by key.
func (c catalogueCodes) field(key string) (haoban.Field, bool) {
	for _, f := range c.fields {
		if f.Key == key {
			return f.Field, true
		}
	}
	return haoban.Field{}, false
}

// next draws the first unused code of the form prefix + n, and marks it used.
func (c catalogueCodes) next(prefix string) string {
	for n := 1; ; n++ {
		code := fmt.Sprintf("%s%d", prefix, n)
		if !c.used[code] {
			c.used[code] = true
			return code
		}
	}
}

// newBundle is a new bundle's code: the slug the admin gave, or bundle-<n>.
func (c catalogueCodes) newBundle(slug string) (string, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if slug == "" {
		return c.next("bundle-"), nil
	}
	if !codePattern.MatchString(slug) {
		return "", haoban.FieldErrorf(haoban.EINVALID, "slug", "网址简称只能用小写字母、数字和连字符，2 到 40 个字符；也可以不填，由系统生成")
	}
	if c.used[slug] {
		return "", haoban.FieldErrorf(haoban.EINVALID, "slug", "网址简称「%s」已被使用，请换一个，或不填由系统生成", slug)
	}
	c.used[slug] = true
	return slug, nil
}

// newItem is a new item's code, <bundle>-<n>; newMaterial m-<n>; newField
// custom.f<n> (a field key: letters, digits and dots, as the rules read it).
func (c catalogueCodes) newItem(bundle string) string { return c.next(bundle + "-") }
func (c catalogueCodes) newMaterial() string          { return c.next("m-") }
func (c catalogueCodes) newField() string             { return c.next("custom.f") }
