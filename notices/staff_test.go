package notices_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/notices"
)

func TestMentions(t *testing.T) {
	people := []haoban.User{{ID: "reviewer-samr", Name: "张伟（市场监督管理局）"}, {ID: "reviewer-samr-2", Name: "王磊（市场监督管理局）"},
		{ID: "supervisor", Name: "周敏（督办）"}, {ID: "wang", Name: "王磊磊"}}
	ids := func(us []haoban.User) (out []string) {
		for _, u := range us {
			out = append(out, u.ID)
		}
		return out
	}
	for _, c := range []struct {
		body string
		want []string
	}{
		{"请@周敏 看一下", []string{"supervisor"}},
		{"@张伟（市场监督管理局）和@reviewer-samr-2 请核对，@张伟 再看", []string{"reviewer-samr", "reviewer-samr-2"}},
		{"@王磊磊复核", []string{"wang"}}, // the longest name named
		{"@reviewer-samr.", []string{"reviewer-samr"}},
		{"@reviewer-samrx 和 user@example.cn", nil},
		{"没有提到谁", nil},
	} {
		if got := ids(notices.Mentions(c.body, people)); !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.body, got, c.want)
		}
	}
}

func TestOpenedTasks(t *testing.T) {
	opened := func(id string) haoban.NewEvent {
		return haoban.NewEvent{Type: haoban.EventTaskOpened, Detail: map[string]any{"task": id}}
	}
	task := func(id string, st haoban.TaskStatus) haoban.TaskRow {
		return haoban.TaskRow{Task: haoban.Task{ID: id, Status: st}}
	}
	events := []haoban.NewEvent{opened("c.a"), opened("c.b"), {Type: haoban.EventTaskDecided, Detail: map[string]any{"task": "c.b"}}}
	got := notices.OpenedTasks(events, []haoban.TaskRow{task("c.a", haoban.TaskOpen), task("c.b", haoban.TaskApproved)})
	if len(got) != 1 || got[0].ID != "c.a" {
		t.Fatalf("opened %+v, want c.a only (c.b was approved at once)", got)
	}
}

func TestStaffTemplatesRender(t *testing.T) {
	d := notices.StaffData(haoban.Case{ID: "2026-0001", BundleName: "开餐馆"}, "食品经营许可", "市场监督管理局",
		time.Date(2026, 3, 5, 9, 0, 0, 0, bj), "/tasks/x")
	d.Author, d.Comment = "张伟", "@周敏 请看"
	all := templates(t)
	for _, k := range []haoban.NoticeKind{haoban.KindNewTask, haoban.KindMention} {
		r, err := notices.Render(all[k], d)
		if err != nil || r.Subject == "" {
			t.Fatalf("%s: %+v, %v", k, r, err)
		}
		for _, want := range []string{"食品经营许可", "2026-0001", "/tasks/x", "2026年3月5日"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("%s lacks %q: %s", k, want, r.Body)
			}
		}
	}
	if r, _ := notices.Render(all[haoban.KindMention], d); !strings.Contains(r.Subject+r.Body, "张伟") || !strings.Contains(r.Body, "@周敏 请看") {
		t.Errorf("the mention does not say who wrote what: %+v", r)
	}
}
