package api

import (
	"context"
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

// readyz answers 200 only when PostgreSQL and Temporal both answer, so a
// load balancer sends no traffic to an instance that cannot serve it.
func (s *Server) readyz(ctx context.Context, _ *struct{}) (*HealthOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	checks := map[string]string{"postgres": "ok", "temporal": "ok"}
	failed := false
	if err := s.Store.Ping(ctx); err != nil {
		checks["postgres"], failed = "unreachable", true
	}
	if _, err := s.Temporal.CheckHealth(ctx, nil); err != nil {
		checks["temporal"], failed = "unreachable", true
	}
	if failed {
		return nil, haoban.Errorf(haoban.EUNAVAILABLE, "依赖服务不可用：postgres=%s，temporal=%s", checks["postgres"], checks["temporal"])
	}
	out := &HealthOutput{}
	out.Body.Status, out.Body.Checks = "ready", checks
	return out, nil
}
