// Package web is the pages people use in a browser: server-rendered Go
// templates in Chinese (zh-CN), a session cookie, CSRF tokens. Each page calls the use cases (app/), as the JSON API does, and
// is checked by the same rules with the same words.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"haoban"
	"haoban/app"
	"haoban/httpx"
	"haoban/logging"
)

// Deps are what the pages need; cmd/wiring builds them.
type Deps struct {
	App   *app.App
	Authz app.Authorizer
	// DevMode lists the demo users on the sign-in page.
	DevMode bool
	Time    haoban.TimeSource
}

// Pages serve the web pages.
type Pages struct {
	Deps
}

// Mount adds every page to the server, and returns the pages so that the
// server hands them their errors.
func Mount(f *fiber.App, d Deps) *Pages {
	p := &Pages{Deps: d}
	p.routes(f)
	return p
}

type userKey struct{}

// userFrom returns the signed-in user; page put it there.
func userFrom(ctx context.Context) haoban.User {
	u, _ := ctx.Value(userKey{}).(haoban.User)
	return u
}

// request is who asks and from where, for the use cases.
func request(ctx context.Context) app.Request {
	if on, ok := ctx.Value(actingKey{}).(app.Request); ok {
		return on // a clerk acting for the person at the counter (pages_window.go)
	}
	return app.Request{User: userFrom(ctx), RequestID: logging.RequestID(ctx), ClientAddr: logging.ClientAddr(ctx)}
}

func (p *Pages) now() time.Time {
	if p.Time == nil {
		return time.Now()
	}
	return p.Time.Now()
}

// Error renders what went wrong as a page, with the request ID to quote;
// the server calls it for every page's error.
func (p *Pages) Error(c *fiber.Ctx, err error) error {
	status := httpx.Status(haoban.ErrorCode(err))
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
		err = haoban.Errorf(httpx.Code(status), "%s", httpx.PlainStatus(c.Method(), c.Path(), status))
		if status == http.StatusNotFound {
			err = haoban.Errorf(haoban.ENOTFOUND, "页面不存在")
		}
	}
	msg := haoban.ErrorMessage(err)
	if httpx.Unavailable(err) {
		status, msg = http.StatusServiceUnavailable, "数据库暂时不可用，请稍后重试"
	}
	if status >= http.StatusInternalServerError && haoban.ErrorCode(err) == haoban.EINTERNAL {
		slog.ErrorContext(c.UserContext(), "page error", "error", err)
	}
	for k, v := range httpx.RetryHeaders(err) {
		c.Set(k, v[0])
	}
	return p.render(c.Status(status), "error", pageData{Title: "出错了", Error: msg + "（请求编号 " + logging.RequestID(c.UserContext()) + "）"})
}

// showError shows why an action was refused, with its status.
func (p *Pages) showError(c *fiber.Ctx, title string, err error) error {
	for k, v := range httpx.RetryHeaders(err) {
		c.Set(k, v[0])
	}
	return p.render(c.Status(httpx.Status(haoban.ErrorCode(err))), "error", pageData{Title: title, Error: errorText(err)})
}

func errorText(err error) string { return haoban.ErrorMessage(err) }

// newKey is a form's idempotency key: a double submission is one action.
func newKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// routes lists every page.
func (p *Pages) routes(f *fiber.App) {
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(staticFiles), PathPrefix: "static", MaxAge: 3600}))
	f.Get("/", p.home)
	f.Get("/login", p.loginPage)
	f.Post("/login", p.login)
	f.Post("/logout", p.logout)
	f.Get("/bundles", p.page("bundle", "read"), p.bundlesPage)
	f.Get("/apply/:bundle", p.page("case", "create"), p.applyPage)
	f.Post("/apply/:bundle", p.page("case", "create"), p.apply)
	f.Get("/drafts", p.page("draft", "write"), p.draftsPage)
	f.Post("/drafts", p.page("draft", "write"), p.newDraftForm)
	f.Post("/assistant/ask", p.page("assistant", "ask"), p.askAssistant) // 小申's chat panel
	f.Get("/drafts/:id", p.page("draft", "write"), p.draftPage)
	f.Post("/drafts/:id/save", p.page("draft", "write"), p.saveDraft)
	f.Post("/drafts/:id/upload", p.page("material", "upload"), p.uploadForm)
	f.Post("/drafts/:id/materials/:material/delete", p.page("material", "upload"), p.removeMaterialForm)
	f.Post("/drafts/:id/submit", p.page("draft", "write"), p.submitDraftForm)
	f.Post("/drafts/:id/ocr/accept", p.page("draft", "write"), p.acceptScanForm)
	// 窗口代办 (issue 19, pages_window.go): a clerk fills the person's draft
	// through the same pages; actFor lets only the clerk who entered it.
	f.Get("/window", p.page("window", "identify"), p.windowPage)
	f.Post("/window", p.page("window", "identify"), p.startWindowForm)
	f.Get("/window/cases/:id", p.page("window", "draft"), p.windowReceiptPage)
	f.Get("/window/drafts/:id", p.page("window", "draft"), p.actFor, p.draftPage)
	f.Post("/window/drafts/:id/save", p.page("window", "draft"), p.actFor, p.saveDraft)
	f.Post("/window/drafts/:id/upload", p.page("window", "draft"), p.actFor, p.uploadForm)
	f.Post("/window/drafts/:id/materials/:material/delete", p.page("window", "draft"), p.actFor, p.removeMaterialForm)
	f.Post("/window/drafts/:id/submit", p.page("window", "submit"), p.actFor, p.submitDraftForm)
	f.Post("/window/drafts/:id/ocr/accept", p.page("window", "draft"), p.actFor, p.acceptScanForm)
	f.Get("/window/drafts/:id/files/:material", p.page("window", "draft"), p.actFor, p.windowFile)
	f.Get("/cases", p.page("case", "list", "list_own"), p.casesPage)
	f.Get("/cases/:id", p.page("case", "read", "read_own"), p.casePage)
	f.Post("/cases/:id/supplement", p.page("case", "supplement"), p.supplementForm)
	f.Post("/cases/:id/withdraw", p.page("case", "withdraw"), p.withdrawForm)
	f.Post("/cases/:id/upload", p.page("material", "upload"), p.caseUploadForm)
	f.Get("/inbox", p.page("task", "claim"), p.inboxPage)
	f.Get("/tasks/:id", p.page("task", "read"), p.taskPage)
	f.Post("/tasks/:id/claim", p.page("task", "claim"), p.claimForm)
	f.Post("/tasks/:id/release", p.page("task", "release"), p.releaseForm)
	f.Post("/tasks/:id/decision", p.page("task", "decide"), p.decisionForm)
	f.Post("/tasks/:id/remind", p.page("task", "remind"), p.remindForm)
	f.Post("/tasks/:id/extend", p.page("task", "extend"), p.extendForm)
	f.Post("/tasks/:id/suspend", p.page("task", "suspend"), p.suspendForm)
	f.Post("/tasks/:id/resume", p.page("task", "suspend"), p.resumeForm)
	f.Post("/tasks/:id/reassign", p.page("task", "reassign"), p.reassignForm)
	f.Post("/tasks/:id/comments", p.page("task", "comment"), p.commentForm)
	f.Get("/board", p.page("supervision", "read"), p.boardPage)
	f.Get("/stats", p.page("supervision", "read"), p.statsPage)
	f.Get("/notifications", p.page("notification", "read"), p.notificationsPage)
	f.Get("/licences", p.page("licence", "read_own"), p.licencesPage)
	f.Get("/policies/check", p.page("policy", "check"), p.policyCheckPage)
	f.Get("/admin/calendar", p.page("calendar", "read"), p.calendarPage)
	f.Post("/admin/calendar", p.page("calendar", "write"), p.loadCalendarForm)
	f.Get("/admin/notices", p.page("outbox", "read"), p.deadLettersPage)
	f.Post("/admin/notices/:id/resend", p.page("outbox", "resend"), p.resendForm)
	f.Get("/admin/catalogue", p.page("catalogue", "read"), p.catalogueIndexPage)
	f.Get("/admin/catalogue/new", p.page("catalogue", "edit"), p.bundleEditorPage)
	f.Post("/admin/catalogue/new", p.page("catalogue", "edit"), p.saveBundleForm)
	f.Get("/admin/catalogue/:bundle", p.page("catalogue", "read"), p.bundleEditorPage)
	f.Post("/admin/catalogue/:bundle", p.page("catalogue", "edit"), p.saveBundleForm)
	f.Get("/admin/catalogue/:bundle/items/:item", p.page("catalogue", "read"), p.itemEditorPage)
	f.Post("/admin/catalogue/:bundle/items/:item", p.page("catalogue", "edit"), p.saveItemForm)
	f.Get("/admin/catalogue/:bundle/versions", p.page("catalogue", "read"), p.historyPage)
	f.Get("/admin/catalogue/:bundle/versions/:version/preview", p.page("catalogue", "read"), p.previewPage)
	f.Post("/admin/catalogue/:bundle/versions/:version/publish", p.page("catalogue", "publish"), p.publishVersionForm)
	f.Post("/admin/catalogue/:bundle/versions/:version/withdraw", p.page("catalogue", "withdraw"), p.withdrawVersionForm)
	f.Get("/admin/catalogue/:bundle/compare", p.page("catalogue", "read"), p.comparePage)
	f.Get("/admin/knowledge", p.page("knowledge", "read"), p.knowledgeListPage)
	f.Get("/admin/knowledge/synonyms", p.page("knowledge", "read"), p.knowledgeSynonymsPage)
	f.Post("/admin/knowledge/synonyms", p.page("synonym", "write"), p.saveSynonymsForm)
	f.Get("/admin/knowledge/new", p.page("knowledge", "write"), p.knowledgeEntryPage)
	f.Post("/admin/knowledge/new", p.page("knowledge", "write"), p.saveKnowledgeForm)
	f.Get("/admin/knowledge/:id", p.page("knowledge", "read"), p.knowledgeEntryPage)
	f.Post("/admin/knowledge/:id", p.page("knowledge", "write"), p.saveKnowledgeForm)
	f.Post("/admin/knowledge/:id/end", p.page("knowledge", "write"), p.endKnowledgeForm)
	f.Get("/admin/policies", p.page("policy", "read"), p.policiesPage)
	f.Get("/admin/policies/new", p.page("policy", "edit"), p.policyEditorPage)
	f.Post("/admin/policies/new", p.page("policy", "edit"), p.savePolicyForm)
	f.Get("/admin/policies/:policy", p.page("policy", "read"), p.policyPage)
	f.Get("/admin/policies/:policy/edit", p.page("policy", "edit"), p.policyEditorPage)
	f.Post("/admin/policies/:policy/edit", p.page("policy", "edit"), p.savePolicyForm)
	f.Get("/admin/policies/:policy/versions/:version", p.page("policy", "read"), p.policyVersionPage)
	f.Post("/admin/policies/:policy/versions/:version/publish", p.page("policy", "publish"), p.publishPolicyForm)
	f.Post("/admin/policies/:policy/versions/:version/withdraw", p.page("policy", "withdraw"), p.withdrawPolicyForm)
	f.Post("/admin/policies/:policy/match", p.page("policy", "match"), p.startMatchForm)
	f.Get("/admin/policies/:policy/matches", p.page("policy", "read"), p.policyMatchesPage)
	f.Get("/admin/policies/:policy/dashboard", p.page("policy", "read"), p.benefitDashboardPage)
	f.Get("/benefits", p.page("benefit", "read_own"), p.benefitsPage)
	f.Get("/benefits/:id", p.page("benefit", "read", "read_own"), p.benefitPage)
	f.Post("/benefits/:id/answer", p.page("benefit", "answer"), p.answerForm)
	f.Get("/staff/benefits", p.page("benefit", "decide"), p.staffBenefitsPage)
	f.Post("/staff/objections/:id/decision", p.page("benefit", "decide"), p.decideObjectionForm)
	f.Post("/staff/benefits/:id/review", p.page("benefit", "decide"), p.reviewForm)
	f.Get("/publicity/:policy/:id/objection", p.page("benefit", "object"), p.objectionPage)
	f.Post("/publicity/:policy/:id/objection", p.page("benefit", "object"), p.objectionForm)
	f.Get("/settings", p.page("settings", "edit"), p.settingsPage)
	f.Post("/settings/contacts", p.page("settings", "edit"), p.contactsForm)
	f.Post("/settings/preferences", p.page("settings", "edit"), p.preferencesForm)
	// Human help (issue 18, pages_help*.go): the use case checks whose
	// conversation it is and the helper's skills.
	f.Get("/help", p.page("help", "ask"), p.helpListPage)
	f.Get("/help/new", p.page("help", "ask"), p.helpNewPage)
	f.Post("/help/new", p.page("help", "ask"), p.helpNewForm) // 小申's hand-off posts here
	f.Get("/help/:id", p.page("help", "ask"), p.helpChatPage)
	f.Post("/help/:id/messages", p.page("help", "ask", "answer"), p.helpMessageForm)
	f.Post("/help/:id/confirm", p.page("help", "ask"), p.helpConfirmForm)
	f.Post("/help/:id/rating", p.page("help", "ask"), p.helpRateForm)
	f.Get("/helper", p.page("help", "answer"), p.helperDeskPage)
	f.Post("/helper/availability", p.page("help", "answer"), p.helperAvailabilityForm)
	f.Get("/helper/conversations/:id", p.page("help", "answer", "supervise"), p.helpChatPage)
	f.Post("/helper/conversations/:id/take", p.page("help", "answer"), p.helperTakeForm)
	f.Post("/helper/conversations/:id/end", p.page("help", "answer"), p.helperEndForm)
	f.Get("/staff/help", p.page("help", "supervise"), p.helpBoardPage)
	// 同屏 and the 12345 hand-off (issue 18): helpers read, never write, a draft.
	f.Get("/drafts/:id/screen", p.page("screen", "consent"), p.screenPanelPage)
	f.Post("/help/conversations/:id/screen", p.page("screen", "consent"), p.screenConsentForm)
	f.Get("/helper/conversations/:id/screen", p.page("screen", "view"), p.screenViewPage)
	f.Post("/helper/conversations/:id/screen/highlights", p.page("screen", "highlight"), p.screenHighlightForm)
	f.Get("/helper/hotline", p.page("hotline", "connect"), p.hotlinePage)
	f.Post("/helper/hotline/:id/connect", p.page("hotline", "connect"), p.hotlineConnectForm)
	// 办不成事 (issue 19): the form, and a report's page reached by its
	// secret link, are public (CSRF and the anonymous rate limit are checked
	// in the handlers and the use case); the use case checks the department.
	f.Get("/obstacles/new", p.obstacleNewPage)
	f.Get("/obstacles", p.page("obstacle", "read_own"), p.myObstaclesPage)
	f.Post("/obstacles", p.fileObstacleForm)
	f.Get("/obstacles/:id", p.obstaclePage)
	f.Post("/obstacles/:id/reopen", p.reopenObstacleForm)
	f.Post("/obstacles/:id/accept", p.page("obstacle", "read"), p.acceptObstacleForm)
	f.Post("/obstacles/:id/resolve", p.page("obstacle", "read"), p.resolveObstacleForm)
	f.Get("/staff/obstacles", p.page("obstacle", "read"), p.staffObstaclesPage)
	// 好差评 (issue 19): the use case checks whose rating it is and the
	// department of the rectification or appeal.
	f.Post("/ratings", p.page("rating", "give"), p.giveRatingForm)
	f.Get("/ratings/:id", p.page("rating", "read_own"), p.ratingPage)
	f.Post("/ratings/:id/answer", p.page("rating", "read_own"), p.answerRatingForm)
	f.Get("/staff/ratings", p.page("rectification", "read"), p.staffRatingsPage)
	f.Post("/staff/ratings/:id/appeal", p.page("rating_appeal", "file"), p.fileAppealForm)
	f.Get("/staff/rectifications/:id", p.page("rectification", "read"), p.rectificationPage)
	f.Post("/staff/rectifications/:id/call-back", p.page("rectification", "act"), p.callBackForm)
	f.Post("/staff/rectifications/:id/fix", p.page("rectification", "act"), p.fixForm)
	f.Get("/staff/appeals", p.page("rating_appeal", "read"), p.appealsPage)
	f.Post("/staff/appeals/:id/decision", p.page("rating_appeal", "decide"), p.decideAppealForm)
	// Closing the gaps and leaders' help (issue 18): the use cases check
	// the department and whose session it is.
	f.Get("/staff/knowledge-tasks", p.page("knowledge_task", "read"), p.knowledgeTasksPage)
	f.Post("/staff/knowledge-tasks/:id/close", p.page("knowledge_task", "close"), p.closeKnowledgeTaskForm)
	f.Get("/staff/leaders", p.page("leader_session", "read"), p.leadersPage)
	f.Get("/admin/helpers", p.page("help", "staff"), p.helpersPage)
	f.Get("/admin/helpers/:id", p.page("help", "staff"), p.helperSkillsPage)
	f.Post("/admin/helpers/:id/skills", p.page("help", "staff"), p.saveHelperSkillsForm)
	f.Post("/staff/leaders/sessions", p.page("leader_session", "record"), p.recordLeaderSessionForm)
	// The "799" dashboard, its drill-down and the evaluation (issue 19,
	// pages_operations*.go): supervisors and admins; admins weigh.
	f.Get("/staff/operations", p.page("operations", "read"), p.operationsDashboard)
	f.Get("/staff/operations/figures/:key", p.page("operations", "read"), p.operationsFigurePage)
	f.Get("/staff/operations/scores", p.page("operations", "read"), p.operationsScoresPage)
	f.Get("/admin/operations/weights", p.page("operations", "read"), p.operationWeightsPage)
	f.Post("/admin/operations/weights", p.page("operations", "weigh"), p.saveWeightsForm)
	// The 办事指南 is public: read before signing in (pages_guide.go).
	f.Get("/guide", p.guideIndexPage)
	f.Get("/guide/:bundle", p.guidePage)
	f.Get("/guide/:bundle/:item", p.guidePage)
	// The publicity list is public too; names are masked (pages_benefits_public.go).
	f.Get("/publicity", p.publicityIndex)
	f.Get("/publicity/:policy", p.publicityPage)
	// Verification is public: whoever holds a printout scans its QR code.
	f.Get("/verify", p.verifyPage)
	f.Post("/verify", p.verifyUploadPage)
	f.Get("/verify/:id", p.verifyPage)
}
