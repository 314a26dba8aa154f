package e2e_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"haoban/ocr/ocrtest"
)

// generatedCodes are open-restaurant's materials written from the form:
// never uploaded.
var generatedCodes = []string{"company-application", "food-application"}

// uploadedRestaurantMaterials are the rest, which the applicant uploads.
func uploadedRestaurantMaterials() []string {
	return slices.DeleteFunc(slices.Clone(restaurantMaterials), func(c string) bool { return slices.Contains(generatedCodes, c) })
}

// TestGeneratedApplicationForms: 公司登记申请书 and 食品经营许可申请书 are
// written from the form. The applicant previews them and must confirm their
// 告知承诺; submitting adds them to the case with their SHA-256, which the
// stored bytes have, once however often the submission is retried, and the
// reviewers and the case page see them like any material.
func TestGeneratedApplicationForms(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	form := readForm(t, "../testdata/open-restaurant.json")
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": form}))
	for _, code := range uploadedRestaurantMaterials() {
		s.upload("/api/v1/drafts/"+id+"/materials", applicant, code, code+".pdf", pdf(code))
	}

	t.Run("ErrUploadOfAGeneratedMaterial", func(t *testing.T) {
		r := s.must(422, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "company-application", "申请书.pdf", pdf("typed")))
		if !strings.Contains(string(r.raw), "自动生成") {
			t.Fatalf("refusal says %s", r.raw)
		}
	})
	t.Run("PreviewOnlyForTheApplicant", func(t *testing.T) {
		path := "/api/v1/drafts/" + id + "/generated/company-application"
		text := pdfText(t, s.must(200, s.call("GET", path, applicant, nil)).raw)
		if !strings.Contains(text, "企业名称：上海好味餐饮有限公司") || !strings.Contains(text, "提交申请时须勾选确认") {
			t.Fatalf("preview reads:\n%s", text)
		}
		s.must(404, s.call("GET", path, s.login("zhang-wei"), nil))
		s.must(403, s.call("GET", path, s.login("reviewer-samr"), nil))
		s.must(404, s.call("GET", "/api/v1/drafts/"+id+"/generated/articles", applicant, nil))
	})
	t.Run("ErrSubmitWithoutPledge", func(t *testing.T) {
		r := s.must(422, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, map[string]any{"pledges": []string{"food-application"}}))
		var fields []string
		for _, d := range r.body["error"].(map[string]any)["details"].([]any) {
			fields = append(fields, d.(map[string]any)["field"].(string))
		}
		if !slices.Equal(fields, []string{"pledges.company-application"}) {
			t.Fatalf("refused for %v, want the company application's pledge only: %s", fields, r.raw)
		}
		var n int
		if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM materials WHERE draft_id = $1 AND generated`, id).Scan(&n); err != nil || n != 0 {
			t.Fatalf("a refused submission stored %d generated materials (%v)", n, err)
		}
	})

	confirmed := map[string]any{"pledges": generatedCodes}
	caseID := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, confirmed)).body["id"].(string)
	if again := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, confirmed)).body["id"]; again != caseID {
		t.Fatalf("the retried submission made case %v, not %s", again, caseID)
	}
	c := s.must(200, s.call("GET", "/api/v1/cases/"+caseID, applicant, nil)).body
	found := map[string]map[string]any{}
	for _, m := range c["materials"].([]any) {
		m := m.(map[string]any)
		if slices.Contains(generatedCodes, m["code"].(string)) {
			if found[m["code"].(string)] != nil {
				t.Fatalf("%s is on the case twice", m["code"])
			}
			found[m["code"].(string)] = m
		}
	}
	if len(found) != 2 || len(c["materials"].([]any)) != len(restaurantMaterials) {
		t.Fatalf("case materials %v", c["materials"])
	}
	samr := s.login("reviewer-samr")
	for code, m := range found {
		raw := s.must(200, s.call("GET", "/api/v1/materials/"+m["id"].(string), samr, nil)).raw
		sum := sha256.Sum256(raw)
		if m["generated"] != true || m["content_type"] != "application/pdf" || hex.EncodeToString(sum[:]) != m["sha256"] {
			t.Fatalf("%s: %v, stored bytes hash to %x", code, m, sum)
		}
		text := pdfText(t, raw)
		for _, want := range []string{"申请人名称：上海好味餐饮有限公司", "经营项目：热食类、自制饮品", "已阅读并在线确认以上承诺"} {
			if code == "food-application" && !strings.Contains(text, want) {
				t.Errorf("the stored food application lacks %q:\n%s", want, text)
			}
		}
	}
	var audited int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM audit WHERE action = 'material_generated'
		AND target = ANY($1)`, []string{found["company-application"]["id"].(string), found["food-application"]["id"].(string)}).Scan(&audited); err != nil || audited != 2 {
		t.Errorf("%d generations audited (%v), want 2", audited, err)
	}
	if page := s.browse(t, "li-na").get("/cases/"+caseID, 200); !strings.Contains(page, "公司登记申请书") || !strings.Contains(page, "食品经营许可申请书") {
		t.Error("the case page does not list the generated materials")
	}
}

// TestGeneratedPledgeOnThePage: the draft page offers the preview and the
// pledge's box; submitting without ticking it is refused in the page's one
// error summary, which links to the box.
func TestGeneratedPledgeOnThePage(t *testing.T) {
	s := startSystem(t)
	applicant := s.browse(t, "li-na")
	page := applicant.post("/drafts", url.Values{"bundle": {"open-restaurant"}}, 200)
	id := regexp.MustCompile(`action="/drafts/([^/"]+)/save"`).FindStringSubmatch(page)[1]
	applicant.post("/drafts/"+id+"/save", formPost(readForm(t, "../testdata/open-restaurant.json")), 200)
	token := s.login("li-na")
	for _, code := range uploadedRestaurantMaterials() {
		s.upload("/api/v1/drafts/"+id+"/materials", token, code, code+".pdf", pdf(code))
	}
	page = applicant.get("/drafts/"+id, 200)
	for _, want := range []string{`href="/api/v1/drafts/` + id + `/generated/company-application"`, `id="pledge-company-application"`,
		`name="pledge" value="food-application"`, "住所真实存在"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the draft page lacks %s", want)
		}
	}
	if strings.Contains(page, `id="file-company-application"`) {
		t.Fatal("the draft page asks for an upload of a generated material")
	}
	refused := applicant.post("/drafts/"+id+"/submit", url.Values{"pledge": {"food-application"}}, 422)
	summary := regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(refused)
	if strings.Count(refused, `class="error-summary"`) != 1 || !strings.Contains(summary, `href="#pledge-company-application"`) ||
		!strings.Contains(refused, `aria-invalid="true"> 我已阅读公司登记申请书`) {
		t.Fatalf("refusal page: %s", summary)
	}
	if !regexp.MustCompile(`value="food-application" id="pledge-food-application"[^>]* checked`).MatchString(refused) {
		t.Error("the box ticked before the refusal is no longer ticked")
	}
	casePage := applicant.post("/drafts/"+id+"/submit", url.Values{"pledge": generatedCodes}, 200)
	if !strings.Contains(casePage, "公司登记申请书.pdf") {
		t.Fatalf("after submission: %.600s", casePage)
	}
}

// TestScanFillsTheForm: what OCR reads from an uploaded ID card is offered,
// filled only when the applicant accepts it, and then shown as 证件识别.
func TestScanFillsTheForm(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": map[string]any{"legal_rep.name": "李娜"}}))
	scan, err := ocrtest.IDCard("李娜", "440305198512245615")
	if err != nil {
		t.Fatal(err)
	}
	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", applicant, "legal-rep-id", "身份证.png", scan))
	before := s.must(200, s.call("GET", "/api/v1/drafts/"+id, applicant, nil)).body["form"].(map[string]any)
	if before["legal_rep.id_number"] == "440305198512245615" {
		t.Fatal("the upload filled the form before the applicant accepted")
	}
	offers := s.must(200, s.call("GET", "/api/v1/drafts/"+id+"/ocr", applicant, nil)).body["offers"].([]any)
	if len(offers) != 1 || !strings.Contains(string(s.call("GET", "/api/v1/drafts/"+id+"/ocr", applicant, nil).raw), `"value":"440305198512245615"`) {
		t.Fatalf("offers %v", offers)
	}
	accept := map[string]any{"material": "legal-rep-id"}
	s.must(404, s.call("POST", "/api/v1/drafts/"+id+"/ocr/accept", s.login("zhang-wei"), accept))
	s.must(403, s.call("POST", "/api/v1/drafts/"+id+"/ocr/accept", s.login("reviewer-samr"), accept))

	browser := s.browse(t, "li-na")
	page := browser.get("/drafts/"+id, 200)
	if !strings.Contains(page, "证件识别结果") || !strings.Contains(page, "法定代表人身份证号码：440305198512245615") ||
		!strings.Contains(page, `action="/drafts/`+id+`/ocr/accept"`) {
		t.Fatal("the draft page does not offer what the scan read")
	}
	page = browser.post("/drafts/"+id+"/ocr/accept", url.Values{"material": {"legal-rep-id"}}, 200)
	if !regexp.MustCompile(`id="f-legal_rep.id_number" name="legal_rep.id_number" value="440305198512245615"`).MatchString(page) ||
		!strings.Contains(page, "来自证件识别") {
		t.Fatal("after accepting, the form does not hold the scan's number marked as 证件识别")
	}
	got := s.must(200, s.call("GET", "/api/v1/drafts/"+id+"/ocr", applicant, nil)).body["accepted"].(map[string]any)
	if acc, _ := got["legal_rep.id_number"].(map[string]any); acc["material"] != "legal-rep-id" || acc["value"] != "440305198512245615" {
		t.Fatalf("accepted %v", got)
	}
}

// pdfText is a PDF's text as poppler's pdftotext reads it, the lines the
// layout wrapped joined again.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils) is not installed; run `make pdf` (scripts/ensure-pdf.sh): %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-raw", "-q", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.NewReplacer("\n", "", "\f", "").Replace(string(out))
}

// TestGeneratedAndScanOnAPhone holds the draft page with generated
// materials, their pledges and a scan's offer to the house rules in a real
// browser: no sideways scrolling at a phone's width, no internal code in
// the text, no serious axe-core violation.
func TestGeneratedAndScanOnAPhone(t *testing.T) {
	s := startSystem(t)
	token := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", token, map[string]string{"bundle": "open-restaurant"})).body["id"].(string)
	scan, err := ocrtest.IDCard("李娜", "440305198512245615")
	if err != nil {
		t.Fatal(err)
	}
	s.must(201, s.upload("/api/v1/drafts/"+id+"/materials", token, "legal-rep-id", "身份证.png", scan))
	codes, axe := internalCodes(), axeSource(t)
	ctx := openBrowser(t, "generated")
	run(t, ctx, "sign in", signIn(s, "li-na"))
	for _, width := range []int64{390, 1366} {
		t.Run(widthName(width), func(t *testing.T) {
			run(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
			checkPage(t, ctx, s.base+"/drafts/"+id, codes, axe)
		})
	}
}

// TestGeneratedAfterNotAccepted: a draft not accepted (不予受理) and
// submitted again with the form changed gives the new case the new
// documents, once each, and leaves the refused case its own.
func TestGeneratedAfterNotAccepted(t *testing.T) {
	s := startSystem(t)
	applicant := s.login("li-na")
	id := s.must(201, s.call("POST", "/api/v1/drafts", applicant, map[string]any{"bundle": "open-restaurant"})).body["id"].(string)
	form := readForm(t, "../testdata/open-restaurant.json")
	form["venue.exits"] = 1.0 // 60 people need two exits: not accepted
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": form}))
	for _, code := range uploadedRestaurantMaterials() {
		s.upload("/api/v1/drafts/"+id+"/materials", applicant, code, code+".pdf", pdf(code))
	}
	pledged := map[string]any{"pledges": generatedCodes}
	first := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged)).body["id"].(string)
	s.waitCase(applicant, first, "not accepted", func(c map[string]any) bool { return c["status"] == "not_accepted" })
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+id, applicant, map[string]any{"form": map[string]any{
		"venue.exits": 2.0, "premises.area": 150.0}}))
	second := s.must(201, s.call("POST", "/api/v1/drafts/"+id+"/submit", applicant, pledged)).body["id"].(string)
	for caseID, area := range map[string]string{first: "经营场所面积（平方米）：120", second: "经营场所面积（平方米）：150"} {
		var docs []string
		for _, m := range s.must(200, s.call("GET", "/api/v1/cases/"+caseID, applicant, nil)).body["materials"].([]any) {
			if m := m.(map[string]any); m["code"] == "food-application" {
				docs = append(docs, m["id"].(string))
			}
		}
		if len(docs) != 1 {
			t.Fatalf("case %s has %d food applications", caseID, len(docs))
		}
		if text := pdfText(t, s.must(200, s.call("GET", "/api/v1/materials/"+docs[0], applicant, nil)).raw); !strings.Contains(text, area) {
			t.Errorf("case %s's food application lacks %q", caseID, area)
		}
	}
}
