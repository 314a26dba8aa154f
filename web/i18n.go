package web

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"
)

// The pages are written in Chinese; English is a switch (the lang cookie).
// A string without an English entry stays Chinese rather than vanish.
var english = map[string]string{
	"好办": "Haoban", "好办 · 一件事一次办": "Haoban · one thing, done once",
	"主导航": "Main navigation", "办事指南": "Services", "我的办件": "My applications", "待办任务": "My inbox",
	"经办办件": "Department cases", "督办看板": "Supervision board", "期限统计": "Deadline statistics",
	"全部办件": "All cases", "通知": "Notifications", "退出": "Sign out", "登录": "Sign in", "演示用户": "Demo user",
	"开发模式：选择一个演示用户登录。": "Development mode: choose a demo user.",
	"请通过统一身份认证登录后访问。":  "Please sign in through the unified identity service.",
	"在线申请": "Apply online", "暂无可办理的事项。": "No services available.",
	"承诺 %d 个工作日办结，涉及 %d 个事项：": "Promised within %d working days, %d items:",
	"承诺 %d 个工作日":              "promised %d working days",
	"申请":                      "Application", "请选择": "Choose…", "必填": "required", "提交申请": "Submit application", "是": "Yes", "否": "No",
	"请修改以下 %d 处：": "Please correct %d problems:",
	"办件":          "Applications", "办件列表": "Applications", "申请人": "Applicant", "状态": "Status", "提交时间": "Submitted",
	"还没有办件。": "No applications yet.", "去办事": "Apply for a service",
	"状态：": "Status: ", "整体承诺 %d 个工作日": "promised %d working days in all",
	"%s 到期，剩余 %d 个工作日": "due %s, %d working days left",
	"各部门进度":            "Progress by department", "事项": "Item", "部门": "Department", "到期": "Due", "剩余工作日": "Working days left",
	"需要补正": "supplement needed", "提交补正": "Send the supplement", "请先在下方上传新的「%s」，提交补正时一并提交": "Upload a new “%s” below first; it goes with the supplement",
	"申请材料": "Materials", "没有上传材料。": "No materials uploaded.", "办理进度": "Timeline",
	"撤回原因": "Reason for withdrawing", "撤回申请": "Withdraw the application",
	"办理人": "Assignee", "操作": "Action", "认领": "Claim", "暂无待办任务。": "Nothing in the inbox.",
	"办件：": "Application: ", "申请表": "Application form", "其他部门进度": "Other departments",
	"办理记录": "History", "内部意见（申请人不可见）": "Internal comments (not shown to the applicant)",
	"暂无内部意见。": "No internal comments.", "添加内部意见": "Add an internal comment", "添加": "Add",
	"作出决定": "Decide", "决定": "Decision", "准予": "Approve", "不予（须说明理由）": "Reject (give the reason)",
	"要求补正（一次性列明）": "Request a supplement (list everything at once)", "审查意见": "Comments",
	"需要补正的字段（选择补正时勾选并说明原因）": "Fields to supplement (tick and give the reason)", "原因": "Reason",
	"提交决定": "Submit the decision", "退回待办池": "Return to the pool", "认领此任务": "Claim this task",
	"全部": "All", "临期": "At risk", "超期": "Overdue", "暂停": "Paused", "督办": "Supervise", "催办": "Remind",
	"延长天数": "Days to extend", "延期理由": "Reason for the extension", "延期": "Extend",
	"恢复计时": "Resume the clock", "暂停事由": "Reason to suspend", "专家评审": "Expert review", "检验检测": "Testing",
	"听证": "Hearing", "公示": "Public notice", "暂停计时": "Suspend the clock", "改派给": "Reassign to",
	"审查人员编号": "Reviewer ID", "改派": "Reassign", "没有需要督办的任务。": "Nothing needs supervision.",
	"期限统计（本月）": "Deadline statistics (this month)", "各部门承诺时限办结率": "On-time rate by department",
	"办结": "Decided", "按时": "On time", "承诺时限办结率": "On-time rate", "平均用时（工作日）": "Average working days",
	"当前超期": "Overdue now", "本月还没有办结的任务。": "Nothing decided this month.",
	"暂无通知。": "No notifications.", "查看办件": "Open the application", "返回首页": "Back to the start",
	"无权访问": "Not allowed", "请求已失效": "Request expired", "登录失败": "Sign-in failed", "出错了": "Something went wrong",
	"催办失败": "Reminder refused", "延期失败": "Extension refused", "暂停计时失败": "Suspension refused",
	"恢复计时失败": "Resumption refused", "改派失败": "Reassignment refused",
	"经办":    "Cases",
	"提交申请 ": "Submitted", "开始审查": "Review opened", "作出决定 ": "Decided", "取消": "Cancelled",
	"要求补正": "Supplement requested", "收到补正": "Supplement received", "撤回": "Withdrawn",
	"退回待办": "Returned to the pool", "提醒": "Reminder", "超期督办": "Escalated as overdue",
	"我的证照": "My licences", "证照": "Licence", "编号": "Number", "持证人": "Holder", "有效期": "Valid", "文书": "Documents",
	"长期": "no end", "验证": "Verify", "证照文件": "Licence file", "准予行政许可决定书": "Licensing decision", "无电子文书": "no e-document",
	"还没有电子证照。": "No e-licences yet.",
	"本人及所代表企业持有的电子证照。每份文书都加盖了发证部门的电子印章，可下载，也可以随时验证真伪。": "Licences you hold in person or through your enterprises. Every document carries the issuing department's electronic seal; download it or verify it at any time.",
	"已对应常用地址库": "Matched in the standard address library", "智能预审": "Pre-review", "已有有效电子证照，免于提交": "Covered by a valid e-licence: no upload needed",
	"所有必须满足的审查要点均已通过，可以提交。": "Every required review point passes: ready to submit.", "有 %d 处必须改正后才能提交：": "%d problems must be fixed before submitting:",
	"已检查 %d 条审查要点；保存或上传后自动重新预审。": "%d review points checked; checked again after every save or upload.", "待填": "to fill", "来自%s（%s）": "from %s (%s)",
}

var englishStatus = map[string]string{
	"in_review": "in review", "awaiting_supplement": "awaiting supplement", "completed": "completed", "withdrawn": "withdrawn",
	"approved": "approved", "partially_approved": "partly approved", "rejected": "rejected", "pending": "waiting",
	"open": "open", "claimed": "in progress", "cancelled": "cancelled", "running": "running", "paused": "paused",
	"overdue": "overdue", "met": "on time", "missed": "late", "at_risk": "at risk", "ok": "on track",
	"applicant": "applicant", "reviewer": "reviewer", "supervisor": "supervisor", "admin": "admin",
	"not_accepted": "not accepted", "passed": "passed", "failed": "failed", "not_applicable": "not applicable",
	"blocking": "required", "warning": "advice",
	"valid": "valid", "superseded": "superseded", "revoked": "revoked", "expired": "expired",
}

// translator returns the t function of a language.
func translator(lang string) func(string, ...any) string {
	return func(s string, args ...any) string {
		if lang == "en" {
			if e, ok := english[s]; ok {
				s = e
			}
		}
		if len(args) > 0 {
			return fmt.Sprintf(s, args...)
		}
		return s
	}
}

func langOf(c *fiber.Ctx) string {
	if c.Cookies("lang") == "en" {
		return "en"
	}
	return "zh"
}

// switchLang remembers the chosen language and returns to the page.
func (p *Pages) switchLang(c *fiber.Ctx) error {
	lang := "zh"
	if c.Query("to") == "en" {
		lang = "en"
	}
	c.Cookie(&fiber.Cookie{Name: "lang", Value: lang, Path: "/", SameSite: fiber.CookieSameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	return c.Redirect(localPath(c.Get(fiber.HeaderReferer)), fiber.StatusSeeOther)
}

// localPath is the path and query of a URL, for a redirect that must stay
// on this site: "/" unless it is a plain path. Browsers read "/\evil" and
// "/\t/evil" as "//evil", another host, so a backslash, a control
// character or a doubled slash anywhere near the start sends one home.
func localPath(raw string) string {
	ref, err := url.Parse(raw)
	if err != nil {
		return "/"
	}
	p := ref.EscapedPath()
	decoded, err := url.PathUnescape(p)
	if err != nil || !strings.HasPrefix(decoded, "/") || strings.HasPrefix(decoded, "//") ||
		strings.ContainsAny(decoded, "\\") || strings.IndexFunc(decoded, unicode.IsControl) >= 0 ||
		strings.IndexFunc(ref.RawQuery, unicode.IsControl) >= 0 {
		return "/"
	}
	if ref.RawQuery != "" {
		p += "?" + ref.RawQuery
	}
	return p
}
