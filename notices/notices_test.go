package notices_test

import (
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/migrations"
	"haoban/notices"
)

var bj = haoban.Beijing

func templates(t *testing.T) map[haoban.NoticeKind]notices.Template {
	t.Helper()
	ts, err := migrations.NoticeTemplates()
	if err != nil {
		t.Fatal(err)
	}
	out := map[haoban.NoticeKind]notices.Template{}
	for _, x := range ts {
		out[haoban.NoticeKind(x.Kind)] = notices.Template{Kind: haoban.NoticeKind(x.Kind), Subject: x.Subject, Body: x.Body}
	}
	for _, k := range haoban.ApplicantKinds {
		if _, ok := out[k]; !ok {
			t.Errorf("no template for %s", k)
		}
	}
	return out
}

// render renders the notice of one event the way the store does.
func render(t *testing.T, ev haoban.NewEvent, others []haoban.NewEvent, src notices.Source) (haoban.NoticeKind, notices.Rendered) {
	t.Helper()
	facts := notices.Facts(append(others, ev))
	if len(facts) == 0 {
		t.Fatalf("%s is told nobody", ev.Type)
	}
	f := facts[len(facts)-1]
	r, err := notices.Render(templates(t)[f.Kind], notices.DataOf(f, src))
	if err != nil {
		t.Fatal(err)
	}
	return f.Kind, r
}

func source() notices.Source {
	return notices.Source{
		Case: haoban.Case{ID: "c0ffee00-0000-4000-8000-000000000001", BundleName: "开办餐饮店",
			SubmittedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, bj),
			Prereview: map[string]any{"results": []any{map[string]any{"item": "fire-check", "outcome": "failed",
				"message": "安全出口数量不足 2 个", "legal_basis": "《建筑设计防火规范》第5.5.8条"}}}},
		Applicant: "李娜", Bundle: demo.OpenRestaurant(), At: time.Date(2026, 3, 5, 23, 30, 0, 0, bj),
		Department: demo.Departments()[1], BaseURL: "https://haoban.example.cn",
		Task: &haoban.Task{ID: "c.fire-check", Item: "fire-check", ItemName: "公众聚集场所投入使用、营业前消防安全检查", Department: "fire",
			Missing: []haoban.Missing{{Kind: haoban.MissingMaterial, Key: "floor-plan", Reason: "未标明安全出口"},
				{Kind: haoban.MissingField, Key: "venue.exits"}}},
	}
}

func TestRenderEachKind(t *testing.T) {
	src := source()
	answer := time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		ev     haoban.NewEvent
		others []haoban.NewEvent
		kind   haoban.NoticeKind
		says   []string
	}{
		{haoban.NewEvent{Type: haoban.EventPrereviewed}, nil, haoban.KindAccepted,
			[]string{"已受理", "办件编号 c0ffee00-0000-4000-8000-000000000001", "2026年3月2日", "2026年3月5日", "李娜"}},
		{haoban.NewEvent{Type: haoban.EventNotAccepted, Detail: map[string]any{"reasons": []any{"缺少身份证件", "经营场所不在本市"}}},
			[]haoban.NewEvent{{Type: haoban.EventPrereviewed}}, haoban.KindNotAccepted, []string{"不予受理", "1. 缺少身份证件", "2. 经营场所不在本市"}},
		{haoban.NewEvent{Type: haoban.EventSupplementRequested, Detail: map[string]any{"task": "c.fire-check", "comment": "请补充"}}, nil,
			haoban.KindSupplementRequested, []string{"1. 场所平面布置图：未标明安全出口", "2. 安全出口数量", "2026年4月2日 前", "消防救援支队", "审查意见：请补充"}},
		{haoban.NewEvent{Type: haoban.EventTaskDecided, Detail: map[string]any{"task": "c.fire-check", "decision": "reject", "comment": "疏散通道被占用"}}, nil,
			haoban.KindItemDecided, []string{"不予许可", "1. 疏散通道被占用", "2. 安全出口数量不足 2 个", "《建筑设计防火规范》第5.5.8条；《中华人民共和国行政许可法》第三十八条第二款",
				"自知道该决定之日起 60 日内向", "人民政府申请行政复议", "自知道该决定之日起 6 个月内向", "人民法院提起行政诉讼"}},
		{haoban.NewEvent{Type: haoban.EventTaskDecided, Detail: map[string]any{"task": "c.fire-check", "decision": "approve", "comment": "符合要求"}}, nil,
			haoban.KindItemDecided, []string{"准予许可", "准予行政许可", "审查意见：符合要求"}},
		{haoban.NewEvent{Type: haoban.EventLicenceIssued, Detail: map[string]any{"item": "fire-check", "number": "XF-2026-0001"}}, nil,
			haoban.KindLicenceIssued, []string{"「公众聚集场所投入使用、营业前消防安全检查合格证」已签发", "证照编号 XF-2026-0001", "https://haoban.example.cn/licences"}},
		{haoban.NewEvent{Type: haoban.EventCompleted, Detail: map[string]any{"outcome": "partially_approved"}}, nil,
			haoban.KindCaseCompleted, []string{"已办结", "部分准予许可"}},
		{haoban.NewEvent{Type: haoban.EventDeadlineExtended, Detail: map[string]any{"task": "c.fire-check", "days": float64(10), "reason": "需现场复查"}}, nil,
			haoban.KindPeriodExtended, []string{"延长 10 个工作日", "理由：需现场复查", "第四十二条"}},
		{haoban.NewEvent{Type: haoban.EventClockSuspended, Detail: map[string]any{"task": "c.fire-check", "reason": "expert_review", "note": "委托第三方评审"}}, nil,
			haoban.KindClockSuspended, []string{"进行专家评审", "不计入审查期限", "说明：委托第三方评审", "第四十五条"}},
		{haoban.NewEvent{Type: haoban.EventWithdrawn, Detail: map[string]any{"reason": "选址变更"}}, nil,
			haoban.KindWithdrawn, []string{"已撤回", "撤回理由：选址变更"}},
	} {
		s := src
		if c.kind == haoban.KindSupplementRequested {
			s.AnswerBy = &answer
		}
		kind, r := render(t, c.ev, c.others, s)
		if kind != c.kind {
			t.Errorf("%s is told as %s, want %s", c.ev.Type, kind, c.kind)
		}
		all := r.Subject + "\n" + r.Body
		for _, want := range c.says {
			if !strings.Contains(all, want) {
				t.Errorf("%s does not say %q:\n%s", c.kind, want, all)
			}
		}
		// Names, never codes.
		for _, code := range []string{"fire-check", "floor-plan", "venue.exits", "expert_review", "partially_approved", "<no value>"} {
			if strings.Contains(all, code) {
				t.Errorf("%s shows %q:\n%s", c.kind, code, all)
			}
		}
	}
}

// A pre-review that refuses to accept the case is not also an acceptance;
// events the applicant is not told of give no notice.
func TestFacts(t *testing.T) {
	pre := haoban.NewEvent{Type: haoban.EventPrereviewed}
	na := haoban.NewEvent{Type: haoban.EventNotAccepted}
	if fs := notices.Facts([]haoban.NewEvent{pre, na}); len(fs) != 1 || fs[0].Kind != haoban.KindNotAccepted {
		t.Errorf("a refusal to accept is told as %+v", fs)
	}
	quiet := []haoban.NewEvent{{Type: haoban.EventTaskClaimed}, {Type: haoban.EventReminder}, {Type: haoban.EventSubmitted}, {Type: haoban.EventTaskOpened}}
	if fs := notices.Facts(quiet); len(fs) != 0 {
		t.Errorf("internal events are told: %+v", fs)
	}
}

func TestRenderRefusesABrokenTemplate(t *testing.T) {
	for _, tpl := range []notices.Template{{Kind: "x", Subject: "{{.Nope}}", Body: "b"}, {Kind: "x", Subject: "s", Body: "{{if}}"}} {
		if _, err := notices.Render(tpl, notices.Data{}); err == nil {
			t.Errorf("%+v rendered", tpl)
		}
	}
}

func TestSMSDueWaitsOutQuietHours(t *testing.T) {
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, bj) }
	for _, c := range []struct {
		at    time.Time
		legal bool
		want  time.Time
	}{
		{at(5, 21, 59), false, at(5, 21, 59)},
		{at(5, 22, 0), false, at(6, 8, 0)},
		{at(5, 23, 30), false, at(6, 8, 0)},
		{at(6, 0, 0), false, at(6, 8, 0)}, // past midnight: the same morning
		{at(6, 7, 59), false, at(6, 8, 0)},
		{at(6, 8, 0), false, at(6, 8, 0)},
		{at(5, 23, 30), true, at(5, 23, 30)}, // a legal notice is never held
		// The hours are Beijing's, whatever zone the time is given in.
		{time.Date(2026, 3, 5, 14, 30, 0, 0, time.UTC), false, at(6, 8, 0)},
		{time.Date(2026, 3, 5, 13, 59, 0, 0, time.UTC), false, time.Date(2026, 3, 5, 13, 59, 0, 0, time.UTC)},
	} {
		if got := notices.SMSDue(c.at, c.legal); !got.Equal(c.want) {
			t.Errorf("SMS at %s (legal %v) due %s, want %s", c.at, c.legal, got, c.want)
		}
	}
}

func TestDateHasTheYear(t *testing.T) {
	if got := notices.Date(time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)); got != "2027年1月1日" {
		t.Errorf("Date = %s, want the day in Beijing with its year", got)
	}
}
