package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// skillStore keeps skills and audit entries in memory.
type skillStore struct {
	users  map[string]haoban.User
	skills map[string][]haoban.HelperSkill
	audit  []haoban.AuditEntry
}

func (s *skillStore) FindUser(_ context.Context, id string) (haoban.User, error) {
	u, ok := s.users[id]
	if !ok {
		return u, haoban.Errorf(haoban.ENOTFOUND, "没有这个用户")
	}
	return u, nil
}

func (s *skillStore) DepartmentItems(_ context.Context, department string) ([]haoban.Item, error) {
	return map[string][]haoban.Item{"samr": {{Code: "business-licence"}, {Code: "food-licence"}}, "fire": {{Code: "fire-check"}}}[department], nil
}

func (s *skillStore) HelperSkills(_ context.Context, helper string) ([]haoban.HelperSkill, error) {
	return s.skills[helper], nil
}

func (s *skillStore) SetHelperSkills(_ context.Context, helper string, skills []haoban.HelperSkill) error {
	s.skills[helper] = skills
	return nil
}

func (s *skillStore) ListUsers(context.Context) ([]haoban.User, error) {
	var out []haoban.User
	for _, u := range s.users {
		out = append(out, u)
	}
	return out, nil
}

func (s *skillStore) DepartmentNames(context.Context) (map[string]string, error) {
	return map[string]string{"samr": "市场监督管理局", "fire": "消防救援支队"}, nil
}

func (s *skillStore) Audit(_ context.Context, e haoban.AuditEntry) error {
	s.audit = append(s.audit, e)
	return nil
}

func TestHelperSkills(t *testing.T) {
	store := &skillStore{skills: map[string][]haoban.HelperSkill{}, users: map[string]haoban.User{
		"helper-samr": {ID: "helper-samr", Roles: []string{haoban.RoleHelper}, Department: haoban.AnyDepartment},
		"zhang-wei":   {ID: "zhang-wei", Roles: []string{haoban.RoleApplicant}, Department: haoban.AnyDepartment},
	}}
	hs := &app.HelperSkills{Store: store, Authz: authz(t), Time: haoban.FixedTime{T: time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)}}
	admin := app.Request{User: haoban.User{ID: "admin", Roles: []string{haoban.RoleAdmin}, Department: haoban.AnyDepartment}}
	helper := app.Request{User: store.users["helper-samr"]}
	ctx := context.Background()

	want := []haoban.HelperSkill{{Helper: "helper-samr", Department: "samr"}, {Helper: "helper-samr", Department: "fire", Item: "fire-check"}}
	got, err := hs.Set(ctx, admin, "helper-samr", []haoban.HelperSkill{{Department: "samr"}, {Department: " fire ", Item: "fire-check"}, {Department: "samr"}})
	if err != nil || !slices.Equal(got, want) || !slices.Equal(store.skills["helper-samr"], want) {
		t.Fatalf("Set = %v, %v; stored %v", got, err, store.skills["helper-samr"])
	}
	if len(store.audit) != 1 || store.audit[0].Action != "helper.skills" || store.audit[0].Actor != "admin" {
		t.Fatalf("audit = %+v", store.audit)
	}
	if mine, err := hs.Get(ctx, helper, "helper-samr"); err != nil || len(mine) != 2 {
		t.Fatalf("the helper reads their own skills: %v, %v", mine, err)
	}

	for name, tc := range map[string]struct {
		r      app.Request
		helper string
		skills []haoban.HelperSkill
		code   string
		field  string
	}{
		"a helper sets their own":    {helper, "helper-samr", []haoban.HelperSkill{{Department: "*"}}, haoban.EFORBIDDEN, ""},
		"not a helper":               {admin, "zhang-wei", []haoban.HelperSkill{{Department: "samr"}}, haoban.ENOTFOUND, ""},
		"nobody":                     {admin, "ghost", nil, haoban.ENOTFOUND, ""},
		"no department":              {admin, "helper-samr", []haoban.HelperSkill{{Item: "fire-check"}}, haoban.EINVALID, "skills[0].department"},
		"unknown department":         {admin, "helper-samr", []haoban.HelperSkill{{Department: "mars"}}, haoban.EINVALID, "skills[0].department"},
		"item of another department": {admin, "helper-samr", []haoban.HelperSkill{{Department: "samr"}, {Department: "fire", Item: "food-licence"}}, haoban.EINVALID, "skills[1].item"},
		"every department, one item": {admin, "helper-samr", []haoban.HelperSkill{{Department: "*", Item: "fire-check"}}, haoban.EINVALID, "skills[0].item"},
		"too many":                   {admin, "helper-samr", make([]haoban.HelperSkill, 51), haoban.EINVALID, "skills"},
	} {
		_, err := hs.Set(ctx, tc.r, tc.helper, tc.skills)
		if haoban.ErrorCode(err) != tc.code || haoban.ErrorField(err) != tc.field {
			t.Errorf("%s: %v (field %q), want %s on %q", name, err, haoban.ErrorField(err), tc.code, tc.field)
		}
	}
	if len(store.audit) != 1 || !slices.Equal(store.skills["helper-samr"], want) {
		t.Errorf("a refused change was written: %v, %d audit entries", store.skills["helper-samr"], len(store.audit))
	}
	roster, err := hs.Roster(ctx, admin)
	if err != nil || len(roster.Helpers) != 1 || !roster.Helpers[0].Has("fire", "fire-check") || roster.Helpers[0].Has("fire", "") ||
		len(roster.Departments) != 2 || roster.Departments[0].Name != "市场监督管理局" || len(roster.Departments[0].Items) != 2 {
		t.Errorf("roster = %+v, %v", roster, err)
	}
	if _, err := hs.Roster(ctx, helper); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("a helper reads the roster: %v", err)
	}
	other := app.Request{User: haoban.User{ID: "helper-health", Roles: []string{haoban.RoleHelper}, Department: haoban.AnyDepartment}}
	if _, err := hs.Get(ctx, other, "helper-samr"); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("another helper reads the skills: %v", err)
	}
}
