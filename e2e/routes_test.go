package e2e_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"haoban/demo"
)

// Finding 12: every GET route, as every role and as nobody, answers
// without a server error, on a fresh system and on a busy one.
func TestEveryGETRouteAsEveryRole(t *testing.T) {
	s := startSystem(t)
	t.Run("Fresh", func(t *testing.T) { s.getEveryRoute(t, map[string]string{}) })
	caseID, _ := s.approveRestaurant(t, "routes")
	applicant := s.login("li-na")
	newborn := s.newbornCase(applicant, "routes-newborn")
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	ids := map[string]string{"case": caseID, "task": taskID(newborn, "birth-certificate"), "draft": draft,
		"bundle": "open-restaurant", "year": "2026"}
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", applicant, nil)).body["licences"].([]any) {
		if lic := l.(map[string]any); lic["case_id"] == caseID {
			ids["document"] = lic["documents"].([]any)[0].(map[string]any)["id"].(string)
			ids["licence"] = lic["id"].(string)
		}
	}
	var rule string
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT id::text FROM rules LIMIT 1`).Scan(&rule); err != nil {
		t.Fatal(err)
	}
	ids["rule"] = rule
	t.Run("Busy", func(t *testing.T) { s.getEveryRoute(t, ids) })
}

// getEveryRoute calls each GET route with its parameters filled from ids
// (or made up), as each demo user by token and by cookie and as nobody.
func (s *system) getEveryRoute(t *testing.T, ids map[string]string) {
	t.Helper()
	var paths []string
	seen := map[string]bool{}
	for _, r := range s.api.Fiber().GetRoutes(true) {
		if r.Method != http.MethodGet || seen[r.Path] || strings.Contains(r.Path, "*") || r.Path == "/static" {
			continue
		}
		seen[r.Path] = true
		paths = append(paths, fill(r.Path, ids))
	}
	sort.Strings(paths)
	if len(paths) < 30 {
		t.Fatalf("only %d GET routes found: %v", len(paths), paths)
	}
	clients := map[string]*http.Client{"nobody": {Timeout: 10 * time.Second}}
	tokens := map[string]string{"nobody": ""}
	for _, u := range demo.Users() {
		tokens[u.ID] = s.login(u.ID)
		clients[u.ID] = s.browse(t, u.ID).http
	}
	for user, token := range tokens {
		for _, p := range paths {
			if status := s.statusOf(clients[user], p, token); status >= 500 {
				t.Errorf("GET %s as %s: %d", p, user, status)
			}
		}
	}
}

// fill puts a known ID, or a made-up one, into each parameter of a path.
func fill(path string, ids map[string]string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		kind := ""
		if i > 0 {
			kind = strings.TrimSuffix(parts[i-1], "s")
		}
		switch {
		case kind == "verify":
			kind = "document"
		case kind == "apply":
			kind = "bundle"
		case kind == "calendar":
			kind = "year"
		}
		v, ok := ids[kind]
		if !ok {
			v = "not-" + kind
		}
		parts[i] = url.PathEscape(v)
	}
	return strings.Join(parts, "/")
}

// statusOf reads only the status of a GET: the live streams never end.
func (s *system) statusOf(c *http.Client, path, token string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
