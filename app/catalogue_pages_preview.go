package app

import (
	"context"
	"fmt"
	"strings"

	"haoban"
)

// FormPreview is the applicant's form as one version of a bundle would
// show it: the sections of the one form, empty, and the one set of
// materials with how each is provided.
type FormPreview struct {
	Bundle   haoban.Bundle
	Version  int
	Status   string
	Sections []DraftSection
	// Prefills name the registry expected to fill a field, by key.
	Prefills  map[string]string
	Materials []PreviewMaterial
}

// PreviewMaterial is one material as the applicant would read it.
type PreviewMaterial struct {
	haoban.Material
	// How says how it is provided: uploaded (with the types it takes),
	// fetched by a department, or generated from the form.
	How string
	// Notes say when it is exempt, whether the original is checked, and
	// how many copies.
	Notes []string
	// Text is a generated material's template, fields named by label.
	Text string
}

// Preview lays out the applicant's form for a version of a bundle.
func (s *CatalogueEditor) Preview(ctx context.Context, r Request, bundle string, version int) (FormPreview, error) {
	v, err := s.Catalogue.Version(ctx, r, bundle, version) // authorizes
	if err != nil {
		return FormPreview{}, err
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return FormPreview{}, err
	}
	words, err := s.vocabulary(ctx)
	if err != nil {
		return FormPreview{}, err
	}
	p := FormPreview{Bundle: v.Body, Version: v.Version, Status: v.Status, Prefills: map[string]string{}}
	sources, err := sourceNames(ctx, s.Store)
	if err != nil {
		return p, err
	}
	placed := map[string]bool{}
	for i, it := range v.Body.Items {
		sec := DraftSection{Anchor: fmt.Sprintf("sec-%d", i+1), Name: it.Name, Optional: it.Optional,
			DepartmentName: names.Department(it.Department)}
		for _, f := range it.Fields {
			if placed[f.Key] {
				continue
			}
			placed[f.Key] = true
			if name := sources[f.Prefill]; name != "" {
				p.Prefills[f.Key] = name
			}
			df := DraftField{Field: f}
			if f.Required {
				sec.Required++
			}
			sec.Fields = append(sec.Fields, df)
		}
		p.Sections = append(p.Sections, sec)
	}
	form := v.Body.Fields()
	for _, m := range v.Body.Materials() {
		p.Materials = append(p.Materials, previewMaterial(m, form, words))
	}
	return p, nil
}

func previewMaterial(m haoban.Material, form []haoban.Field, words Vocabulary) PreviewMaterial {
	pm := PreviewMaterial{Material: m}
	switch m.Provider {
	case haoban.ProvidedByDepartment:
		pm.How = "由部门调取，申请人无需提交"
	case haoban.ProvidedGenerated:
		pm.How = "提交时根据表单自动生成，申请人核对确认即可"
		pm.Text = TemplateForPeople(m.Template, form)
	default:
		pm.How = "申请人上传：" + acceptText(m)
	}
	if m.Licence != "" {
		pm.Notes = append(pm.Notes, "持有有效的电子证照「"+nameIn(words.Licences, m.Licence)+"」的，免于提交")
	}
	if m.Registry != "" {
		pm.Notes = append(pm.Notes, "「"+nameIn(words.Sources, m.Registry)+"」中有本人记录的，免于提交")
	}
	var copies []string
	if m.Original {
		copies = append(copies, "窗口核验原件")
	}
	if m.Electronic {
		copies = append(copies, "接受电子件")
	}
	if m.Count > 1 {
		copies = append(copies, fmt.Sprintf("%d 份", m.Count))
	}
	if len(copies) > 0 {
		pm.Notes = append(pm.Notes, strings.Join(copies, "，"))
	}
	if m.Blank != "" {
		pm.Notes = append(pm.Notes, "空白表格："+m.Blank)
	}
	if m.Example != "" {
		pm.Notes = append(pm.Notes, "填写示例："+m.Example)
	}
	return pm
}
