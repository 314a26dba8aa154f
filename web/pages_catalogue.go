package web

import (
	"errors"
	"html/template"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// cataloguePage is what the catalogue's editor pages show: the list of
// bundles, a bundle's or an item's editor, the version history, a
// comparison and the applicant's form previewed.
type cataloguePage struct {
	Index   *app.CatalogueIndex
	Bundle  *app.BundleEditor
	Item    *app.ItemEditor
	History *app.HistoryPage
	Compare *app.ComparePage
	Preview *app.FormPreview
	// DAG is the bundle's items drawn as steps (dag.go).
	DAG template.HTML
	// Problems are what publishing would refuse, each linking to where
	// it is fixed.
	Problems []summaryEntry
	// Bad maps an input's ID to its message, for aria-invalid at the
	// input; Summary lists them, each linking to its input.
	Bad     map[string]string
	Summary []summaryEntry
	// Saved confirms what was just done.
	Saved string
	// Now is the publish form's default effective time (datetime-local).
	Now string
	// The choices of the editors' selects, by name.
	ItemTypes, Channels, Audiences, FieldTypes, Providers []app.Choice
}

func newCataloguePage() *cataloguePage {
	return &cataloguePage{ItemTypes: app.ItemTypes, Channels: app.Channels, Audiences: app.Audiences,
		FieldTypes: app.FieldTypes, Providers: app.Providers}
}

// refused puts a refused save's problems on the page, each linking to
// its input (f-<field> with dots as dashes); it answers false for an
// error that is no refusal of the form, which the error page shows.
func (cp *cataloguePage) refused(c *fiber.Ctx, err error) bool {
	var e *haoban.Error
	if !errors.As(err, &e) || e.Code == haoban.EINTERNAL || e.Code == haoban.ENOTFOUND {
		return false
	}
	c.Status(httpx.Status(e.Code))
	details := e.Details
	if len(details) == 0 {
		details = []haoban.ErrorDetail{{Field: e.Field, Message: e.Message}}
	}
	cp.Bad = map[string]string{}
	for _, d := range details {
		id := inputID(d.Field)
		cp.Summary = append(cp.Summary, summaryEntry{Anchor: anchorFor(id), Message: d.Message})
		if id != "" {
			cp.Bad[id] = d.Message
		}
	}
	return true
}

// inputID is the element ID of the input a form field names: fields.0.label
// is f-fields-0-label. Paths into the stored bundle (body.items[…]) have none.
func inputID(field string) string {
	field = strings.TrimPrefix(field, "body.")
	if field == "" || strings.ContainsAny(field, "[]") {
		return ""
	}
	return "f-" + strings.ReplaceAll(field, ".", "-")
}

func anchorFor(id string) string {
	if id == "" {
		return ""
	}
	return "#" + id
}

// problemLinks link each problem publishing would refuse to its input,
// on the bundle's page or its item's.
func problemLinks(bundle string, problems []app.EditorProblem) []summaryEntry {
	var out []summaryEntry
	for _, p := range problems {
		href := "/admin/catalogue/" + bundle
		if p.Item != "" {
			href += "/items/" + p.Item
		}
		out = append(out, summaryEntry{Anchor: href + anchorFor(p.Anchor), Message: p.Message})
	}
	return out
}

// cataloguePage lists every bundle with where its versions stand.
func (p *Pages) catalogueIndexPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	idx, err := p.App.CatalogueEditor.Index(ctx, request(ctx))
	if err != nil {
		return err
	}
	cp := newCataloguePage()
	cp.Index = &idx
	return p.render(c, "catalogue", pageData{Title: "目录管理", Catalogue: cp})
}

// bundleEditorPage shows a bundle's editor; /admin/catalogue/new a new one.
func (p *Pages) bundleEditorPage(c *fiber.Ctx) error {
	cp := newCataloguePage()
	if c.Query("saved") != "" {
		cp.Saved = "已保存为草稿。目录管理员发布后生效。"
	}
	return p.showBundleEditor(c, strings.Clone(c.Params("bundle")), cp, nil)
}

func (p *Pages) showBundleEditor(c *fiber.Ctx, code string, cp *cataloguePage, posted *app.BundleEditForm) error {
	ctx := c.UserContext()
	e, err := p.App.CatalogueEditor.EditBundle(ctx, request(ctx), code, posted)
	if err != nil {
		return err
	}
	cp.Bundle, cp.DAG, cp.Problems = &e, DAG(e.Bundle, ""), problemLinks(code, e.Problems)
	title := "新建一件事"
	if !e.New {
		title = "编辑一件事：" + e.Bundle.Name
	}
	return p.render(c, "catalogue_bundle", pageData{Title: title, Catalogue: cp})
}

// saveBundleForm saves the bundle editor's form as the bundle's draft
// through the same use case as PUT /api/v1/admin/catalogue/{bundle}/draft,
// then shows the item just added, or the bundle again.
func (p *Pages) saveBundleForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	code := strings.Clone(c.Params("bundle"))
	f := app.BundleEditForm{Code: code, Slug: formText(c, "slug"), Name: formText(c, "name"),
		PromisedDays: formText(c, "promised_days"), Lead: formText(c, "lead"), Stage: formText(c, "stage"),
		For: formText(c, "for"), Summary: formText(c, "summary"), NewItemName: formText(c, "new_item_name"),
		NewItemDepartment: formText(c, "new_item_department"), DependsOn: map[string][]string{}}
	args := c.Request().PostArgs()
	for i := 0; ; i++ {
		item := string(args.Peek("item." + strconv.Itoa(i)))
		if item == "" {
			break
		}
		f.DependsOn[item] = []string{}
		for _, d := range args.PeekMulti("deps." + strconv.Itoa(i)) {
			f.DependsOn[item] = append(f.DependsOn[item], string(d))
		}
	}
	v, added, err := p.App.CatalogueEditor.SaveBundle(ctx, request(ctx), f)
	if err != nil {
		cp := newCataloguePage()
		if !cp.refused(c, err) {
			return err
		}
		return p.showBundleEditor(c, code, cp, &f)
	}
	if added != "" {
		return c.Redirect("/admin/catalogue/"+v.Bundle+"/items/"+added+"?saved=added", fiber.StatusSeeOther)
	}
	return c.Redirect("/admin/catalogue/"+v.Bundle+"?saved=1", fiber.StatusSeeOther)
}

// formText is a posted value, copied out of Fiber's reused memory.
func formText(c *fiber.Ctx, name string) string { return strings.Clone(c.FormValue(name)) }
