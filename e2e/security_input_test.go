package e2e_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Finding 7: the public verification masks ID numbers; the holder and the
// staff who may read the document see them in full.
func TestPublicVerificationMasksIDNumbers(t *testing.T) {
	s := startSystem(t)
	caseID, _ := s.approveRestaurant(t, "masked")
	var docID string
	for _, l := range s.must(200, s.call("GET", "/api/v1/licences", s.login("li-na"), nil)).body["licences"].([]any) {
		if lic := l.(map[string]any); lic["type"] == "food-licence" && lic["case_id"] == caseID {
			docID = lic["documents"].([]any)[0].(map[string]any)["id"].(string)
		}
	}
	const full, masked = "310106198506154027", "310106********4027" // the food-safety manager's
	for _, tc := range []struct {
		name, token string
		want        string
	}{
		{"Anonymous", "", masked},
		{"OtherApplicant", s.login("zhang-wei"), masked},
		{"Holder", s.login("li-na"), full},
		{"Reviewer", s.login("reviewer-samr"), full},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.must(200, s.call("GET", "/api/v1/verify/"+docID, tc.token, nil))
			if !bytes.Contains(r.raw, []byte(tc.want)) || (tc.want == masked && bytes.Contains(r.raw, []byte(full))) {
				t.Fatalf("want %s: %s", tc.want, r.raw)
			}
		})
	}
	anonymous := &browser{t: t, s: s, http: &http.Client{}}
	if page := anonymous.get("/verify/"+docID, 200); strings.Contains(page, full) || strings.Contains(page, "310115198811203215") {
		t.Fatal("the public verification page shows a full ID number")
	}
	if page := s.browse(t, "li-na").get("/verify/"+docID, 200); !strings.Contains(page, full) {
		t.Fatal("the holder does not see their licence in full")
	}
}

// Finding 8: a page accepts exactly what its API twin accepts.
func TestWebFormsValidateAsTheAPI(t *testing.T) {
	s := startSystem(t)
	id := s.newbornCase(s.login("li-na"), "long-comment")
	task, reviewer := taskID(id, "birth-certificate"), s.login("reviewer-health")
	long := strings.Repeat("长", 5000)
	r := s.must(422, s.call("POST", "/api/v1/tasks/"+task+"/comments", reviewer, map[string]string{"body": long}))
	if r.body["error"].(map[string]any)["field"] != "body.body" {
		t.Fatalf("API refusal: %s", r.raw)
	}
	page := s.browse(t, "reviewer-health").post("/tasks/"+task+"/comments", url.Values{"body": {long}}, 422)
	if !strings.Contains(page, "不能超过 2000 个字符") {
		t.Fatalf("the page does not say what is wrong: %.500s", page)
	}
	comments := s.must(200, s.call("GET", "/api/v1/tasks/"+task+"/comments", reviewer, nil)).body["comments"].([]any)
	if len(comments) != 0 {
		t.Fatalf("the page stored %d comments the API refuses", len(comments))
	}
}

// Finding 9: NUL characters and bytes that are not UTF-8 are refused with
// the field named, never passed to PostgreSQL.
func TestNULAndInvalidUTF8AreRefused(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	form := readForm(t, "../testdata/newborn.json")
	form["child.name"] = "张\x00小满"
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "newborn"})).body["id"].(string)
	id := s.newbornCase(applicant, "nul")
	for _, tc := range []struct {
		name, method, path string
		body               []byte
		headers            []string
		status             int
		field              string
	}{
		{"CaseField", "POST", "/api/v1/cases", jsonBody(t, map[string]any{"bundle": "newborn", "form": form}),
			[]string{"Idempotency-Key", "nul-1"}, 400, "body.form.child.name"},
		{"DraftInvalidUTF8", "PATCH", "/api/v1/drafts/" + draft, []byte("{\"form\":{\"child.name\":\"\xff\xfe\"}}"), nil, 400, "body.form.child.name"},
		{"Comment", "POST", "/api/v1/tasks/" + taskID(id, "birth-certificate") + "/comments", []byte(`{"body":"a\u0000b"}`), nil, 400, "body.body"},
		{"QueryNUL", "GET", "/api/v1/addresses?q=ab%00cd", nil, nil, 400, "query.q"},
		{"QueryInvalidUTF8", "GET", "/api/v1/addresses?q=%ff%fe", nil, nil, 400, "query.q"},
		{"IdempotencyKey", "POST", "/api/v1/cases", jsonBody(t, map[string]any{"bundle": "newborn", "form": readForm(t, "../testdata/newborn.json")}),
			[]string{"Idempotency-Key", "\xff\xfe"}, 400, "header.Idempotency-Key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := applicant
			if tc.name == "Comment" {
				token = s.login("reviewer-health")
			}
			r := s.call(tc.method, tc.path, token, tc.body, tc.headers...)
			if r.status != tc.status || r.body["error"].(map[string]any)["field"] != tc.field {
				t.Fatalf("%d %s; want %d naming %s", r.status, r.raw, tc.status, tc.field)
			}
		})
	}
}

// Finding 10: every /api/ response uses the error model, in plain words.
func TestEveryAPIErrorUsesTheErrorModel(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	check := func(t *testing.T, r response, status int, code string) {
		t.Helper()
		e, _ := r.body["error"].(map[string]any)
		if r.status != status || e == nil || e["code"] != code || r.body["request_id"] == nil || r.body["request_id"] == "" {
			t.Fatalf("got %d %s; want %d %s in the error model", r.status, r.raw, status, code)
		}
		if msg, _ := e["message"].(string); strings.Contains(msg, "invalid character") || strings.Contains(msg, "looking for") {
			t.Fatalf("the parser's own words: %s", msg)
		}
	}
	t.Run("LongURL", func(t *testing.T) {
		r := s.call("GET", "/api/v1/cases?q="+strings.Repeat("x", 20000), applicant, nil)
		check(t, r, 431, "EHEADERTOOLARGE")
		if r.requestID == "" {
			t.Fatal("no X-Request-ID")
		}
	})
	t.Run("FileNameWithCRLF", func(t *testing.T) {
		boundary := "XyZ"
		body := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\narticles\r\n--" + boundary +
			"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\r\nb.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--" +
			boundary + "--\r\n"
		r := s.raw("POST", "/api/v1/drafts/"+draft+"/materials", applicant, "multipart/form-data; boundary="+boundary, strings.NewReader(body))
		check(t, r, 400, "EINVALID")
	})
	t.Run("NotJSON", func(t *testing.T) {
		r := s.call("POST", "/api/v1/cases", applicant, []byte(`{not json`), "Idempotency-Key", "nj")
		check(t, r, 400, "EINVALID")
		if !bytes.Contains(r.raw, []byte("JSON")) {
			t.Fatalf("the message does not say the body is not JSON: %s", r.raw)
		}
	})
	t.Run("WrongMethod", func(t *testing.T) {
		check(t, s.call("DELETE", "/api/v1/cases", applicant, nil), 405, "EMETHOD")
		check(t, s.call("PUT", "/api/v1/tasks", applicant, nil), 405, "EMETHOD")
	})
}

func jsonBody(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
