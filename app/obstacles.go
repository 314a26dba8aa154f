package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
	"haoban/calendar"
)

// ObstacleStore keeps the 办不成事 reports (postgres.Store).
type ObstacleStore interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	DepartmentNames(ctx context.Context) (map[string]string, error)
	OwnerOfItem(ctx context.Context, item string) (string, error)
	OwnerOfBundle(ctx context.Context, bundle string) (string, error)
	FindCase(ctx context.Context, id string) (haoban.Case, error)
	FindDraft(ctx context.Context, id string) (haoban.Draft, error)
	KnowledgeEntryExists(ctx context.Context, id string) (bool, error)
	FindVersion(ctx context.Context, bundle string, version int) (haoban.CatalogueVersion, error)
	// Hit counts an attempt against key in a window (the rate limiter).
	Hit(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error)
	// FileObstacle records a report once per key, with its first step; a
	// report recorded before under that key is returned as it is.
	FileObstacle(ctx context.Context, o haoban.Obstacle, meta haoban.AuditEntry) (haoban.Obstacle, error)
	// FindObstacle reads one report with its steps.
	FindObstacle(ctx context.Context, id string) (haoban.Obstacle, error)
	// Obstacles lists the reports f selects, newest first, without steps.
	Obstacles(ctx context.Context, f haoban.ObstacleFilter) ([]haoban.Obstacle, error)
	// StepObstacle writes o's new state and its step if it is still in one
	// of the statuses from (ECONFLICT otherwise) and tells the person:
	// note in the app for a reporter, by SMS for an anonymous person.
	StepObstacle(ctx context.Context, o haoban.Obstacle, from []haoban.ObstacleStatus, step haoban.ObstacleStep,
		note haoban.Notification, meta haoban.AuditEntry) (haoban.Obstacle, error)
	// RemindObstacle marks one of a report's clocks ("accept" or
	// "resolve") reminded and delivers note to every user holding one of
	// roles in department, in one transaction; false when reminded before.
	RemindObstacle(ctx context.Context, id, clock, department string, roles []string, note haoban.Notification, at time.Time) (bool, error)
}

// Obstacles takes 办不成事 reports to the department that can act on
// them, keeps their clocks, and tells the person at each step.
type Obstacles struct {
	Store ObstacleStore
	Authz Authorizer
	Time  haoban.TimeSource
}

// ObstacleReport is what a person files: what is blocked, and where.
type ObstacleReport struct {
	Key    string `json:"key" minLength:"1" maxLength:"100" doc:"幂等键：重复提交同一键只记一次"`
	Text   string `json:"text" maxLength:"4000" doc:"什么事办不成（不超过 1000 字）"`
	Item   string `json:"item,omitempty" maxLength:"100" doc:"事项编码"`
	Bundle string `json:"bundle,omitempty" maxLength:"100" doc:"一件事编码"`
	CaseID string `json:"case_id,omitempty" maxLength:"40" doc:"本人的办件编号"`
	Draft  string `json:"draft_id,omitempty" maxLength:"40" doc:"本人的草稿编号"`
	// An anonymous person's name and mobile number (signed-in persons are known).
	Name   string `json:"name,omitempty" maxLength:"50" doc:"姓名（未登录时必填）"`
	Mobile string `json:"mobile,omitempty" maxLength:"20" doc:"手机号（未登录时必填，用于短信告知进展）"`
}

// Anonymous reports are limited per client address and per mobile number.
var (
	obstaclesPerClient = attemptLimit{"obstacle:client:", 5, time.Hour}
	obstaclesPerMobile = attemptLimit{"obstacle:mobile:", 5, 24 * time.Hour}
)

// File records a report for the department that can act on it. A person
// not signed in (r.User.ID empty) gives a name and a valid mobile number
// and is rate-limited; the report returned carries the Token of its
// secret link.
func (x *Obstacles) File(ctx context.Context, r Request, in ObstacleReport) (haoban.Obstacle, error) {
	in.Key, in.Text = strings.TrimSpace(in.Key), strings.TrimSpace(in.Text)
	in.Name, in.Item, in.Bundle = strings.TrimSpace(in.Name), strings.TrimSpace(in.Item), strings.TrimSpace(in.Bundle)
	var problems []haoban.ErrorDetail
	switch {
	case in.Text == "":
		problems = append(problems, haoban.ErrorDetail{Field: "text", Message: "请说明什么事办不成"})
	case utf8.RuneCountInString(in.Text) > haoban.ObstacleTextMax:
		problems = append(problems, haoban.ErrorDetail{Field: "text", Message: "说明不能超过 1000 字"})
	}
	anonymous := r.User.ID == ""
	if anonymous {
		if in.Name == "" {
			problems = append(problems, haoban.ErrorDetail{Field: "name", Message: "请填写姓名"})
		}
		m, err := haoban.ValidateContact(haoban.ChannelSMS, in.Mobile)
		if err != nil {
			problems = append(problems, haoban.ErrorDetail{Field: "mobile", Message: "手机号应为 11 位中国大陆手机号，例如 13800138000"})
		}
		in.Mobile = m
		if in.CaseID != "" || in.Draft != "" {
			problems = append(problems, haoban.ErrorDetail{Field: "case_id", Message: "请先登录，再就自己的办件或草稿反映"})
		}
	} else {
		in.Name, in.Mobile = "", ""
	}
	if in.Key == "" {
		problems = append(problems, haoban.ErrorDetail{Field: "key", Message: "缺少幂等键，请刷新页面后重试"})
	}
	if len(problems) > 0 {
		e := haoban.Errorf(haoban.EINVALID, "%s", problems[0].Message)
		e.Details = problems
		return haoban.Obstacle{}, e
	}
	at := now(x.Time).UTC()
	if anonymous {
		for _, l := range []struct {
			limit attemptLimit
			who   string
		}{{obstaclesPerClient, r.ClientAddr}, {obstaclesPerMobile, in.Mobile}} {
			hits, until, err := x.Store.Hit(ctx, l.limit.prefix+l.who, at, l.limit.window)
			if err != nil {
				return haoban.Obstacle{}, err
			} else if hits > l.limit.max {
				e := haoban.Errorf(haoban.ERATELIMIT, "提交次数过多，请在 %d 分钟后再试，或拨打 12345 热线",
					max(1, int(until.Sub(at).Round(time.Minute)/time.Minute)))
				e.RetryAfter = until.Sub(at)
				return haoban.Obstacle{}, e
			}
		}
	}
	if err := x.ownContext(ctx, r, &in); err != nil {
		return haoban.Obstacle{}, err
	}
	dept, err := x.owner(ctx, in)
	if err != nil {
		return haoban.Obstacle{}, err
	}
	key := obstacleKey(r.User.ID, in.Key)
	o := haoban.Obstacle{ID: "ob-" + key[:20], Key: key, Token: newToken(), Text: in.Text, Item: in.Item, Bundle: in.Bundle,
		CaseID: in.CaseID, DraftID: in.Draft, Department: dept, Reporter: r.User.ID, Name: in.Name, Mobile: in.Mobile,
		FiledAt: at, Status: haoban.ObstacleReceived,
		Steps: []haoban.ObstacleStep{{At: at, Kind: "filed", Actor: r.User.ID, Text: in.Text}}}
	meta := r.audit("", at)
	meta.Department, meta.Action, meta.Target = dept, "obstacle.file", o.ID
	return x.Store.FileObstacle(ctx, o, meta)
}

// ownContext checks that the case or draft named is the person's own and
// takes its bundle.
func (x *Obstacles) ownContext(ctx context.Context, r Request, in *ObstacleReport) error {
	if in.CaseID != "" {
		c, err := x.Store.FindCase(ctx, in.CaseID)
		if err != nil {
			return err
		} else if c.Applicant != r.User.ID {
			return haoban.Errorf(haoban.EFORBIDDEN, "只能就本人的办件反映办不成事")
		}
		in.Bundle = c.Bundle
	}
	if in.Draft != "" {
		d, err := x.Store.FindDraft(ctx, in.Draft)
		if err != nil {
			return err
		} else if d.Applicant != r.User.ID {
			return haoban.Errorf(haoban.EFORBIDDEN, "只能就本人的草稿反映办不成事")
		}
		in.Bundle = d.Bundle
	}
	return nil
}

// owner is the item's department, else the bundle's lead department,
// else the service centre.
func (x *Obstacles) owner(ctx context.Context, in ObstacleReport) (string, error) {
	return ownerOf(ctx, x.Store, in.Item, in.Bundle)
}

// obstacleKey scopes a form's key to its reporter, so two persons'
// keys never name the same report.
func obstacleKey(reporter, key string) string {
	sum := sha256.Sum256([]byte(reporter + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// newToken is the secret of a report's link: 128 random bits.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Get reads a report for its reporter, the holder of its secret token, or
// the staff who may read its department's reports.
func (x *Obstacles) Get(ctx context.Context, r Request, id, token string) (ObstacleView, error) {
	o, err := x.Store.FindObstacle(ctx, id)
	if err != nil {
		return ObstacleView{}, err
	}
	if !x.mayRead(r, o, token) {
		if r.User.ID == "" {
			return ObstacleView{}, haoban.Errorf(haoban.ENOTFOUND, "没有找到这条办不成事反映：请使用提交后给出的链接")
		}
		return ObstacleView{}, haoban.Errorf(haoban.EFORBIDDEN, "只能查看本人提出的或本部门的办不成事反映")
	}
	views, err := x.views(ctx, r, []haoban.Obstacle{o})
	if err != nil {
		return ObstacleView{}, err
	}
	v := views[0]
	v.Owner = x.isOwner(r, o, token)
	v.CanReopen = v.Owner && o.Status.Closed() && o.ReopenedAt == nil
	return v, nil
}

func (x *Obstacles) isOwner(r Request, o haoban.Obstacle, token string) bool {
	return (token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(o.Token)) == 1) ||
		(r.User.ID != "" && r.User.ID == o.Reporter)
}

func (x *Obstacles) mayRead(r Request, o haoban.Obstacle, token string) bool {
	return x.isOwner(r, o, token) || (r.User.ID != "" && can(x.Authz, r.User, o.Department, "obstacle", "read"))
}

// Mine lists the signed-in person's reports, newest first.
func (x *Obstacles) Mine(ctx context.Context, r Request) ([]ObstacleView, error) {
	if r.User.ID == "" {
		return nil, haoban.Errorf(haoban.EUNAUTHORIZED, "请先登录")
	}
	list, err := x.Store.Obstacles(ctx, haoban.ObstacleFilter{Reporter: r.User.ID})
	if err != nil {
		return nil, err
	}
	return x.views(ctx, r, list)
}
