package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"haoban/httpx"
)

// routes lists every route: the table of contents of the API. Operations
// with a permission require a signed-in user whom Casbin allows.
func (s *Server) routes() {
	s.app.Get("/metrics", adaptor.HTTPHandler(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})))
	op(s, http.MethodGet, "/healthz", "healthz", "进程存活", nil, s.healthz)
	op(s, http.MethodGet, "/readyz", "readyz", "PostgreSQL 与 Temporal 可用", nil, s.readyz)
	if s.DevMode {
		op(s, http.MethodGet, "/api/v1/dev/users", "dev-users", "演示用户（仅开发模式）", nil, s.devUsers)
		op(s, http.MethodPost, "/api/v1/dev/login", "dev-login", "以演示用户登录（仅开发模式）", nil, s.devLogin)
	}
	op(s, http.MethodPost, "/api/v1/logout", "logout", "退出登录：此令牌立即失效", perm("session", "end"), s.logout)
	op(s, http.MethodGet, "/api/v1/admin/users", "list-users", "用户列表", perm("user", "read"), s.listUsers)
	op(s, http.MethodPost, "/api/v1/admin/users/{id}/disable", "disable-user", "停用用户：其令牌立即失效（记入审计）", perm("user", "write"), s.disableUser)
	op(s, http.MethodPost, "/api/v1/admin/users/{id}/enable", "enable-user", "重新启用用户（记入审计）", perm("user", "write"), s.enableUser)
	op(s, http.MethodGet, "/api/v1/bundles", "list-bundles", "列出一件事及其事项", perm("bundle", "read"), s.listBundles)
	op(s, http.MethodGet, "/api/v1/bundles/{code}/form", "bundle-form", "一表申请：为本人预填的表单及每个值的来源", perm("case", "create"), s.bundleForm)
	op(s, http.MethodGet, "/api/v1/sources", "list-sources", "数源目录：数据来源及其提供的字段", perm("bundle", "read"), s.listSources)
	op(s, http.MethodPut, "/api/v1/admin/sources/{code}", "save-source", "登记或更正数据来源", perm("source", "write"), s.saveSource)
	op(s, http.MethodGet, "/api/v1/addresses", "search-addresses", "常用地址库检索", perm("bundle", "read"), s.addresses)
	op(s, http.MethodPost, "/api/v1/cases", "create-case", "提交一件事申请", perm("case", "create"), s.createCase)
	op(s, http.MethodGet, "/api/v1/cases", "list-cases", "列出本人的办件或本部门经手的办件", perm("case", "list", "list_own"), s.listCases)
	op(s, http.MethodGet, "/api/v1/cases/{id}", "get-case", "查看办件：状态、审查任务、进度", perm("case", "read", "read_own"), s.getCase)
	op(s, http.MethodGet, "/api/v1/tasks", "list-tasks", "本部门可办理的审查任务", perm("task", "list"), s.listTasks)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/claim", "claim-task", "认领审查任务", perm("task", "claim"), s.claimTask)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/decision", "decide-task", "作出审查决定：准予、不予或要求补正", perm("task", "decide"), s.decideTask)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/reassign", "reassign-task", "改派给本部门另一名审查人员", perm("task", "reassign"), s.reassign)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/release", "release-task", "退回待办池", perm("task", "release"), s.release)
	op(s, http.MethodGet, "/api/v1/tasks/{id}/risk", "task-risk", "模型预测的补正或不予风险及主要因素（仅供参考）", perm("task", "claim"), s.taskRisk)
	op(s, http.MethodGet, "/api/v1/tasks/{id}/comments", "list-comments", "内部意见", perm("task", "comment"), s.listComments)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/comments", "add-comment", "添加内部意见", perm("task", "comment"), s.addComment)

	op(s, http.MethodPost, "/api/v1/cases/{id}/supplement", "supplement-case", "答复补正要求", perm("case", "supplement"), s.supplement)
	op(s, http.MethodPost, "/api/v1/cases/{id}/again", "case-again", "再来一单：以此办件的内容开始新的申请", perm("draft", "write"), s.again)
	op(s, http.MethodPost, "/api/v1/cases/{id}/withdraw", "withdraw-case", "撤回申请", perm("case", "withdraw"), s.withdraw)
	op(s, http.MethodGet, "/api/v1/cases/{id}/audit", "case-audit", "办件的审计记录", perm("audit", "read"), s.caseAudit)

	op(s, http.MethodPost, "/api/v1/tasks/{id}/extend", "extend-task", "延长期限（每个任务一次，至多 10 个工作日）", perm("task", "extend"), s.extend)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/suspend", "suspend-task", "因专家评审、检验检测、听证、公示暂停计时", perm("task", "suspend"), s.suspend)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/resume", "resume-task", "恢复计时", perm("task", "suspend"), s.resume)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/remind", "remind-task", "催办", perm("task", "remind"), s.remind)
	op(s, http.MethodGet, "/api/v1/supervision/tasks", "supervision-board", "督办看板：临期、超期、暂停的任务", perm("supervision", "read"), s.board)
	op(s, http.MethodGet, "/api/v1/stats/prefill", "prefill-stats", "预填比例：各一件事与总体", perm("supervision", "read"), s.prefillStats)
	op(s, http.MethodGet, "/api/v1/stats/deadlines", "deadline-stats", "期限统计：承诺时限办结率等", perm("supervision", "read"), s.deadlineStats)
	op(s, http.MethodPost, "/api/v1/assistant/ask", "assistant-ask", "向小申提问：答复附出处，不确定时转人工", perm("assistant", "ask"), s.askAssistant)
	op(s, http.MethodPost, "/api/v1/admin/assistant/train", "assistant-train", "重新训练小申的意图模型并启用新版本", perm("assistant", "train"), s.retrainAssistant)
	op(s, http.MethodGet, "/api/v1/stats/assistant", "assistant-stats", "小申统计：提问数、解答数、转人工数、解决率", perm("supervision", "read"), s.assistantStats)
	op(s, http.MethodGet, "/api/v1/knowledge/search", "search-knowledge", "检索知识库：中文分词、同义词扩展，只返回现行的条目", perm("knowledge", "search"), s.searchKnowledge)
	op(s, http.MethodGet, "/api/v1/admin/knowledge", "list-knowledge", "知识库条目：按种类、部门、文字筛选", perm("knowledge", "read"), s.listKnowledge)
	op(s, http.MethodPost, "/api/v1/admin/knowledge", "create-knowledge", "新建本部门的问答（记入审计）", perm("knowledge", "write"), s.createKnowledge)
	op(s, http.MethodGet, "/api/v1/admin/knowledge/synonyms", "knowledge-synonyms", "知识库同义词", perm("knowledge", "read"), s.knowledgeSynonyms)
	op(s, http.MethodPut, "/api/v1/admin/knowledge/synonyms", "save-knowledge-synonyms", "修改知识库同义词（记入审计）", perm("synonym", "write"), s.saveKnowledgeSynonyms)
	op(s, http.MethodGet, "/api/v1/admin/knowledge/{id}", "get-knowledge", "一条知识及问答的各个版本", perm("knowledge", "read"), s.getKnowledge)
	op(s, http.MethodPut, "/api/v1/admin/knowledge/{id}", "update-knowledge", "修改问答：保存为新版本（记入审计）", perm("knowledge", "write"), s.updateKnowledge)
	op(s, http.MethodDelete, "/api/v1/admin/knowledge/{id}", "end-knowledge", "停用问答：立即失效，保留历史版本（记入审计）", perm("knowledge", "write"), s.endKnowledge)
	op(s, http.MethodGet, "/api/v1/notifications", "notifications", "我的通知", perm("notification", "read"), s.notifications)
	op(s, http.MethodPost, "/api/v1/notifications/{id}/read", "mark-notification-read", "标记通知已读", perm("notification", "read"), s.markRead)
	op(s, http.MethodGet, "/api/v1/cases/{id}/notices", "case-notices", "办件发给申请人的短信与电子邮件及其送达状态", perm("case", "read", "read_own"), s.caseNotices)
	op(s, http.MethodGet, "/api/v1/admin/notices/dead", "dead-letters", "发送失败的通知（死信），最新的在前", perm("outbox", "read"), s.deadLetters)
	op(s, http.MethodPost, "/api/v1/admin/notices/{id}/resend", "resend-notice", "重新发送一条发送失败的通知（记入审计）", perm("outbox", "resend"), s.resendNotice)
	op(s, http.MethodGet, "/api/v1/me/policy-check", "policy-check", "政策体检：本人及所代表企业符合哪些免申即享政策，不符合的是哪一条", perm("policy", "check"), s.policyCheck)
	op(s, http.MethodGet, "/api/v1/me/contacts", "get-contacts", "我的电子邮箱与手机号", perm("settings", "edit"), s.getContacts)
	op(s, http.MethodPut, "/api/v1/me/contacts", "set-contacts", "设置电子邮箱与手机号（校验，记入审计）", perm("settings", "edit"), s.setContacts)
	op(s, http.MethodGet, "/api/v1/me/notice-preferences", "get-notice-preferences", "我的通知方式：每类通知经哪些渠道发送", perm("settings", "edit"), s.getPreferences)
	op(s, http.MethodPut, "/api/v1/me/notice-preferences", "set-notice-preferences", "设置通知方式（法定通知不能关闭；记入审计）", perm("settings", "edit"), s.setPreferences)
	op(s, http.MethodPost, "/api/v1/sms/receipts", "sms-receipt", "短信送达回执（服务商回调：不用令牌，以 HMAC 签名认证）", nil, s.smsReceipt)

	op(s, http.MethodGet, "/api/v1/admin/rules", "list-rules", "审查要点：每条的当前版本", perm("rule", "read"), s.listRules)
	op(s, http.MethodPost, "/api/v1/admin/rules", "create-rule", "新增审查要点（保存前编译并检查代价）", perm("rule", "write"), s.createRule)
	op(s, http.MethodPut, "/api/v1/admin/rules/{id}", "update-rule", "修改审查要点：保存为新版本", perm("rule", "write"), s.updateRule)
	op(s, http.MethodGet, "/api/v1/admin/rules/{id}/history", "rule-history", "审查要点的各个版本", perm("rule", "read"), s.ruleHistory)
	op(s, http.MethodGet, "/api/v1/verify/{id}", "verify-document", "验证签章文书（公开，二维码指向此处）", nil, s.verifyDocument)
	op(s, http.MethodGet, "/api/v1/verify", "verify-number", "按证照编号验证证照（公开）", nil, s.verifyNumber)
	// The 办事指南 is public: read before signing in (guide.go). Search is
	// registered before {bundle}, which would take its name.
	op(s, http.MethodGet, "/api/v1/guide", "guide", "办事指南：按人生事件和企业发展阶段浏览（公开）", nil, s.guideIndex)
	op(s, http.MethodGet, "/api/v1/guide/search", "search-guide", "按关键词检索办事指南（公开）", nil, s.guideSearch)
	op(s, http.MethodGet, "/api/v1/guide/{bundle}", "guide-bundle", "一件事或其中一个事项的办事指南：条件、材料、依据、收费、时限、部门与流程（公开）", nil, s.guidePage)
	op(s, http.MethodGet, "/api/v1/licences", "list-licences", "电子证照：本人及所代表企业的证照与签章文书", perm("licence", "read", "read_own"), s.listLicences)
	op(s, http.MethodPost, "/api/v1/admin/licences/{id}/revoke", "revoke-licence", "吊销证照（说明理由，记入审计）", perm("licence", "revoke"), s.revokeLicence)
	op(s, http.MethodGet, "/api/v1/admin/link-rules", "list-link-rules", "联动变更规则：各类证照嵌入的营业执照字段及处理方式", perm("rule", "read"), s.listLinkRules)
	op(s, http.MethodPut, "/api/v1/admin/link-rules/{type}", "save-link-rule", "设置某类证照的联动变更规则", perm("rule", "write"), s.saveLinkRule)
	op(s, http.MethodGet, "/api/v1/admin/catalogue/{bundle}/versions", "catalogue-history", "一件事的各个版本：草稿、待生效、现行、已被取代、已撤回", perm("catalogue", "read"), s.catalogueHistory)
	op(s, http.MethodGet, "/api/v1/admin/catalogue/{bundle}/versions/{version}", "catalogue-version", "一件事的一个版本及其改动", perm("catalogue", "read"), s.catalogueVersion)
	op(s, http.MethodPut, "/api/v1/admin/catalogue/{bundle}/draft", "save-catalogue-draft", "保存一件事的草稿版本（部门目录编辑只能改本部门的事项；记入审计）", perm("catalogue", "edit"), s.saveCatalogueDraft)
	op(s, http.MethodPost, "/api/v1/admin/catalogue/{bundle}/versions/{version}/publish", "publish-catalogue", "发布草稿：检查全部问题，自指定时间起生效（记入审计）", perm("catalogue", "publish"), s.publishCatalogue)
	op(s, http.MethodPost, "/api/v1/admin/catalogue/{bundle}/versions/{version}/withdraw", "withdraw-catalogue", "撤回尚未生效的版本（记入审计）", perm("catalogue", "withdraw"), s.withdrawCatalogue)
	op(s, http.MethodGet, "/api/v1/admin/catalogue/{bundle}/compare", "compare-catalogue", "两个版本之间的改动", perm("catalogue", "read"), s.compareCatalogue)
	op(s, http.MethodPost, "/api/v1/admin/catalogue/check", "check-catalogue", "发布前检查一件事：一次列出全部问题及其字段路径", perm("catalogue", "check"), s.checkBundle)
	op(s, http.MethodGet, "/api/v1/admin/policies", "list-policies", "免申即享政策：各政策的各个版本", perm("policy", "read"), s.listPolicies)
	op(s, http.MethodGet, "/api/v1/admin/policies/{policy}/versions/{version}", "get-policy", "政策的一个版本及其数据需求清单", perm("policy", "read"), s.getPolicy)
	op(s, http.MethodPut, "/api/v1/admin/policies/{policy}/draft", "save-policy-draft", "保存政策草稿（记入审计）", perm("policy", "edit"), s.savePolicyDraft)
	op(s, http.MethodPost, "/api/v1/admin/policies/{policy}/versions/{version}/publish", "publish-policy", "发布政策草稿：编译全部规则、一次列出全部问题，自指定日期起生效（记入审计）", perm("policy", "publish"), s.publishPolicy)
	op(s, http.MethodPost, "/api/v1/admin/policies/{policy}/versions/{version}/withdraw", "withdraw-policy", "撤回尚未生效的政策版本（记入审计）", perm("policy", "withdraw"), s.withdrawPolicy)
	op(s, http.MethodGet, "/api/v1/admin/policies/{policy}/compare", "compare-policy", "政策两个版本之间的改动（文字说明）", perm("policy", "read"), s.comparePolicy)
	op(s, http.MethodPost, "/api/v1/admin/policies/{policy}/match", "start-policy-match", "对全体人口或企业运行一次政策匹配（同一政策期内不会重复匹配）", perm("policy", "match"), s.startMatch)
	op(s, http.MethodGet, "/api/v1/admin/policies/{policy}/runs/{run}", "policy-run", "一次政策匹配的进度与计数", perm("policy", "read"), s.policyRun)
	op(s, http.MethodGet, "/api/v1/admin/policies/{policy}/matches", "policy-matches", "政策的匹配结果：受益对象、金额及其依据的数据", perm("policy", "read"), s.policyMatches)
	// Benefit cases (免申即享, issue 17). The publicity list is public, as
	// the 办事指南 is: names are masked by the use case.
	op(s, http.MethodGet, "/api/v1/me/benefits", "my-benefits", "我的待享与企业服务包：无需申请即可享受的政策待遇及其进度", perm("benefit", "read_own"), s.myBenefits)
	op(s, http.MethodGet, "/api/v1/benefits/{id}", "get-benefit", "查看一项待享：匹配依据、进度与告知承诺书", perm("benefit", "read", "read_own"), s.getBenefit)
	op(s, http.MethodPost, "/api/v1/benefits/{id}/answer", "answer-benefit", "确认领取或放弃（政策要求告知承诺的须同意承诺；记入审计）", perm("benefit", "answer"), s.answerBenefit)
	op(s, http.MethodPost, "/api/v1/benefits/{id}/objections", "object-benefit", "对公示名单提出异议（记入审计）", perm("benefit", "object"), s.objectBenefit)
	op(s, http.MethodPost, "/api/v1/objections/{id}/decision", "decide-objection", "政策发布部门处理异议：成立则终止发放（记入审计）", perm("benefit", "decide"), s.decideObjection)
	op(s, http.MethodPost, "/api/v1/benefits/{id}/review", "review-benefit", "人工复核严重失信主体的待享：通过进入公示，不通过则终止（记入审计）", perm("benefit", "decide"), s.reviewBenefit)
	op(s, http.MethodGet, "/api/v1/staff/benefits", "staff-benefits", "本部门待处理的免申即享异议与人工复核", perm("benefit", "decide"), s.staffBenefits)
	op(s, http.MethodGet, "/api/v1/publicity/{policy}", "publicity", "政策受益名单公示（公开，姓名已脱敏）", nil, s.publicity)
	op(s, http.MethodGet, "/api/v1/admin/policies/{policy}/dashboard", "benefit-dashboard", "政策运行情况：匹配、确认、放弃、异议、兑付、失败人数，资金使用与平均兑付天数", perm("policy", "read"), s.benefitDashboard)
	op(s, http.MethodPost, "/api/v1/admin/benefits/{id}/retry", "retry-benefit", "兑付失败的待享重新发放（同一支付指令，不会重复支付；记入审计）", perm("benefit", "correct"), s.retryBenefit)
	op(s, http.MethodPost, "/api/v1/admin/benefits/{id}/reverse", "reverse-benefit", "撤销已发放的待享并追回资金（纠错；记入审计）", perm("benefit", "correct"), s.reverseBenefit)
	op(s, http.MethodGet, "/api/v1/admin/benefits/reconcile", "reconcile-benefits", "与国库支付台账对账：列出每一处差异", perm("benefit", "reconcile"), s.reconcileBenefits)
	op(s, http.MethodGet, "/api/v1/admin/calendar", "get-calendar", "工作日日历：已导入的年份与缺少的年份", perm("calendar", "read"), s.getCalendar)
	op(s, http.MethodPut, "/api/v1/admin/calendar/{year}", "load-calendar-year", "导入或更正某年的放假安排", perm("calendar", "write"), s.loadCalendarYear)

	op(s, http.MethodGet, "/api/v1/drafts", "list-drafts", "我的草稿：未提交的申请，最近修改的在前", perm("draft", "write"), s.listDrafts)
	op(s, http.MethodPost, "/api/v1/drafts", "create-draft", "开始填写申请", perm("draft", "write"), s.createDraft)
	op(s, http.MethodGet, "/api/v1/drafts/{id}", "get-draft", "查看申请草稿", perm("draft", "write"), s.getDraft)
	op(s, http.MethodPatch, "/api/v1/drafts/{id}", "patch-draft", "自动保存申请草稿", perm("draft", "write"), s.patchDraft)
	op(s, http.MethodPost, "/api/v1/drafts/{id}/prereview", "prereview-draft", "智能预审：立即给出每条审查要点的结果", perm("draft", "write"), s.prereviewDraft)
	op(s, http.MethodDelete, "/api/v1/drafts/{id}/materials/{material}", "remove-draft-material", "删除申请草稿中上传的材料", perm("material", "upload"), s.removeDraftMaterial)
	op(s, http.MethodPost, "/api/v1/drafts/{id}/submit", "submit-draft", "提交申请草稿", perm("draft", "write"), s.submitDraft)
	op(s, http.MethodGet, "/api/v1/drafts/{id}/ocr", "draft-scans", "证件识别：扫描件识别出的、可填入申请表的字段", perm("draft", "write"), s.draftScans)
	op(s, http.MethodPost, "/api/v1/drafts/{id}/ocr/accept", "accept-draft-scan", "采用证件识别结果填入申请表（来源标为证件识别）", perm("draft", "write"), s.acceptScan)

	// Closing the gaps and leaders' help (issue 18, knowledge_tasks.go,
	// leaders.go): departments and leaders are checked in the use cases.
	op(s, http.MethodGet, "/api/v1/knowledge-tasks", "knowledge-tasks", "知识库待补任务：本部门待补写的问题及剩余工作日（5 个工作日内补齐）", perm("knowledge_task", "read"), s.knowledgeTasks)
	op(s, http.MethodPost, "/api/v1/knowledge-tasks/{id}/close", "close-knowledge-task", "关闭知识库待补任务：关联为此补写的知识条目，或说明理由驳回（记入审计）", perm("knowledge_task", "close"), s.closeKnowledgeTask)
	op(s, http.MethodPost, "/api/v1/leaders/sessions", "record-leader-session", "领导干部记录本人陪同群众办事的经历（同一 Idempotency-Key 只记录一次；记入审计）", perm("leader_session", "record"), s.recordLeaderSession)
	op(s, http.MethodGet, "/api/v1/leaders/report", "leader-report", "领导干部帮办情况：本年度每位领导的帮办次数与本部门高频事项覆盖", perm("leader_session", "read"), s.leaderReport)

	// 办不成事 (issue 19, obstacles.go): anyone files; the public routes
	// take no sign-in and are rate-limited and reached by the secret token;
	// departments are checked in the use case (handle: reviewers of the
	// report's department, supervisors for the service centre's).
	op(s, http.MethodPost, "/api/v1/obstacles", "file-obstacle", "反映办不成事：转给相关部门，1 个工作日内受理、5 个工作日内解决或答复（同一 key 只记一次）", perm("obstacle", "file"), s.fileObstacle)
	op(s, http.MethodGet, "/api/v1/obstacles", "my-obstacles", "我反映的办不成事", perm("obstacle", "read_own"), s.myObstacles)
	op(s, http.MethodGet, "/api/v1/obstacles/{id}", "get-obstacle", "一条办不成事反映：每一步及其期限（本人、本部门、督办）", perm("obstacle", "read", "read_own"), s.getObstacle)
	op(s, http.MethodPost, "/api/v1/obstacles/{id}/reopen", "reopen-obstacle", "不满意答复，重新提出（仅一次；记入审计）", perm("obstacle", "read_own"), s.reopenObstacle)
	op(s, http.MethodPost, "/api/v1/public/obstacles", "file-public-obstacle", "未登录反映办不成事：须留姓名和手机号（公开，限制频率；返回查看进展的凭据）", nil, s.filePublicObstacle)
	op(s, http.MethodGet, "/api/v1/public/obstacles/{id}", "get-public-obstacle", "凭提交时给出的凭据查看办不成事反映（公开）", nil, s.getPublicObstacle)
	op(s, http.MethodPost, "/api/v1/public/obstacles/{id}/reopen", "reopen-public-obstacle", "凭凭据重新提出办不成事反映（仅一次）", nil, s.reopenPublicObstacle)
	op(s, http.MethodGet, "/api/v1/staff/obstacles", "department-obstacles", "本部门的办不成事反映：按事项归并，含受理与解决期限", perm("obstacle", "read"), s.departmentObstacles)
	op(s, http.MethodPost, "/api/v1/staff/obstacles/{id}/accept", "accept-obstacle", "受理办不成事反映（记入审计，告知提出人）", perm("obstacle", "read"), s.acceptObstacle)
	op(s, http.MethodPost, "/api/v1/staff/obstacles/{id}/resolve", "resolve-obstacle", "解决或说明理由答复办不成事反映，可关联修改的目录版本或知识条目（记入审计，告知提出人）", perm("obstacle", "read"), s.resolveObstacle)

	// 好差评 (issue 19, ratings.go): whose case, conversation and
	// department it is, is checked in the use case.
	op(s, http.MethodPost, "/api/v1/ratings", "give-rating", "评价办结的办件、事项决定或帮办对话（每人每个对象一次，7 天内可修改；差评生成整改任务）", perm("rating", "give"), s.giveRating)
	op(s, http.MethodGet, "/api/v1/ratings/figures", "rating-figures", "好差评统计：各等级数量、差评整改率、实名差评回访、申诉结果", perm("operations", "read"), s.ratingFigures)
	op(s, http.MethodGet, "/api/v1/ratings/{id}", "my-rating", "我的评价及其整改进展", perm("rating", "read_own"), s.myRating)
	op(s, http.MethodPost, "/api/v1/ratings/{id}/answer", "answer-rating", "部门整改后，评价人回复是否满意（记入审计）", perm("rating", "read_own"), s.answerRating)
	op(s, http.MethodPost, "/api/v1/ratings/{id}/appeal", "file-rating-appeal", "部门申诉与本部门服务无关的评价，附证据（每条评价一次；记入审计）", perm("rating_appeal", "file"), s.fileAppeal)
	op(s, http.MethodGet, "/api/v1/staff/ratings", "department-ratings", "本部门的评价（匿名评价不显示评价人）与整改任务及剩余工作日", perm("rectification", "read"), s.departmentRatings)
	op(s, http.MethodGet, "/api/v1/staff/rectifications/{id}", "get-rectification", "一项差评整改及其 15 个工作日的期限", perm("rectification", "read"), s.getRectification)
	op(s, http.MethodPost, "/api/v1/staff/rectifications/{id}/call-back", "rectification-call-back", "记录回访核实：是否联系上评价人、核实情况（记入审计）", perm("rectification", "act"), s.callBack)
	op(s, http.MethodPost, "/api/v1/staff/rectifications/{id}/fix", "rectification-fix", "记录整改措施并请评价人确认是否满意（记入审计，通知评价人）", perm("rectification", "act"), s.fixRectification)
	op(s, http.MethodGet, "/api/v1/staff/rating-appeals", "rating-appeals", "评价申诉：待裁定的在前", perm("rating_appeal", "read"), s.listAppeals)
	op(s, http.MethodPost, "/api/v1/staff/rating-appeals/{id}/decision", "decide-rating-appeal", "督办裁定申诉：成立则该评价不计入统计（不删除；记入审计）", perm("rating_appeal", "decide"), s.decideAppeal)

	// Human help (issue 18, help.go): the applicant asks, a helper within
	// their skills answers, supervisors watch; the use case checks whose
	// conversation it is.
	op(s, http.MethodPost, "/api/v1/help/conversations", "start-help", "请求人工帮办：按事项和部门转给有相应技能的帮办人员（同一 Idempotency-Key 只开启一次）", perm("help", "ask"), s.startHelp)
	op(s, http.MethodGet, "/api/v1/help/conversations", "my-help", "我的帮办对话", perm("help", "ask"), s.myHelp)
	op(s, http.MethodGet, "/api/v1/help/conversations/{id}", "get-help", "查看帮办对话及其消息", perm("help", "ask", "answer", "supervise"), s.getHelp)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/messages", "post-help-message", "发送消息：申请人提问或帮办人员答复（首次答复记录服务时间内的响应秒数）", perm("help", "ask", "answer"), s.postHelpMessage)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/take", "take-help", "帮办人员从队列中接手等待中的对话（记入审计）", perm("help", "answer"), s.takeHelp)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/end", "end-help", "帮办人员结束对话：已解决或未解决，可标记答复值得收入知识库（记入审计）", perm("help", "answer"), s.endHelp)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/confirm", "confirm-help", "申请人确认问题是否已解决（记入审计）", perm("help", "ask"), s.confirmHelp)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/rating", "rate-help", "申请人评价帮办（1 至 5 星）", perm("help", "ask"), s.rateHelp)
	op(s, http.MethodGet, "/api/v1/helper/queue", "helper-queue", "帮办人员的队列：我的对话与技能范围内等待中的对话", perm("help", "answer"), s.helperQueue)
	op(s, http.MethodPut, "/api/v1/helper/availability", "helper-availability", "帮办人员设置接待中或离开：只有接待中的人员会被分配和提醒", perm("help", "answer"), s.setAvailability)
	op(s, http.MethodGet, "/api/v1/help/board", "help-board", "帮办看板：等待中的对话及其服务时间内已等待的秒数，超过 60 秒的标出", perm("help", "supervise"), s.helpBoard)
	op(s, http.MethodGet, "/api/v1/admin/helpers/{id}/skills", "helper-skills", "帮办人员的技能：负责的部门和事项（管理员或本人）", perm("help", "staff", "answer"), s.helperSkills)
	op(s, http.MethodPut, "/api/v1/admin/helpers/{id}/skills", "set-helper-skills", "设置帮办人员的技能：分配与 45 秒提醒据此进行（记入审计）", perm("help", "staff"), s.setHelperSkills)
	op(s, http.MethodGet, "/api/v1/stats/help", "help-stats", "人工帮办统计：按帮办人员、部门、事项的解决率与首次响应 p50、p90、60 秒内占比", perm("help", "supervise"), s.helpStats)

	// 同屏 and the 12345 hand-off (issue 18, screen.go, hotline.go): the
	// helper reads a shared draft and highlights; nothing writes to it.
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/screen/consent", "screen-consent", "允许帮办人员查看我正在填写的表单（同屏；记入审计）", perm("screen", "consent"), s.screenConsent)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/screen/revoke", "screen-revoke", "停止共享表单，帮办人员立即不能再查看（记入审计）", perm("screen", "consent"), s.screenRevoke)
	op(s, http.MethodGet, "/api/v1/help/conversations/{id}/screen", "screen-view", "同屏：申请人同意后，只读查看其正在填写的表单", perm("screen", "view"), s.screenView)
	op(s, http.MethodPost, "/api/v1/help/conversations/{id}/screen/highlights", "screen-highlight", "同屏：在申请人的表单上提示某一项（记入审计）", perm("screen", "highlight"), s.screenHighlight)
	op(s, http.MethodPost, "/api/v1/hotline/tickets", "submit-hotline", "12345 转办工单：按事项转给部门帮办专员（同一 Idempotency-Key 只生成一张）", perm("hotline", "submit"), s.submitHotline)
	op(s, http.MethodGet, "/api/v1/hotline/tickets", "hotline-desk", "待接听的 12345 工单（本人技能范围内，号码已脱敏）", perm("hotline", "connect"), s.hotlineDesk)
	op(s, http.MethodPost, "/api/v1/hotline/tickets/{id}/connect", "connect-hotline", "帮办专员接听 12345 工单（记录服务时间内的接通秒数）", perm("hotline", "connect"), s.connectHotline)
	op(s, http.MethodGet, "/api/v1/stats/hotline", "hotline-stats", "12345 转办接通率：目标时间内接通的工单占比（目标 ≥ 90%）", perm("hotline", "read"), s.hotlineStats)

	// The "799" dashboard (issue 19, operations*.go): supervisors and
	// admins; a department's own supervisor is kept to it by the use case.
	op(s, http.MethodGet, "/api/v1/operations", "operations", "数字化运营“799”指标：每项指标的数值、目标、达标情况与计算口径，及按部门、事项或窗口的分组", perm("operations", "read"), s.operations)
	op(s, http.MethodGet, "/api/v1/operations/figures/{key}/cases", "operation-figure-cases", "指标明细：构成该指标的办件（评价、报告、对话），每条是否计入及原因，分页", perm("operations", "read"), s.figureCases)
	op(s, http.MethodGet, "/api/v1/operations/scores", "operation-scores", "部门考评：各部门或各窗口的月度得分及其计算（按公布的权重）", perm("operations", "read"), s.operationScores)
	if s.Registry != nil && s.App != nil && s.App.Operations != nil {
		s.Registry.MustRegister(newFigureMetrics(s.App.Operations))
	}
	// Uploads and downloads stream their bodies, so they are plain Fiber
	// routes; streamDoc adds them to the OpenAPI document.
	upload := perm("material", "upload")
	s.app.Post("/api/v1/drafts/:id/materials", s.fiberAuth(upload), s.uploadToDraft)
	s.app.Post("/api/v1/cases/:id/materials", s.fiberAuth(upload), s.uploadToCase)
	s.app.Get("/api/v1/materials/:id", s.fiberAuth(perm("case", "read", "read_own")), s.downloadMaterial)
	s.app.Get("/api/v1/drafts/:id/generated/:material", s.fiberAuth(perm("draft", "write")), s.previewGenerated)
	s.app.Get("/api/v1/documents/:id", s.fiberAuth(perm("licence", "read", "read_own")), s.downloadDocument)
	s.app.Post("/api/v1/verify", s.verifyUpload)
	s.app.Get("/api/v1/cases/:id/events", s.fiberAuth(perm("case", "read", "read_own")), s.caseEvents)
	s.app.Get("/api/v1/help/conversations/:id/events", s.fiberAuth(perm("help", "ask", "answer", "supervise")), s.helpEvents)
	s.app.Get("/api/v1/help/board/events", s.fiberAuth(perm("help", "supervise")), s.helpBoardEvents)
	s.app.Get("/api/v1/helper/events", s.fiberAuth(perm("help", "answer")), s.helperDeskEvents)
	s.app.Get("/api/v1/stream", s.fiberAuth(perm("notification", "read")), s.stream)
	s.app.Get("/api/v1/operations/figures.csv", s.fiberAuth(perm("operations", "read")), s.figuresCSV)
	s.app.Get("/api/v1/operations/figures/:key/cases.csv", s.fiberAuth(perm("operations", "read")), s.figureCasesCSV)
	s.app.Get("/api/v1/operations/events", s.fiberAuth(perm("operations", "read")), s.operationsEvents)
	s.app.Get("/api/v1/help/conversations/:id/screen/events", s.fiberAuth(perm("screen", "view")), s.screenEvents)
	s.app.Get("/api/v1/drafts/:id/screen/events", s.fiberAuth(perm("draft", "write")), s.draftScreenEvents)
	s.codecRoutes()
	s.streamDoc()
	s.operationsDoc()
	s.screenDoc()
	s.generatedDoc()
}

// perm requires one of the actions on obj.
func perm(obj string, acts ...string) *permission { return &permission{obj: obj, acts: acts} }

// op registers one typed operation.
func op[I, O any](s *Server, method, path, id, summary string, perm *permission,
	handler func(context.Context, *I) (*O, error)) {
	o := huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Metadata: map[string]any{}}
	if perm != nil {
		o.Metadata[permissionKey] = *perm
		o.Security = []map[string][]string{{"bearer": {}}}
		o.Errors = []int{http.StatusUnauthorized, http.StatusForbidden}
	}
	if id == "create-case" || id == "create-draft" || id == "submit-draft" || id == "case-again" || id == "create-rule" {
		o.DefaultStatus = http.StatusCreated
	}
	if id == "check-catalogue" || id == "save-catalogue-draft" {
		// The check itself reports every problem of the bundle at once, by
		// path; the schema would stop at the first missing list.
		o.SkipValidateBody = true
	}
	huma.Register(s.api, o, func(ctx context.Context, in *I) (*O, error) {
		out, err := handler(ctx, in)
		if h := httpx.RetryHeaders(err); h != nil {
			err = huma.ErrorWithHeaders(err, h)
		}
		return out, err
	})
}
