package e2e_test

import (
	"strings"
	"testing"
)

// TestBadInput: every bad request gets a clear error with a code, a field
// where one is to blame, and a request ID; nothing is created.
func TestBadInput(t *testing.T) {
	s := startSystem(t)
	applicant, reviewer := s.login("li-na"), s.login("reviewer-samr")
	valid := map[string]any{"bundle": "newborn", "form": map[string]any{"child.name": "张小满"}}
	for _, tc := range []struct {
		name, token string
		body        any
		headers     []string
		status      int
		code, field string
	}{
		{"ErrNoToken", "", valid, []string{"Idempotency-Key", "a"}, 401, "EUNAUTHORIZED", ""},
		{"ErrBadToken", "not-a-token", valid, []string{"Idempotency-Key", "a"}, 401, "EUNAUTHORIZED", ""},
		{"ErrReviewerApplies", reviewer, valid, []string{"Idempotency-Key", "a"}, 403, "EFORBIDDEN", ""},
		{"ErrMalformedJSON", applicant, []byte(`{"bundle": "newborn",`), []string{"Idempotency-Key", "a"}, 400, "EINVALID", ""},
		{"ErrNoIdempotencyKey", applicant, valid, nil, 422, "EUNPROCESSABLE", "header.Idempotency-Key"},
		{"ErrUnknownBundle", applicant, map[string]any{"bundle": "no-such", "form": map[string]any{}}, []string{"Idempotency-Key", "b"}, 422, "EUNPROCESSABLE", "body.bundle"},
		{"ErrMissingBundle", applicant, map[string]any{"form": map[string]any{}}, []string{"Idempotency-Key", "c"}, 422, "EUNPROCESSABLE", "body.bundle"},
		{"ErrIncompleteForm", applicant, valid, []string{"Idempotency-Key", "d"}, 422, "EUNPROCESSABLE", "form.child.sex"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.call("POST", "/api/v1/cases", tc.token, tc.body, tc.headers...)
			if r.status != tc.status || r.code() != tc.code {
				t.Fatalf("got %d %s, want %d %s: %s", r.status, r.code(), tc.status, tc.code, r.raw)
			}
			e := r.body["error"].(map[string]any)
			if tc.field != "" && e["field"] != tc.field {
				t.Fatalf("field = %v, want %s: %s", e["field"], tc.field, r.raw)
			}
			if msg, _ := e["message"].(string); msg == "" {
				t.Fatalf("no message: %s", r.raw)
			}
			if r.requestID == "" || r.body["request_id"] != r.requestID {
				t.Fatalf("request ID %q in header, %v in body", r.requestID, r.body["request_id"])
			}
		})
	}
	t.Run("ErrIncompleteFormListsEveryProblem", func(t *testing.T) {
		r := s.call("POST", "/api/v1/cases", applicant, valid, "Idempotency-Key", "e")
		details := r.body["error"].(map[string]any)["details"].([]any)
		if len(details) < 10 {
			t.Fatalf("%d problems listed, want every missing field of the newborn form: %s", len(details), r.raw)
		}
	})
	t.Run("NothingCreated", func(t *testing.T) {
		mine := s.must(200, s.call("GET", "/api/v1/cases", applicant, nil))
		if n := len(mine.body["cases"].([]any)); n != 0 {
			t.Fatalf("bad requests created %d cases", n)
		}
	})
	t.Run("ErrUnknownTaskAndCase", func(t *testing.T) {
		s.must(404, s.call("POST", "/api/v1/tasks/nope/claim", reviewer, nil))
		s.must(404, s.call("GET", "/api/v1/cases/not-a-case", applicant, nil))
	})
	t.Run("ErrUnknownRoute", func(t *testing.T) {
		r := s.must(404, s.call("GET", "/api/v1/nothing-here", applicant, nil))
		if r.code() != "ENOTFOUND" {
			t.Fatalf("code = %s: %s", r.code(), r.raw)
		}
	})
	t.Run("ErrBadStatusFilter", func(t *testing.T) {
		r := s.must(400, s.call("GET", "/api/v1/tasks?status=done", reviewer, nil))
		if r.code() != "EINVALID" {
			t.Fatalf("code = %s: %s", r.code(), r.raw)
		}
	})
}

// TestOperationalEndpoints: probes, the OpenAPI document and metrics.
func TestOperationalEndpoints(t *testing.T) {
	s := startSystem(t)
	s.must(200, s.call("GET", "/healthz", "", nil))
	ready := s.must(200, s.call("GET", "/readyz", "", nil))
	if ready.body["status"] != "ready" {
		t.Fatalf("readyz = %s", ready.raw)
	}
	spec := s.must(200, s.call("GET", "/openapi.json", "", nil))
	paths := spec.body["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/tasks/{id}/decision", "/api/v1/bundles"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI document lacks %s", p)
		}
	}
	s.login("li-na")
	metrics := s.must(200, s.call("GET", "/metrics", "", nil))
	if !strings.Contains(string(metrics.raw), `haoban_http_requests_total{method="POST",route="/api/v1/dev/login",status="200"}`) {
		t.Fatalf("metrics lack the request counter by route and status:\n%s", grepLines(string(metrics.raw), "haoban_http_requests_total"))
	}
}

func grepLines(text, substr string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, substr) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
