package e2e_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestErrorSummariesLinkToTheirFields: on every form, a refused submission
// comes back with one error summary whose every entry links to an element
// of the page — the field or row to fix — never to nothing.
func TestErrorSummariesLinkToTheirFields(t *testing.T) {
	s := startSystem(t)
	li := s.login("li-na")
	id := s.newbornCase(li, "links")
	s.must(200, s.call("POST", "/api/v1/tasks/"+taskID(id, "birth-certificate")+"/claim", s.login("reviewer-health"), nil))
	draft := s.must(201, s.call("POST", "/api/v1/drafts", li, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)

	for _, tc := range []struct {
		name, user, method, path string
		form                     url.Values
	}{
		{"SubmitIncompleteDraft", "li-na", "POST", "/drafts/" + draft + "/submit", url.Values{}},
		{"WithdrawWithoutReason", "li-na", "POST", "/cases/" + id + "/withdraw", url.Values{"reason": {""}}},
		{"RejectWithoutReason", "reviewer-health", "POST", "/tasks/" + taskID(id, "birth-certificate") + "/decision",
			url.Values{"decision": {"reject"}, "comment": {""}}},
		{"StatsWithABadDate", "supervisor", "GET", "/stats?from=2026/01/01", nil},
		{"CalendarWithABadLine", "admin", "POST", "/admin/calendar", url.Values{"year": {"2027"}, "source": {"国办发明电"}, "days": {"十月一日 放假"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := s.browse(t, tc.user)
			status, page := b.send(tc.method, tc.path, tc.form)
			if status < 400 || status >= 500 {
				t.Fatalf("%s %s: status %d, want a 4xx page: %.600s", tc.method, tc.path, status, page)
			}
			links := summaryLinks(page)
			if len(links) == 0 {
				t.Fatalf("no error summary with links: %.1500s", page)
			}
			for _, target := range links {
				if !strings.Contains(page, `id="`+target+`"`) {
					t.Errorf("the summary links to #%s, which is not on the page", target)
				}
			}
		})
	}
}

// send submits a form (or a GET) and returns the final status and page,
// whatever the status.
func (b *browser) send(method, path string, form url.Values) (int, string) {
	b.t.Helper()
	var resp *http.Response
	var err error
	if method == "GET" {
		resp, err = b.http.Get(b.s.base + path)
	} else {
		form.Set("csrf", b.csrf)
		resp, err = b.http.PostForm(b.s.base+path, form)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var summaryLink = regexp.MustCompile(`href="#([^"]+)"`)

// summaryLinks are the targets of the links in a page's error summaries
// (role="alert"), unescaped as the browser reads them.
func summaryLinks(page string) []string {
	var out []string
	for _, box := range regexp.MustCompile(`(?s)<div class="[^"]*(?:alert|error-summary)[^"]*" role="alert"[^>]*>.*?</div>`).FindAllString(page, -1) {
		for _, m := range summaryLink.FindAllStringSubmatch(box, -1) {
			target, err := url.PathUnescape(m[1])
			if err != nil {
				target = m[1]
			}
			out = append(out, target)
		}
	}
	return out
}
