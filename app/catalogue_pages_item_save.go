package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"haoban"
)

// ItemEditForm is the item editor's form as posted.
type ItemEditForm struct {
	Bundle, Item                                                 string
	Name, Department, Type, LegalBasis, Conditions, Fee, Channel string
	Where, PromisedDays, LegalDays, LicenceName                  string
	Instant, Optional                                            bool
	Fields                                                       []FieldForm
	Materials                                                    []MaterialForm
	// NewField picks a known field by key; else NewFieldLabel names a new
	// one of NewFieldType. NewMaterial names a material to add.
	NewField, NewFieldLabel, NewFieldType string
	NewMaterial                           string
	// Remove takes the item out of the bundle.
	Remove bool
}

// FieldForm is one field's row; Key says which field it is.
type FieldForm struct {
	Key, Label, Type, Options, Pattern, Hint, Prefill string
	Required, Remove                                  bool
}

// MaterialForm is one material's row; Code says which material it is.
type MaterialForm struct {
	Code, Name, Provider, Count, Blank, Example, Licence, Registry, Template, Pledge string
	Required, Original, Electronic, Remove                                           bool
}

// SaveItem writes the item editor's form into the bundle's draft, for
// those who may edit the item's department. Fields and materials keep
// what the form does not show (accepted file types, OCR); new ones get
// codes the system draws, and a field picked or named as a known one
// keeps its key. Input it cannot read comes back as EINVALID, every
// problem at once by form field.
func (s *CatalogueEditor) SaveItem(ctx context.Context, r Request, f ItemEditForm) (haoban.CatalogueVersion, error) {
	var v haoban.CatalogueVersion
	b, err := s.Catalogue.draftBase(ctx, f.Bundle)
	if err != nil {
		return v, err
	}
	i := slices.IndexFunc(b.Items, func(it haoban.Item) bool { return it.Code == f.Item })
	if i < 0 {
		return v, haoban.FieldErrorf(haoban.ENOTFOUND, "item", "一件事「%s」中没有这个事项", b.Name)
	}
	if !s.mayEdit(r.User, b.Items[i].Department) {
		names, _ := ReadNames(ctx, s.Store)
		return v, haoban.Errorf(haoban.EFORBIDDEN, "事项「%s」属于%s，只能由该部门的目录编辑或目录管理员修改",
			b.Items[i].Name, names.Department(b.Items[i].Department))
	}
	b.Items = slices.Clone(b.Items)
	if f.Remove {
		b.Items = slices.Delete(b.Items, i, i+1)
		for k := range b.Items {
			b.Items[k].DependsOn = slices.DeleteFunc(slices.Clone(b.Items[k].DependsOn), func(d string) bool { return d == f.Item })
		}
		return s.Catalogue.SaveDraft(ctx, r, b)
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return v, err
	}
	var bad problemList
	it := s.applyItem(r.User, b.Items[i], f, &bad)
	it.Fields = applyFields(it.Fields, f, codes, &bad)
	b.Items[i] = it
	form := append(b.Fields(), knownFields(codes)...)
	it.Materials = applyMaterials(it.Materials, f, b, form, codes, &bad)
	b.Items[i] = it
	if err := bad.err("事项"); err != nil {
		return v, err
	}
	return s.Catalogue.SaveDraft(ctx, r, b)
}

// applyItem puts the item's own fields from the form.
func (s *CatalogueEditor) applyItem(u haoban.User, it haoban.Item, f ItemEditForm, bad *problemList) haoban.Item {
	if name := strings.TrimSpace(f.Name); name != "" {
		it.Name = name
	} else {
		bad.add("name", "请填写事项名称")
	}
	switch {
	case f.Department == "":
		bad.add("department", "请选择所属部门")
	case !s.mayEdit(u, f.Department):
		bad.add("department", "您只能把事项放在本部门")
	default:
		it.Department = f.Department
	}
	if f.Type == "" || known(ItemTypes, f.Type) {
		it.Type = haoban.ItemType(f.Type)
	} else {
		bad.add("type", "事项类型无法识别")
	}
	if f.Channel == "" || known(Channels, f.Channel) {
		it.Channel = haoban.Channel(f.Channel)
	} else {
		bad.add("channel", "办理渠道无法识别")
	}
	it.PromisedDays = bad.days("promised_days", f.PromisedDays, "承诺时限")
	it.LegalDays = bad.days("legal_days", f.LegalDays, "法定时限")
	it.LegalBasis, it.Conditions = lines(f.LegalBasis), lines(f.Conditions)
	it.Fee, it.Where = strings.TrimSpace(f.Fee), strings.TrimSpace(f.Where)
	it.Instant, it.Optional = f.Instant, f.Optional
	it.LicenceName = strings.TrimSpace(f.LicenceName)
	switch {
	case it.LicenceName == "":
		it.Licence = "" // issues none
	case it.Licence == "":
		it.Licence = it.Code // a new licence type, named after the item that issues it
	}
	return it
}

// applyFields updates the item's fields from their rows, in the rows'
// order, and adds the one picked or named.
func applyFields(have []haoban.Field, f ItemEditForm, codes catalogueCodes, bad *problemList) []haoban.Field {
	out := []haoban.Field{}
	for n, row := range f.Fields {
		k := slices.IndexFunc(have, func(g haoban.Field) bool { return g.Key == row.Key })
		if k < 0 || row.Remove {
			continue
		}
		fd := have[k]
		at := fmt.Sprintf("fields.%d.", n)
		if fd.Label = strings.TrimSpace(row.Label); fd.Label == "" {
			bad.add(at+"label", "请填写字段名称")
		}
		if known(FieldTypes, row.Type) {
			fd.Type = haoban.FieldType(row.Type)
		} else {
			bad.add(at+"type", fmt.Sprintf("字段「%s」的类型无法识别", fd.Label))
		}
		fd.Required, fd.Options, fd.Prefill = row.Required, lines(row.Options), row.Prefill
		fd.Pattern, fd.Hint = strings.TrimSpace(row.Pattern), strings.TrimSpace(row.Hint)
		out = append(out, fd)
	}
	has := func(key string) bool {
		return slices.ContainsFunc(out, func(g haoban.Field) bool { return g.Key == key })
	}
	label := strings.TrimSpace(f.NewFieldLabel)
	switch {
	case f.NewField != "":
		if kf, ok := codes.field(f.NewField); !ok {
			bad.add("new_field", "所选字段不在目录中")
		} else if !has(kf.Key) {
			out = append(out, kf)
		}
	case label != "":
		for _, kf := range codes.fields { // a label the catalogue knows keeps its key
			if kf.Label == label && !has(kf.Key) {
				return append(out, kf.Field)
			} else if kf.Label == label {
				bad.add("new_field_label", fmt.Sprintf("本事项已有字段「%s」", label))
				return out
			}
		}
		typ := haoban.FieldText
		if known(FieldTypes, f.NewFieldType) {
			typ = haoban.FieldType(f.NewFieldType)
		}
		out = append(out, haoban.Field{Key: codes.newField(), Label: label, Type: typ})
	}
	return out
}

// applyMaterials updates the item's materials from their rows and adds
// the one named: a material of that name elsewhere in the bundle is the
// same material (一套材料), else a new one the applicant uploads.
func applyMaterials(have []haoban.Material, f ItemEditForm, b haoban.Bundle, form []haoban.Field, codes catalogueCodes, bad *problemList) []haoban.Material {
	out := []haoban.Material{}
	for n, row := range f.Materials {
		k := slices.IndexFunc(have, func(m haoban.Material) bool { return m.Code == row.Code })
		if k < 0 || row.Remove {
			continue
		}
		m := have[k]
		at := fmt.Sprintf("materials.%d.", n)
		if m.Name = strings.TrimSpace(row.Name); m.Name == "" {
			bad.add(at+"name", "请填写材料名称")
		}
		if known(Providers, row.Provider) {
			m.Provider = haoban.MaterialProvider(row.Provider)
		} else {
			bad.add(at+"provider", fmt.Sprintf("材料「%s」的提供方无法识别", m.Name))
		}
		m.Count = 0
		if c := strings.TrimSpace(row.Count); c != "" {
			if n, err := strconv.Atoi(c); err != nil || n < 1 {
				bad.add(at+"count", fmt.Sprintf("材料「%s」的份数请填写不少于 1 的整数", m.Name))
			} else if n > 1 {
				m.Count = n
			}
		}
		m.Required, m.Original, m.Electronic = row.Required, row.Original, row.Electronic
		m.Blank, m.Example = strings.TrimSpace(row.Blank), strings.TrimSpace(row.Example)
		m.Licence, m.Registry, m.Pledge = row.Licence, row.Registry, strings.TrimSpace(row.Pledge)
		tpl, err := TemplateFromPeople(strings.TrimSpace(row.Template), form, at+"template")
		if err != nil {
			bad.add(at+"template", haoban.ErrorMessage(err))
		}
		m.Template = tpl
		out = append(out, m)
	}
	name := strings.TrimSpace(f.NewMaterial)
	if name == "" {
		return out
	}
	if slices.ContainsFunc(out, func(m haoban.Material) bool { return m.Name == name }) {
		bad.add("new_material", fmt.Sprintf("本事项已有材料「%s」", name))
		return out
	}
	for _, m := range b.Materials() {
		if m.Name == name {
			return append(out, m)
		}
	}
	return append(out, haoban.Material{Code: codes.newMaterial(), Name: name, Required: true,
		Provider: haoban.ProvidedByApplicant, Electronic: true})
}

// lines splits a text area into its non-empty lines.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
