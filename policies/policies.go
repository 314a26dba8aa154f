// Package policies decides who may do what with Casbin: the model and the
// policy are embedded files; users' role assignments come from the users
// table.
package policies

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
	"github.com/casbin/casbin/v2/util"

	"haoban"
)

//go:embed model.conf
var modelText string

//go:embed policy.csv
var policyText string

// Enforcer answers whether a user may act on an object in a department.
type Enforcer struct {
	e *casbin.SyncedCachedEnforcer
}

// New builds the enforcer from the embedded files and assigns each user
// their roles in their department.
func New(users []haoban.User) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("parse casbin model: %w", err)
	}
	e, err := casbin.NewSyncedCachedEnforcer(m, stringadapter.NewAdapter(policyText))
	if err != nil {
		return nil, fmt.Errorf("load casbin policy: %w", err)
	}
	e.AddNamedDomainMatchingFunc("g", "keyMatch", util.KeyMatch)
	// Role assignments are derived from the users table and never written
	// back through the adapter, which is read-only.
	e.EnableAutoSave(false)
	en := &Enforcer{e: e}
	if err := en.SetUsers(users); err != nil {
		return nil, err
	}
	return en, nil
}

// SetUsers replaces the role assignments with those of users.
func (en *Enforcer) SetUsers(users []haoban.User) error {
	old, err := en.e.GetGroupingPolicy()
	if err != nil {
		return fmt.Errorf("list role assignments: %w", err)
	}
	if len(old) > 0 {
		// old shares memory with the model, which removal rewrites: copy it.
		old = slices.Clone(old)
		if _, err := en.e.RemoveGroupingPolicies(old); err != nil {
			return fmt.Errorf("clear role assignments: %w", err)
		}
	}
	var rules [][]string
	for _, u := range users {
		for _, r := range u.Roles {
			rules = append(rules, []string{u.ID, r, u.Department})
		}
	}
	if len(rules) > 0 {
		if _, err := en.e.AddGroupingPolicies(rules); err != nil {
			return fmt.Errorf("assign roles: %w", err)
		}
	}
	en.e.InvalidateCache() //nolint:errcheck // the in-memory cache cannot fail to clear
	return nil
}

// Allow reports whether user may do act on obj in department dept.
func (en *Enforcer) Allow(user, dept, obj, act string) (bool, error) {
	ok, err := en.e.Enforce(user, dept, obj, act)
	if err != nil {
		return false, fmt.Errorf("enforce %s %s %s %s: %w", user, dept, obj, act, err)
	}
	return ok, nil
}
