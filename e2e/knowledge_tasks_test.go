package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// TestKnowledgeTasksAPI: a gap 小申 could not answer opens a task for the
// item's department, on its board with 5 working days; another
// department's reviewer and an applicant are refused; the department's
// editor closes it with the entry written for it, once.
func TestKnowledgeTasksAPI(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	tuesday := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(tuesday)
	gap := haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "食品经营许可证能加急吗？", Item: "food-licence", Key: "ask:kt-1"}
	for range 2 {
		if err := s.api.App.KnowledgeTasks.OpenGap(ctx, gap); err != nil {
			t.Fatal(err)
		}
	}
	samr, fire, editor, li, boss := s.login("reviewer-samr"), s.login("reviewer-fire"), s.login("editor-samr"), s.login("li-na"), s.login("supervisor")

	list := s.must(200, s.call("GET", "/api/v1/knowledge-tasks", samr, nil))
	open, _ := list.body["open"].([]any)
	if len(open) != 1 {
		t.Fatalf("samr's tasks %s", list.raw)
	}
	task := open[0].(map[string]any)
	id, _ := task["id"].(string)
	if clock, _ := task["clock"].(map[string]any); clock["remaining_days"] != 5.0 || task["department"] != "samr" {
		t.Fatalf("task %v", task)
	}

	board := s.must(200, s.call("GET", "/api/v1/supervision/tasks?state=all", boss, nil))
	if !strings.Contains(string(board.raw), "食品经营许可证能加急吗") {
		t.Errorf("the board lacks the knowledge task: %s", board.raw)
	}

	t.Run("ErrForbidden", func(t *testing.T) {
		if r := s.call("GET", "/api/v1/knowledge-tasks?department=samr", fire, nil); r.status != 403 {
			t.Errorf("another department's reviewer lists: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/knowledge-tasks/"+id+"/close", fire, map[string]any{"dismiss": true, "reason": "不是我们的"}); r.status != 403 {
			t.Errorf("another department's reviewer closes: %d %s", r.status, r.raw)
		}
		if r := s.call("GET", "/api/v1/knowledge-tasks", li, nil); r.status != 403 {
			t.Errorf("an applicant lists: %d", r.status)
		}
		if r := s.call("POST", "/api/v1/knowledge-tasks/"+id+"/close", li, map[string]any{"dismiss": true, "reason": "x"}); r.status != 403 {
			t.Errorf("an applicant closes: %d", r.status)
		}
	})

	const entry = "6d1f0c2a-4b3e-4f5a-9c8d-7e6f5a4b3c2d"
	if _, err := s.store.Pool().Exec(ctx, `INSERT INTO knowledge_entries (id, kind, ref, title, body, department, version,
		effective_from, status, author, updated_at) VALUES ($1::uuid, 'qa', $1::text, '食品经营许可证能加急吗', '可以申请告知承诺', 'samr', 1, $2,
		'published', 'editor-samr', $2)`, entry, tuesday); err != nil {
		t.Fatal(err)
	}
	if r := s.call("POST", "/api/v1/knowledge-tasks/"+id+"/close", editor, map[string]any{"entry": "no-such-entry"}); r.status != 400 {
		t.Errorf("closing with an unknown entry: %d %s", r.status, r.raw)
	}
	closed := s.must(200, s.call("POST", "/api/v1/knowledge-tasks/"+id+"/close", editor, map[string]any{"entry": entry}))
	if closed.body["status"] != "done" || closed.body["entry"] != entry {
		t.Fatalf("closed %s", closed.raw)
	}
	if r := s.call("POST", "/api/v1/knowledge-tasks/"+id+"/close", editor, map[string]any{"entry": entry}); r.status != 409 {
		t.Errorf("closing twice: %d", r.status)
	}

	// A new version of the restaurant bundle takes effect tomorrow at
	// midnight, and the knowledge base has not been rebuilt for it.
	if _, err := s.store.Pool().Exec(ctx, `INSERT INTO catalogue_versions (bundle, version, state, body, effective_from, created_by,
		created_at, published_by, published_at)
		SELECT bundle, (SELECT max(version) + 1 FROM catalogue_versions WHERE bundle = 'open-restaurant'), 'published', body, $1,
			'catalogue-admin', $2, 'catalogue-admin', $2
		FROM catalogue_versions WHERE bundle = 'open-restaurant' AND state = 'published' ORDER BY version DESC LIMIT 1`,
		time.Date(2026, 3, 4, 0, 0, 0, 0, haoban.Beijing), tuesday); err != nil {
		t.Fatal(err)
	}
	board = s.must(200, s.call("GET", "/api/v1/supervision/tasks?state=all", boss, nil))
	kb, _ := board.body["knowledge"].(map[string]any)
	warnings, _ := kb["publication_warnings"].([]any)
	if len(warnings) != 1 || warnings[0].(map[string]any)["ref"] != "open-restaurant" {
		t.Fatalf("publication warnings %v", kb)
	}
	if tasks, _ := kb["tasks"].([]any); len(tasks) != 0 {
		t.Errorf("the closed task is still on the board: %v", tasks)
	}
	// Once the knowledge base holds the new version's entries, the warning goes.
	if err := s.store.RebuildKnowledge(ctx, tuesday); err != nil {
		t.Fatal(err)
	}
	board = s.must(200, s.call("GET", "/api/v1/supervision/tasks?state=all", boss, nil))
	if kb, _ := board.body["knowledge"].(map[string]any); len(kb["publication_warnings"].([]any)) != 0 {
		t.Errorf("publication warnings after the rebuild: %v", kb)
	}
}

// TestKnowledgeTasksPage: the department's page lists the task; a form
// sent without a choice is refused with one summary linking to the field;
// the editor dismisses the task with a reason.
func TestKnowledgeTasksPage(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	task, err := s.api.App.KnowledgeTasks.Open(ctx, haoban.KnowledgeGap{Source: haoban.GapHelper, Question: "营业执照可以邮寄吗？",
		Answer: "可以选择邮寄送达。", Item: "business-licence", Key: "help:kt-page"})
	if err != nil {
		t.Fatal(err)
	}
	supervisor := s.browse(t, "supervisor")
	if board := stripTags(supervisor.get("/board", 200)); !strings.Contains(board, "营业执照可以邮寄吗？ · 剩余 5 个工作日") {
		t.Errorf("the board's knowledge section lacks the task")
	}
	b := s.browse(t, "editor-samr")
	page := stripTags(b.get("/staff/knowledge-tasks", 200))
	for _, want := range []string{"营业执照可以邮寄吗", "可以选择邮寄送达", "帮办人员标记值得收录", "剩余 5 个工作日", "营业执照（设立登记）"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	postForm(t, b, "/staff/knowledge-tasks/"+task.ID+"/close", url.Values{}, 400)
	page = postForm(t, b, "/staff/knowledge-tasks/"+task.ID+"/close", url.Values{"outcome": {"dismiss"}}, 400)
	if !strings.Contains(page, `href="#f-reason-`+task.ID+`"`) {
		t.Errorf("the summary does not link to the reason")
	}
	page = stripTags(b.post("/staff/knowledge-tasks/"+task.ID+"/close", url.Values{"outcome": {"dismiss"}, "reason": {"办事指南已写明"}}, 200))
	if !strings.Contains(page, "任务已驳回") || !strings.Contains(page, "办事指南已写明") {
		t.Errorf("after dismissing: %.600s", page)
	}
	if board := supervisor.get("/board", 200); strings.Contains(board, `id="knowledge-tasks"`) {
		t.Errorf("the board's knowledge section is still there with no open task")
	}
	other := s.browse(t, "reviewer-fire")
	other.get("/staff/knowledge-tasks?department=samr", 403)

	// The editor writes the entry, then picks it by its title to close
	// the next task: no entry number to copy.
	next, err := s.api.App.KnowledgeTasks.Open(ctx, haoban.KnowledgeGap{Source: haoban.GapAssistant, Question: "营业执照能加急吗？",
		Item: "business-licence", Key: "assistant:kt-page"})
	if err != nil {
		t.Fatal(err)
	}
	entry := s.must(200, s.call("POST", "/api/v1/admin/knowledge", s.login("editor-samr"), map[string]any{"title": "营业执照能否加急办理",
		"body": "营业执照一个工作日内办结，无需加急。", "department": "samr", "publish": true}, "Idempotency-Key", "kt-page")).body["id"].(string)
	picker := b.get("/staff/knowledge-tasks", 200)
	if !strings.Contains(picker, `<select id="f-entry-`+next.ID+`" name="entry"`) || !strings.Contains(picker, "营业执照能否加急办理") {
		t.Fatalf("the close form offers no entry to pick by title:\n%s", picker)
	}
	if done := stripTags(b.post("/staff/knowledge-tasks/"+next.ID+"/close", url.Values{"outcome": {"done"}, "entry": {entry}}, 200)); !strings.Contains(done, "已关联知识条目") {
		t.Errorf("after picking the entry: %.600s", done)
	}
}

// TestLeaderSessionsAPI: a leader records their own session once per key
// and reads their own row; a leader cannot record for another; the
// supervisor reads every leader, the one without a session flagged; an
// applicant and a reviewer are refused.
func TestLeaderSessionsAPI(t *testing.T) {
	s := startSystem(t)
	at := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	leader, boss, li, samr := s.login("leader-samr"), s.login("supervisor"), s.login("li-na"), s.login("reviewer-samr")
	in := map[string]any{"applicant_name": "上海好味餐饮有限公司", "item": "food-licence",
		"started_at": at.Add(-26 * time.Hour), "ended_at": at.Add(-24 * time.Hour), "notes": "现场核查预约等了三天"}
	first := s.must(200, s.call("POST", "/api/v1/leaders/sessions", leader, in, "Idempotency-Key", "ls-1"))
	again := s.must(200, s.call("POST", "/api/v1/leaders/sessions", leader, in, "Idempotency-Key", "ls-1"))
	if first.body["id"] != again.body["id"] || first.body["department"] != "samr" {
		t.Fatalf("recorded %s, again %s", first.raw, again.raw)
	}

	t.Run("ErrForbidden", func(t *testing.T) {
		forOther := map[string]any{"leader": "leader-health"}
		for k, v := range in {
			forOther[k] = v
		}
		if r := s.call("POST", "/api/v1/leaders/sessions", leader, forOther, "Idempotency-Key", "ls-2"); r.status != 403 {
			t.Errorf("recording for another leader: %d %s", r.status, r.raw)
		}
		for _, tok := range []string{li, samr} {
			if r := s.call("POST", "/api/v1/leaders/sessions", tok, in, "Idempotency-Key", "ls-3"); r.status != 403 {
				t.Errorf("recording as a non-leader: %d", r.status)
			}
			if r := s.call("GET", "/api/v1/leaders/report", tok, nil); r.status != 403 {
				t.Errorf("reading the report as a non-leader: %d", r.status)
			}
		}
	})

	own := s.must(200, s.call("GET", "/api/v1/leaders/report", leader, nil))
	if rows, _ := own.body["leaders"].([]any); len(rows) != 1 {
		t.Fatalf("a leader's own report %s", own.raw)
	}
	all := s.must(200, s.call("GET", "/api/v1/leaders/report", boss, nil))
	rows, _ := all.body["leaders"].([]any)
	none := map[string]bool{}
	for _, r := range rows {
		row := r.(map[string]any)
		l, _ := row["leader"].(map[string]any)
		none[l["id"].(string)] = row["none"] == true
	}
	if len(rows) != 2 || none["leader-samr"] || !none["leader-health"] {
		t.Fatalf("report %s", all.raw)
	}
}

// TestLeadersPage: a leader records a session through the form; a form
// missing its applicant and item is refused with one summary.
func TestLeadersPage(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing))
	b := s.browse(t, "leader-health")
	page := b.get("/staff/leaders", 200)
	key := field(t, page, "key")
	postForm(t, b, "/staff/leaders/sessions", url.Values{"key": {key}, "started_at": {"2026-03-02T09:00"}, "ended_at": {"2026-03-02T11:00"}}, 400)
	page = stripTags(b.post("/staff/leaders/sessions", url.Values{"key": {key}, "applicant_name": {"张伟"}, "item": {"birth-certificate"},
		"started_at": {"2026-03-02T09:00"}, "ended_at": {"2026-03-02T11:00"}, "notes": {"出生医学证明当天办结"}}, 200))
	for _, want := range []string{"帮办记录已保存", "本年度 1 次", "出生医学证明当天办结"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	s.browse(t, "zhang-wei").get("/staff/leaders", 403)
}

// TestKnowledgeAndLeaderPagesWalk holds the knowledge tasks' page, the
// leaders' page and the board's knowledge section to the house rules at a
// phone's and a desktop's width: no sideways scrolling, no internal code
// in the text, no serious axe-core violation.
func TestKnowledgeAndLeaderPagesWalk(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)
	s.clock.Set(at)
	for _, gap := range []haoban.KnowledgeGap{
		{Source: haoban.GapAssistant, Question: "食品经营许可证能加急吗？", Item: "food-licence", Key: "walk-1"},
		{Source: haoban.GapHelper, Question: "办事大厅几点开门？", Answer: "工作日 9:00 至 17:00。", Key: "walk-2"},
	} {
		if err := s.api.App.KnowledgeTasks.OpenGap(ctx, gap); err != nil {
			t.Fatal(err)
		}
	}
	s.must(200, s.call("POST", "/api/v1/leaders/sessions", s.login("leader-samr"), map[string]any{"applicant_name": "上海好味餐饮有限公司",
		"item": "food-licence", "started_at": at.Add(-26 * time.Hour), "ended_at": at.Add(-24 * time.Hour)}, "Idempotency-Key", "walk"))
	codes, axe := internalCodes(), axeSource(t)
	for _, role := range []struct{ user, path string }{
		{"editor-samr", "/staff/knowledge-tasks"}, {"catalogue-admin", "/staff/knowledge-tasks"},
		{"supervisor", "/staff/knowledge-tasks"}, {"supervisor", "/board"}, {"supervisor", "/staff/leaders"},
		{"leader-samr", "/staff/leaders"},
	} {
		t.Run(role.user+role.path, func(t *testing.T) {
			bctx := openBrowser(t, role.user)
			run(t, bctx, "sign in", signIn(s, role.user))
			for _, width := range []int64{390, 1366} {
				run(t, bctx, "viewport", chromedp.EmulateViewport(width, 900))
				checkPage(t, bctx, s.base+role.path, codes, axe)
			}
		})
	}
}
