package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"haoban"
)

// ItemEditor is the item editor's page. Who may not edit the item's
// department sees it read-only.
type ItemEditor struct {
	BundleCode, BundleName string
	Item                   haoban.Item
	Editable               bool
	DepartmentName         string
	Draft, InForce         int
	// Departments are those the item may move to, by name.
	Departments []Person
	LegalBasis  string // one per line
	Conditions  string
	// The limits' text as posted when a save was refused, else as stored.
	PromisedDays, LegalDays string
	Fields                  []FieldRow
	Materials               []MaterialRow
	// KnownFields are the catalogue's fields the item does not ask yet.
	KnownFields []KnownField
	// Sources name the registries (数源), for prefill and exemption;
	// Licences the e-licence types the catalogue issues.
	Sources  []Choice
	Licences []Choice
	Problems []EditorProblem
}

// FieldRow is one field of the item, as its row of the form shows it.
type FieldRow struct {
	haoban.Field
	Index       int
	TypeName    string
	OptionsText string // one per line
	PrefillName string
}

// MaterialRow is one material of the item, as its row shows it.
type MaterialRow struct {
	haoban.Material
	Index        int
	ProviderName string
	// TemplateText is the template with the fields named by label.
	TemplateText string
	LicenceName  string
}

// EditItem reads an item of a bundle's draft (else its version in force)
// for the item editor. posted, when a save was refused, is the form as
// sent, shown again over the draft so that nothing typed is lost.
func (s *CatalogueEditor) EditItem(ctx context.Context, r Request, bundle, code string, posted *ItemEditForm) (ItemEditor, error) {
	h, err := s.Catalogue.History(ctx, r, bundle) // authorizes
	if err != nil {
		return ItemEditor{}, err
	}
	b, err := s.Catalogue.draftBase(ctx, bundle)
	if err != nil {
		return ItemEditor{}, err
	}
	it, ok := b.Item(code)
	if !ok {
		return ItemEditor{}, haoban.FieldErrorf(haoban.ENOTFOUND, "item", "一件事「%s」中没有这个事项", b.Name)
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return ItemEditor{}, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return ItemEditor{}, err
	}
	sources, err := s.sources(ctx)
	if err != nil {
		return ItemEditor{}, err
	}
	licences, err := s.licences(ctx)
	if err != nil {
		return ItemEditor{}, err
	}
	editable := s.mayEdit(r.User, it.Department)
	days := [2]string{strconv.Itoa(it.PromisedDays), strconv.Itoa(it.LegalDays)}
	if posted != nil && editable {
		var ignored problemList // reported by SaveItem
		it = s.applyItem(r.User, it, *posted, &ignored)
		rows := *posted
		rows.NewField, rows.NewFieldLabel, rows.NewMaterial = "", "", ""
		it.Fields = applyFields(it.Fields, rows, codes, &ignored)
		it.Materials = applyMaterials(it.Materials, rows, b, nil, codes, &ignored)
		days = [2]string{posted.PromisedDays, posted.LegalDays}
	}
	e := ItemEditor{BundleCode: b.Code, BundleName: b.Name, Item: it, Editable: editable,
		DepartmentName: names.Department(it.Department), Draft: h.Draft, InForce: h.InForce, Sources: sources,
		Licences: licences, LegalBasis: strings.Join(it.LegalBasis, "\n"), Conditions: strings.Join(it.Conditions, "\n"),
		PromisedDays: days[0], LegalDays: days[1]}
	for _, d := range names.DepartmentList() {
		if s.mayEdit(r.User, d.ID) {
			e.Departments = append(e.Departments, d)
		}
	}
	form := append(b.Fields(), knownFields(codes)...)
	for i, f := range it.Fields {
		e.Fields = append(e.Fields, FieldRow{Field: f, Index: i, TypeName: choiceName(FieldTypes, string(f.Type), false),
			OptionsText: strings.Join(f.Options, "\n"), PrefillName: nameOr(sources, f.Prefill, "不预填")})
	}
	for i, m := range it.Materials {
		e.Materials = append(e.Materials, MaterialRow{Material: m, Index: i, ProviderName: choiceName(Providers, string(m.Provider), true),
			TemplateText: TemplateForPeople(m.Template, form), LicenceName: nameOr(e.Licences, m.Licence, "无")})
	}
	for _, f := range codes.fields {
		if !slices.ContainsFunc(it.Fields, func(g haoban.Field) bool { return g.Key == f.Key }) {
			e.KnownFields = append(e.KnownFields, f)
		}
	}
	all, err := s.problems(ctx, r, b)
	for _, p := range all {
		if p.Item == code {
			e.Problems = append(e.Problems, p)
		}
	}
	return e, err
}

func knownFields(c catalogueCodes) []haoban.Field {
	out := make([]haoban.Field, len(c.fields))
	for i, f := range c.fields {
		out[i] = f.Field
	}
	return out
}

// sources are the registries by name.
func (s *CatalogueEditor) sources(ctx context.Context) ([]Choice, error) {
	list, err := s.Store.ListSources(ctx)
	out := []Choice{}
	for _, src := range list {
		out = append(out, Choice{Value: src.Code, Name: src.Name})
	}
	return out, err
}

// licences are the e-licence types the catalogue issues, by name.
func (s *CatalogueEditor) licences(ctx context.Context) ([]Choice, error) {
	out := []Choice{}
	vs, err := s.Store.ListCatalogueVersions(ctx)
	for _, v := range vs {
		for _, it := range v.Body.Items {
			if it.Licence != "" && it.LicenceName != "" && !known(out, it.Licence) {
				out = append(out, Choice{Value: it.Licence, Name: it.LicenceName})
			}
		}
	}
	return out, err
}

// nameOr names a value among choices; "" reads none, an unknown value
// "（已设置）" rather than its code.
func nameOr(list []Choice, value, none string) string {
	if value == "" {
		return none
	}
	for _, c := range list {
		if c.Value == value {
			return c.Name
		}
	}
	return "（已设置）"
}
