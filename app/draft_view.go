package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"haoban"
	"haoban/rules"
)

// DraftSection is one item's part of the long form, an entry of its task
// list: the fields the item brings first, with the pre-review beside them.
type DraftSection struct {
	Anchor         string // the section's element ID
	Name           string // the item's name
	DepartmentName string
	Optional       bool
	Fields         []DraftField
	// Problems are the item's failed review points that name no field.
	Problems []string
	Filled   int
	Required int // required fields still to fill
}

// Done reports whether every required field of the section is filled and
// nothing in it is wrong.
func (s DraftSection) Done() bool {
	if s.Required > 0 || len(s.Problems) > 0 {
		return false
	}
	for _, f := range s.Fields {
		if len(f.Problems) > 0 {
			return false
		}
	}
	return true
}

// DraftField is one field as the form shows it.
type DraftField struct {
	haoban.Field
	Value any
	// SourceName and AsOf say where a prefilled value still kept came from.
	SourceName string
	AsOf       time.Time
	// Problems are what the pre-review and the submission say is wrong.
	Problems []string
}

// Filled reports whether the field has a value.
func (f DraftField) Filled() bool { return f.Value != nil && f.Value != "" }

// DraftMaterial is one material of the one set, with its upload.
type DraftMaterial struct {
	haoban.Material
	Uploaded *haoban.CaseMaterial
	SizeText string // the upload's size, as "120 KB"
	// Exempt says why no upload is needed (免于提交), "" when one is.
	Exempt string
	// Accept is the types and size the upload takes, for people to read.
	Accept   string
	Problems []string
}

// lay arranges a draft's page: sections by item, materials, and each
// finding of the pre-review beside the field or material it concerns.
func (s *Drafts) lay(ctx context.Context, r Request, p *DraftPage) error {
	sources, err := sourceNames(ctx, s.Store)
	if err != nil {
		return err
	}
	where := p.Report.Concerns
	// "form.<key>" / "materials.<code>" → messages. What is still missing
	// is counted in the task list, and marked at its field only once a
	// submission is refused (Mark): an empty new form is not an error.
	found := map[string][]string{}
	unplaced := map[string][]string{}
	for _, res := range p.Report.Results {
		if res.Outcome != rules.OutcomeFailed {
			continue
		}
		msg := res.Message
		if res.Hint != "" {
			msg += "：" + res.Hint
		}
		if len(where[res.Rule]) == 0 {
			unplaced[res.Item] = append(unplaced[res.Item], msg)
		}
		for _, k := range where[res.Rule] {
			if !slices.Contains(found[k], msg) {
				found[k] = append(found[k], msg)
			}
		}
	}
	placed := map[string]bool{}
	for i, it := range p.Bundle.Items {
		sec := DraftSection{Anchor: fmt.Sprintf("sec-%d", i+1), Name: it.Name, Optional: it.Optional, Problems: unplaced[it.Code]}
		if dept, err := s.Store.FindDepartment(ctx, it.Department); err == nil {
			sec.DepartmentName = dept.Name
		} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return err
		}
		for _, f := range it.Fields {
			if placed[f.Key] {
				continue
			}
			placed[f.Key] = true
			df := DraftField{Field: f, Value: p.Draft.Form[f.Key], Problems: found["form."+f.Key]}
			if pf, ok := p.Provenance[f.Key]; ok && pf.Source != "" {
				df.SourceName, df.AsOf = sources[pf.Source], pf.AsOf
			}
			if df.Filled() {
				sec.Filled++
			} else if f.Required {
				sec.Required++
			}
			sec.Fields = append(sec.Fields, df)
		}
		p.Sections = append(p.Sections, sec)
	}
	held, err := s.Reviewer.Licences(ctx, r.User)
	if err != nil {
		return err
	}
	for _, m := range p.Bundle.Materials() {
		dm := DraftMaterial{Material: m, Accept: acceptText(m), Problems: found["materials."+m.Code]}
		for i := range p.Draft.Materials {
			if p.Draft.Materials[i].Code == m.Code {
				dm.Uploaded = &p.Draft.Materials[i] // the newest upload of the code
				dm.SizeText = sizeText(dm.Uploaded.Size)
			}
		}
		if slices.Contains(p.Report.Exempted, m.Code) {
			dm.Exempt = exemptReason(p.Bundle, m, held, now(s.Time))
		}
		p.Materials = append(p.Materials, dm)
	}
	return nil
}

// sourceNames name the data sources (数源目录), which are data.
func sourceNames(ctx context.Context, store interface {
	ListSources(ctx context.Context) ([]haoban.SourceInfo, error)
}) (map[string]string, error) {
	list, err := store.ListSources(ctx)
	names := map[string]string{}
	for _, s := range list {
		names[s.Code] = s.Name
	}
	return names, err
}

// acceptText is what an upload takes, as "PDF、JPG、PNG，不超过 10 MB".
func acceptText(m haoban.Material) string {
	var kinds []string
	for _, t := range acceptedTypes(m) {
		_, sub, _ := strings.Cut(t, "/")
		kinds = append(kinds, strings.ToUpper(strings.TrimPrefix(sub, "x-")))
	}
	return fmt.Sprintf("%s，不超过 %d MB", strings.ReplaceAll(strings.Join(kinds, "、"), "JPEG", "JPG"), m.Limit()>>20)
}

// exemptReason names the e-licence that stands for a material.
func exemptReason(b haoban.Bundle, m haoban.Material, held []haoban.Licence, day time.Time) string {
	name := "电子证照"
	for _, it := range b.Items {
		if it.Licence == m.Licence && it.LicenceName != "" {
			name = "电子证照「" + it.LicenceName + "」"
		}
	}
	for _, l := range held {
		if l.Type != m.Licence || !l.ValidOn(day) {
			continue
		}
		until := "长期有效"
		if l.ValidTo != nil {
			until = "有效期至 " + l.ValidTo.In(haoban.Beijing).Format("2006年1月2日")
		}
		return fmt.Sprintf("您持有有效的%s（编号 %s，%s），系统直接调取，免于提交", name, l.Number, until)
	}
	return "已有有效的" + name + "，免于提交"
}

// Mark puts the problems a submission or an upload was refused for beside
// their fields and materials ("form.<key>", "materials.<code>").
func (p *DraftPage) Mark(details []haoban.ErrorDetail) {
	for _, d := range details {
		for i := range p.Sections {
			for j := range p.Sections[i].Fields {
				f := &p.Sections[i].Fields[j]
				if "form."+f.Key == d.Field && !slices.Contains(f.Problems, d.Message) {
					f.Problems = append(f.Problems, d.Message)
				}
			}
		}
		for i := range p.Materials {
			m := &p.Materials[i]
			if "materials."+m.Code == d.Field && !slices.Contains(m.Problems, d.Message) {
				m.Problems = append(m.Problems, d.Message)
			}
		}
	}
}

// sizeText is a file's size as people read it.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// DepartmentNames name the departments of the bundles' items.
func (s *Drafts) DepartmentNames(ctx context.Context, bundles []haoban.Bundle) (map[string]string, error) {
	names := map[string]string{}
	for _, b := range bundles {
		for _, it := range b.Items {
			if _, ok := names[it.Department]; ok {
				continue
			}
			d, err := s.Store.FindDepartment(ctx, it.Department)
			if err != nil {
				return nil, err
			}
			names[it.Department] = d.Name
		}
	}
	return names, nil
}
