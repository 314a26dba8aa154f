package wiring

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"haoban/outbox"
	"haoban/payloadcrypt"
	"haoban/servicehours"
)

// Config is read once from the environment; defaults live here only.
type Config struct {
	DatabaseURL       string
	TemporalAddress   string
	TemporalNamespace string
	HTTPAddr          string
	JWTSecret         string
	TokenTTL          time.Duration
	DataDir           string
	BlobDir           string
	DevTemporalPort   int
	DevTemporalUIPort int
	MetricsAddr       string
	LogLevel          slog.Level
	// MasterKey encrypts the seals' private keys at rest (32 bytes).
	MasterKey []byte
	// PublicURL is where people reach the service: the QR code of a sealed
	// document points to its verification page there.
	PublicURL string
	// PayloadKeys encrypt what Temporal stores, the current key first; none
	// configured: one key derived from the master key.
	PayloadKeys []payloadcrypt.Key
	// TemporalUIURL is the origin of the Temporal web UI, which may call
	// the payload codec endpoint with an admin's session.
	TemporalUIURL string
	// Email and SMS are the notices' external channels; nil: off.
	Email *outbox.EmailConfig
	SMS   *outbox.SMSConfig
	// TreasuryURL and TreasurySecret reach the payment service that pays
	// benefits (免申即享); dev starts a local ledger when none is set.
	TreasuryURL    string
	TreasurySecret string
	// ServiceHours are the help desk's daily hours on working days: the
	// first-response clock runs only within them.
	ServiceHours servicehours.Hours
	// HotlineConnectSeconds is the 12345 connect target, in service seconds.
	HotlineConnectSeconds int
}

// envVar documents one setting; the README's table is written from the same facts.
type envVar struct {
	name, def, meaning string
}

var envVars = []envVar{
	{"DATABASE_URL", "postgres://postgres@127.0.0.1:5432/haoban?sslmode=disable", "PostgreSQL 连接串"},
	{"TEMPORAL_ADDRESS", "127.0.0.1:7233", "Temporal 前端地址（api、worker 使用；dev 自带服务端）"},
	{"TEMPORAL_NAMESPACE", "default", "Temporal 命名空间"},
	{"HAOBAN_HTTP_ADDR", ":8080", "API 监听地址"},
	{"HAOBAN_JWT_SECRET", "（dev 自动生成并保存在数据目录）", "签发令牌的密钥，至少 32 字节；api 必填"},
	{"HAOBAN_TOKEN_TTL", "12h", "令牌有效期"},
	{"HAOBAN_DATA_DIR", ".data", "dev 模式的数据目录（Temporal 的 SQLite 文件、JWT 密钥）"},
	{"HAOBAN_BLOB_DIR", "（数据目录下的 blobs）", "申请材料的存放目录，按 SHA-256 存放；多个 API 实例须共享此目录"},
	{"HAOBAN_DEV_TEMPORAL_PORT", "7233", "dev 模式内嵌 Temporal 的 gRPC 端口"},
	{"HAOBAN_DEV_TEMPORAL_UI_PORT", "8233", "dev 模式 Temporal Web UI 端口，0 关闭"},
	{"HAOBAN_METRICS_ADDR", "", "worker 单独暴露 /metrics 的地址，如 :9090；空则不暴露"},
	{"HAOBAN_LOG_LEVEL", "info", "日志级别：debug、info、warn、error"},
	{"HAOBAN_MASTER_KEY", "（dev 自动生成并保存在数据目录）", "加密印章私钥的主密钥，64 位十六进制（32 字节）；api、worker 必填（或用 HAOBAN_MASTER_KEY_FILE）"},
	{"HAOBAN_MASTER_KEY_FILE", "", "保存主密钥的文件（内容同 HAOBAN_MASTER_KEY），如 Docker secret"},
	{"HAOBAN_PUBLIC_URL", "http://127.0.0.1:8080", "对外地址：电子证照二维码中的验证链接以此开头"},
	{"HAOBAN_PAYLOAD_KEYS", "（由主密钥派生）", "加密交给 Temporal 的数据（工作流输入、活动结果）的密钥：`编号:64位十六进制`，逗号分隔，第一个用于加密，其余只用于解密（轮换）；api、worker 必须相同"},
	{"HAOBAN_PAYLOAD_KEYS_FILE", "", "保存上述密钥的文件（内容同 HAOBAN_PAYLOAD_KEYS），如 Docker secret"},
	{"HAOBAN_TEMPORAL_UI_URL", "（dev：http://127.0.0.1:Temporal UI 端口）", "Temporal Web UI 的地址：允许它以管理员的登录调用解码接口 /api/v1/admin/codec/decode"},
	{"HAOBAN_SMTP_ADDR", "", "发送通知邮件的 SMTP 服务器 host:port；空则邮件渠道关闭"},
	{"HAOBAN_SMTP_FROM", "", "通知邮件的发件人，如 好办 <notice@example.gov.cn>；设置 HAOBAN_SMTP_ADDR 时必填"},
	{"HAOBAN_SMTP_USER", "", "SMTP 登录名（AUTH PLAIN）；空则不登录"},
	{"HAOBAN_SMTP_PASSWORD", "", "SMTP 密码"},
	{"HAOBAN_SMTP_TLS", "starttls", "starttls（必须 STARTTLS）、tls（直接 TLS，465 端口）或 none（仅限可信网络中的中继）"},
	{"HAOBAN_SMS_URL", "", "短信服务商接口（通用 JSON）；空则短信渠道关闭"},
	{"HAOBAN_SMS_SECRET", "", "与短信服务商共享的密钥，至少 32 字节：签名发出的请求、验证送达回执；设置 HAOBAN_SMS_URL 时必填"},
	{"HAOBAN_TREASURY_URL", "（dev 自动启动本地台账服务）", "免申即享资金兑付的支付服务地址（接口见 treasury 包说明）；worker 未设置时不发放资金"},
	{"HAOBAN_TREASURY_SECRET", "", "与支付服务共享的签名密钥，至少 32 字节；设置 HAOBAN_TREASURY_URL 时必填"},
	{"HAOBAN_SERVICE_HOURS", "09:00-17:00", "人工帮办的服务时间（北京时间，工作日）：首次响应计时只计这段时间内的秒数"},
	{"HAOBAN_HOTLINE_CONNECT_SECONDS", "60", "12345 转办工单的接通目标（服务时间内的秒数）：接通率按此计算"},
}

// LoadConfig reads the environment and reports every problem at once.
func LoadConfig(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, e := range envVars {
			if e.name == name && !strings.HasPrefix(e.def, "（") {
				return e.def
			}
		}
		return ""
	}
	var problems []error
	c := Config{
		DatabaseURL:       get("DATABASE_URL"),
		TemporalAddress:   get("TEMPORAL_ADDRESS"),
		TemporalNamespace: get("TEMPORAL_NAMESPACE"),
		HTTPAddr:          get("HAOBAN_HTTP_ADDR"),
		JWTSecret:         get("HAOBAN_JWT_SECRET"),
		DataDir:           get("HAOBAN_DATA_DIR"),
		BlobDir:           get("HAOBAN_BLOB_DIR"),
		MetricsAddr:       get("HAOBAN_METRICS_ADDR"),
		PublicURL:         strings.TrimRight(get("HAOBAN_PUBLIC_URL"), "/"),
	}
	if key, err := MasterKey(get("HAOBAN_MASTER_KEY"), get("HAOBAN_MASTER_KEY_FILE")); err != nil {
		problems = append(problems, err)
	} else {
		c.MasterKey = key
	}
	if keys, err := payloadKeys(get("HAOBAN_PAYLOAD_KEYS"), get("HAOBAN_PAYLOAD_KEYS_FILE")); err != nil {
		problems = append(problems, err)
	} else {
		c.PayloadKeys = keys
	}
	c.TemporalUIURL = strings.TrimRight(get("HAOBAN_TEMPORAL_UI_URL"), "/")
	c.TreasuryURL, c.TreasurySecret = strings.TrimRight(get("HAOBAN_TREASURY_URL"), "/"), get("HAOBAN_TREASURY_SECRET")
	if c.TreasuryURL != "" && len(c.TreasurySecret) < 32 {
		problems = append(problems, fmt.Errorf("HAOBAN_TREASURY_SECRET must be at least 32 bytes when HAOBAN_TREASURY_URL is set"))
	}
	problems = append(problems, c.loadNotices(get)...)
	if h, err := servicehours.Parse(get("HAOBAN_SERVICE_HOURS")); err != nil {
		problems = append(problems, fmt.Errorf("HAOBAN_SERVICE_HOURS: %w", err))
	} else {
		c.ServiceHours = h
	}
	if n, err := strconv.Atoi(get("HAOBAN_HOTLINE_CONNECT_SECONDS")); err != nil || n <= 0 {
		problems = append(problems, fmt.Errorf("HAOBAN_HOTLINE_CONNECT_SECONDS must be a positive number of seconds"))
	} else {
		c.HotlineConnectSeconds = n
	}
	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, fmt.Errorf("DATABASE_URL must be a postgres:// URL"))
	}
	var err error
	if c.TokenTTL, err = time.ParseDuration(get("HAOBAN_TOKEN_TTL")); err != nil || c.TokenTTL <= 0 {
		problems = append(problems, fmt.Errorf("HAOBAN_TOKEN_TTL must be a positive duration such as 12h"))
	}
	for name, dst := range map[string]*int{"HAOBAN_DEV_TEMPORAL_PORT": &c.DevTemporalPort, "HAOBAN_DEV_TEMPORAL_UI_PORT": &c.DevTemporalUIPort} {
		if *dst, err = strconv.Atoi(get(name)); err != nil || *dst < 0 || *dst > 65535 {
			problems = append(problems, fmt.Errorf("%s must be a port number", name))
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("HAOBAN_LOG_LEVEL"))); err != nil {
		problems = append(problems, fmt.Errorf("HAOBAN_LOG_LEVEL must be debug, info, warn or error"))
	}
	if c.JWTSecret != "" && len(c.JWTSecret) < 32 {
		problems = append(problems, fmt.Errorf("HAOBAN_JWT_SECRET must be at least 32 bytes"))
	}
	if c.BlobDir == "" {
		c.BlobDir = filepath.Join(c.DataDir, "blobs")
	}
	return c, errors.Join(problems...)
}

// RequireJWTSecret is for the api subcommand, which must not sign tokens
// with a key nobody chose.
func (c Config) RequireJWTSecret() error {
	if c.JWTSecret == "" {
		return errors.New("HAOBAN_JWT_SECRET is required (at least 32 bytes), e.g. `export HAOBAN_JWT_SECRET=$(openssl rand -hex 32)`")
	}
	return nil
}

// secret is a setting given in a variable or, for Docker secrets, in the
// file another variable names; the file wins.
func secret(name, value, file string) (string, error) {
	if file == "" {
		return value, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// masterKey reads the master key from the variable or the file named.
func MasterKey(value, file string) ([]byte, error) {
	value, err := secret("HAOBAN_MASTER_KEY", value, file)
	if err != nil || value == "" {
		return nil, err
	}
	key, err := hex.DecodeString(value)
	if err != nil || len(key) != 32 {
		return nil, errors.New("HAOBAN_MASTER_KEY must be 64 hex digits (32 bytes), e.g. `openssl rand -hex 32`")
	}
	return key, nil
}

// payloadKeys reads the payload keys from the variable or the file named.
func payloadKeys(value, file string) ([]payloadcrypt.Key, error) {
	value, err := secret("HAOBAN_PAYLOAD_KEYS", value, file)
	if err != nil || value == "" {
		return nil, err
	}
	keys, err := payloadcrypt.ParseKeys(value)
	if err != nil {
		return nil, fmt.Errorf("HAOBAN_PAYLOAD_KEYS: %w", err)
	}
	return keys, nil
}

// payloadCodec seals what goes to Temporal with the configured keys, or
// with the key derived from the master key.
func (c Config) PayloadCodec() (*payloadcrypt.Codec, error) {
	keys := c.PayloadKeys
	if len(keys) == 0 {
		if c.MasterKey == nil {
			return nil, errors.New("HAOBAN_PAYLOAD_KEYS or HAOBAN_MASTER_KEY is required to encrypt what Temporal stores")
		}
		k, err := payloadcrypt.DerivedKey(c.MasterKey)
		if err != nil {
			return nil, err
		}
		keys = []payloadcrypt.Key{k}
	}
	return payloadcrypt.New(keys...)
}

// RequireMasterKey is for the api and worker subcommands, which must not
// seal with keys nobody can open again.
func (c Config) RequireMasterKey() error {
	if c.MasterKey == nil {
		return errors.New("HAOBAN_MASTER_KEY (or HAOBAN_MASTER_KEY_FILE) is required to open the seals' keys, " +
			"e.g. `export HAOBAN_MASTER_KEY=$(openssl rand -hex 32)`; keep it: keys sealed with it open only with it")
	}
	return nil
}
