package e2e_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haoban"
)

// opsTuesday is 10:00 on Tuesday 3 March 2026, Beijing time: the
// dashboard's default period is 1 to 3 March.
var opsTuesday = time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)

// countsCases reads the dashboard's JSON and requires the figure to be
// computed over n cases (its denominator): the summary rows are written
// in the transaction that records the case, so there is nothing to wait for.
func (s *system) countsCases(token, key string, n float64) map[string]any {
	s.t.Helper()
	v := s.must(200, s.call("GET", "/api/v1/operations", token, nil)).body
	for _, f := range v["figures"].([]any) {
		if f := f.(map[string]any); f["key"] == key && f["denominator"] == n {
			return f
		}
	}
	s.t.Fatalf("figure %s does not count %v cases: %v", key, n, v["figures"])
	return nil
}

// TestOperationsDashboard: in a browser, at a phone's width and on a
// desktop, the supervisor opens the "799" dashboard, reads a figure's
// definition and state, drills down to the case behind it and opens it;
// the dashboard redraws by itself when a new case is submitted.
func TestOperationsDashboard(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(opsTuesday)
	applicant, boss := s.login("li-na"), s.login("supervisor")
	first := s.newbornCase(applicant, "ops-browser-1")
	s.countsCases(boss, "online", 1)

	ctx := openBrowser(t, "supervisor")
	run(t, ctx, "sign in", signIn(s, "supervisor"))
	codes, axe, dir := internalCodes(), axeSource(t), shotDir(t)
	for _, w := range []int64{1280, 390} {
		run(t, ctx, "viewport "+widthName(w), chromedp.EmulateViewport(w, 900))
		checkPage(t, ctx, s.base+"/staff/operations", codes, axe)
		savePage(t, ctx, dir, "operations-"+widthName(w))
		checkPage(t, ctx, s.base+"/staff/operations/figures/online", codes, axe)
		checkPage(t, ctx, s.base+"/staff/operations/scores", codes, axe)
		checkPage(t, ctx, s.base+"/admin/operations/weights", codes, axe)
	}

	run(t, ctx, "open the dashboard", chromedp.Navigate(s.base+"/staff/operations"), chromedp.WaitVisible(chromedp.CSS(`#figure-online`)))
	card := read(t, ctx, "the online card", chromedp.Text(chromedp.CSS(`#figure-online`)))
	for _, want := range []string{"网办率", "100.0%", "达标", "目标 ≥ 85.0%", "如何计算"} {
		if !strings.Contains(card, want) {
			t.Errorf("the online card lacks %q: %s", want, card)
		}
	}
	run(t, ctx, "read how it is computed", chromedp.Click(chromedp.CSS(`#figure-online summary`)))
	how := read(t, ctx, "definition", chromedp.Text(chromedp.CSS(`#figure-online details`)))
	if !strings.Contains(how, "1 ／ 1") || len([]rune(how)) < 15 {
		t.Errorf("the definition shows no numerator over denominator: %q", how)
	}
	if n := read(t, ctx, "unmeasured cards", chromedp.Evaluate[int](`[...document.querySelectorAll(".op-card.op-unmeasured")].filter(c => c.textContent.includes("尚未计量") && !/\d+\.\d%/.test(c.querySelector(".op-value").textContent)).length`)); n == 0 {
		t.Error("no figure says 尚未计量 (with no number): an unmeasured figure must not be shown as 0")
	}
	if svg := read(t, ctx, "chart", chromedp.Evaluate[string](`document.querySelector("svg.chart title").textContent`)); !strings.Contains(svg, "网办率：100.0%，目标 ≥ 85.0%，达标") {
		t.Errorf("the chart's title lacks the figure's numbers: %s", svg)
	}

	run(t, ctx, "drill down", chromedp.Click(chromedp.CSS(`#figure-online a`)), chromedp.WaitVisible(chromedp.CSS(`#figure-cases`)))
	row := read(t, ctx, "the case's row", chromedp.Text(chromedp.CSS(`#figure-cases tr[data-ref="`+first+`"]`)))
	if !strings.Contains(row, "计入") {
		t.Errorf("the drill-down row does not say it counted: %s", row)
	}
	run(t, ctx, "open the case", chromedp.Click(chromedp.CSS(`#figure-cases tr[data-ref="`+first+`"] a`)),
		chromedp.WaitVisible(chromedp.Search(`//h1`)))
	if at := read(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(at, "/cases/"+first) {
		t.Fatalf("the drill-down's link went to %s", at)
	}

	run(t, ctx, "back to the dashboard", chromedp.Navigate(s.base+"/staff/operations"),
		chromedp.WaitVisible(chromedp.CSS(`#operations-figures[data-connected="true"]`)), markPage())
	s.newbornCase(applicant, "ops-browser-2")
	if !read(t, ctx, "the dashboard redraws", chromedp.Poll[bool](`document.getElementById("old-page") !== null &&
		document.querySelector("#figure-online details").textContent.includes("2 ／ 2")`, chromedp.WithPollingTimeout(20*time.Second))) {
		t.Fatal("the dashboard did not redraw for the new case without a reload")
	}
}

// TestOperationsAPI: the figures as JSON and CSV (with a BOM for Excel,
// unmeasured figures empty, never 0), a figure's cases streamed as CSV,
// the /metrics gauges, the weights and the evaluation; reviewers,
// applicants and nobody are refused.
func TestOperationsAPI(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(opsTuesday)
	applicant, boss, admin, samr := s.login("li-na"), s.login("supervisor"), s.login("admin"), s.login("reviewer-samr")
	id := s.newbornCase(applicant, "ops-api-1")
	s.countsCases(boss, "online", 1)

	t.Run("ErrRefused", func(t *testing.T) {
		for _, path := range []string{"/api/v1/operations", "/api/v1/operations/figures/online/cases", "/api/v1/operations/scores",
			"/api/v1/operations/figures.csv", "/api/v1/operations/figures/online/cases.csv", "/api/v1/operations/events"} {
			for who, tok := range map[string]string{"reviewer": samr, "applicant": applicant} {
				if r := s.call("GET", path, tok, nil); r.status != 403 {
					t.Errorf("%s GET %s: %d", who, path, r.status)
				}
			}
			if r := s.call("GET", path, "", nil); r.status != 401 {
				t.Errorf("nobody GET %s: %d", path, r.status)
			}
		}
	})

	t.Run("FiguresCSV", func(t *testing.T) {
		r := s.must(200, s.call("GET", "/api/v1/operations/figures.csv?from=2026-03-01&to=2026-03-03", admin, nil))
		text := string(r.raw)
		if !strings.HasPrefix(text, "\uFEFF范围,") {
			t.Fatalf("the export lacks its BOM and header: %.80q", text)
		}
		if !regexp.MustCompile(`(?m)^全部,online,网办率,ratio,1,1,1,,≥0\.85,达标,`).MatchString(text) {
			t.Errorf("the online figure's line is wrong:\n%s", text)
		}
		if !regexp.MustCompile(`(?m)^全部,apply_minutes,[^,]*,minutes,,,,,≤20,尚未计量,`).MatchString(text) {
			t.Errorf("an unmeasured figure must have empty numbers, not 0:\n%s", text)
		}
	})

	t.Run("CasesCSV", func(t *testing.T) {
		r := s.must(200, s.call("GET", "/api/v1/operations/figures/online/cases.csv", boss, nil))
		if !strings.HasPrefix(string(r.raw), "\uFEFF编号,") || !strings.Contains(string(r.raw), id+",case,") {
			t.Fatalf("the cases export: %s", r.raw)
		}
		if r := s.call("GET", "/api/v1/operations/figures/nope/cases.csv", boss, nil); r.status != 404 {
			t.Errorf("an unknown figure's export: %d %s", r.status, r.raw)
		}
	})

	t.Run("Drill", func(t *testing.T) {
		v := s.must(200, s.call("GET", "/api/v1/operations/figures/online/cases?limit=10", boss, nil)).body
		cases, _ := v["cases"].([]any)
		if len(cases) != 1 || cases[0].(map[string]any)["ref"] != id || v["total"] != 1.0 {
			t.Fatalf("drill-down %v", v)
		}
	})

	t.Run("Metrics", func(t *testing.T) {
		m := string(s.must(200, s.call("GET", "/metrics", "", nil)).raw)
		if !strings.Contains(m, `haoban_operations_figure{department="all",figure="online"} 1`) {
			t.Errorf("metrics lack the online figure:\n%s", grepLines(m, "haoban_operations_figure"))
		}
		if strings.Contains(m, `figure="apply_minutes"`) {
			t.Errorf("an unmeasured figure is exported:\n%s", grepLines(m, "haoban_operations_figure"))
		}
	})

	t.Run("Weights", func(t *testing.T) {
		b := s.browse(t, "admin")
		page := b.get("/admin/operations/weights", 200)
		if !strings.Contains(page, `id="f-weight-online"`) || !strings.Contains(page, "网办率") {
			t.Fatalf("the weights page lacks the online weight: %.1500s", page)
		}
		refused := postForm(t, b, "/admin/operations/weights", url.Values{"weight-online": {"-1"}, "weight-prefill": {"abc"}}, 400)
		if !strings.Contains(refused, `href="#f-weight-online"`) || !strings.Contains(refused, `href="#f-weight-prefill"`) ||
			strings.Count(refused, `role="alert"`) != 1 || !strings.Contains(refused, `value="-1"`) {
			t.Fatalf("a refused form shows no one summary linked to its fields: %.3000s", refused)
		}
		done := postForm(t, b, "/admin/operations/weights", url.Values{"weight-online": {"3"}}, 200)
		if !strings.Contains(done, "权重已发布") || !strings.Contains(done, `value="3"`) {
			t.Fatalf("saved weights: %.2000s", done)
		}
		sup := s.browse(t, "supervisor")
		if page := sup.get("/admin/operations/weights", 200); !strings.Contains(page, "readonly") {
			t.Error("the supervisor may edit the weights")
		}
		sup.post("/admin/operations/weights", url.Values{"weight-online": {"1"}}, 403)
		var n int
		if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit WHERE action = 'operations.weights' AND actor = 'admin'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("audit entries of the weights: %d, %v", n, err)
		}
	})

	t.Run("Scores", func(t *testing.T) {
		v := s.must(200, s.call("GET", "/api/v1/operations/scores?month=2026-03", boss, nil)).body
		if v["month"] != "2026-03" || len(v["rows"].([]any)) == 0 {
			t.Fatalf("scores %v", v)
		}
		if r := s.call("GET", "/api/v1/operations/scores?month=2026-13", boss, nil); r.status != 400 && r.status != 422 {
			t.Errorf("a bad month: %d", r.status)
		}
		page := s.browse(t, "supervisor").get("/staff/operations/scores?month=2026-03", 200)
		if !strings.Contains(page, "min（实际值 ÷ 目标, 1）") || !strings.Contains(page, "卫生健康委员会") {
			t.Errorf("the scores page lacks the formula or the departments' names: %.2000s", stripTags(page))
		}
	})
}
