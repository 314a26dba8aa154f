package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban/app"
)

var itemSaved = map[string]string{
	"1":     "已保存为草稿。目录管理员发布后生效。",
	"added": "事项已添加到草稿，请填写它的时限、表单字段和申请材料。",
}

// itemEditorPage shows an item's editor, read-only for who may not edit
// the item's department.
func (p *Pages) itemEditorPage(c *fiber.Ctx) error {
	cp := newCataloguePage()
	cp.Saved = itemSaved[c.Query("saved")]
	return p.showItemEditor(c, cp, nil)
}

func (p *Pages) showItemEditor(c *fiber.Ctx, cp *cataloguePage, posted *app.ItemEditForm) error {
	ctx := c.UserContext()
	bundle, item := strings.Clone(c.Params("bundle")), strings.Clone(c.Params("item"))
	e, err := p.App.CatalogueEditor.EditItem(ctx, request(ctx), bundle, item, posted)
	if err != nil {
		return err
	}
	cp.Item, cp.Problems = &e, problemLinks(bundle, e.Problems)
	return p.render(c, "catalogue_item", pageData{Title: "编辑事项：" + e.Item.Name, Catalogue: cp})
}

// saveItemForm saves the item editor's form into the bundle's draft
// through the same use case as PUT /api/v1/admin/catalogue/{bundle}/draft.
func (p *Pages) saveItemForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := itemFormOf(c)
	if _, err := p.App.CatalogueEditor.SaveItem(ctx, request(ctx), f); err != nil {
		cp := newCataloguePage()
		if !cp.refused(c, err) {
			return err
		}
		return p.showItemEditor(c, cp, &f)
	}
	if f.Remove {
		return c.Redirect("/admin/catalogue/"+f.Bundle+"?saved=1", fiber.StatusSeeOther)
	}
	return c.Redirect("/admin/catalogue/"+f.Bundle+"/items/"+f.Item+"?saved=1", fiber.StatusSeeOther)
}

// itemFormOf reads the item editor's form: the item's own inputs, then
// one row per field (fields.<n>.key …) and material (materials.<n>.code …).
func itemFormOf(c *fiber.Ctx) app.ItemEditForm {
	on := func(name string) bool { return c.FormValue(name) != "" }
	f := app.ItemEditForm{Bundle: strings.Clone(c.Params("bundle")), Item: strings.Clone(c.Params("item")),
		Name: formText(c, "name"), Department: formText(c, "department"), Type: formText(c, "type"),
		LegalBasis: formText(c, "legal_basis"), Conditions: formText(c, "conditions"), Fee: formText(c, "fee"),
		Channel: formText(c, "channel"), Where: formText(c, "where"), PromisedDays: formText(c, "promised_days"),
		LegalDays: formText(c, "legal_days"), LicenceName: formText(c, "licence_name"),
		Instant: on("instant"), Optional: on("optional"), Remove: c.FormValue("action") == "remove",
		NewField: formText(c, "new_field"), NewFieldLabel: formText(c, "new_field_label"),
		NewFieldType: formText(c, "new_field_type"), NewMaterial: formText(c, "new_material")}
	for i := 0; ; i++ {
		at := "fields." + strconv.Itoa(i) + "."
		key := formText(c, at+"key")
		if key == "" {
			break
		}
		f.Fields = append(f.Fields, app.FieldForm{Key: key, Label: formText(c, at+"label"), Type: formText(c, at+"type"),
			Options: formText(c, at+"options"), Pattern: formText(c, at+"pattern"), Hint: formText(c, at+"hint"),
			Prefill: formText(c, at+"prefill"), Required: on(at + "required"), Remove: on(at + "remove")})
	}
	for i := 0; ; i++ {
		at := "materials." + strconv.Itoa(i) + "."
		code := formText(c, at+"code")
		if code == "" {
			break
		}
		f.Materials = append(f.Materials, app.MaterialForm{Code: code, Name: formText(c, at+"name"),
			Provider: formText(c, at+"provider"), Count: formText(c, at+"count"), Blank: formText(c, at+"blank"),
			Example: formText(c, at+"example"), Licence: formText(c, at+"licence"), Registry: formText(c, at+"registry"),
			Template: formText(c, at+"template"), Pledge: formText(c, at+"pledge"), Required: on(at + "required"),
			Original: on(at + "original"), Electronic: on(at + "electronic"), Remove: on(at + "remove")})
	}
	return f
}
