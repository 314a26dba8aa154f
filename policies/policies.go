// Package policies decides who may do what with Casbin: the model and the
// policy are embedded files; users' role assignments come from the users
// table.
package policies

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

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
// A user's role assignments come from their record as read for each
// request: a change to their roles or department, or disabling them, takes
// effect on their next request, on every instance.
type Enforcer struct {
	e *casbin.SyncedCachedEnforcer
	// mu guards assigned: what the enforcer holds for each user it has seen.
	mu       sync.Mutex
	assigned map[string]string
}

// New builds the enforcer from the embedded files.
func New() (*Enforcer, error) {
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
	return &Enforcer{e: e, assigned: map[string]string{}}, nil
}

// Allow reports whether user, as their record stands, may do act on obj in
// department dept. A disabled user may do nothing.
func (en *Enforcer) Allow(user haoban.User, dept, obj, act string) (bool, error) {
	if user.Disabled {
		return false, nil
	}
	if err := en.assign(user); err != nil {
		return false, err
	}
	ok, err := en.e.Enforce(user.ID, dept, obj, act)
	if err != nil {
		return false, fmt.Errorf("enforce %s %s %s %s: %w", user.ID, dept, obj, act, err)
	}
	return ok, nil
}

// assign makes the enforcer's role assignments for the user those of the
// record, when they differ from what it holds.
func (en *Enforcer) assign(user haoban.User) error {
	want := user.Department + "|" + strings.Join(user.Roles, ",")
	en.mu.Lock()
	defer en.mu.Unlock()
	if have, ok := en.assigned[user.ID]; ok && have == want {
		return nil
	}
	if _, err := en.e.RemoveFilteredGroupingPolicy(0, user.ID); err != nil {
		return fmt.Errorf("clear the roles of %s: %w", user.ID, err)
	}
	var rules [][]string
	for _, r := range user.Roles {
		rules = append(rules, []string{user.ID, r, user.Department})
	}
	if len(rules) > 0 {
		if _, err := en.e.AddGroupingPolicies(rules); err != nil {
			return fmt.Errorf("assign the roles of %s: %w", user.ID, err)
		}
	}
	en.e.InvalidateCache() //nolint:errcheck // the in-memory cache cannot fail to clear
	en.assigned[user.ID] = want
	return nil
}
