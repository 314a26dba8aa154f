package e2e_test

import (
	"context"
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestStaffDecisionNeverApprovesByMistake: the decision has no default; a
// reject without a reason comes back as a reject, with the typed text and
// the error at its control; with the reason it ends rejected, never
// approved. The page shows names, the item's own fields, a visible release
// button; supervisors read it; other departments and applicants cannot.
func TestStaffDecisionNeverApprovesByMistake(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	form, err := os.ReadFile("../testdata/open-restaurant.json")
	if err != nil {
		t.Fatal(err)
	}
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "staff-1")).body["id"].(string)
	s.waitCase(applicant, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	task := taskID(id, "business-licence")
	samr := s.browse(t, "reviewer-samr")
	page := samr.post("/tasks/"+task+"/claim", url.Values{}, 200)

	if strings.Contains(page, " checked") {
		t.Fatal("the decision form has a choice made for the reviewer")
	}
	for _, want := range []string{"市场监督管理局", "系统自动", `class="secondary">退回待办池`, "营业执照（设立登记）", `name="missing_material" value="legal-rep-id"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the task page lacks %q", want)
		}
	}
	for _, code := range []string{"(system)", "（reviewer-samr）", ">samr<", "（samr）", "食品安全管理人员姓名"} {
		if strings.Contains(page, code) {
			t.Errorf("the task page shows %q", code)
		}
	}

	refused := samr.post("/tasks/"+task+"/decision", url.Values{"key": {field(t, page, "key")}, "decision": {"reject"}, "comment": {" "}}, 400)
	for _, want := range []string{`value="reject" checked`, `href="#f-comment"`, `id="f-comment" name="comment" rows="3" aria-invalid="true" aria-describedby="e-comment"`, `id="e-comment"`, "不予许可必须说明理由"} {
		if !strings.Contains(refused, want) {
			t.Fatalf("the refused decision lacks %q: %.3000s", want, refused)
		}
	}
	if strings.Contains(refused, `value="approve" checked`) {
		t.Fatal("the refused reject came back as an approval")
	}
	done := samr.post("/tasks/"+task+"/decision", url.Values{"key": {field(t, refused, "key")}, "decision": {"reject"},
		"comment": {"经营范围含前置许可项目，须先取得许可"}}, 200)
	if !strings.Contains(done, `id="notice"`) || !strings.Contains(done, "不予许可") {
		t.Fatalf("no confirmation of the decision: %.1500s", done)
	}
	if st := taskStatus(s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body, "business-licence"); st != "rejected" {
		t.Fatalf("the task ended %s, want rejected", st)
	}
	// The refusal ends the case a moment later; until then a second
	// application for the same enterprise is asked to confirm it is no
	// duplicate.
	s.waitCase(applicant, id, "completion", func(c map[string]any) bool { return c["status"] == "completed" })

	t.Run("SupervisorReadsOthersCannot", func(t *testing.T) {
		sup := s.browse(t, "supervisor").get("/tasks/"+task, 200)
		if !strings.Contains(sup, `id="read-only"`) || strings.Contains(sup, `action="/tasks/`+task+`/decision"`) {
			t.Fatalf("the supervisor's task page: %.1500s", sup)
		}
		s.browse(t, "reviewer-fire").get("/tasks/"+task, 403)
		s.browse(t, "li-na").get("/tasks/"+task, 403)
	})
	t.Run("SupplementAsksForMaterials", func(t *testing.T) {
		id2 := s.must(201, s.call("POST", "/api/v1/cases", applicant, form, "Idempotency-Key", "staff-2")).body["id"].(string)
		s.waitCase(applicant, id2, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
		t2 := taskID(id2, "business-licence")
		page := samr.post("/tasks/"+t2+"/claim", url.Values{}, 200)
		samr.post("/tasks/"+t2+"/decision", url.Values{"key": {field(t, page, "key")}, "decision": {"supplement"},
			"missing_material": {"legal-rep-id"}, "mreason-legal-rep-id": {"身份证件照片不清晰"}}, 200)
		c := s.must(200, s.call("GET", "/api/v1/cases/"+id2, applicant, nil)).body
		missing, _ := taskOf(c, "business-licence")["missing"].([]any)
		if len(missing) != 1 || missing[0].(map[string]any)["kind"] != "material" {
			t.Fatalf("asked for %v", missing)
		}
	})
	t.Run("BoardActionKeepsTheFilter", func(t *testing.T) {
		sup := s.browse(t, "supervisor")
		board := sup.get("/board?state=all&department=samr", 200)
		for _, want := range []string{`<option value="samr" selected>市场监督管理局`, `<label for="d-`, `<select id="u-`, ">王磊（市场监督管理局）</option>", "上海好味餐饮有限公司"} {
			if !strings.Contains(board, want) {
				t.Errorf("the board lacks %q", want)
			}
		}
		t2 := regexp.MustCompile(`action="/tasks/([^"/]+)/remind"`).FindStringSubmatch(board)[1]
		after := sup.post("/tasks/"+t2+"/remind", url.Values{"back": {"state=all&department=samr"}}, 200)
		if !strings.Contains(after, "已催办") || !strings.Contains(after, `<option value="samr" selected>`) ||
			!strings.Contains(after, `href="/board?department=samr&amp;state=all" aria-current="page"`) {
			t.Fatalf("after the action: %.2500s", after)
		}
	})
}

// TestStaffInboxWalksEveryPage: more open tasks than a page, through the
// API and the inbox page, each found exactly once, with the total shown.
func TestStaffInboxWalksEveryPage(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 23
	// Tasks opened in threes at the same instant: the ID breaks the tie.
	_, err = conn.Exec(ctx, `INSERT INTO cases (id, bundle, bundle_name, applicant, form, status, submitted_at,
			idempotency_key, request_hash, budget_days)
		SELECT gen_random_uuid(), 'newborn', '新生儿出生一件事', 'zhang-wei', '{}', 'in_review',
			date_trunc('hour', now()) - (i / 3) * interval '1 hour', 'inbox-' || i, 'h', 5
		FROM generate_series(1, $1) i`, n)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `INSERT INTO tasks (id, case_id, item, item_name, department, status, version, opened_at,
			updated_at, budget_days, position)
		SELECT c.id::text || '.hukou', c.id, 'hukou', '户口登记', 'police', 'open', 1, c.submitted_at, now(), 2, 1
		FROM cases c WHERE c.idempotency_key LIKE 'inbox-%'`)
	if err != nil {
		t.Fatal(err)
	}

	token, seen, cursor := s.login("reviewer-police"), map[string]int{}, ""
	for pages := 0; ; pages++ {
		r := s.must(200, s.call("GET", "/api/v1/tasks?limit=5&cursor="+url.QueryEscape(cursor), token, nil)).body
		if r["total"] != float64(n) || pages > n {
			t.Fatalf("total %v after %d pages", r["total"], pages)
		}
		for _, t := range r["tasks"].([]any) {
			seen[t.(map[string]any)["id"].(string)]++
		}
		if cursor = r["next_cursor"].(string); cursor == "" {
			break
		}
	}
	onceEach(t, "the API", seen, n)

	police, onPages := s.browse(t, "reviewer-police"), map[string]int{}
	next := "/inbox?limit=5"
	for pages := 0; next != ""; pages++ {
		page := police.get(next, 200)
		if !strings.Contains(page, "共 23 项") || pages > n {
			t.Fatalf("the inbox page does not show its total: %.1500s", page)
		}
		for _, m := range regexp.MustCompile(`data-task="([^"]+)"`).FindAllStringSubmatch(page, -1) {
			onPages[m[1]]++
		}
		next = ""
		if m := regexp.MustCompile(`id="next-page" href="([^"]+)"`).FindStringSubmatch(page); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	onceEach(t, "the inbox page", onPages, n)
	if page := police.get("/inbox?q=no-such-case", 200); !strings.Contains(page, "共 0 项") {
		t.Fatalf("a search matching nothing: %.800s", page)
	}
}

func onceEach(t *testing.T, where string, seen map[string]int, n int) {
	t.Helper()
	if len(seen) != n {
		t.Fatalf("%s showed %d tasks, want %d", where, len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Fatalf("%s showed %s %d times", where, id, k)
		}
	}
}
