package e2e_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"haoban/demo"
)

// internalCodes are the codes people must never read on a page: those of
// the catalogue's bundles, items, departments, fields, materials and
// licence types, and the users' IDs.
func internalCodes() map[string]bool {
	codes := map[string]bool{"system": true}
	for _, d := range demo.Departments() {
		codes[d.Code] = true
	}
	for _, b := range demo.Bundles() {
		codes[b.Code] = true
		for _, it := range b.Items {
			codes[it.Code] = true
			if it.Licence != "" {
				codes[it.Licence] = true
			}
			for _, f := range it.Fields {
				codes[f.Key] = true
			}
			for _, m := range it.Materials {
				codes[m.Code] = true
			}
		}
	}
	for _, l := range demo.Licences() {
		codes[l.Type] = true
	}
	for _, u := range demo.Users() {
		codes[u.ID] = true
	}
	return codes
}

// token is a run of the characters codes are made of; matching whole tokens
// keeps a code inside user data (an e-mail address, a licence number) from
// counting.
var token = regexp.MustCompile(`[A-Za-z0-9](?:[A-Za-z0-9_.@\-]*[A-Za-z0-9])?`)

// codesIn returns the internal codes a text shows, each once, sorted.
func codesIn(text string, codes map[string]bool) []string {
	seen := map[string]bool{}
	for _, tok := range token.FindAllString(text, -1) {
		if codes[tok] {
			seen[tok] = true
		}
	}
	if strings.Contains(text, "(system)") {
		seen["(system)"] = true
	}
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// shotDir is where the page walker saves its screenshots: $HAOBAN_SCREENSHOTS,
// or build/screenshots at the top of the repository.
func shotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HAOBAN_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "build", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func widthName(w int64) string { return strconv.FormatInt(w, 10) + "px" }

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe injects axe-core into the page (the test's copy; the server never
// serves it) and returns its serious and critical violations.
const runAxe = `axe.run(document).then(r => JSON.stringify({passes: r.passes.length,
  violations: r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(" "))}))}))`

// axeViolations runs axe-core on the page loaded in ctx.
func axeViolations(t *testing.T, ctx context.Context, axe string) []axeViolation {
	t.Helper()
	read(t, ctx, "inject axe-core", chromedp.Evaluate[bool](axe+"\n;true"))
	raw := read(t, ctx, "axe-core", chromedp.Evaluate[string](runAxe, chromedp.EvalAwaitPromise))
	var found struct {
		Passes     int
		Violations []axeViolation
	}
	if err := json.Unmarshal([]byte(raw), &found); err != nil || found.Passes == 0 {
		t.Fatalf("axe-core did not run: %v: %s", err, raw)
	}
	return found.Violations
}

// checkPage loads a page and reports each rule it breaks.
func checkPage(t *testing.T, ctx context.Context, url string, codes map[string]bool, axe string) {
	t.Helper()
	resp := read(t, ctx, "load "+url, chromedp.NavigateResponse(url))
	if resp.Status != 200 {
		t.Errorf("GET %s: status %d", url, resp.Status)
	}
	if at := read(t, ctx, "location", chromedp.Location()); strings.Contains(at, "/login") && !strings.Contains(url, "/login") {
		t.Errorf("GET %s sent the signed-in user to %s", url, at)
	}
	widths := read(t, ctx, "widths", chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if widths[0] > widths[1] {
		t.Errorf("horizontal overflow: the page is %d px wide in a %d px window (%s)", widths[0], widths[1],
			read(t, ctx, "widest", chromedp.Evaluate[string](widest)))
	}
	if boxes := read(t, ctx, "scroll boxes", chromedp.Evaluate[string](sideways)); boxes != "" {
		t.Errorf("content hidden off-screen in a sideways scroll box: %s", boxes)
	}
	text := read(t, ctx, "text", chromedp.Evaluate[string](`document.body.innerText`))
	if seen := codesIn(text, codes); len(seen) > 0 {
		t.Errorf("internal codes shown: %s", strings.Join(seen, ", "))
	}
	for _, wrong := range []string{"剩余 -", "剩余-", "—，剩余", "undefined", "<no value>"} {
		if strings.Contains(text, wrong) {
			t.Errorf("the page reads %q", wrong)
		}
	}
	for _, v := range axeViolations(t, ctx, axe) {
		t.Errorf("axe %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
	}
}

// widest names the elements that reach past the window, to say where the
// page overflows.
const widest = `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 ||
  e.getBoundingClientRect().left + e.scrollWidth > window.innerWidth + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined ? "." + e.className : "") +
  " right=" + Math.round(e.getBoundingClientRect().right)).join("; ")`

// sideways names the elements whose content is wider than they are, so
// that part of it (a table's key column) sits off-screen behind a scroll.
const sideways = `Array.from(document.querySelectorAll("main *")).filter(e => {
  const o = getComputedStyle(e).overflowX;
  return (o === "auto" || o === "scroll") && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? "." + e.className : "") +
  " " + e.scrollWidth + ">" + e.clientWidth).join("; ")`

// savePage saves a full-page screenshot, passing or failing.
func savePage(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := read(t, ctx, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

// TestPageChecksFindFaults: the walker's checks find what they look for,
// on a page made to break each rule.
func TestPageChecksFindFaults(t *testing.T) {
	ctx := openBrowser(t, "faults")
	bad := `<!doctype html><html lang="zh-CN"><title>坏页面</title><body><main>` +
		`<p style="color:#f2f2f2;background:#fff">退回待办池</p><img src="x.png"><input>` +
		`<div style="width:2000px">办理部门：samr，经办人 reviewer-samr，事项 business-licence，(system)</div></main></body></html>`
	run(t, ctx, "load", chromedp.EmulateViewport(390, 900), chromedp.Navigate("data:text/html;charset=utf-8,"+url.PathEscape(bad)))
	ids := map[string]bool{}
	for _, v := range axeViolations(t, ctx, axeSource(t)) {
		ids[v.ID] = true
	}
	for _, id := range []string{"color-contrast", "image-alt", "label"} {
		if !ids[id] {
			t.Errorf("axe-core missed %s: %v", id, ids)
		}
	}
	text := read(t, ctx, "text", chromedp.Evaluate[string](`document.body.innerText`))
	if got := strings.Join(codesIn(text+" li-na@example.com JY-samr-1", internalCodes()), ","); got != "(system),business-licence,reviewer-samr,samr,system" {
		t.Errorf("codes found: %s", got)
	}
	if w := read(t, ctx, "widths", chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`)); w[0] <= w[1] {
		t.Errorf("a 2000 px block does not overflow: %v", w)
	}
}
