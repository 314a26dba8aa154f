package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// newForm is a new policy's form as a catalogue admin fills it in.
func newForm() app.PolicyForm {
	return app.PolicyForm{Name: "高龄老人营养补贴", Department: "civil", Type: "grant", For: "person",
		Conditions: []haoban.PolicyCondition{
			{Expression: `sources["resident.address"].startsWith("上海市")`, Message: "申请人须为本市户籍居民"},
			{Expression: `age_on(applicant.id_number, today) >= 80`, Message: "申请人须年满 80 周岁"},
			{}, // the editor's blank row
		},
		Amount: "1200.0", From: "2027-01-01", Budget: "5000000", Delivery: "automatic", Publicity: "7"}
}

func TestPolicyForm(t *testing.T) {
	ctx := context.Background()
	t.Run("OKNewPolicy", func(t *testing.T) {
		a, s := newPolicyAdmin(t)
		v, err := a.SaveForm(ctx, asDemo(t, "catalogue-admin"), newForm())
		if err != nil {
			t.Fatal(err)
		}
		if v.Policy != "policy-1" || v.Version != 1 || v.State != haoban.VersionDraft || len(v.Body.Conditions) != 2 ||
			v.Body.Budget != 5_000_000 || !v.Body.From.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, haoban.Beijing)) {
			t.Fatalf("saved %+v", v)
		}
		if last := s.audit[len(s.audit)-1]; last.Action != "policy_draft_saved" || last.Target != "policy:policy-1@1" {
			t.Fatalf("audit %+v", last)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		a, s := newPolicyAdmin(t)
		f := newForm()
		f.Conditions[1].Expression = `age_on(applicant.id_number, today) >=`
		f.Conditions[0].Message = ""
		f.Budget, f.From, f.Department = "很多", "明年", ""
		_, err := a.SaveForm(ctx, asDemo(t, "catalogue-admin"), f)
		if haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("got %v", err)
		}
		var fields []string
		for _, d := range haoban.ErrorDetails(err) {
			fields = append(fields, d.Field)
		}
		want := "from budget department conditions.0.message conditions.1.expression"
		if strings.Join(fields, " ") != want {
			t.Fatalf("fields %v, want %s", fields, want)
		}
		if vs, _ := s.ListPolicyVersions(ctx); len(vs) != 6 {
			t.Fatalf("a refused form saved: %d versions", len(vs))
		}
	})
	t.Run("OKEditKeepsWhatTheFormDoesNotShow", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		e, err := a.Editor(ctx, asDemo(t, "catalogue-admin"), "newborn-childcare-subsidy", nil)
		if err != nil {
			t.Fatal(err)
		}
		if e.New || e.InForce != 1 || e.Form.Name != "新生儿一次性育儿补贴" || len(e.Form.Conditions) != 2+2 {
			t.Fatalf("editor %+v", e)
		}
		f := e.Form
		f.Amount = "4000.0"
		v, err := a.SaveForm(ctx, asDemo(t, "catalogue-admin"), f)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != 2 || v.Body.Amount != "4000.0" || !v.Body.Demo || len(v.Body.LegalBasis) != 2 {
			t.Fatalf("saved %+v", v.Body)
		}
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		f := newForm()
		f.Slug = "startup-subsidy"
		_, err := a.SaveForm(ctx, asDemo(t, "catalogue-admin"), f)
		if ds := haoban.ErrorDetails(err); len(ds) != 1 || ds[0].Field != "slug" {
			t.Fatalf("got %v", err)
		}
	})
	for _, who := range []string{"zhang-wei", "reviewer-samr"} {
		t.Run("ErrForbidden/"+who, func(t *testing.T) {
			a, _ := newPolicyAdmin(t)
			if _, err := a.SaveForm(ctx, asDemo(t, who), newForm()); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("save: %v", err)
			}
			if _, err := a.Editor(ctx, asDemo(t, who), "", nil); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("editor: %v", err)
			}
			if _, err := a.Index(ctx, asDemo(t, who)); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("index: %v", err)
			}
			if _, err := a.Page(ctx, asDemo(t, who), "startup-subsidy"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Fatalf("page: %v", err)
			}
		})
	}
}

func TestPolicyPages(t *testing.T) {
	ctx := context.Background()
	t.Run("OKIndex", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		v := publishLater(t, a)
		idx, err := a.Index(ctx, asDemo(t, "catalogue-admin"))
		if err != nil {
			t.Fatal(err)
		}
		if len(idx.Policies) != 6 || !idx.CanEdit {
			t.Fatalf("index %+v", idx)
		}
		for _, row := range idx.Policies {
			if row.Code != v.Policy {
				continue
			}
			if row.InForce == nil || row.InForce.Version != 1 || row.Coming == nil || row.Coming.Version != 2 ||
				row.Department != "卫生健康委员会" || row.Type != "行政给付" {
				t.Fatalf("row %+v", row)
			}
		}
	})
	t.Run("OKHistoryAndAuditTrail", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		v := publishLater(t, a)
		admin := asDemo(t, "catalogue-admin")
		if err := a.Policies.Withdraw(ctx, admin, v.Policy, v.Version); err != nil {
			t.Fatal(err)
		}
		pg, err := a.Page(ctx, admin, v.Policy)
		if err != nil {
			t.Fatal(err)
		}
		if pg.InForce != 1 || len(pg.Versions) != 2 || pg.Versions[0].Status != "已撤回" || pg.Versions[1].Status != "现行" ||
			pg.Versions[0].WithdrawnBy != "孙立（目录管理员）" || pg.Versions[0].PublishedBy != "孙立（目录管理员）" {
			t.Fatalf("versions %+v", pg.Versions)
		}
		if ch := pg.Versions[0].Changes; len(ch) != 1 || ch[0].Where != "金额" || ch[0].After != "5000.0" {
			t.Fatalf("changes %+v", ch)
		}
		var trail []string
		for _, l := range pg.Audit {
			trail = append(trail, l.Who+"："+l.What)
		}
		want := []string{"孙立（目录管理员）：撤回第 2 版（生效前）", "孙立（目录管理员）：发布第 2 版，2026年12月13日 起生效",
			"孙立（目录管理员）：保存第 2 版草稿"}
		if strings.Join(trail, "|") != strings.Join(want, "|") {
			t.Fatalf("audit %q", trail)
		}
	})
	t.Run("OKVersionNeeds", func(t *testing.T) {
		a, _ := newPolicyAdmin(t)
		v, err := a.Version(ctx, asDemo(t, "catalogue-admin"), "newborn-childcare-subsidy", 1)
		if err != nil {
			t.Fatal(err)
		}
		if !v.InForce || v.Status != "现行" || v.Department != "卫生健康委员会" || v.Delivery != "意愿确认后兑付" ||
			strings.Join(v.Needs, "|") != "户籍地址（人口库）|最近一次子女出生时间（出生医学信息）" {
			t.Fatalf("version %+v", v)
		}
	})
}
