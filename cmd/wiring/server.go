package wiring

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"haoban"
	"haoban/api"
	"haoban/app"
	"haoban/auth"
	"haoban/blob"
	"haoban/issuing"
	"haoban/ocr"
	"haoban/policies"
	"haoban/postgres"
	"haoban/prereview"
	"haoban/servicehours"
	"haoban/treasury"
	"haoban/web"
	"haoban/workflows"
)

// Server are the parts the HTTP server is built on.
type Server struct {
	Store    *postgres.Store
	Temporal client.Client
	Blobs    blob.Store
	Reviewer *prereview.Reviewer
	Issuer   *issuing.Issuer
	OCR      *ocr.Reader // nil: scans are not read
	Tokens   *auth.Tokens
	Registry *prometheus.Registry
	Log      *slog.Logger
	Clock    haoban.TimeSource
	Codec    converter.PayloadCodec
	// CodecOrigins may call the codec endpoint with a session (the Temporal UI).
	CodecOrigins []string
	DevMode      bool
	DatabaseURL  string // where the live streams LISTEN
	// SMSReceipts takes the SMS provider's delivery receipts; nil: SMS is off.
	SMSReceipts api.SMSReceipts
	// Treasury pays and recovers benefits; nil: no payment service.
	Treasury treasury.Treasury
	// ServiceHours are the help desk's hours; unset: 09:00–17:00.
	ServiceHours servicehours.Hours
	// HotlineTarget is the 12345 connect target in service seconds; 0: 60.
	HotlineTarget int
}

// NewServer builds the use cases, and the JSON API and the pages on them.
func NewServer(s Server) (*api.Server, error) {
	authz, err := policies.New()
	if err != nil {
		return nil, err
	}
	// The store decides which catalogue version is in force by the same
	// clock the use cases publish by.
	s.Store.SetTime(s.Clock)
	flow := workflows.NewClient(s.Temporal)
	d := app.Deps{Store: s.Store, Flow: flow, Authz: authz, Blobs: s.Blobs, Reviewer: s.Reviewer,
		Compiler: s.Reviewer.Engine, Verifier: s.Issuer, Tokens: s.Tokens, Time: s.Clock, Policies: s.Store,
		Matches: s.Store, MatchFlow: flow, Benefits: s.Store, BenefitFlow: flow, Pledges: s.Issuer, Treasury: s.Treasury}
	if s.OCR != nil {
		d.OCR = s.OCR
	}
	// The knowledge tasks and leaders' sessions (issue 18).
	d.KnowledgeTasks, d.Leaders = s.Store, s.Store
	d.Screen, d.Hotline, d.HotlineTarget = s.Store, s.Store, s.HotlineTarget // 同屏 and the 12345 hand-off (issue 18)
	// The human help desk (issue 18); the knowledge tasks take the answers worth keeping.
	d.Help, d.HelpFlow, d.HelpHours, d.HelperSkills = s.Store, flow, s.ServiceHours, s.Store
	d.Assistant = s.Store // 小申 (issue 18)
	d.Ratings = s.Store   // 好差评 (issue 19)
	// The "799" figures' summary tables (issue 19).
	d.Operations = s.Store
	d.Obstacles = s.Store // 办不成事 (issue 19)
	// 部门考评's weights (issue 19).
	d.OperationWeights = s.Store
	use := app.New(d)
	srv := api.New(api.Deps{App: use, Authz: authz, Registry: s.Registry, DevMode: s.DevMode, Log: s.Log,
		Checks: map[string]api.Health{"postgres": check(s.Store.Ping), "temporal": check(func(ctx context.Context) error {
			_, err := s.Temporal.CheckHealth(ctx, nil)
			return err
		})},
		Live: postgres.Listener{URL: s.DatabaseURL}, Codec: s.Codec, CodecOrigins: s.CodecOrigins, SMSReceipts: s.SMSReceipts})
	pages := web.Mount(srv.Fiber(), web.Deps{App: use, Authz: authz, DevMode: s.DevMode, Time: s.Clock})
	srv.MountPages(pages.Error)
	return srv, nil
}

// check is a health check of a function.
type check func(ctx context.Context) error

func (c check) Check(ctx context.Context) error { return c(ctx) }
