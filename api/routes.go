package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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
	op(s, http.MethodGet, "/api/v1/bundles", "list-bundles", "列出一件事及其事项", perm("bundle", "read"), s.listBundles)
	op(s, http.MethodPost, "/api/v1/cases", "create-case", "提交一件事申请", perm("case", "create"), s.createCase)
	op(s, http.MethodGet, "/api/v1/cases", "list-cases", "列出本人的办件或本部门经手的办件", perm("case", "list", "list_own"), s.listCases)
	op(s, http.MethodGet, "/api/v1/cases/{id}", "get-case", "查看办件：状态、审查任务、进度", perm("case", "read", "read_own"), s.getCase)
	op(s, http.MethodGet, "/api/v1/tasks", "list-tasks", "本部门可办理的审查任务", perm("task", "list"), s.listTasks)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/claim", "claim-task", "认领审查任务", perm("task", "claim"), s.claimTask)
	op(s, http.MethodPost, "/api/v1/tasks/{id}/decision", "decide-task", "作出审查决定", perm("task", "decide"), s.decideTask)
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
	if method == http.MethodPost && id == "create-case" {
		o.DefaultStatus = http.StatusCreated
	}
	huma.Register(s.api, o, handler)
}
