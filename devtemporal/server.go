// Package devtemporal runs a Temporal server inside the haoban process for
// `haoban-dev`: the same server code as `temporal server start-dev`,
// persisting to a SQLite file in WAL mode, with the Temporal web UI.
package devtemporal

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
	_ "modernc.org/sqlite" // the driver Temporal's SQLite plugin uses, for forgetHosts
)

const host = "127.0.0.1"

// Options configure the dev server.
type Options struct {
	DatabaseFile string // the SQLite file; created with its schema when missing
	FrontendPort int    // gRPC port clients dial
	UIPort       int    // 0 disables the web UI
	Namespace    string
	Logger       log.Logger
	// CodecEndpoint decodes the encrypted payloads for the UI; the browser
	// calls it with the signed-in admin's cookie.
	CodecEndpoint string
}

// Server is a running dev server.
type Server struct {
	server  temporal.Server
	ui      *uiserver.Server
	address string
}

// Start starts the server and, if asked, its web UI.
func Start(o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = log.NewNoopLogger()
	}
	if err := portFree(o.FrontendPort); err != nil {
		return nil, err
	}
	sqlConf, err := prepareDatabase(o)
	if err != nil {
		return nil, err
	}
	conf, err := serverConfig(o, sqlConf)
	if err != nil {
		return nil, err
	}
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("temporal authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, o.Logger)
	if err != nil {
		return nil, fmt.Errorf("temporal claim mapper: %w", err)
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(o.Logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
	)
	if err != nil {
		return nil, fmt.Errorf("new temporal server: %w", err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("start temporal server: %w", err)
	}
	s := &Server{server: srv, address: conf.PublicClient.HostPort}
	if o.UIPort != 0 {
		if err := portFree(o.UIPort); err != nil {
			srv.Stop()
			return nil, err
		}
		s.ui = uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
			Host: host, Port: o.UIPort, TemporalGRPCAddress: s.address, EnableUI: true,
			CORS: uiconfig.CORS{CookieInsecure: true}, HideLogs: true, DisableNewsFetch: true,
			Codec: uiconfig.Codec{Endpoint: o.CodecEndpoint, IncludeCredentials: true,
				DefaultErrorMessage: "无法解密：请先以管理员身份登录好办（开发模式的登录页）"},
		}))
		// Start blocks until Stop; it fails only at start-up (port taken),
		// which portFree ruled out.
		go func() { _ = s.ui.Start() }()
	}
	return s, nil
}

// Address is the frontend's host:port for clients.
func (s *Server) Address() string { return s.address }

// Stop stops the UI and the server.
func (s *Server) Stop() {
	if s.ui != nil {
		s.ui.Stop()
	}
	s.server.Stop()
}

// prepareDatabase creates the SQLite schema on first start and the
// namespace when missing.
func prepareDatabase(o Options) (*config.SQL, error) {
	conf := &config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: o.DatabaseFile,
		// WAL keeps a crash from corrupting the file and lets the UI read
		// while the server writes. One connection, as in `temporal server
		// start-dev`: with more, SQLite answers "database is locked".
		ConnectAttributes: map[string]string{"mode": "rwc", "journal_mode": "wal"},
	}
	if err := os.MkdirAll(filepath.Dir(o.DatabaseFile), 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	if _, err := os.Stat(o.DatabaseFile); errors.Is(err, os.ErrNotExist) {
		if err := sqlite.SetupSchema(conf); err != nil {
			return nil, fmt.Errorf("set up temporal schema in %s: %w", o.DatabaseFile, err)
		}
	}
	if err := forgetHosts(o.DatabaseFile); err != nil {
		return nil, err
	}
	ns, err := sqlite.NewNamespaceConfig("active", o.Namespace, false, nil)
	if err != nil {
		return nil, fmt.Errorf("namespace config: %w", err)
	}
	if err := sqlite.CreateNamespaces(conf, ns); err != nil {
		return nil, fmt.Errorf("create namespace %s: %w", o.Namespace, err)
	}
	return conf, nil
}

// forgetHosts clears the previous run's cluster membership. The file is
// this process's alone, so those hosts are gone; left in the table, the new
// services would route to them until their heartbeats expired, and cases
// would stand still for about a minute after a restart.
func forgetHosts(file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(wal)")
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer db.Close()
	if _, err := db.Exec(`DELETE FROM cluster_membership`); err != nil {
		return fmt.Errorf("forget the previous run's hosts in %s: %w", file, err)
	}
	return nil
}

func serverConfig(o Options, sqlConf *config.SQL) (*config.Config, error) {
	frontend := net.JoinHostPort(host, strconv.Itoa(o.FrontendPort))
	var conf config.Config
	conf.Global.Membership = config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: host}
	conf.Persistence = config.Persistence{
		DefaultStore: "sqlite", VisibilityStore: "sqlite", NumHistoryShards: 1,
		DataStores: map[string]config.DataStore{"sqlite": {SQL: sqlConf}},
	}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10, MasterClusterName: "active", CurrentClusterName: "active",
		ClusterInformation: map[string]cluster.ClusterInformation{
			"active": {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend},
		},
	}
	conf.DCRedirectionPolicy = config.DCRedirectionPolicy{Policy: "noop"}
	conf.Services = map[string]config.Service{}
	for i, name := range []string{"frontend", "history", "matching", "worker"} {
		port := o.FrontendPort
		if i > 0 {
			p, err := FreePort()
			if err != nil {
				return nil, err
			}
			port = p
		}
		membership, err := FreePort()
		if err != nil {
			return nil, err
		}
		conf.Services[name] = config.Service{RPC: config.RPC{GRPCPort: port, MembershipPort: membership, BindOnIP: host}}
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = frontend
	return &conf, nil
}

// FreePort finds a port for an internal service below Linux's ephemeral
// range (32768 and up): a port the kernel handed out and took back would be
// handed out again to the next outgoing connection of any process here,
// and the server, binding it a moment later, would find it taken.
func FreePort() (int, error) {
	for range 200 {
		port := 20000 + rand.IntN(12000)
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err == nil {
			l.Close()
			return port, nil
		}
	}
	return 0, fmt.Errorf("find a free port between 20000 and 32000: none after 200 tries")
}

// portFree fails with a clear message when another process holds port.
func portFree(port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("port %d is taken (is another `haoban-dev` or Temporal running?): %w", port, err)
	}
	return l.Close()
}
