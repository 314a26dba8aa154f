package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/issuing"
	"haoban/prefill"
	"haoban/prereview"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pageData is everything a page template may show.
type pageData struct {
	Title    string
	User     *haoban.User
	CSRF     string
	Error    string
	Errors   []haoban.ErrorDetail
	Users    []haoban.User
	Bundles  []haoban.Bundle
	Bundle   haoban.Bundle
	Form     map[string]any
	Key      string
	Case     app.CaseView
	Cases    []haoban.Case
	Tasks    []app.BoardTask
	Task     app.TaskView
	Stats    []app.DepartmentStats
	Notes    *app.NoteList
	Comments []haoban.Comment
	Draft    haoban.Draft
	// Provenance names the source of each prefilled value still kept.
	Provenance map[string]prefill.FormField
	Warnings   []string
	// Report is a draft's pre-review.
	Report *prereview.Report
	// Risk is the model's advice on a task.
	Risk *app.Risk
	// Verification is what checking a document found, with the licence's
	// name and fields as people read them.
	Verification  *issuing.Verification
	LicenceName   string
	LicenceFields []app.LicenceField
	// Calendar is the admin's working-day calendar page.
	Calendar *CalendarPage
	// LinkedFailures are the failed linked reissues on the board.
	LinkedFailures []haoban.LinkedFailure
	// Licences are the holder's licences with their documents.
	Licences []app.LicenceView
	// SourceNames name the data sources a prefilled value came from.
	SourceNames map[string]string
	// Drafts is what the draft pages show (pages_drafts.go).
	Drafts   *draftsData
	Fragment bool
	// Guide is what the 办事指南 pages show (pages_guide.go).
	Guide *guideView
	// Next is where signing in returns to.
	Next string
	// Names turn codes into names: {{.Names.Department .Department}},
	// {{$.Names.User .Actor}} (系统自动 for the workflow), .Item, .Field,
	// .Material, .Licence, .Bundle. Pages never show a code.
	Names *app.Glossary
	// The applicant's pages: a page of cases with its filter, a message
	// confirming what was just done, and the withdrawal's confirm step.
	CaseList        *app.CaseList
	CaseQuery       app.CaseQuery
	Notice          string
	ConfirmWithdraw bool
	// Staff is what the staff's pages show: the task page, the inbox, the
	// board and the statistics (web/pages_staff*.go).
	Staff *staffView
	// Notices is what the notice pages show (pages_notices*.go);
	// Deliveries is a case's delivery record (送达) on the case page.
	Notices    *noticePages
	Deliveries []app.NoticeView
	// Catalogue is what the catalogue's editor pages show (pages_catalogue*.go).
	Catalogue *cataloguePage
	// PolicyCheck is the 政策体检 page's answer (pages_policies.go).
	PolicyCheck *app.PolicyCheckReport
	// PolicyAdmin is what the policy pages show (pages_policies_admin*.go).
	PolicyAdmin *policyAdminPage
	// Benefits is what the 免申即享 pages show (pages_benefits*.go).
	Benefits *benefitPage
	// KnowledgeTasks and Leaders are what the 查遗补缺 and 领导干部帮办
	// pages show (pages_knowledge_tasks.go, pages_leaders.go).
	KnowledgeTasks *knowledgeTasksPage
	Leaders        *leadersPage
	Helpers        *helpersPage // the admins' helper skills (pages_helpers_admin.go)
	// Screen and Hotline are what the 同屏 and 12345 pages show
	// (pages_screen.go, pages_hotline.go).
	Screen  *screenPage
	Hotline *hotlinePage
	// Help is what the human help pages show (pages_help*.go).
	Help *helpPage
	// Knowledge is what the knowledge base's admin pages show
	// (pages_knowledge*.go).
	Knowledge *knowledgePage
	// Ratings is what the 好差评 pages and the case page's rating forms
	// show (pages_ratings.go, pages_rating_staff.go).
	Ratings *ratingsPage
	// Obstacles is what the 办不成事 pages show (pages_obstacles.go).
	Obstacles *obstaclePage
	// Operations is what the "799" pages show (pages_operations*.go).
	Operations *operationsPage
	// Window is what the counter's pages show (pages_window.go).
	Window *windowPage
}

var statusLabels = map[string]string{
	"in_review": "审查中", "awaiting_supplement": "待补正", "completed": "已办结", "withdrawn": "已撤回",
	"approved": "准予", "partially_approved": "部分准予", "rejected": "不予",
	"pending": "等待前置事项", "open": "待认领", "claimed": "办理中", "cancelled": "已取消",
	"running": "计时中", "paused": "暂停计时", "overdue": "已超期", "met": "按时办结", "missed": "超期办结",
	"at_risk": "临期", "ok": "正常", "not_accepted": "不予受理",
	"valid": "有效", "superseded": "已被新版本取代", "revoked": "已吊销", "expired": "已过期",
	"passed": "通过", "failed": "未通过", "not_applicable": "不适用", "blocking": "必须满足", "warning": "提示",
	"applicant": "申请人", "reviewer": "审查人员", "supervisor": "督办", "admin": "管理员",
}

var eventLabels = map[string]string{
	"submitted": "提交申请 ", "task_opened": "开始审查", "task_claimed": "认领", "task_decided": "作出决定 ",
	"task_cancelled": "取消", "completed": "办结", "supplement_requested": "要求补正", "supplement_received": "收到补正",
	"withdrawn": "撤回", "task_reassigned": "改派", "task_released": "退回待办", "deadline_extended": "延期",
	"clock_suspended": "暂停计时", "clock_resumed": "恢复计时", "reminder": "提醒", "escalated": "超期督办",
	"prefill_changed": "预填数据已更新", "prereviewed": "智能预审", "not_accepted": "不予受理",
	"licence_issued": "签发电子证照", "linked_reissued": "联动换发证照", "linked_failed": "联动换发失败",
}

var funcs = template.FuncMap{
	"t":      text,
	"kind":   kindName,
	"status": status,
	"anchor": anchorOf,
	// required marks an input that must be filled before its form is sent:
	// <input name="reason"{{required true}}>.
	"required": func(on bool) template.HTMLAttr {
		if on {
			return ` required aria-required="true"`
		}
		return ""
	},
	// ariaRequired marks a required input of a form saved while still
	// incomplete (a draft), which the browser must not refuse to send.
	"ariaRequired": func(on bool) template.HTMLAttr {
		if on {
			return ` aria-required="true"`
		}
		return ""
	},
	"event": func(s string) string {
		if l, ok := eventLabels[s]; ok {
			return l
		}
		return s
	},
	"day": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.In(haoban.Beijing).Format("2006年1月2日")
		case *time.Time:
			if v != nil {
				return v.In(haoban.Beijing).Format("2006年1月2日")
			}
		}
		return "—"
	},
	"when":  func(t time.Time) string { return t.In(haoban.Beijing).Format("2006年1月2日 15:04") },
	"value": haoban.Display,
	"has": func(list []string, v string) bool {
		for _, e := range list {
			if e == v {
				return true
			}
		}
		return false
	},
	"role":     func(u *haoban.User, r string) bool { return u != nil && u.HasRole(r) },
	"contains": strings.Contains,
	"pct":      func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"add":      func(a, b int) int { return a + b },
	"mul":      func(a, b int) int { return a * b },
	"bar":      func(f float64) int { return int(f * 200) },
}

// pages holds each page's template.
var pages = map[string]*template.Template{}

func init() {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "base" {
			continue
		}
		files := append(append([]string{"templates/base.html"}, sharedPartials[name]...), n) // n's "body" wins
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, files...))
	}
}

// text formats a string of the pages; the pages are in Chinese only.
func text(s string, args ...any) string {
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func status(s any) string {
	k := fmt.Sprint(s)
	if l, ok := statusLabels[k]; ok {
		return l
	}
	return k
}

// render writes a page; the user and CSRF token are filled in here.
func (p *Pages) render(c *fiber.Ctx, name string, data pageData) error {
	if u := userFrom(c.UserContext()); u.ID != "" {
		data.User = &u
	}
	if data.CSRF == "" {
		data.CSRF = csrfToken(c)
	}
	if data.Names == nil {
		data.Names = p.App.Glossaries.For(c.UserContext())
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	tpl := "base"
	if data.Fragment {
		tpl = "body"
	}
	return pages[name].ExecuteTemplate(c, tpl, data)
}
