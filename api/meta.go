package api

import (
	"context"

	"haoban"
	"haoban/logging"
	"haoban/workflows"
)

type clientAddrKey struct{}

func clientAddrFrom(ctx context.Context) string {
	a, _ := ctx.Value(clientAddrKey{}).(string)
	return a
}

// role names the role a user acts in, for the audit trail.
func role(u haoban.User) string {
	if len(u.Roles) == 0 {
		return ""
	}
	return u.Roles[0]
}

// meta says who is asking and from where, for the workflow's audit entries.
func meta(ctx context.Context) workflows.RequestMeta {
	u := userFrom(ctx)
	return workflows.RequestMeta{Role: role(u), Department: u.Department,
		RequestID: logging.RequestID(ctx), ClientAddr: clientAddrFrom(ctx)}
}

// auditEntry starts the audit entry of an action the API writes itself.
func (s *Server) auditEntry(ctx context.Context, caseID string) haoban.AuditEntry {
	u := userFrom(ctx)
	return haoban.AuditEntry{At: s.now(), Actor: u.ID, Role: role(u), Department: u.Department, CaseID: caseID,
		RequestID: logging.RequestID(ctx), ClientAddr: clientAddrFrom(ctx)}
}
