package app

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
	"haoban/calendar"
)

// LeaderStore keeps the sessions of 领导干部帮办 (postgres.Store).
type LeaderStore interface {
	ListUsers(ctx context.Context) ([]haoban.User, error)
	DepartmentNames(ctx context.Context) (map[string]string, error)
	OwnerOfItem(ctx context.Context, item string) (string, error)
	// DepartmentItems lists a department's items (code, name), by name.
	DepartmentItems(ctx context.Context, department string) ([]haoban.Item, error)
	// RecordLeaderSession records a session once per leader and key; one
	// recorded before under that key is returned as it is.
	RecordLeaderSession(ctx context.Context, s haoban.LeaderSession, meta haoban.AuditEntry) (haoban.LeaderSession, error)
	// LeaderSessions lists the sessions started in [from, to), oldest
	// first.
	LeaderSessions(ctx context.Context, from, to time.Time) ([]haoban.LeaderSession, error)
	// TopItems lists the department's n items with the most cases
	// submitted in [from, to), the most first.
	TopItems(ctx context.Context, department string, from, to time.Time, n int) ([]haoban.ItemCount, error)
}

// HighFrequencyItems is how many of a department's items with the most
// cases the leaders' report looks at.
const HighFrequencyItems = 3

// LeaderSessions records the sessions in which leaders accompanied an
// applicant through a whole case, and reports on them.
type LeaderSessions struct {
	Store LeaderStore
	Authz Authorizer
	Time  haoban.TimeSource
}

var caseIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Record records a leader's own session. Leader is the signed-in leader
// (another leader's ID is refused); the item must be one of their
// department's; the session must have ended.
func (l *LeaderSessions) Record(ctx context.Context, r Request, s haoban.LeaderSession) (haoban.LeaderSession, error) {
	if s.Leader == "" {
		s.Leader = r.User.ID
	}
	if !r.User.HasRole(haoban.RoleLeader) || !can(l.Authz, r.User, r.User.Department, "leader_session", "record") {
		return s, haoban.Errorf(haoban.EFORBIDDEN, "只有领导干部可以记录帮办")
	}
	if s.Leader != r.User.ID {
		return s, haoban.Errorf(haoban.EFORBIDDEN, "只能记录本人陪同办事的经历")
	}
	s.Department = r.User.Department
	s.Key, s.ApplicantName = strings.TrimSpace(s.Key), strings.TrimSpace(s.ApplicantName)
	s.CaseID, s.Notes = strings.ToLower(strings.TrimSpace(s.CaseID)), strings.TrimSpace(s.Notes)
	at := now(l.Time).UTC()
	if err := l.check(ctx, s, at); err != nil {
		return s, err
	}
	s.ID, s.RecordedAt = leaderSessionID(s.Leader, s.Key), at
	s.StartedAt, s.EndedAt = s.StartedAt.UTC(), s.EndedAt.UTC()
	meta := r.audit(s.CaseID, at)
	meta.Action, meta.Target = "leader_session.record", s.ID
	out, err := l.Store.RecordLeaderSession(ctx, s, meta)
	// The item and the leader were checked: only the case can be missing.
	if haoban.ErrorCode(err) == haoban.EUNPROCESSABLE {
		return s, haoban.FieldErrorf(haoban.EINVALID, "case_id", "没有编号为 %s 的办件", s.CaseID)
	}
	return out, err
}

// Items are the items a leader may record a session for: their
// department's.
func (l *LeaderSessions) Items(ctx context.Context, r Request) ([]haoban.Item, error) {
	if !r.User.HasRole(haoban.RoleLeader) {
		return []haoban.Item{}, nil
	}
	return l.Store.DepartmentItems(ctx, r.User.Department)
}

// check lists every problem with a session at once.
func (l *LeaderSessions) check(ctx context.Context, s haoban.LeaderSession, at time.Time) error {
	var bad []haoban.ErrorDetail
	add := func(field, msg string) { bad = append(bad, haoban.ErrorDetail{Field: field, Message: msg}) }
	if s.Key == "" {
		add("key", "缺少幂等键，请刷新页面后重试")
	}
	if n := utf8.RuneCountInString(s.ApplicantName); n == 0 {
		add("applicant_name", "请填写陪同的办事群众或企业")
	} else if n > 50 {
		add("applicant_name", "办事群众或企业名称不超过 50 字")
	}
	if s.CaseID != "" && !caseIDPattern.MatchString(s.CaseID) {
		add("case_id", "办件编号格式不对")
	}
	if s.Item == "" {
		add("item", "请选择办理的事项")
	} else if dept, err := l.Store.OwnerOfItem(ctx, s.Item); err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return err
	} else if err != nil || dept != s.Department {
		add("item", "请选择本部门的事项")
	}
	switch {
	case s.StartedAt.IsZero():
		add("started_at", "请填写开始时间")
	case s.EndedAt.IsZero():
		add("ended_at", "请填写结束时间")
	case s.EndedAt.Before(s.StartedAt):
		add("ended_at", "结束时间不能早于开始时间")
	case s.EndedAt.After(at):
		add("ended_at", "只能记录已经结束的帮办")
	}
	if utf8.RuneCountInString(s.Notes) > 2000 {
		add("notes", "情况记录不超过 2000 字")
	}
	if len(bad) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EINVALID, Field: bad[0].Field, Message: bad[0].Message, Details: bad}
}

// leaderSessionID derives a session's ID from its leader and key, so a
// retried record names the same session.
func leaderSessionID(leader, key string) string {
	sum := sha256.Sum256([]byte(leader + "\x00" + key))
	return "ls-" + hex.EncodeToString(sum[:10])
}

// LeaderReport is each leader's sessions in a Beijing year, and how their
// department's high-frequency items are covered.
type LeaderReport struct {
	Year    int         `json:"year"`
	Leaders []LeaderRow `json:"leaders"`
}

// LeaderRow is one leader in the report.
type LeaderRow struct {
	Leader         Person                 `json:"leader"`
	Department     string                 `json:"department"`
	DepartmentName string                 `json:"department_name"`
	Sessions       []haoban.LeaderSession `json:"sessions"`
	// None flags a leader without a session this year: at least one is
	// expected of each.
	None bool `json:"none"`
	// Items are the department's items with the most cases over the last
	// 12 months, and whether any of its leaders' sessions this year
	// covered each.
	Items []CoveredItem `json:"items"`
}

// CoveredItem is one high-frequency item and whether a session covered it.
type CoveredItem struct {
	haoban.ItemCount
	Covered bool `json:"covered"`
}

// Report is the leaders' report for this year: every leader's for the
// supervisors and admins, a leader's own for a leader.
func (l *LeaderSessions) Report(ctx context.Context, r Request) (LeaderReport, error) {
	all := can(l.Authz, r.User, haoban.AnyDepartment, "leader_session", "read")
	own := r.User.HasRole(haoban.RoleLeader) && can(l.Authz, r.User, r.User.Department, "leader_session", "read")
	if !all && !own {
		return LeaderReport{}, haoban.Errorf(haoban.EFORBIDDEN, "只有督办、管理员和领导干部本人可以查看帮办记录")
	}
	at := now(l.Time).In(calendar.Zone)
	from := time.Date(at.Year(), 1, 1, 0, 0, 0, 0, calendar.Zone)
	to := from.AddDate(1, 0, 0)
	out := LeaderReport{Year: at.Year(), Leaders: []LeaderRow{}}
	users, err := l.Store.ListUsers(ctx)
	if err != nil {
		return out, err
	}
	// A leader reads only their own sessions, but the coverage of their
	// department's items counts every leader of it.
	sessions, err := l.Store.LeaderSessions(ctx, from, to)
	if err != nil {
		return out, err
	}
	names, err := l.Store.DepartmentNames(ctx)
	if err != nil {
		return out, err
	}
	covered := map[string]map[string]bool{} // department → item → covered
	for _, s := range sessions {
		if covered[s.Department] == nil {
			covered[s.Department] = map[string]bool{}
		}
		covered[s.Department][s.Item] = true
	}
	top := map[string][]haoban.ItemCount{}
	for _, u := range users {
		if !u.HasRole(haoban.RoleLeader) || u.Disabled || (!all && u.ID != r.User.ID) {
			continue
		}
		if _, ok := top[u.Department]; !ok {
			if top[u.Department], err = l.Store.TopItems(ctx, u.Department, at.AddDate(-1, 0, 0), at, HighFrequencyItems); err != nil {
				return out, err
			}
		}
		row := LeaderRow{Leader: Person{ID: u.ID, Name: u.Name}, Department: u.Department,
			DepartmentName: nameOfDepartment(names, u.Department), Sessions: []haoban.LeaderSession{}, Items: []CoveredItem{}}
		for _, s := range sessions {
			if s.Leader == u.ID {
				row.Sessions = append(row.Sessions, s)
			}
		}
		row.None = len(row.Sessions) == 0
		for _, it := range top[u.Department] {
			row.Items = append(row.Items, CoveredItem{ItemCount: it, Covered: covered[u.Department][it.Item]})
		}
		out.Leaders = append(out.Leaders, row)
	}
	slices.SortFunc(out.Leaders, func(a, b LeaderRow) int {
		return cmp.Or(cmp.Compare(a.DepartmentName, b.DepartmentName), cmp.Compare(a.Leader.Name, b.Leader.Name))
	})
	return out, nil
}
