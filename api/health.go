package api

import (
	"context"
	"slices"
	"strings"
	"time"

	"haoban"
)

// HealthOutput says whether the process, or its dependencies, are well.
type HealthOutput struct {
	Body struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks,omitempty"`
	}
}

func (s *Server) healthz(context.Context, *struct{}) (*HealthOutput, error) {
	out := &HealthOutput{}
	out.Body.Status = "ok"
	return out, nil
}

// readyz answers 200 only when every dependency answers (PostgreSQL and
// Temporal), so a load balancer sends no traffic to an instance that
// cannot serve it.
func (s *Server) readyz(ctx context.Context, _ *struct{}) (*HealthOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	checks, failed := map[string]string{}, []string{}
	for name, h := range s.Checks {
		checks[name] = "ok"
		if err := h.Check(ctx); err != nil {
			checks[name] = "unreachable"
			failed = append(failed, name+"=unreachable")
		}
	}
	if len(failed) > 0 {
		slices.Sort(failed)
		return nil, haoban.Errorf(haoban.EUNAVAILABLE, "依赖服务不可用：%s", strings.Join(failed, "，"))
	}
	out := &HealthOutput{}
	out.Body.Status, out.Body.Checks = "ready", checks
	return out, nil
}
