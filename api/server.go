// Package api is Haoban's JSON interface: Fiber with huma for typed
// operations and the OpenAPI document, bearer tokens, Casbin checks, one
// error shape, request IDs, Prometheus metrics and the live streams. Its
// handlers only decode, call a use case (app/) and encode. It also owns the
// HTTP server the web pages (web/) mount on.
package api

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/converter"

	"haoban"
	"haoban/app"
	"haoban/httpx"
	"haoban/logging"
)

// Health answers whether a dependency is there: PostgreSQL, Temporal.
type Health interface {
	Check(ctx context.Context) error
}

// Listener hears what every instance writes (postgres.Listener).
type Listener interface {
	Listen(ctx context.Context, f func(haoban.Announcement)) error
}

// Deps are what the API needs; cmd/wiring builds them.
type Deps struct {
	App   *app.App
	Authz app.Authorizer
	// Checks are the dependencies /readyz asks, by name.
	Checks   map[string]Health
	Live     Listener
	Registry *prometheus.Registry
	// DevMode serves the demo users' sign-in; it is 404 otherwise.
	DevMode bool
	Log     *slog.Logger
	// Codec opens the payloads Haoban encrypted for Temporal, for the
	// Temporal UI of an admin (codec.go); CodecOrigins are the UI's origins.
	Codec        converter.PayloadCodec
	CodecOrigins []string
	// SMSReceipts takes the SMS provider's delivery receipts
	// (sms_callback.go); nil: SMS is off and the route answers 404.
	SMSReceipts SMSReceipts
}

// Server serves the API, and the pages mounted on it.
type Server struct {
	Deps
	app     *fiber.App
	api     huma.API
	metrics *httpMetrics
	live    *hub
	// pageError renders an error on a page (web.Pages.Error); without
	// pages mounted, every error is JSON.
	pageError fiber.ErrorHandler
}

// New builds the server with every route of the API.
func New(d Deps) *Server {
	s := &Server{Deps: d, metrics: newHTTPMetrics(d.Registry), live: newHub()}
	s.app = fiber.New(fiber.Config{
		AppName:               "haoban",
		ErrorHandler:          s.errorHandler,
		DisableStartupMessage: true,
		ReadTimeout:           5 * time.Minute,
		BodyLimit:             maxBody,
		// Every body reaches the handlers as a stream: limitBody bounds it
		// before anything reads it, and uploads stream into the blob store
		// within the material's own limit.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
	})
	s.app.Use(s.requestContext, recover.New(), s.securityHeaders, s.observe, s.checkInput, s.limitBody)
	cfg := huma.DefaultConfig("好办 Haoban API", "1.0.0")
	cfg.Info.Description = "一件事一次办：办件申请、多部门并联审查、办件进度。所有接口以 Bearer 令牌认证，经 Casbin 授权。"
	cfg.OpenAPIPath = "/openapi"
	cfg.CreateHooks = nil // no "$schema" link in bodies: clients get the plain shapes
	cfg.DocsPath = ""     // the default docs page loads scripts from a CDN
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "JWT"},
	}
	s.api = humafiber.New(s.app, cfg)
	s.api.UseMiddleware(s.authenticate(s.api))
	s.routes()
	return s
}

// Fiber returns the Fiber app, for the pages and for tests.
func (s *Server) Fiber() *fiber.App { return s.app }

// MountPages lets the web pages render their own errors.
func (s *Server) MountPages(pageError fiber.ErrorHandler) { s.pageError = pageError }

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown ends the live streams, stops accepting requests and waits for
// those in flight.
func (s *Server) Shutdown(timeout time.Duration) error {
	close(s.live.done)
	return s.app.ShutdownWithTimeout(timeout)
}

// requestContext gives each request an ID, echoed in X-Request-ID, carried
// into every log line and error response, and the client's address.
func (s *Server) requestContext(c *fiber.Ctx) error {
	id := httpx.NewRequestID(c.Get("X-Request-ID"))
	c.Set("X-Request-ID", id)
	ctx := logging.WithRequestID(c.UserContext(), id)
	c.SetUserContext(logging.WithClientAddr(ctx, c.IP()))
	return c.Next()
}

// observe logs each request and counts it by route and status.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the response now, so the status is known.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			return herr
		}
	}
	// Fiber reuses the request's memory: the metric labels outlive it.
	method, route := strings.Clone(c.Method()), strings.Clone(c.Route().Path)
	status, elapsed := c.Response().StatusCode(), time.Since(start)
	s.metrics.observe(method, route, status, elapsed)
	s.Log.InfoContext(c.UserContext(), "http request", "method", method, "path", c.Path(),
		"route", route, "status", status, "duration_ms", float64(elapsed.Microseconds())/1000)
	return nil
}
