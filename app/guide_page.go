package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"haoban"
	"haoban/prereview"
)

// GuidePage is the guide of one bundle, or of one of its items: what it
// asks, who decides, how long it takes. Names, never codes, are what the
// page shows; the codes are there for links and API clients.
type GuidePage struct {
	Bundle      haoban.Bundle     `json:"bundle"`
	LeadName    string            `json:"lead_name,omitempty"` // 牵头部门
	Departments []GuideDepartment `json:"departments"`
	Items       []GuideItem       `json:"items"`
	// Materials are the bundle's one set, each asked once.
	Materials []GuideMaterial `json:"materials"`
	// Item is the item the page is about; nil for the whole bundle.
	Item *GuideItem `json:"item,omitempty"`
	// Personal: the materials say whether the signed-in applicant is exempt.
	Personal bool `json:"personal"`
}

// GuideDepartment is a department of the bundle and the items it decides.
type GuideDepartment struct {
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Lead  bool     `json:"lead"`
	Items []string `json:"items"` // the items' names
}

// GuideItem is one item of the bundle as the guide shows it.
type GuideItem struct {
	haoban.Item
	DepartmentName string `json:"department_name"`
	// After names the items that must be approved first.
	After     []string        `json:"after,omitempty"`
	Materials []GuideMaterial `json:"materials"`
}

// GuideMaterial is a material with who provides it and, for a signed-in
// applicant, whether they need submit it.
type GuideMaterial struct {
	haoban.Material
	// Items name the items that ask for it (the bundle's set only).
	Items []string `json:"items,omitempty"`
	// Form is 原件 or 复印件 and the number of copies, Electronic in words.
	Form           string `json:"form"`
	ElectronicText string `json:"electronic_text"`
	// Supply says who provides it: the applicant, the department (调取)
	// or the system from the form; FromApplicant when the applicant does.
	Supply        string `json:"supply"`
	FromApplicant bool   `json:"from_applicant"`
	// ExemptWhen says who need not submit it: the holders of a licence,
	// those a registry knows. Exempt says why the signed-in applicant
	// need not (免于提交).
	ExemptWhen string `json:"exempt_when,omitempty"`
	Exempt     string `json:"exempt,omitempty"`
	// YouSubmit: the signed-in applicant must submit it themselves.
	YouSubmit bool `json:"you_submit,omitempty"`
	// BlankURL and ExampleURL are Blank and Example when they are a link
	// on this site rather than a description.
	BlankURL   string `json:"blank_url,omitempty"`
	ExampleURL string `json:"example_url,omitempty"`
}

// Page is the guide of a bundle in force, or of one of its items when
// item is not "". Signed in as an applicant, each material the
// applicant provides says whether a licence they hold or a registry's
// record about them stands for it.
func (s *Guide) Page(ctx context.Context, r Request, bundle, item string) (GuidePage, error) {
	b, err := s.Store.FindBundle(ctx, bundle)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return GuidePage{}, haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "办事指南中没有这个一件事")
	} else if err != nil {
		return GuidePage{}, err
	}
	// Only an applicant applies: staff reading the guide see it as the public does.
	p := GuidePage{Bundle: b, Personal: r.User.HasRole(haoban.RoleApplicant)}
	exempt := map[string]string{}
	if p.Personal {
		if exempt, err = s.exemptions(ctx, r.User, b); err != nil {
			return GuidePage{}, err
		}
	}
	if err != nil {
		return GuidePage{}, err
	}
	when, err := s.exemptWhen(ctx, b)
	if err != nil {
		return GuidePage{}, err
	}
	names := map[string]string{}
	for _, code := range b.Departments() {
		d, err := s.Store.FindDepartment(ctx, code)
		if err != nil {
			return GuidePage{}, fmt.Errorf("department of the guide: %w", err)
		}
		names[code] = d.Name
		p.Departments = append(p.Departments, GuideDepartment{Code: code, Name: d.Name, Lead: code == b.Lead})
	}
	p.LeadName = names[b.Lead]
	for _, it := range b.Items {
		gi := GuideItem{Item: it, DepartmentName: names[it.Department]}
		for _, d := range it.DependsOn {
			if dep, ok := b.Item(d); ok {
				gi.After = append(gi.After, dep.Name)
			}
		}
		for _, m := range it.Materials {
			gi.Materials = append(gi.Materials, guideMaterial(m, when[m.Code], exempt[m.Code], p.Personal))
		}
		for i := range p.Departments {
			if p.Departments[i].Code == it.Department {
				p.Departments[i].Items = append(p.Departments[i].Items, it.Name)
			}
		}
		p.Items = append(p.Items, gi)
		if it.Code == item {
			p.Item = &p.Items[len(p.Items)-1]
		}
	}
	for _, m := range b.Materials() {
		gm := guideMaterial(m, when[m.Code], exempt[m.Code], p.Personal)
		for _, it := range b.Items {
			if slices.ContainsFunc(it.Materials, func(x haoban.Material) bool { return x.Code == m.Code }) {
				gm.Items = append(gm.Items, it.Name)
			}
		}
		p.Materials = append(p.Materials, gm)
	}
	if item != "" && p.Item == nil {
		return GuidePage{}, haoban.FieldErrorf(haoban.ENOTFOUND, "item", "「%s」中没有这个事项", b.Name)
	}
	return p, nil
}

// guideMaterial says in words how a material is provided.
func guideMaterial(m haoban.Material, when, exempt string, personal bool) GuideMaterial {
	gm := GuideMaterial{Material: m, Form: fmt.Sprintf("复印件 %d 份", max(m.Count, 1)), ElectronicText: "须提交纸质材料",
		Supply: "申请人提交", FromApplicant: true, ExemptWhen: when, Exempt: exempt, BlankURL: localLink(m.Blank), ExampleURL: localLink(m.Example)}
	if m.Original {
		gm.Form = fmt.Sprintf("原件 %d 份", max(m.Count, 1))
	}
	if m.Electronic {
		gm.ElectronicText = "接受电子材料，可在网上提交"
	}
	switch m.Provider {
	case haoban.ProvidedByDepartment:
		gm.Supply, gm.FromApplicant, gm.ExemptWhen, gm.Exempt = "由办理部门调取，无需提交", false, "", ""
	case haoban.ProvidedGenerated:
		gm.Supply, gm.FromApplicant, gm.ExemptWhen, gm.Exempt = "系统自动生成：提交时根据申请表填写，无需上传", false, "", ""
	}
	gm.YouSubmit = personal && gm.FromApplicant && gm.Exempt == ""
	return gm
}

// localLink is a path on this site, or "": a blank form or an example may
// be a link or a few words, and only our own pages are linked.
func localLink(s string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.ContainsAny(s, " \\\t\n") {
		return s
	}
	return ""
}

// exemptWhen says, by material code, who need not submit it: the holders
// of the e-licence that stands for it, or those its registry knows.
func (s *Guide) exemptWhen(ctx context.Context, b haoban.Bundle) (map[string]string, error) {
	out := map[string]string{}
	var sources map[string]string
	for _, m := range b.Materials() {
		switch {
		case m.Licence != "":
			name := "相应电子证照"
			for _, it := range b.Items {
				if it.Licence == m.Licence && it.LicenceName != "" {
					name = "电子证照「" + it.LicenceName + "」"
				}
			}
			out[m.Code] = "持有有效的" + name + "的，系统直接调取，免于提交"
		case m.Registry != "":
			if sources == nil {
				var err error
				if sources, err = sourceNames(ctx, s.Store); err != nil {
					return nil, err
				}
			}
			out[m.Code] = fmt.Sprintf("「%s」中有申请人记录的，系统直接核验，免于提交", cmp.Or(sources[m.Registry], "相关登记信息"))
		}
	}
	return out, nil
}

// exemptions say, by material code, why the user need not submit it: an
// e-licence they hold or a registry that holds a record about them, as the
// submission decides it (Reviewer.Exemptions).
func (s *Guide) exemptions(ctx context.Context, user haoban.User, b haoban.Bundle) (map[string]string, error) {
	out := map[string]string{}
	day := now(s.Time)
	codes, err := s.Reviewer.Exemptions(ctx, user, b, day)
	if err != nil || len(codes) == 0 {
		return out, err
	}
	held, err := s.Reviewer.Licences(ctx, user)
	if err != nil {
		return nil, err
	}
	licensed := prereview.Exempted(b, held, nil, day)
	var names map[string]string
	for _, code := range codes {
		m, _ := b.Material(code)
		if slices.Contains(licensed, code) {
			out[code] = exemptReason(b, m, held, day)
			continue
		}
		if names == nil {
			if names, err = sourceNames(ctx, s.Store); err != nil {
				return nil, err
			}
		}
		out[code] = fmt.Sprintf("「%s」中已有您的记录，系统直接核验，免于提交", cmp.Or(names[m.Registry], "登记信息"))
	}
	return out, nil
}
