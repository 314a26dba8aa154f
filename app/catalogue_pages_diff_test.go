package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/catalogue"
	"haoban/demo"
)

var words = app.Vocabulary{
	Departments: map[string]string{"samr": "市场监督管理局", "fire": "消防救援支队", "greening": "绿化和市容管理局"},
	Sources:     map[string]string{"enterprise": "企业库（市场主体）"},
	Licences:    map[string]string{"food-licence": "食品经营许可证"},
}

func told(lines []app.ChangeLine) string {
	var out []string
	for _, l := range lines {
		switch l.Kind {
		case "修改":
			out = append(out, fmt.Sprintf("%s：%s→%s", l.Where, l.Before, l.After))
		default:
			out = append(out, l.Kind+l.Where)
		}
	}
	return strings.Join(out, "\n")
}

func TestDescribeChanges(t *testing.T) {
	before := demo.OpenRestaurant()
	after := demo.OpenRestaurant()
	after.Items = append([]haoban.Item(nil), before.Items...)
	food := &after.Items[1]
	food.Fields = append([]haoban.Field(nil), food.Fields...)
	food.Fields[3].Label = "食品安全管理员姓名"
	food.Fields[3].Prefill = "enterprise"
	food.Fields[5].Required = true
	food.Fields = append(food.Fields, haoban.Field{Key: "food.hours", Label: "营业时间", Type: haoban.FieldText})
	food.Materials = food.Materials[1:] // the application form goes
	food.Type = haoban.ItemConfirmation
	food.LegalBasis = []string{"《中华人民共和国食品安全法》第三十五条"}
	after.Items[3].Department = "fire"
	after.Items[3].DependsOn = []string{"business-licence", "food-licence"}
	after.Items = append(after.Items[:4], haoban.Item{Code: "bundle-1-9", Name: "油烟排放登记", Department: "greening",
		PromisedDays: 2, LegalDays: 20, Fields: []haoban.Field{{Key: "x.y", Label: "排放口数量", Type: haoban.FieldNumber}}})
	after.PromisedDays, after.For = 12, haoban.ForPersons

	got := told(app.DescribeChanges(before, after, catalogue.Diff(before, after), words))
	for _, want := range []string{
		"一件事 · 承诺时限：10 个工作日→12 个工作日",
		"一件事 · 服务对象：企业→个人",
		"事项「食品经营许可证」· 字段「食品安全管理员姓名」· 名称：食品安全管理人员姓名→食品安全管理员姓名",
		"事项「食品经营许可证」· 字段「食品安全管理员姓名」· 预填来源：→企业库（市场主体）",
		"事项「食品经营许可证」· 字段「从业人员数」· 必填：否→是",
		"新增事项「食品经营许可证」· 字段「营业时间」",
		"删除事项「食品经营许可证」· 材料「食品经营许可申请书」",
		"事项「食品经营许可证」· 事项类型：行政许可→行政确认",
		"事项「食品经营许可证」· 设定依据：《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》→《中华人民共和国食品安全法》第三十五条",
		"事项「户外招牌设置」· 所属部门：绿化和市容管理局→消防救援支队",
		"事项「户外招牌设置」· 前置事项：「营业执照（设立登记）」→「营业执照（设立登记）」、「食品经营许可证」",
		"新增事项「油烟排放登记」",
		"删除事项「排水许可」",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// A new bundle: its own fields and each item, one line each.
	fresh := told(app.DescribeChanges(haoban.Bundle{}, after, catalogue.Diff(haoban.Bundle{}, after), words))
	if strings.Contains(fresh, "open-restaurant") || strings.Count(fresh, "新增事项") != len(after.Items) ||
		!strings.Contains(fresh, "一件事 · 名称：→开办餐饮店") || !strings.Contains(fresh, "一件事 · 承诺时限：→12 个工作日") {
		t.Errorf("a new bundle told as:\n%s", fresh)
	}
	// One line for a whole item or field, and no code anywhere.
	if n := strings.Count(got, "油烟排放登记"); n != 1 {
		t.Errorf("the new item is told %d times:\n%s", n, got)
	}
	for _, code := range []string{"food-licence", "samr", "greening", "food.hours", "bundle-1-9", "food-application", "enterprise\n"} {
		if strings.Contains(got+"\n", code) {
			t.Errorf("a code %q in:\n%s", code, got)
		}
	}
}

func TestCatalogueHistoryPage(t *testing.T) {
	ctx := context.Background()
	e, v := editorOf(t)
	admin := as(t, v.store, "catalogue-admin")
	b := demo.Newborn()
	b.Items = append([]haoban.Item(nil), b.Items...)
	b.Items[1].Name = "户口登记（出生登记）"
	if _, err := e.Catalogue.SaveDraft(ctx, admin, b); err != nil {
		t.Fatal(err)
	}
	h, err := e.HistoryPage(ctx, admin, "newborn")
	if err != nil || len(h.Versions) != 2 || told(h.Versions[0].Changes) != "事项「户口登记（出生登记）」· 名称：户口登记→户口登记（出生登记）" {
		t.Fatalf("history = %+v, %v", h.Versions, err)
	}
	if _, err := e.Catalogue.Publish(ctx, admin, "newborn", 2, v.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	h, _ = e.HistoryPage(ctx, admin, "newborn")
	if h.Versions[0].Status != "待生效" || !h.Versions[0].Withdrawable || h.Versions[0].PublishedBy != "孙立（目录管理员）" ||
		len(h.Versions[0].Changes) != 1 || h.InForce != 1 {
		t.Fatalf("published = %+v", h.Versions[0])
	}
	t.Run("OnlyTheAdminPublishes", func(t *testing.T) {
		h, err := e.HistoryPage(ctx, as(t, v.store, "editor-fire"), "newborn")
		if err != nil || h.CanPublish {
			t.Fatalf("editor's history: can publish %v, %v", h.CanPublish, err)
		}
		_, err = e.HistoryPage(ctx, as(t, v.store, "li-na"), "newborn")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("Compare", func(t *testing.T) {
		c, err := e.Compare(ctx, admin, "newborn", 1, 2)
		if err != nil || len(c.Changes) != 1 || c.Changes[0].After != "户口登记（出生登记）" || len(c.Versions) != 2 {
			t.Fatalf("compare = %+v, %v", c, err)
		}
		_, err = e.Compare(ctx, admin, "newborn", 1, 7)
		wantCode(t, err, haoban.ENOTFOUND)
		_, err = e.Compare(ctx, as(t, v.store, "reviewer-health"), "newborn", 1, 2)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrProblemsPlacedInTheEditor", func(t *testing.T) {
		bad := demo.Newborn()
		bad.Items = append([]haoban.Item(nil), bad.Items...)
		bad.Items[2].PromisedDays = 16 // social-card: beyond its legal limit and the bundle's promise
		d, err := e.Catalogue.SaveDraft(ctx, admin, bad)
		if err != nil {
			t.Fatal(err)
		}
		_, problems, err := e.Publish(ctx, admin, "newborn", d.Version, time.Time{})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		var places []string
		for _, p := range problems {
			places = append(places, p.Item+"#"+p.Anchor)
		}
		if got := strings.Join(places, " "); !strings.Contains(got, "social-card#f-promised_days") || !strings.Contains(got, " #f-promised_days") {
			t.Fatalf("problems placed at %s", got)
		}
	})
}

func TestCataloguePreview(t *testing.T) {
	ctx := context.Background()
	e, v := editorOf(t)
	p, err := e.Preview(ctx, as(t, v.store, "editor-samr"), "open-restaurant", 1)
	if err != nil || len(p.Sections) != 5 || p.Sections[0].DepartmentName != "市场监督管理局" {
		t.Fatalf("preview = %+v, %v", p.Sections, err)
	}
	// Each key once in the one form: the fire check's area is asked by the food licence.
	for _, f := range p.Sections[2].Fields {
		if f.Key == "premises.area" {
			t.Fatal("the one form asks for premises.area twice")
		}
	}
	how := map[string]string{}
	for _, m := range p.Materials {
		how[m.Code] = m.How + strings.Join(m.Notes, "；") + m.Text
	}
	if !strings.Contains(how["company-application"], "自动生成") || !strings.Contains(how["company-application"], "{{企业名称}}") {
		t.Errorf("generated material: %s", how["company-application"])
	}
	if !strings.Contains(how["food-manager-proof"], "免于提交") || !strings.Contains(how["layout"], "申请人上传") {
		t.Errorf("materials: %v", how)
	}
	_, err = e.Preview(ctx, as(t, v.store, "li-na"), "open-restaurant", 1)
	wantCode(t, err, haoban.EFORBIDDEN)
}
