package app

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"haoban"
)

// HelperSkillStore keeps who can answer what (postgres.Store).
type HelperSkillStore interface {
	FindUser(ctx context.Context, id string) (haoban.User, error)
	// DepartmentItems lists a department's items in force.
	DepartmentItems(ctx context.Context, department string) ([]haoban.Item, error)
	HelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error)
	ListUsers(ctx context.Context) ([]haoban.User, error)
	DepartmentNames(ctx context.Context) (map[string]string, error)
	SetHelperSkills(ctx context.Context, helper string, skills []haoban.HelperSkill) error
	Audit(ctx context.Context, e haoban.AuditEntry) error
}

// HelperSkills lets admins say which departments and items each helper
// answers: routing and the 45-second alert follow them.
type HelperSkills struct {
	Store HelperSkillStore
	Authz Authorizer
	Time  haoban.TimeSource
}

// maxSkills bounds one helper's skills: a helper for everything has the
// skill of every department ("*"), not a list of them all.
const maxSkills = 50

// Get lists a helper's skills, to an admin or to the helper.
func (h *HelperSkills) Get(ctx context.Context, r Request, helper string) ([]haoban.HelperSkill, error) {
	if r.User.ID != helper && !can(h.Authz, r.User, r.User.Department, "help", "staff") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以查看其他帮办人员的技能")
	}
	if _, err := h.helper(ctx, helper); err != nil {
		return nil, err
	}
	return h.Store.HelperSkills(ctx, helper)
}

// Set replaces a helper's skills, after checking that each names a
// department (or "*": all) and, when it names an item, one of that
// department's items. The change is audited.
func (h *HelperSkills) Set(ctx context.Context, r Request, helper string, skills []haoban.HelperSkill) ([]haoban.HelperSkill, error) {
	if !can(h.Authz, r.User, r.User.Department, "help", "staff") {
		return nil, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以设置帮办人员的技能")
	}
	if _, err := h.helper(ctx, helper); err != nil {
		return nil, err
	}
	if len(skills) > maxSkills {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "skills", "一名帮办人员至多 %d 项技能；负责全部部门请用“全部部门”", maxSkills)
	}
	clean := make([]haoban.HelperSkill, 0, len(skills))
	items := map[string][]haoban.Item{}
	for i, s := range skills {
		s = haoban.HelperSkill{Helper: helper, Department: strings.TrimSpace(s.Department), Item: strings.TrimSpace(s.Item)}
		field := "skills[" + strconv.Itoa(i) + "]"
		if s.Department == "" {
			return nil, haoban.FieldErrorf(haoban.EINVALID, field+".department", "第 %d 项技能缺少部门", i+1)
		}
		if s.Department == haoban.AnyDepartment {
			if s.Item != "" {
				return nil, haoban.FieldErrorf(haoban.EINVALID, field+".item", "第 %d 项技能：全部部门的技能不能限定事项", i+1)
			}
		} else {
			if _, ok := items[s.Department]; !ok {
				list, err := h.Store.DepartmentItems(ctx, s.Department)
				if err != nil {
					return nil, err
				}
				if len(list) == 0 {
					return nil, haoban.FieldErrorf(haoban.EINVALID, field+".department", "第 %d 项技能：没有这个部门，或它没有现行事项", i+1)
				}
				items[s.Department] = list
			}
			if s.Item != "" && !slices.ContainsFunc(items[s.Department], func(it haoban.Item) bool { return it.Code == s.Item }) {
				return nil, haoban.FieldErrorf(haoban.EINVALID, field+".item", "第 %d 项技能：这个事项不属于所选部门", i+1)
			}
		}
		if !slices.Contains(clean, s) {
			clean = append(clean, s)
		}
	}
	before, err := h.Store.HelperSkills(ctx, helper)
	if err != nil {
		return nil, err
	}
	if err := h.Store.SetHelperSkills(ctx, helper, clean); err != nil {
		return nil, err
	}
	e := r.audit("", now(h.Time))
	e.Action, e.Target = "helper.skills", helper
	e.Before, e.After = skillsJSON(before), skillsJSON(clean)
	if err := h.Store.Audit(ctx, e); err != nil {
		return nil, err
	}
	return clean, nil
}

// HelperRoster is every helper with their skills, and what a skill can
// name: the departments with their items in force.
type HelperRoster struct {
	Helpers     []RosterHelper    `json:"helpers"`
	Departments []SkillDepartment `json:"departments"`
}

// RosterHelper is a helper and their skills.
type RosterHelper struct {
	User   haoban.User          `json:"user"`
	Skills []haoban.HelperSkill `json:"skills"`
}

// Has reports whether the helper has exactly this skill.
func (h RosterHelper) Has(department, item string) bool {
	return slices.Contains(h.Skills, haoban.HelperSkill{Helper: h.User.ID, Department: department, Item: item})
}

// SkillDepartment is a department a skill can name, with its items.
type SkillDepartment struct {
	Code  string        `json:"code"`
	Name  string        `json:"name"`
	Items []haoban.Item `json:"items"`
}

// Roster lists the helpers and their skills, for admins.
func (h *HelperSkills) Roster(ctx context.Context, r Request) (HelperRoster, error) {
	if !can(h.Authz, r.User, r.User.Department, "help", "staff") {
		return HelperRoster{}, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以设置帮办人员的技能")
	}
	users, err := h.Store.ListUsers(ctx)
	if err != nil {
		return HelperRoster{}, err
	}
	var out HelperRoster
	for _, u := range users {
		if !u.HasRole(haoban.RoleHelper) {
			continue
		}
		skills, err := h.Store.HelperSkills(ctx, u.ID)
		if err != nil {
			return HelperRoster{}, err
		}
		out.Helpers = append(out.Helpers, RosterHelper{User: u, Skills: skills})
	}
	names, err := h.Store.DepartmentNames(ctx)
	if err != nil {
		return HelperRoster{}, err
	}
	for code, name := range names {
		items, err := h.Store.DepartmentItems(ctx, code)
		if err != nil {
			return HelperRoster{}, err
		}
		out.Departments = append(out.Departments, SkillDepartment{Code: code, Name: name, Items: items})
	}
	slices.SortFunc(out.Departments, func(a, b SkillDepartment) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// helper finds a user who is a helper.
func (h *HelperSkills) helper(ctx context.Context, id string) (haoban.User, error) {
	u, err := h.Store.FindUser(ctx, id)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND || err == nil && !u.HasRole(haoban.RoleHelper) {
		return u, haoban.Errorf(haoban.ENOTFOUND, "没有这名帮办人员")
	}
	return u, err
}

func skillsJSON(s []haoban.HelperSkill) string {
	b, _ := json.Marshal(s)
	return string(b)
}
