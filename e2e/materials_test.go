package e2e_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pdf is a small file whose bytes say PDF, whatever it is named.
func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

// upload posts one material as multipart/form-data.
func (s *system) upload(path, token, code, fileName string, content []byte) response {
	s.t.Helper()
	body, contentType := multipartBody(s.t, code, fileName, content)
	return s.raw("POST", path, token, contentType, body)
}

// multipartBody is an upload's body: the material's code, then the file.
func multipartBody(tb testing.TB, code, fileName string, content []byte) (*bytes.Buffer, string) {
	tb.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("material", code); err != nil {
		tb.Fatal(err)
	}
	part, err := w.CreateFormFile("file", fileName)
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = part.Write(content)
	_ = w.Close()
	return &body, w.FormDataContentType()
}

// raw sends a request with a body as it is.
func (s *system) raw(method, path, token, contentType string, body io.Reader) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.http.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, requestID: resp.Header.Get("X-Request-ID"), raw: raw}
	_ = decodeJSON(raw, &r.body)
	return r
}

var restaurantMaterials = []string{"company-application", "articles", "legal-rep-id", "shareholder-id", "premises-proof",
	"food-application", "layout", "food-safety-rules", "food-manager-proof", "fire-application", "floor-plan",
	"fire-plan", "sign-design", "drainage-form", "grease-trap-proof"}

func TestDraftMaterialsSubmit(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	draft := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"}))
	id := draft.body["id"].(string)
	s.must(404, s.call("GET", "/api/v1/drafts/"+id, s.login("zhang-wei"), nil))

	full := readForm(t, "../testdata/open-restaurant.json")
	half := map[string]any{"enterprise.name": full["enterprise.name"], "legal_rep.id_number": full["legal_rep.id_number"]}
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": half}))
	s.must(422, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": map[string]any{"legal_rep.id_number": "123"}}))
	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "articles", "公司章程.pdf", pdf("articles")))

	t.Run("ErrSubmitListsEverythingMissing", func(t *testing.T) {
		r := s.must(422, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, nil))
		var fields, materials int
		for _, d := range r.body["error"].(map[string]any)["details"].([]any) {
			f := d.(map[string]any)["field"].(string)
			if strings.HasPrefix(f, "form.") {
				fields++
			} else if strings.HasPrefix(f, "materials.") {
				materials++
			}
		}
		// The articles are uploaded; the applicant's food-safety manager
		// certificate stands for the manager's proof (免于提交); the
		// application forms are generated, never uploaded.
		if fields < 3 || materials != len(restaurantMaterials)-2-len(generatedCodes) {
			t.Fatalf("submission lists %d missing fields and %d materials, want every one: %s", fields, materials, r.raw)
		}
	})

	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": full}))
	for _, code := range restaurantMaterials {
		// premises-proof serves three items: uploaded once (一套材料).
		s.upload("/api/v1/drafts/"+id+"/materials", applicant, code, code+".pdf", pdf(code))
	}
	pledged := map[string]any{"pledges": generatedCodes}
	submitted := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged))
	caseID := submitted.body["id"].(string)
	again := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged))
	if again.body["id"] != caseID {
		t.Fatalf("a second submission made case %v, want %s", again.body["id"], caseID)
	}
	d := s.must(200, s.call("GET", "/api/v1/drafts/"+id, applicant, nil)).body
	if d["submitted_at"] == nil || d["case_id"] != caseID {
		t.Fatalf("draft after submission = %v", d)
	}
	c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, applicant, nil)).body
	ms := c["materials"].([]any)
	if len(ms) != len(restaurantMaterials) {
		t.Fatalf("case has %d materials, want %d", len(ms), len(restaurantMaterials))
	}
	s.must(409, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": half}))
	s.must(409, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "articles", "a.pdf", pdf("late")))

	t.Run("DownloadOnlyForThoseWhoSeeTheCase", func(t *testing.T) {
		mid := ms[0].(map[string]any)["id"].(string)
		r := s.must(200, s.call("GET", "/api/v1/materials/"+mid, applicant, nil))
		if !bytes.HasPrefix(r.raw, []byte("%PDF-")) {
			t.Fatalf("downloaded %q", r.raw)
		}
		s.must(200, s.call("GET", "/api/v1/materials/"+mid, s.login("reviewer-samr"), nil))
		s.must(404, s.call("GET", "/api/v1/materials/"+mid, s.login("zhang-wei"), nil))
		s.must(404, s.call("GET", "/api/v1/materials/"+mid, s.login("reviewer-health"), nil))
	})
}

func TestUploadBadInput(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	path := "/api/v1/drafts/" + id + "/materials"

	t.Run("ErrOversized", func(t *testing.T) {
		big := append(pdf("big"), bytes.Repeat([]byte("0"), 10<<20)...)
		r := s.must(422, s.upload(path, applicant, "articles", "big.pdf", big))
		if !strings.Contains(string(r.raw), "公司章程") {
			t.Fatalf("error does not name the material: %s", r.raw)
		}
	})
	t.Run("ErrSpoofedType", func(t *testing.T) {
		r := s.must(422, s.upload(path, applicant, "articles", "章程.pdf", []byte("<html><script>alert(1)</script></html>")))
		if !strings.Contains(string(r.raw), "text/html") {
			t.Fatalf("error does not say what the bytes are: %s", r.raw)
		}
	})
	t.Run("ErrUnknownMaterial", func(t *testing.T) {
		r := s.must(422, s.upload(path, applicant, "birth-proof", "a.pdf", pdf("x")))
		if r.body["error"].(map[string]any)["field"] != "material" {
			t.Fatalf("%s", r.raw)
		}
	})
	t.Run("ErrMalformedMultipart", func(t *testing.T) {
		s.must(400, s.raw("POST", path, applicant, "multipart/form-data; boundary=xyz", strings.NewReader("not multipart at all")))
		s.must(400, s.raw("POST", path, applicant, "application/json", strings.NewReader(`{"material":"articles"}`)))
		trunc := "--xyz\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\narticles\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 trunc"
		r := s.raw("POST", path, applicant, "multipart/form-data; boundary=xyz", strings.NewReader(trunc))
		if r.status < 400 || r.status >= 500 {
			t.Fatalf("a truncated multipart body answered %d: %s", r.status, r.raw)
		}
	})
	t.Run("PathLikeFileName", func(t *testing.T) {
		r := s.must(201, s.upload(path, applicant, "layout", "../../../../etc/passwd.pdf", pdf("layout")))
		if name := r.body["file_name"]; name != "passwd.pdf" {
			t.Fatalf("stored file name %q", name)
		}
	})
	t.Run("DuplicateStoredOnce", func(t *testing.T) {
		first := s.must(201, s.upload(path, applicant, "floor-plan", "平面图.pdf", pdf("plan")))
		second := s.must(200, s.upload(path, applicant, "floor-plan", "平面图-副本.pdf", pdf("plan")))
		if first.body["id"] != second.body["id"] {
			t.Fatalf("duplicate upload made a second material: %v, %v", first.body["id"], second.body["id"])
		}
	})
	t.Run("NothingHalfWritten", func(t *testing.T) {
		d := s.must(200, s.call("GET", "/api/v1/drafts/"+id, applicant, nil)).body
		if n := len(d["materials"].([]any)); n != 2 {
			t.Fatalf("draft has %d materials after the refused uploads, want the 2 accepted", n)
		}
		tmp, _ := os.ReadDir(filepath.Join(s.blobs.Root(), "tmp"))
		if len(tmp) != 0 {
			t.Fatalf("%d temporary files left behind", len(tmp))
		}
		blobs, _ := filepath.Glob(filepath.Join(s.blobs.Root(), "??", "*"))
		if len(blobs) != 2 {
			t.Fatalf("%d blobs stored, want 2 (nothing from refused uploads, one for the duplicate)", len(blobs))
		}
		etc, _ := filepath.Glob(filepath.Join(s.blobs.Root(), "..", "etc"))
		if len(etc) != 0 {
			t.Fatal("a file name was used as a path")
		}
	})
}
