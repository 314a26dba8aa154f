package e2e_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestApplicantCaseListPages: 我的办件 has more cases than a page; walking
// the pages of the API and of the page finds each case exactly once with
// the total on every page; the list filters by state, searches, counts,
// and highlights the case awaiting the applicant's supplement.
func TestApplicantCaseListPages(t *testing.T) {
	s := startSystem(t)
	zw, health := s.login("zhang-wei"), s.login("reviewer-health")
	const n = 5
	form := readForm(t, "../testdata/newborn.json")
	waiting := s.newbornCase(zw, "list-0")
	ids := map[string]bool{waiting: true}
	for i := 1; i < n; i++ {
		r := s.must(201, s.call("POST", "/api/v1/cases", zw, map[string]any{"bundle": "newborn", "form": form, "confirm_duplicate": true},
			"Idempotency-Key", fmt.Sprintf("list-%d", i)))
		ids[r.body["id"].(string)] = true
	}
	bc := "/api/v1/tasks/" + taskID(waiting, "birth-certificate")
	s.must(200, s.call("POST", bc+"/claim", health, nil))
	s.must(200, s.call("POST", bc+"/decision", health, map[string]any{"decision": "supplement",
		"missing": []map[string]string{{"kind": "field", "key": "child.name", "reason": "请填写户籍登记用名"}}}, "Idempotency-Key", "ask"))
	s.waitCase(zw, waiting, "the supplement request", func(c map[string]any) bool { return c["status"] == "awaiting_supplement" })

	t.Run("APIPages", func(t *testing.T) {
		seen := map[string]int{}
		path := "/api/v1/cases?limit=2"
		for pages := 0; path != ""; pages++ {
			body := s.must(200, s.call("GET", path, zw, nil)).body
			if body["total"] != float64(n) || pages > n {
				t.Fatalf("page %d: total %v", pages, body["total"])
			}
			for _, c := range body["cases"].([]any) {
				k := c.(map[string]any)
				seen[k["id"].(string)]++
				if k["subject"] == "" || k["next_step"] == "" || k["applicant_name"] == "" {
					t.Errorf("listed case %v", k)
				}
			}
			path = ""
			if next := body["next_cursor"].(string); next != "" {
				path = "/api/v1/cases?limit=2&cursor=" + url.QueryEscape(next)
			}
		}
		checkOnce(t, seen, ids)
		s.must(400, s.call("GET", "/api/v1/cases?cursor=not-ours", zw, nil))
		if r := s.must(200, s.call("GET", "/api/v1/cases?status=awaiting_supplement", zw, nil)).body; r["total"] != float64(1) {
			t.Errorf("awaiting supplement: %v", r)
		}
	})

	t.Run("PagePages", func(t *testing.T) {
		b := s.browse(t, "zhang-wei")
		row := regexp.MustCompile(`<li class="row[^"]*" data-case="([^"]+)"`)
		next := regexp.MustCompile(`id="next-page" rel="next" href="([^"]+)"`)
		seen := map[string]int{}
		path := "/cases?limit=2"
		for pages := 0; path != ""; pages++ {
			page := b.get(path, 200)
			mustShow(t, "我的办件", page, fmt.Sprintf("共 %d 件", n), "办件编号", "收件日期", "下一步", "待补正（1）")
			if pages > n {
				t.Fatal("the pages do not end")
			}
			for _, m := range row.FindAllStringSubmatch(page, -1) {
				seen[m[1]]++
			}
			path = ""
			if m := next.FindStringSubmatch(page); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		checkOnce(t, seen, ids)

		filtered := b.get("/cases?status=awaiting_supplement", 200)
		if got := row.FindAllStringSubmatch(filtered, -1); len(got) != 1 || got[0][1] != waiting {
			t.Errorf("the awaiting filter lists %v", got)
		}
		if !strings.Contains(filtered, `class="row attention"`) || !strings.Contains(filtered, `href="/cases/`+waiting+`#supplement">去补正`) {
			t.Errorf("the case awaiting a supplement is not highlighted with 去补正: %.2000s", filtered)
		}
		mustShow(t, "the waiting case", filtered, "请补正：出生医学证明")
		if got := row.FindAllStringSubmatch(b.get("/cases?q="+waiting, 200), -1); len(got) != 1 {
			t.Errorf("searching a case number finds %d cases", len(got))
		}
	})
}

func checkOnce(t *testing.T, seen map[string]int, want map[string]bool) {
	t.Helper()
	if len(seen) != len(want) {
		t.Errorf("saw %d cases, want %d: %v", len(seen), len(want), seen)
	}
	for id, k := range seen {
		if k != 1 || !want[id] {
			t.Errorf("case %s listed %d times (one of ours: %v)", id, k, want[id])
		}
	}
}
