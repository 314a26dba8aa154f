package e2e_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHelperSkillsAdmin: an admin gives a helper one more department on
// the page, and the API then routes by it; a form that names an item of
// another department is refused with one summary linking to the choices;
// a supervisor, a helper and an applicant cannot change skills. The pages
// pass the house checks at a phone's and a desktop's width.
func TestHelperSkillsAdmin(t *testing.T) {
	s := startSystem(t)
	admin := s.browse(t, "admin")
	list := admin.get("/admin/helpers", 200)
	if !strings.Contains(list, "沈晓（市场监管帮办）") || strings.Contains(list, ">helper-samr<") {
		t.Fatalf("the helpers' list does not name the helpers by name:\n%s", list)
	}
	form := admin.get("/admin/helpers/helper-samr", 200)
	if !strings.Contains(form, "消防救援支队") || !strings.Contains(form, `value="samr" checked`) {
		t.Fatalf("the skills form does not show the departments and the current skill:\n%s", form)
	}
	if saved := admin.post("/admin/helpers/helper-samr/skills", url.Values{"skill": {"samr", "fire/fire-check"}}, 200); !strings.Contains(saved, "技能已保存") {
		t.Fatalf("saving skills does not say so:\n%s", saved)
	}
	skills := s.must(200, s.call("GET", "/api/v1/admin/helpers/helper-samr/skills", s.login("admin"), nil)).body["skills"].([]any)
	if len(skills) != 2 || skills[0].(map[string]any)["department"] != "fire" || skills[0].(map[string]any)["item"] != "fire-check" {
		t.Fatalf("skills after saving: %v", skills)
	}

	refused := admin.post("/admin/helpers/helper-samr/skills", url.Values{"skill": {"fire/food-licence"}}, 400)
	if !strings.Contains(refused, `href="#f-skills"`) || !strings.Contains(refused, `id="f-skills"`) {
		t.Fatalf("a refused form has no summary linking to the choices:\n%s", refused)
	}
	for _, user := range []string{"supervisor", "helper-samr", "li-na"} {
		s.must(403, s.call("PUT", "/api/v1/admin/helpers/helper-samr/skills", s.login(user), map[string]any{"skills": []any{}}))
	}
	s.must(403, s.call("GET", "/api/v1/admin/helpers/helper-samr/skills", s.login("helper-health"), nil))
	s.must(200, s.call("GET", "/api/v1/admin/helpers/helper-samr/skills", s.login("helper-samr"), nil))

	codes, axe := internalCodes(), axeSource(t)
	b := openBrowser(t, "admin")
	run(t, b, "sign in", signIn(s, "admin"))
	for _, width := range []int64{390, 1366} {
		run(t, b, "viewport", chromedp.EmulateViewport(width, 900))
		checkPage(t, b, s.base+"/admin/helpers", codes, axe)
		checkPage(t, b, s.base+"/admin/helpers/helper-samr", codes, axe)
	}
}
