package postgres_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

func march() haoban.FigureQuery {
	return haoban.FigureQuery{From: bj(3, 1, 0, 0), To: bj(4, 1, 0, 0)}
}

// TestOperationsFigures checks the case figures over the fixed history
// against the values counted by hand.
func TestOperationsFigures(t *testing.T) {
	s := openStore(t)
	h := writeHistory(t, s)
	rows, err := s.CaseFigureCounts(h.ctx, march(), "department")
	if err != nil {
		t.Fatal(err)
	}
	got := rows[0]
	// Six cases in March (A, B, C, C2, D, E), five of them online or mobile.
	// Prefill: A .8, B .6, C .7, C2 .9, E .5 → five, summing 3.5.
	// First pass: the first submissions judged are A, B, C, E (D withdrawn
	// before acceptance, C2 a resubmission); A and E passed.
	// Apply time: the first submissions A 10, B 30, C 20, D 40, E 5 minutes:
	// 105 over five, p90 30 + 0.6 × (40 − 30) = 36 minutes.
	// On time: A's birth certificate yes, B's 户口 no.
	want := haoban.CaseFigureCounts{Cases: 6, Online: 5, Prefilled: 5, PrefillSum: 3.5, Judged: 4, FirstPass: 2,
		Applied: 5, ApplySeconds: 105 * 60, ApplyP90: 36 * 60, Decided: 2, OnTime: 1}
	sameCounts(t, "city", got, want)

	byDept := map[string]haoban.CaseFigureCounts{}
	for _, r := range rows[1:] {
		byDept[r.Key] = r
	}
	if len(byDept) != 4 || byDept["health"].Name != "卫生健康委员会" {
		t.Fatalf("department rows: %+v", rows[1:])
	}
	// Every newborn case has a task in each department; the decisions differ.
	health := want
	health.Key, health.Name, health.Decided, health.OnTime = "health", "卫生健康委员会", 1, 1
	sameCounts(t, "health", byDept["health"], health)
	police := want
	police.Key, police.Name, police.Decided, police.OnTime = "police", "公安局", 1, 0
	sameCounts(t, "police", byDept["police"], police)

	win, err := s.CaseFigureCounts(h.ctx, march(), "window")
	if err != nil || len(win) != 2 {
		t.Fatalf("window rows: %+v (%v)", win, err)
	}
	sameCounts(t, "window", win[1], haoban.CaseFigureCounts{Key: "一号窗口", Name: "一号窗口", Cases: 1, Prefilled: 1,
		PrefillSum: 0.5, Judged: 1, FirstPass: 1, Applied: 1, ApplySeconds: 300, ApplyP90: 300})

	one := march()
	one.Department, one.Item = "police", "hukou"
	items, err := s.CaseFigureCounts(h.ctx, one, "item")
	if err != nil || len(items) != 2 || items[1].Name != "户口登记" {
		t.Fatalf("item rows: %+v (%v)", items, err)
	}
	sameCounts(t, "hukou", items[0], haoban.CaseFigureCounts{Cases: 6, Online: 5, Prefilled: 5, PrefillSum: 3.5, Judged: 4,
		FirstPass: 2, Applied: 5, ApplySeconds: 105 * 60, ApplyP90: 36 * 60, Decided: 1})

	t.Run("Drill", func(t *testing.T) {
		var seen []haoban.FigureCase
		cursor := ""
		for range 5 {
			page, next, total, err := s.FigureCases(h.ctx, "first_pass", march(), cursor, 3)
			if err != nil || total != 4 {
				t.Fatalf("first pass cases: %d (%v)", total, err)
			}
			seen = append(seen, page...)
			if cursor = next; cursor == "" {
				break
			}
		}
		in := 0
		for _, c := range seen {
			if c.In {
				in++
			}
			if c.Ref == h.cases["C"] && c.Why != "首次提交不予受理" || c.Ref == h.cases["B"] && c.Why != "受理后被要求补正" {
				t.Errorf("case %s: %q", c.Title, c.Why)
			}
		}
		if len(seen) != 4 || in != 2 || seen[0].Ref != h.cases["A"] || seen[0].Title != "新生儿出生一件事" {
			t.Fatalf("drill-down: %+v", seen)
		}
		late, _, total, err := s.FigureCases(h.ctx, "on_time", march(), "", 10)
		if err != nil || total != 2 || late[1].In || late[1].Ref != h.cases["B"] || late[1].DepartmentName != "公安局" {
			t.Fatalf("on-time cases: %+v (%v)", late, err)
		}
		if _, _, _, err := s.FigureCases(h.ctx, "first_pass", march(), "garbage", 3); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("a bad cursor: %v", err)
		}
	})
}

// TestOperationsSummariesMatchRawScan compares the summary tables with a
// direct scan of the raw tables, over the history and again after
// BackfillOperations rebuilt the task facts from nothing.
func TestOperationsSummariesMatchRawScan(t *testing.T) {
	s := openStore(t)
	h := writeHistory(t, s)
	check := func(when string) {
		for _, q := range []haoban.FigureQuery{march(), {From: bj(2, 1, 0, 0), To: bj(4, 1, 0, 0), Department: "police"}} {
			for _, by := range []string{"", "department"} {
				sum, err := s.CaseFigureCounts(h.ctx, q, by)
				if err != nil {
					t.Fatal(err)
				}
				raw, err := rawFigureCounts(h.ctx, s, q, by)
				if err != nil {
					t.Fatal(err)
				}
				if len(sum) != len(raw) {
					t.Fatalf("%s: %d summary rows, %d raw", when, len(sum), len(raw))
				}
				for i := range sum {
					raw[i].Name = sum[i].Name
					sameCounts(t, when+" "+by+" "+sum[i].Key, sum[i], raw[i])
				}
			}
		}
	}
	check("kept")
	if _, err := s.Pool().Exec(h.ctx, `DELETE FROM operations_tasks`); err != nil {
		t.Fatal(err)
	}
	if err := s.BackfillOperations(h.ctx); err != nil {
		t.Fatal(err)
	}
	check("backfilled")
}

func sameCounts(t *testing.T, what string, got, want haoban.CaseFigureCounts) {
	t.Helper()
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-4 }
	if got.Key != want.Key || got.Name != want.Name || got.Cases != want.Cases || got.Online != want.Online ||
		got.Prefilled != want.Prefilled || !near(got.PrefillSum, want.PrefillSum) || got.Judged != want.Judged ||
		got.FirstPass != want.FirstPass || got.Applied != want.Applied || !near(got.ApplySeconds, want.ApplySeconds) ||
		!near(got.ApplyP90, want.ApplyP90) || got.Decided != want.Decided || got.OnTime != want.OnTime {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// TestOperationsNotify checks that a projection changing a case's figures
// announces it on the operations channel, once per department, and that
// a retried projection announces nothing.
func TestOperationsNotify(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := s.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	h := &history{t: t, s: s, ctx: ctx, cases: map[string]string{}}
	h.submit("A", h.draft(bj(3, 2, 9, 0)), bj(3, 2, 9, 10), haoban.FiledOnline, 0.8)
	conn, err := s.Pool().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `LISTEN `+postgres.ChannelOperations); err != nil {
		t.Fatal(err)
	}
	p := haoban.Projection{CaseID: h.cases["A"], At: bj(3, 2, 10, 0), Events: []haoban.NewEvent{{Key: "opened", Type: haoban.EventTaskOpened, Actor: "system"}}}
	for range 2 {
		if err := s.ApplyProjection(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	depts := map[string]int{}
	for {
		wait, cancel := context.WithTimeout(ctx, time.Second)
		n, err := conn.Conn().WaitForNotification(wait)
		cancel()
		if err != nil {
			break // no more: the wait ran out
		}
		var c postgres.OperationsChange
		if err := json.Unmarshal([]byte(n.Payload), &c); err != nil || c.Kind != "case" {
			t.Fatalf("payload %s (%v)", n.Payload, err)
		}
		depts[c.Department]++
	}
	// A newborn case touches four departments; the retry changed nothing.
	if len(depts) != 4 || depts["health"] != 1 {
		t.Fatalf("announced %v", depts)
	}
}
