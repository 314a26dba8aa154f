// Package app holds Haoban's use cases: what applicants, reviewers,
// supervisors and admins can do, and the rules that decide it. The JSON API
// (api/) and the web pages (web/) both call it and nothing else; it reaches
// the store, the workflows and the blobs through small interfaces declared
// here, so its tests run on in-memory fakes.
package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"haoban"
	"haoban/workflows"
)

// Authorizer decides through Casbin whether a user may do act on obj in a
// department. Use cases ask it about the resource at hand (the task's
// department, say); the edges ask it about the operation.
type Authorizer interface {
	Allow(user haoban.User, dept, obj, act string) (bool, error)
}

// Request is who acts and from where: the audit trail records it.
type Request struct {
	User       haoban.User
	RequestID  string
	ClientAddr string
	// Clerk is the counter clerk acting for User, the applicant in front
	// of them (窗口代办, window.go); nil when users act for themselves.
	Clerk *haoban.User
}

// actor is who acts: the clerk at the counter, or the user.
func (r Request) actor() haoban.User {
	if r.Clerk != nil {
		return *r.Clerk
	}
	return r.User
}

// Role names the role the user acts in, for the audit trail.
func (r Request) Role() string {
	if r.Clerk != nil {
		return haoban.RoleClerk
	}
	if len(r.User.Roles) == 0 {
		return ""
	}
	return r.User.Roles[0]
}

// meta is the request as the workflow's audit entries record it.
func (r Request) meta() workflows.RequestMeta {
	return workflows.RequestMeta{Role: r.Role(), Department: r.actor().Department, RequestID: r.RequestID, ClientAddr: r.ClientAddr}
}

// audit starts the audit entry of an action a use case writes itself.
func (r Request) audit(caseID string, at time.Time) haoban.AuditEntry {
	return haoban.AuditEntry{At: at, Actor: r.actor().ID, Role: r.Role(), Department: r.actor().Department, CaseID: caseID,
		RequestID: r.RequestID, ClientAddr: r.ClientAddr}
}

// can reports whether the user may do act on obj in dept; an authorizer
// that fails answers no.
func can(a Authorizer, user haoban.User, dept, obj, act string) bool {
	ok, err := a.Allow(user, dept, obj, act)
	return err == nil && ok
}

// departmentsOf returns the departments whose work the user sees: nil (all)
// for roles not tied to a department.
func departmentsOf(user haoban.User) []string {
	if user.Department == haoban.AnyDepartment {
		return nil
	}
	return []string{user.Department}
}

// hashJSON fingerprints a request, so a reused Idempotency-Key with a
// different request is told apart from a retry.
func hashJSON(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys: stable
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// updateID derives a bounded update ID from a user's idempotency key.
func updateID(user, scope, key string) string {
	sum := sha256.Sum256([]byte(user + "\x00" + scope + "\x00" + key))
	return "u-" + hex.EncodeToString(sum[:16])
}

// now reads a time source; nil is the machine's clock.
func now(t haoban.TimeSource) time.Time {
	if t == nil {
		return time.Now()
	}
	return t.Now()
}

// CaseFlow hands cases to their workflows (workflows.Client).
type CaseFlow interface {
	StartCase(ctx context.Context, in workflows.CaseInput) error
	Claim(ctx context.Context, caseID string, in workflows.ClaimInput) error
	Decide(ctx context.Context, caseID, updateID string, in workflows.DecideInput) error
	Supplement(ctx context.Context, caseID, updateID string, in workflows.SupplementInput) error
	Withdraw(ctx context.Context, caseID string, in workflows.WithdrawInput) error
	Reassign(ctx context.Context, caseID string, in workflows.ReassignInput) error
	Release(ctx context.Context, caseID string, in workflows.ReleaseInput) error
	Extend(ctx context.Context, caseID string, in workflows.ExtendInput) error
	Suspend(ctx context.Context, caseID string, in workflows.SuspendInput) error
	Resume(ctx context.Context, caseID string, in workflows.ResumeInput) error
}
