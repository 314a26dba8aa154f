package e2e_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

// TestPolicyCheck asks the 政策体检 through the API and the page: 张伟
// qualifies for the newborn subsidy, 李娜's restaurant for two enterprise
// subsidies and not the micro-enterprise fee reduction, the skills
// subsidy offers the application route, and staff may not ask.
func TestPolicyCheck(t *testing.T) {
	s := startSystem(t)
	// The demo facts are judged on a fixed day, whatever the machine's date.
	s.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing))

	zhang := s.must(200, s.call("GET", "/api/v1/me/policy-check", s.login("zhang-wei"), nil)).body
	if got := policyNames(zhang["qualified"]); got != "新生儿一次性育儿补贴" {
		t.Fatalf("张伟 qualifies for %q", got)
	}
	if got := policyNames(zhang["apply"]); got != "职业技能提升补贴" {
		t.Fatalf("张伟 is sent to apply for %q", got)
	}
	li := s.must(200, s.call("GET", "/api/v1/me/policy-check", s.login("li-na"), nil)).body
	if got := policyNames(li["qualified"]); got != "小微企业吸纳就业补贴 初创企业一次性开业补贴" {
		t.Fatalf("李娜 qualifies for %q", got)
	}
	s.must(403, s.call("GET", "/api/v1/me/policy-check", s.login("reviewer-samr"), nil))
	s.must(401, s.call("GET", "/api/v1/me/policy-check", "", nil))
	s.must(403, s.call("GET", "/api/v1/admin/policies", s.login("admin"), nil))
	list := s.must(200, s.call("GET", "/api/v1/admin/policies", s.login("catalogue-admin"), nil))
	if !strings.Contains(string(list.raw), "skills-upgrade-subsidy") {
		t.Fatalf("policy list: %.300s", list.raw)
	}

	page := pageOnClock(t, s, "li-na", "/policies/check")
	for _, want := range []string{"政策体检", "初创企业一次性开业补贴", "3000.00 元", "企业参保职工须少于 10 人（微型企业）",
		"上海好味餐饮有限公司", "职业技能等级证书信息尚未共享", "签署告知承诺后兑付"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, code := range []string{"startup-subsidy", "micro-fee-reduction", "91310115MA1K4ABCDD", "hrss"} {
		if strings.Contains(page, code) {
			t.Errorf("page shows the code %q", code)
		}
	}
}

// TestPolicyAdmin saves and publishes a policy through the admin API: a
// broken draft is refused with every problem at once, a fixed one is
// published and answers the 政策体检 from its date, and only the
// catalogue admin may do either.
func TestPolicyAdmin(t *testing.T) {
	s := startSystem(t)
	s.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing))
	admin := s.login("catalogue-admin")
	p := demo.Policies()[0]
	p.Code, p.Name = "newborn-gift", "新生儿爱心礼包"
	p.Conditions = append(p.Conditions, haoban.PolicyCondition{Expression: `sources["birth.latest"] +`, Message: ""})
	s.must(403, s.call("PUT", "/api/v1/admin/policies/newborn-gift/draft", s.login("admin"), p))
	s.must(403, s.call("PUT", "/api/v1/admin/policies/newborn-gift/draft", s.login("li-na"), p))
	draft := s.must(200, s.call("PUT", "/api/v1/admin/policies/newborn-gift/draft", admin, p)).body
	publish := "/api/v1/admin/policies/newborn-gift/versions/1/publish"
	s.must(403, s.call("POST", publish, s.login("admin"), map[string]any{}))
	refused := s.must(400, s.call("POST", publish, admin, map[string]any{}))
	if got := string(refused.raw); !strings.Contains(got, "conditions[2].message") || !strings.Contains(got, "conditions[2].expression") {
		t.Fatalf("refusal lacks a problem: %s", got)
	}
	p.Conditions = p.Conditions[:2]
	if v := s.must(200, s.call("PUT", "/api/v1/admin/policies/newborn-gift/draft", admin, p)).body; v["version"] != draft["version"] {
		t.Fatalf("a second save made version %v, want the draft %v edited", v["version"], draft["version"])
	}
	s.must(200, s.call("POST", publish, admin, map[string]any{}))
	s.must(409, s.call("POST", publish, admin, map[string]any{}))
	view := s.must(200, s.call("GET", "/api/v1/admin/policies/newborn-gift/versions/1", admin, nil)).body
	if view["state"] != "published" || view["matchable"] != true || len(view["needs"].([]any)) != 2 {
		t.Fatalf("published view %v", view)
	}
	check := s.must(200, s.call("GET", "/api/v1/me/policy-check", s.login("zhang-wei"), nil)).body
	if got := policyNames(check["qualified"]); !strings.Contains(got, "新生儿爱心礼包") {
		t.Fatalf("张伟 qualifies for %q after publishing", got)
	}
}

// policyNames are the names of a list of answers, space-separated.
func policyNames(v any) string {
	var out []string
	list, _ := v.([]any)
	for _, c := range list {
		out = append(out, c.(map[string]any)["name"].(string))
	}
	return strings.Join(out, " ")
}

// pageOnClock signs in through the login page and gets a page, keeping the
// cookies whatever their expiry: a cookie jar would drop those the
// system's clock, set in the past, made already expired.
func pageOnClock(t *testing.T, s *system, user, path string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var cookies []*http.Cookie
	send := func(req *http.Request) string {
		t.Helper()
		for _, ck := range cookies {
			req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		cookies = append(cookies, resp.Cookies()...)
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	get := func(p string) string {
		req, _ := http.NewRequest("GET", s.base+p, nil)
		return send(req)
	}
	form := url.Values{"user_id": {user}, "csrf": {field(t, get("/login"), "csrf")}}
	req, _ := http.NewRequest("POST", s.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	send(req)
	return get(path)
}
