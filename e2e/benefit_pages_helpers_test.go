package e2e_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

// Seeding benefit cases straight through the store, and posting the pages'
// forms, for the benefit page tests (benefit_pages_test.go).

// The people and enterprise the benefit page tests seed cases for: 李娜
// (li-na) and her restaurant; 王小明, a resident with no account whose
// case is in publicity; 赵小红, whose case waits for manual review.
const (
	liNaID       = "310115198811203215"
	liNaUSCC     = "91310115MA1K4ABCDD"
	publicisedID = "310104199001011234"
	flaggedID    = "310104198505051234"
)

// seedBenefits records a matching run of the demo policy with the given
// code and opens a case for each match, straight through the store; the
// worker is never told, so the cases stay where the test puts them.
func (s *system) seedBenefits(t *testing.T, at time.Time, code string, ms ...haoban.PolicyMatch) []haoban.BenefitCase {
	t.Helper()
	ctx := context.Background()
	var p haoban.Policy
	for _, dp := range demo.Policies() {
		if dp.Code == code {
			p = dp
		}
	}
	run := "run-pages-" + code
	if err := s.store.StartPolicyRun(ctx, haoban.PolicyRun{ID: run, Policy: p.Code, Version: 1, Period: p.Period(),
		StartedAt: at}); err != nil {
		t.Fatal(err)
	}
	for i := range ms {
		ms[i].Policy, ms[i].Version, ms[i].Period, ms[i].MatchedAt, ms[i].RunID = p.Code, 1, p.Period(), at, run
	}
	if _, err := s.store.RecordMatchPage(ctx, run, "", "end", len(ms), ms, at); err != nil {
		t.Fatal(err)
	}
	var out []haoban.BenefitCase
	for _, m := range ms {
		b, err := s.store.OpenBenefit(ctx, haoban.BenefitCase{Policy: m.Policy, Version: m.Version, Period: m.Period,
			Department: p.Department, Beneficiary: m.Beneficiary, Kind: m.Kind, Name: m.Name, Amount: m.Amount,
			Delivery: p.Delivery, MatchedAt: m.MatchedAt}, p.Budget)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// flowEvents are the timeline's events of the workflow's steps.
var flowEvents = map[haoban.BenefitStatus]string{haoban.BenefitAsked: "confirmation_requested",
	haoban.BenefitPublicity: "publicity_started", haoban.BenefitReview: "review_requested"}

// moveBenefit puts a seeded case into a status, as the workflow would.
func (s *system) moveBenefit(t *testing.T, at time.Time, b haoban.BenefitCase, to haoban.BenefitStatus, set haoban.BenefitFields) haoban.BenefitCase {
	t.Helper()
	kept, err := s.store.TransitionBenefit(context.Background(), haoban.BenefitTransition{ID: b.ID,
		From: []haoban.BenefitStatus{b.Status}, To: to, At: at, Key: "test:" + string(to), Event: flowEvents[to], Actor: "system",
		Set: set})
	if err != nil {
		t.Fatal(err)
	}
	return kept
}

// postForm posts a page's form as b.post does, and on an unexpected status
// says what the page's alert reads; a refusal must come with an error
// summary whose every link leads to an element of the page.
func postForm(t *testing.T, b *browser, path string, form url.Values, want int) string {
	t.Helper()
	form.Set("csrf", b.csrf)
	resp, err := b.http.PostForm(b.s.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, resp)
	if resp.StatusCode != want {
		alert := page
		if i := strings.Index(page, `role="alert"`); i >= 0 {
			alert = page[i:min(len(page), i+600)]
		}
		t.Fatalf("POST %s: %d, want %d: %s", path, resp.StatusCode, want, alert)
	}
	if want >= 400 {
		links := summaryLinks(page)
		if len(links) == 0 {
			t.Fatalf("POST %s: no error summary with links", path)
		}
		for _, target := range links {
			if !strings.Contains(page, `id="`+target+`"`) {
				t.Errorf("POST %s: the summary links to #%s, which is not on the page", path, target)
			}
		}
	}
	return page
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stripTags is a page's text without its markup, to look for what a
// reader sees.
func stripTags(html string) string {
	var sb strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
