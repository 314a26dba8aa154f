package app_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

// ListCatalogueVersions lists the fake's versions as the store does: by
// bundle, newest first, without the withdrawn ones.
func (v *versioned) ListCatalogueVersions(context.Context) ([]haoban.CatalogueVersion, error) {
	var codes []string
	for code := range v.list {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	var out []haoban.CatalogueVersion
	for _, code := range codes {
		list := slices.Clone(v.list[code])
		slices.Reverse(list)
		for _, c := range list {
			if c.State != haoban.VersionWithdrawn {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

var _ app.CatalogueEditorStore = (*versioned)(nil)

func editorOf(t *testing.T) (*app.CatalogueEditor, *versioned) {
	t.Helper()
	c, v := versionsOf(t)
	return &app.CatalogueEditor{Catalogue: c, Store: v, Authz: c.Authz, Time: c.Time}, v
}

// itemForm is the item editor's form as the page would post it for it.
func itemForm(bundle string, it haoban.Item) app.ItemEditForm {
	f := app.ItemEditForm{Bundle: bundle, Item: it.Code, Name: it.Name, Department: it.Department, Type: string(it.Type),
		Channel: string(it.Channel), PromisedDays: strconv.Itoa(it.PromisedDays), LegalDays: strconv.Itoa(it.LegalDays),
		Instant: it.Instant, Optional: it.Optional, LicenceName: it.LicenceName,
		LegalBasis: strings.Join(it.LegalBasis, "\n"), Conditions: strings.Join(it.Conditions, "\n"), Fee: it.Fee, Where: it.Where}
	for _, fd := range it.Fields {
		f.Fields = append(f.Fields, app.FieldForm{Key: fd.Key, Label: fd.Label, Type: string(fd.Type), Required: fd.Required,
			Options: strings.Join(fd.Options, "\n"), Pattern: fd.Pattern, Hint: fd.Hint, Prefill: fd.Prefill})
	}
	for _, m := range it.Materials {
		provider := string(m.Provider)
		if provider == "" {
			provider = string(haoban.ProvidedByApplicant)
		}
		f.Materials = append(f.Materials, app.MaterialForm{Code: m.Code, Name: m.Name, Provider: provider, Required: m.Required,
			Original: m.Original, Electronic: m.Electronic, Licence: m.Licence, Registry: m.Registry, Template: m.Template, Pledge: m.Pledge})
	}
	return f
}

// TestCatalogueEditorBuildsABundle: the catalogue admin builds a new
// bundle of two items from two departments from the editor's forms,
// with codes the system draws, and publishes it.
func TestCatalogueEditorBuildsABundle(t *testing.T) {
	ctx := context.Background()
	e, v := editorOf(t)
	admin := as(t, v.store, "catalogue-admin")

	d, samrItem, err := e.SaveBundle(ctx, admin, app.BundleEditForm{Name: "开办烘焙工作室", PromisedDays: "10", For: "enterprise",
		Stage: "开办企业", NewItemName: "食品经营许可（烘焙）", NewItemDepartment: "samr"})
	if err != nil || d.Bundle != "bundle-1" || d.Version != 1 || samrItem != "bundle-1-1" {
		t.Fatalf("new bundle = %+v, item %q, %v", d, samrItem, err)
	}
	_, fireItem, err := e.SaveBundle(ctx, admin, app.BundleEditForm{Code: "bundle-1", Name: "开办烘焙工作室", PromisedDays: "10",
		For: "enterprise", Lead: "samr", NewItemName: "消防安全检查（烘焙）", NewItemDepartment: "fire"})
	if err != nil || fireItem != "bundle-1-2" {
		t.Fatalf("second item %q, %v", fireItem, err)
	}
	// The fire check waits for the food licence.
	if _, _, err := e.SaveBundle(ctx, admin, app.BundleEditForm{Code: "bundle-1", Name: "开办烘焙工作室", PromisedDays: "10",
		For: "enterprise", Lead: "samr", DependsOn: map[string][]string{fireItem: {samrItem, "no-such-item", fireItem}}}); err != nil {
		t.Fatal(err)
	}

	ed, err := e.EditItem(ctx, admin, "bundle-1", samrItem, nil)
	if err != nil || !ed.Editable || len(ed.KnownFields) == 0 {
		t.Fatalf("item editor = %+v, %v", ed, err)
	}
	f := itemForm("bundle-1", ed.Item)
	f.PromisedDays, f.Type, f.NewField = "3", string(haoban.ItemLicensing), "enterprise.name"
	if _, err := e.SaveItem(ctx, admin, f); err != nil {
		t.Fatal(err)
	}
	ed, _ = e.EditItem(ctx, admin, "bundle-1", samrItem, nil)
	f = itemForm("bundle-1", ed.Item)
	f.NewFieldLabel, f.NewFieldType, f.NewMaterial = "烘焙间面积（平方米）", "number", "食品经营许可申请书"
	if _, err := e.SaveItem(ctx, admin, f); err != nil {
		t.Fatal(err)
	}
	ed, _ = e.EditItem(ctx, admin, "bundle-1", fireItem, nil)
	f = itemForm("bundle-1", ed.Item)
	f.PromisedDays, f.LegalDays, f.NewFieldLabel, f.NewMaterial = "5", "10", "企业名称", "场所平面布置图"
	if _, err := e.SaveItem(ctx, admin, f); err != nil {
		t.Fatal(err)
	}

	h, err := e.HistoryPage(ctx, admin, "bundle-1")
	if err != nil || len(h.Versions) != 1 || h.Versions[0].Status != "草稿" || !h.CanPublish {
		t.Fatalf("history = %+v, %v", h, err)
	}
	b := v.list["bundle-1"][0].Body
	samr, _ := b.Item(samrItem)
	fire, _ := b.Item(fireItem)
	keys := func(it haoban.Item) (out []string) {
		for _, f := range it.Fields {
			out = append(out, f.Key)
		}
		for _, m := range it.Materials {
			out = append(out, m.Code)
		}
		return out
	}
	// The label 企业名称 the catalogue knows keeps its key: one form asks once.
	if got := strings.Join(keys(samr), " "); got != "enterprise.name custom.f1 m-1" {
		t.Errorf("food licence's fields and materials = %s", got)
	}
	if got := strings.Join(keys(fire), " "); got != "enterprise.name m-2" || !slices.Equal(fire.DependsOn, []string{samrItem}) {
		t.Errorf("fire check = %s, depends on %v", got, fire.DependsOn)
	}
	if _, err := e.Catalogue.Publish(ctx, admin, "bundle-1", 1, time.Time{}); err != nil {
		t.Fatalf("publish: %v (%v)", err, haoban.ErrorDetails(err))
	}
	idx, err := e.Index(ctx, admin)
	if err != nil || !idx.CanCreate {
		t.Fatal(idx, err)
	}
	row := idx.Bundles[slices.IndexFunc(idx.Bundles, func(r app.CatalogueRow) bool { return r.Code == "bundle-1" })]
	if row.InForce == nil || row.InForce.Version != 1 || row.Draft != nil || strings.Join(row.Departments, "、") != "市场监督管理局、消防救援支队" {
		t.Fatalf("index row = %+v", row)
	}
}

func TestCatalogueEditorAccess(t *testing.T) {
	ctx := context.Background()
	e, v := editorOf(t)
	samr := as(t, v.store, "editor-samr")
	restaurant := demo.OpenRestaurant()
	t.Run("ErrNotCatalogueStaff", func(t *testing.T) {
		for _, who := range []string{"li-na", "reviewer-samr", "admin", "supervisor"} {
			_, err := e.Index(ctx, as(t, v.store, who))
			wantCode(t, err, haoban.EFORBIDDEN)
			_, err = e.EditBundle(ctx, as(t, v.store, who), "open-restaurant", nil)
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ErrEditorStartsABundle", func(t *testing.T) {
		_, err := e.EditBundle(ctx, samr, "", nil)
		wantCode(t, err, haoban.EFORBIDDEN)
		_, _, err = e.SaveBundle(ctx, samr, app.BundleEditForm{Name: "开办面包店", PromisedDays: "5"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrSAMREditorSavesAFireItem", func(t *testing.T) {
		ed, err := e.EditItem(ctx, samr, "open-restaurant", "fire-check", nil)
		if err != nil || ed.Editable {
			t.Fatalf("the fire check for samr's editor: editable %v, %v", ed.Editable, err)
		}
		it, _ := restaurant.Item("fire-check")
		f := itemForm("open-restaurant", it)
		f.PromisedDays = "6"
		_, err = e.SaveItem(ctx, samr, f)
		wantCode(t, err, haoban.EFORBIDDEN)
		if len(v.list["open-restaurant"]) != 1 {
			t.Fatal("a refused edit opened a draft")
		}
	})
	t.Run("ErrEditorMovesItemAway", func(t *testing.T) {
		it, _ := restaurant.Item("food-licence")
		f := itemForm("open-restaurant", it)
		f.Department = "fire"
		_, err := e.SaveItem(ctx, samr, f)
		if field := wantCode(t, err, haoban.EINVALID); field != "department" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("EditorSavesOwnItem", func(t *testing.T) {
		ed, err := e.EditItem(ctx, samr, "open-restaurant", "food-licence", nil)
		if err != nil || !ed.Editable || len(ed.Departments) != 1 || ed.Departments[0].Name != "市场监督管理局" {
			t.Fatalf("editor = %+v, %v", ed.Departments, err)
		}
		f := itemForm("open-restaurant", ed.Item)
		f.Fields[0].Label = "经营场所详细地址"
		d, err := e.SaveItem(ctx, samr, f)
		if err != nil || d.State != haoban.VersionDraft {
			t.Fatalf("draft = %+v, %v", d, err)
		}
	})
	t.Run("EditorSavesOnlyTheirDependencies", func(t *testing.T) {
		ed, err := e.EditBundle(ctx, samr, "open-restaurant", nil)
		if err != nil || ed.CanEditBundle {
			t.Fatalf("bundle editor for samr's editor = %+v, %v", ed.CanEditBundle, err)
		}
		// The page posts no bundle fields for them (disabled), and both items' boxes.
		_, _, err = e.SaveBundle(ctx, samr, app.BundleEditForm{Code: "open-restaurant",
			DependsOn: map[string][]string{"food-licence": {}, "fire-check": {}}})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := v.ListVersions(ctx, "open-restaurant")
		food, _ := d[0].Body.Item("food-licence")
		fire, _ := d[0].Body.Item("fire-check")
		if d[0].Body.Name != "开办餐饮店" || len(food.DependsOn) != 0 || len(fire.DependsOn) != 1 {
			t.Fatalf("draft: %s, food licence after %v, fire check after %v", d[0].Body.Name, food.DependsOn, fire.DependsOn)
		}
		_, _, err = e.SaveBundle(ctx, samr, app.BundleEditForm{Code: "open-restaurant", NewItemName: "消防验收", NewItemDepartment: "fire"})
		if field := wantCode(t, err, haoban.EINVALID); field != "new_item_department" {
			t.Fatalf("field %q", field)
		}
	})
}

func TestCatalogueEditorInput(t *testing.T) {
	ctx := context.Background()
	e, v := editorOf(t)
	admin := as(t, v.store, "catalogue-admin")
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		_, _, err := e.SaveBundle(ctx, admin, app.BundleEditForm{Name: " ", PromisedDays: "十"})
		wantCode(t, err, haoban.EINVALID)
		var fields []string
		for _, d := range haoban.ErrorDetails(err) {
			fields = append(fields, d.Field)
		}
		if strings.Join(fields, " ") != "name promised_days" {
			t.Fatalf("fields = %v", fields)
		}
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		for _, slug := range []string{"newborn", "new", "开办"} {
			_, _, err := e.SaveBundle(ctx, admin, app.BundleEditForm{Slug: slug, Name: "新生儿", PromisedDays: "5"})
			if field := wantCode(t, err, haoban.EINVALID); field != "slug" {
				t.Fatalf("slug %q: field %q", slug, field)
			}
		}
	})
	t.Run("ErrItemRows", func(t *testing.T) {
		it, _ := demo.OpenRestaurant().Item("food-licence")
		f := itemForm("open-restaurant", it)
		f.Fields[1].Label, f.LegalDays = "", "二十"
		f.Materials[0].Count, f.Materials[0].Provider, f.Materials[0].Template = "0", "generated", "申请人：{{企业名号}}"
		_, err := e.SaveItem(ctx, admin, f)
		wantCode(t, err, haoban.EINVALID)
		var fields []string
		for _, d := range haoban.ErrorDetails(err) {
			fields = append(fields, d.Field)
		}
		if strings.Join(fields, " ") != "legal_days fields.1.label materials.0.count materials.0.template" {
			t.Fatalf("fields = %v", fields)
		}
		// The page shows again what was typed, over the draft.
		f.Name = "食品经营许可证（新办）"
		ed, err := e.EditItem(ctx, admin, "open-restaurant", "food-licence", &f)
		if err != nil || ed.Item.Name != f.Name || ed.LegalDays != "二十" || ed.Materials[0].TemplateText != "申请人：{{企业名号}}" {
			t.Fatalf("shown again: %q %q %q, %v", ed.Item.Name, ed.LegalDays, ed.Materials[0].TemplateText, err)
		}
		if d, _ := v.ListVersions(ctx, "open-restaurant"); len(d) != 1 {
			t.Fatal("a refused form opened a draft")
		}
	})
	t.Run("RemoveItemAndItsDependencies", func(t *testing.T) {
		it, _ := demo.OpenRestaurant().Item("business-licence")
		f := itemForm("open-restaurant", it)
		f.Remove = true
		d, err := e.SaveItem(ctx, admin, f)
		if err != nil || len(d.Body.Items) != 4 {
			t.Fatalf("draft = %+v, %v", d.Body.Items, err)
		}
		for _, it := range d.Body.Items {
			if len(it.DependsOn) != 0 {
				t.Fatalf("%s still waits for %v", it.Code, it.DependsOn)
			}
		}
	})
}

func TestTemplateForPeople(t *testing.T) {
	form := demo.OpenRestaurant().Fields()
	stored := "申请人：{{enterprise.name}}\n法定代表人：{{ legal_rep.name }}\n面积：{{premises.area}}"
	shown := app.TemplateForPeople(stored, form)
	if shown != "申请人：{{企业名称}}\n法定代表人：{{法定代表人姓名}}\n面积：{{经营场所面积（平方米）}}" {
		t.Fatalf("shown = %q", shown)
	}
	back, err := app.TemplateFromPeople(shown+"\r\n{{venue.exits}}", form, "t")
	if err != nil || back != "申请人：{{enterprise.name}}\n法定代表人：{{legal_rep.name}}\n面积：{{premises.area}}\n{{venue.exits}}" {
		t.Fatalf("back = %q, %v", back, err)
	}
	if kept := app.TemplateForPeople("{{no.such.key}}", form); kept != "{{no.such.key}}" {
		t.Fatalf("an unknown key shows as %q", kept)
	}
	_, err = app.TemplateFromPeople("{{企业名号}} {{注册资本（万元）}}", form, "t")
	if field := wantCode(t, err, haoban.EINVALID); field != "t" || !strings.Contains(haoban.ErrorMessage(err), "「企业名号」") {
		t.Fatalf("unknown label: %v", err)
	}
}

func TestEditorPlace(t *testing.T) {
	b := demo.OpenRestaurant()
	for path, want := range map[string]string{
		"items[1].fields[0].pattern":       "food-licence f-fields-0-pattern",
		"items[1].fields[2].key":           "food-licence f-fields-2-label",
		"items[0].materials[1].count":      "business-licence f-materials-1-count",
		"items[2].promised_days":           "fire-check f-promised_days",
		"items[2].depends_on[0]":           " f-deps-2",
		"promised_days":                    " f-promised_days",
		"rules[food-licence/x].expression": " ",
		"items[9].name":                    " ",
	} {
		item, anchor := app.EditorPlace(b, path)
		if item+" "+anchor != want {
			t.Errorf("%s: %q %q, want %q", path, item, anchor, want)
		}
	}
}
