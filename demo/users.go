package demo

import "haoban"

// Users returns the demo users: two applicants, one reviewer for each
// department, a supervisor and an admin. The ID numbers carry valid GB 11643
// check digits.
func Users() []haoban.User {
	users := []haoban.User{
		{ID: "zhang-wei", Name: "张伟", Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment, IDNumber: "31010419900307123X"},
		{ID: "li-na", Name: "李娜（上海好味餐饮有限公司法定代表人）", Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment, IDNumber: "310115198811203215"},
		{ID: "supervisor", Name: "周敏（督办）", Roles: []string{haoban.RoleSupervisor}, Department: haoban.AnyDepartment},
		{ID: "admin", Name: "系统管理员", Roles: []string{haoban.RoleAdmin}, Department: haoban.AnyDepartment},
	}
	reviewers := map[string]string{"samr": "王芳", "fire": "刘洋", "greening": "陈静", "water": "杨磊",
		"health": "赵丽", "police": "黄强", "hrss": "吴婷", "medins": "徐斌",
		"edu": "孙悦", "transport": "马骏", "realty": "朱琳", "civil": "胡军", "dpf": "郭敏", "tax": "何平",
		"veterans": "高峰", "court": "林晨", "hfund": "罗佳", "culture": "梁雪",
		"water-supply": "宋涛", "power-grid": "郑浩", "gas-supply": "谢娟", "telecom": "韩冰"}
	for _, d := range Departments() {
		users = append(users, haoban.User{ID: "reviewer-" + d.Code, Name: reviewers[d.Code] + "（" + d.Name + "）",
			Roles: []string{haoban.RoleReviewer}, Department: d.Code})
	}
	// A second reviewer at 市场监管局, the busiest counter, so work can be
	// reassigned within the department.
	users = append(users, haoban.User{ID: "reviewer-samr-2", Name: "王磊（市场监督管理局）",
		Roles: []string{haoban.RoleReviewer}, Department: "samr"})
	// The catalogue's keepers (issue 16): one admin who publishes, and two
	// departments' editors who edit only their own items.
	return append(users,
		// Leaders (领导干部帮办, issue 18) who accompany applicants through
		// their own department's cases.
		haoban.User{ID: "leader-samr", Name: "冯涛（市场监督管理局副局长）", Roles: []string{haoban.RoleLeader}, Department: "samr"},
		haoban.User{ID: "leader-health", Name: "邓红（卫生健康委员会副主任）", Roles: []string{haoban.RoleLeader}, Department: "health"},
		haoban.User{ID: "catalogue-admin", Name: "孙立（目录管理员）", Roles: []string{haoban.RoleCatalogueAdmin},
			Department: haoban.AnyDepartment},
		haoban.User{ID: "editor-samr", Name: "钱进（市场监督管理局目录编辑）", Roles: []string{haoban.RoleCatalogueEditor},
			Department: "samr"},
		haoban.User{ID: "editor-fire", Name: "郑凯（消防救援支队目录编辑）", Roles: []string{haoban.RoleCatalogueEditor},
			Department: "fire"},
		// The help desk's helpers (issue 18); their skills are HelperSkills.
		haoban.User{ID: "helper-samr", Name: "沈晓（市场监管帮办）", Roles: []string{haoban.RoleHelper}, Department: haoban.AnyDepartment},
		haoban.User{ID: "helper-health", Name: "陆遥（社会事务帮办）", Roles: []string{haoban.RoleHelper}, Department: haoban.AnyDepartment},
		haoban.User{ID: "helper-centre", Name: "顾宁（中心综合帮办）", Roles: []string{haoban.RoleHelper}, Department: haoban.AnyDepartment},
		// 12345's account, which hands hotline tickets over (issue 18).
		haoban.User{ID: "hotline-12345", Name: "12345热线", Roles: []string{haoban.RoleHotline}, Department: haoban.AnyDepartment},
		// Counter clerks (窗口受理人员, issue 19) at two of the service
		// centre's counters, who enter applications for people in person.
		haoban.User{ID: "clerk-1", Name: "王静", Roles: []string{haoban.RoleClerk}, Department: haoban.AnyDepartment,
			Window: "综合受理窗口 3 号"},
		haoban.User{ID: "clerk-2", Name: "李强", Roles: []string{haoban.RoleClerk}, Department: haoban.AnyDepartment,
			Window: "综合受理窗口 5 号"})
}

// HelperSkills are the demo helpers' skills: 市场监管's questions, the
// social departments' (health, police, HR and social security, medical
// insurance), and the centre's generalist, who answers every department.
func HelperSkills() map[string][]haoban.HelperSkill {
	return map[string][]haoban.HelperSkill{
		"helper-samr": {{Helper: "helper-samr", Department: "samr"}},
		"helper-health": {{Helper: "helper-health", Department: "health"}, {Helper: "helper-health", Department: "police"},
			{Helper: "helper-health", Department: "hrss"}, {Helper: "helper-health", Department: "medins"}},
		"helper-centre": {{Helper: "helper-centre", Department: haoban.AnyDepartment}},
	}
}
