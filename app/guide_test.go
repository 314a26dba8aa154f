package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/prereview"
)

// guideStore is the fake store with the guide's index: the entries a test
// lists, and the terms the last search asked for.
type guideStore struct {
	*store
	entries []haoban.GuideEntry
	terms   []string
}

func (g *guideStore) GuideList(context.Context, time.Time) ([]haoban.GuideEntry, error) {
	return g.entries, nil
}

func (g *guideStore) SearchGuide(_ context.Context, terms []string, _ time.Time, _ int) ([]haoban.GuideHit, error) {
	g.terms = terms
	return nil, nil
}

func (g *guideStore) ListSources(context.Context) ([]haoban.SourceInfo, error) {
	return []haoban.SourceInfo{{Code: "population", Name: "人口库"}}, nil
}

// holder is a reviewer whose applicant holds the given licences.
type holder struct {
	reviewer
	held       []haoban.Licence
	registered map[string]bool // registries holding a record about the applicant
}

func (h holder) Licences(context.Context, haoban.User) ([]haoban.Licence, error) { return h.held, nil }

func (h holder) Exemptions(_ context.Context, _ haoban.User, b haoban.Bundle, day time.Time) ([]string, error) {
	return prereview.Exempted(b, h.held, h.registered, day), nil
}

func newGuide(held ...haoban.Licence) (*app.Guide, *guideStore) {
	g := &guideStore{store: newStore()}
	return &app.Guide{Store: g, Reviewer: holder{held: held, registered: map[string]bool{"population": true}}, Time: clock}, g
}

func TestGuideIndex(t *testing.T) {
	guide, g := newGuide()
	g.entries = []haoban.GuideEntry{
		{Bundle: "retire", Name: "退休一件事", Stage: "退休", For: haoban.ForPersons},
		{Bundle: "open-restaurant", Name: "开办餐饮店", Stage: "开办企业", For: haoban.ForEnterprises},
		{Bundle: "newborn", Name: "新生儿出生一件事", Stage: "出生", For: haoban.ForPersons},
		{Bundle: "odd", Name: "无阶段的一件事"},
		{Bundle: "bankruptcy", Name: "企业破产信息核查", Stage: "注销/破产", For: haoban.ForEnterprises},
		{Bundle: "hiring", Name: "企业员工录用", Stage: "就业", For: haoban.ForEnterprises},
	}
	idx, err := guide.Index(context.Background())
	wantCode(t, err, "")
	var got []string
	for _, gr := range idx.Groups {
		var stages []string
		for _, st := range gr.Stages {
			stages = append(stages, st.Name)
		}
		got = append(got, gr.Name+":"+strings.Join(stages, ","))
	}
	if want := "个人办事:出生,退休,其他 法人办事:开办企业,就业,注销/破产"; strings.Join(got, " ") != want {
		t.Fatalf("groups %q, want %q: life events in the order a life meets them", strings.Join(got, " "), want)
	}
}

func TestGuideSearch(t *testing.T) {
	ctx := context.Background()
	guide, g := newGuide()
	t.Run("OK", func(t *testing.T) {
		res, err := guide.Search(ctx, "  营业执照   食品 ")
		wantCode(t, err, "")
		if res.Query != "营业执照   食品" || strings.Join(g.terms, "|") != "营业执照|食品" || res.Hits == nil {
			t.Fatalf("searched %q for %q with hits %v", g.terms, res.Query, res.Hits)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := guide.Search(ctx, " ")
		if f := wantCode(t, err, haoban.EINVALID); f != "query.q" {
			t.Fatalf("field %q", f)
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		_, err := guide.Search(ctx, strings.Repeat("办", 51))
		wantCode(t, err, haoban.EINVALID)
	})
}

func TestGuidePage(t *testing.T) {
	ctx := context.Background()
	until := time.Date(2031, 2, 28, 0, 0, 0, 0, time.UTC)
	cert := haoban.Licence{Type: "food-safety-manager-cert", Number: "SH-FSM-2024-00871", Status: haoban.LicenceValid,
		ValidFrom: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), ValidTo: &until}
	guide, g := newGuide(cert)
	b := g.bundles["open-restaurant"]
	b.Lead = "samr"
	b.Items[0].Materials = append(b.Items[0].Materials,
		haoban.Material{Code: "fetched", Name: "房屋产权信息", Provider: haoban.ProvidedByDepartment},
		haoban.Material{Code: "filled", Name: "登记申请表", Provider: haoban.ProvidedGenerated},
		haoban.Material{Code: "id-copy", Name: "身份证复印件", Registry: "population", Required: true, Original: true, Count: 2})
	g.bundles["open-restaurant"] = b
	g.residents = map[string]haoban.Resident{g.users["li-na"].IDNumber: {IDNumber: g.users["li-na"].IDNumber, Name: "李娜"}}
	material := func(p app.GuidePage, code string) app.GuideMaterial {
		for _, m := range p.Materials {
			if m.Code == code {
				return m
			}
		}
		t.Fatalf("no material %s", code)
		return app.GuideMaterial{}
	}

	t.Run("Public", func(t *testing.T) {
		p, err := guide.Page(ctx, app.Request{}, "open-restaurant", "")
		wantCode(t, err, "")
		if p.Personal || p.LeadName != "市场监督管理局" || !p.Departments[0].Lead || p.Departments[1].Lead {
			t.Fatalf("departments %+v lead %q personal %v", p.Departments, p.LeadName, p.Personal)
		}
		if food := p.Items[1]; food.DepartmentName != "市场监督管理局" || len(food.After) != 1 || food.After[0] != "营业执照（设立登记）" {
			t.Fatalf("food licence %+v: want its department and what it waits for by name", food)
		}
		m := material(p, "food-manager-proof")
		if m.Exempt != "" || m.YouSubmit || !strings.Contains(m.ExemptWhen, "免于提交") {
			t.Fatalf("a visitor reads %+v", m)
		}
		if m := material(p, "premises-proof"); len(m.Items) != 3 || m.Form != "复印件 1 份" {
			t.Fatalf("premises proof %+v: asked once for the three items that need it", m)
		}
		if m := material(p, "id-copy"); m.Form != "原件 2 份" || !strings.Contains(m.ExemptWhen, "人口库") {
			t.Fatalf("ID copy %+v", m)
		}
	})
	t.Run("ExemptByLicenceAndRegistry", func(t *testing.T) {
		p, err := guide.Page(ctx, as(t, g.store, "li-na"), "open-restaurant", "")
		wantCode(t, err, "")
		if m := material(p, "food-manager-proof"); !strings.Contains(m.Exempt, "SH-FSM-2024-00871") || m.YouSubmit {
			t.Fatalf("licence holder reads %+v", m)
		}
		if m := material(p, "id-copy"); !strings.Contains(m.Exempt, "人口库") {
			t.Fatalf("registry record: %+v", m)
		}
		if m := material(p, "articles"); m.Exempt != "" || !m.YouSubmit {
			t.Fatalf("articles %+v: the applicant submits them", m)
		}
		if m := material(p, "fetched"); m.FromApplicant || m.YouSubmit || !strings.Contains(m.Supply, "无需提交") {
			t.Fatalf("fetched by the department: %+v", m)
		}
		if m := material(p, "filled"); m.FromApplicant || !strings.Contains(m.Supply, "系统自动生成") {
			t.Fatalf("generated: %+v", m)
		}
	})
	t.Run("StaffReadAsThePublic", func(t *testing.T) {
		p, err := guide.Page(ctx, as(t, g.store, "reviewer-samr"), "open-restaurant", "")
		wantCode(t, err, "")
		if p.Personal || material(p, "articles").YouSubmit {
			t.Fatal("a reviewer is told what to submit")
		}
	})
	t.Run("Item", func(t *testing.T) {
		p, err := guide.Page(ctx, app.Request{}, "open-restaurant", "fire-check")
		wantCode(t, err, "")
		if p.Item == nil || p.Item.Name != "公众聚集场所投入使用、营业前消防安全检查" || p.Item.DepartmentName != "消防救援支队" {
			t.Fatalf("item %+v", p.Item)
		}
	})
	t.Run("ErrNoItem", func(t *testing.T) {
		_, err := guide.Page(ctx, app.Request{}, "open-restaurant", "hukou")
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrNoBundle", func(t *testing.T) {
		_, err := guide.Page(ctx, app.Request{}, "no-such", "")
		wantCode(t, err, haoban.ENOTFOUND)
	})
}
