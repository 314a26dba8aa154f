package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"haoban"
)

// BundleEditor is the bundle editor's page: the bundle as its open draft
// has it (else the version in force, else new), with what the user may
// change.
type BundleEditor struct {
	Bundle  haoban.Bundle
	New     bool
	Draft   int // the open draft's number, 0: none
	InForce int
	// CanEditBundle: the user may change the bundle itself (name, limit,
	// lead…); otherwise only their department's items.
	CanEditBundle bool
	// The form's text as posted when it could not be saved, else as stored.
	PromisedDays, Slug, NewItemName string
	Items                           []BundleItemRow
	// Departments are every department, by name, for the lead;
	// ItemDepartments those the user may put a new item in.
	Departments, ItemDepartments []Person
	// Stages are the stages other bundles are filed under, to pick from.
	Stages []string
	// Problems are what publishing would refuse now, each where to fix it.
	Problems []EditorProblem
}

// BundleItemRow is one item in the bundle editor.
type BundleItemRow struct {
	Index          int
	Code, Name     string
	DepartmentName string
	PromisedDays   int
	Optional       bool
	Editable       bool
	// Deps are the other items, each checked when this one waits for it.
	Deps []DepOption
}

// DepOption is an item another may depend on.
type DepOption struct {
	Code, Name string
	Checked    bool
}

// EditBundle reads a bundle for its editor; "" starts a new one, which
// only the catalogue admin may. posted, when a save was refused, is the
// form as sent, shown again over the draft so nothing typed is lost.
func (s *CatalogueEditor) EditBundle(ctx context.Context, r Request, code string, posted *BundleEditForm) (BundleEditor, error) {
	if !can(s.Authz, r.User, r.User.Department, "catalogue", "read") {
		return BundleEditor{}, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员和部门目录编辑可以编辑目录")
	}
	e := BundleEditor{New: code == "", CanEditBundle: s.mayEditBundle(r.User)}
	if e.New && !e.CanEditBundle {
		return e, haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以新建一件事")
	}
	if !e.New {
		h, err := s.Catalogue.History(ctx, r, code)
		if err != nil {
			return e, err
		}
		e.Draft, e.InForce = h.Draft, h.InForce
		if e.Bundle, err = s.Catalogue.draftBase(ctx, code); err != nil {
			return e, err
		}
	}
	if e.Bundle.PromisedDays > 0 {
		e.PromisedDays = strconv.Itoa(e.Bundle.PromisedDays)
	}
	if posted != nil {
		var ignored problemList // reported by SaveBundle
		if e.CanEditBundle {
			s.applyBundleFields(&e.Bundle, *posted, &ignored)
		}
		s.applyDeps(r.User, &e.Bundle, posted.DependsOn)
		e.PromisedDays, e.Slug, e.NewItemName = posted.PromisedDays, posted.Slug, posted.NewItemName
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return e, err
	}
	e.Departments = names.DepartmentList()
	for _, d := range e.Departments {
		if s.mayEdit(r.User, d.ID) {
			e.ItemDepartments = append(e.ItemDepartments, d)
		}
	}
	for i, it := range e.Bundle.Items {
		row := BundleItemRow{Index: i, Code: it.Code, Name: it.Name, DepartmentName: names.Department(it.Department),
			PromisedDays: it.PromisedDays, Optional: it.Optional, Editable: s.mayEdit(r.User, it.Department)}
		for _, other := range e.Bundle.Items {
			if other.Code != it.Code {
				row.Deps = append(row.Deps, DepOption{Code: other.Code, Name: other.Name, Checked: slices.Contains(it.DependsOn, other.Code)})
			}
		}
		e.Items = append(e.Items, row)
	}
	if e.Stages, err = s.stages(ctx); err != nil {
		return e, err
	}
	if !e.New {
		e.Problems, err = s.problems(ctx, r, e.Bundle)
	}
	return e, err
}

func (s *CatalogueEditor) stages(ctx context.Context) ([]string, error) {
	vs, err := s.Store.ListCatalogueVersions(ctx)
	var out []string
	for _, v := range vs {
		if st := v.Body.Stage; st != "" && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	slices.Sort(out)
	return out, err
}

// BundleEditForm is the bundle editor's form as posted.
type BundleEditForm struct {
	Code                                          string // "" : a new bundle
	Slug                                          string // a new bundle's code, "" for the system to draw one
	Name, PromisedDays, Lead, Stage, For, Summary string
	// DependsOn is, for each item on the form, the items it waits for.
	DependsOn map[string][]string
	// NewItem, when named, adds an item of the department.
	NewItemName, NewItemDepartment string
}

// SaveBundle writes the bundle editor's form into the bundle's draft. The
// bundle's own fields change only for the catalogue admin, and an item's
// dependencies only for those who may edit the item. It answers the
// draft, and the code of the item it added ("" none). Input it cannot read
// comes back as EINVALID, every problem at once by form field; problems a
// draft may keep until publishing are listed on the page instead.
func (s *CatalogueEditor) SaveBundle(ctx context.Context, r Request, f BundleEditForm) (haoban.CatalogueVersion, string, error) {
	var v haoban.CatalogueVersion
	codes, err := s.codes(ctx)
	if err != nil {
		return v, "", err
	}
	b := haoban.Bundle{}
	var bad problemList
	if f.Code == "" {
		if !s.mayEditBundle(r.User) {
			return v, "", haoban.Errorf(haoban.EFORBIDDEN, "只有目录管理员可以新建一件事")
		}
		if b.Code, err = codes.newBundle(f.Slug); err != nil {
			bad.add("slug", haoban.ErrorMessage(err))
		}
	} else if b, err = s.Catalogue.draftBase(ctx, f.Code); err != nil {
		return v, "", err
	} else if b.Code == "" {
		return v, "", haoban.FieldErrorf(haoban.ENOTFOUND, "bundle", "没有这个一件事")
	}
	if s.mayEditBundle(r.User) {
		s.applyBundleFields(&b, f, &bad)
	}
	s.applyDeps(r.User, &b, f.DependsOn)
	added := ""
	if name := strings.TrimSpace(f.NewItemName); name != "" {
		switch {
		case f.NewItemDepartment == "":
			bad.add("new_item_department", "请选择新事项的所属部门")
		case !s.mayEdit(r.User, f.NewItemDepartment):
			bad.add("new_item_department", "您只能为本部门添加事项")
		default:
			added = codes.newItem(b.Code)
			// A new item starts inside the statutory 20 working days of the
			// licensing law; the editor sets the real limits next.
			b.Items = append(b.Items, haoban.Item{Code: added, Name: name, Department: f.NewItemDepartment,
				PromisedDays: 1, LegalDays: 20, DependsOn: []string{}})
		}
	}
	if err := bad.err("一件事"); err != nil {
		return v, "", err
	}
	v, err = s.Catalogue.SaveDraft(ctx, r, b)
	return v, added, err
}

// applyBundleFields puts the bundle's own fields from the form.
func (s *CatalogueEditor) applyBundleFields(b *haoban.Bundle, f BundleEditForm, bad *problemList) {
	if name := strings.TrimSpace(f.Name); name != "" {
		b.Name = name
	} else {
		bad.add("name", "请填写一件事的名称")
	}
	b.PromisedDays = bad.days("promised_days", f.PromisedDays, "一件事的承诺时限")
	b.Lead, b.Stage, b.Summary = f.Lead, strings.TrimSpace(f.Stage), strings.TrimSpace(f.Summary)
	switch haoban.Audience(f.For) {
	case "", haoban.ForPersons, haoban.ForEnterprises:
		b.For = haoban.Audience(f.For)
	default:
		bad.add("for", "服务对象只能是个人或企业")
	}
}

// applyDeps puts the dependencies of the items on the form that the user
// may edit, in item order; codes of no item of the bundle are dropped.
func (s *CatalogueEditor) applyDeps(u haoban.User, b *haoban.Bundle, dependsOn map[string][]string) {
	b.Items = slices.Clone(b.Items)
	for i, it := range b.Items {
		deps, ok := dependsOn[it.Code]
		if !ok || !s.mayEdit(u, it.Department) {
			continue
		}
		var keep []string
		for _, other := range b.Items {
			if other.Code != it.Code && slices.Contains(deps, other.Code) {
				keep = append(keep, other.Code)
			}
		}
		b.Items[i].DependsOn = keep
	}
}

// problemList collects the problems of one form, by form field.
type problemList []haoban.ErrorDetail

func (p *problemList) add(field, msg string) {
	*p = append(*p, haoban.ErrorDetail{Field: field, Message: msg})
}

// days reads a number of working days, at least 1.
func (p *problemList) days(field, text, what string) int {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 {
		p.add(field, what+"请填写不少于 1 的整数个工作日")
		return 0
	}
	return n
}

// err is the problems as one error, nil without any.
func (p problemList) err(what string) error {
	if len(p) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EINVALID, Field: p[0].Field,
		Message: "有 " + strconv.Itoa(len(p)) + " 处填写有误，" + what + "尚未保存", Details: p}
}
