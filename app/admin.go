package app

import (
	"context"

	"haoban"
	"haoban/calendar"
)

// AdminStore is what the admins keep as data: the working-day calendar,
// the link rules, the data sources and the users.
type AdminStore interface {
	CalendarYears(ctx context.Context) ([]haoban.CalendarYear, error)
	ReplaceCalendarYear(ctx context.Context, y haoban.CalendarYear, meta haoban.AuditEntry) error
	ListLinkRules(ctx context.Context) ([]haoban.LinkRule, error)
	SaveLinkRule(ctx context.Context, r haoban.LinkRule, meta haoban.AuditEntry) error
	ListSources(ctx context.Context) ([]haoban.SourceInfo, error)
	UpsertSource(ctx context.Context, src haoban.SourceInfo, meta haoban.AuditEntry) error
	ListUsers(ctx context.Context) ([]haoban.User, error)
	SetUserDisabled(ctx context.Context, id string, disabled bool, reason string, meta haoban.AuditEntry) (haoban.User, error)
	ListBundles(ctx context.Context) ([]haoban.Bundle, error)
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
}

// Admin are the admins' use cases, and the catalogue everyone reads.
type Admin struct {
	Store AdminStore
	Time  haoban.TimeSource
}

// Bundles lists the bundles one may apply for.
func (s *Admin) Bundles(ctx context.Context) ([]haoban.Bundle, error) {
	return s.Store.ListBundles(ctx)
}

// Bundle is one bundle of the catalogue.
func (s *Admin) Bundle(ctx context.Context, code string) (haoban.Bundle, error) {
	return s.Store.FindBundle(ctx, code)
}

// Calendar is the loaded years of the working-day calendar.
type Calendar struct {
	Years []haoban.CalendarYear `json:"years"`
	// Missing names the years from this one to next year that nobody has
	// loaded: the supervisors' board warns until an admin loads them.
	Missing []int `json:"missing"`
}

// Calendar reads the loaded years.
func (s *Admin) Calendar(ctx context.Context) (Calendar, error) {
	years, err := s.Store.CalendarYears(ctx)
	if err != nil {
		return Calendar{}, err
	}
	out := Calendar{Years: years, Missing: []int{}}
	loaded := map[int]bool{}
	for _, y := range years {
		loaded[y.Year] = true
	}
	this := now(s.Time).In(calendar.Zone).Year()
	for y := this; y <= this+1; y++ {
		if !loaded[y] {
			out.Missing = append(out.Missing, y)
		}
	}
	return out, nil
}

// CalendarNotice is one year's holidays and make-up working days, as the
// State Council's notice (or a regional override) publishes them.
type CalendarNotice struct {
	Source string               `json:"source" minLength:"1" maxLength:"200" doc:"依据，如 国办发明电〔2026〕X号"`
	Days   []haoban.CalendarDay `json:"days" maxItems:"366" doc:"放假日（work=false）与调休上班日（work=true）；其余按周一至周五"`
}

// LoadCalendarYear loads or corrects a year, audited; running clocks are
// read against it from then on.
func (s *Admin) LoadCalendarYear(ctx context.Context, r Request, year int, in CalendarNotice) (Calendar, error) {
	if in.Days == nil {
		in.Days = []haoban.CalendarDay{}
	}
	if err := validate(in, ""); err != nil {
		return Calendar{}, err
	}
	if year < 2000 || year > 2100 {
		return Calendar{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "path.year", "年份应在 2000 至 2100 之间")
	}
	at := now(s.Time)
	y := haoban.CalendarYear{Year: year, Source: in.Source, LoadedAt: at.UTC(), LoadedBy: r.User.ID, Days: in.Days}
	if err := s.Store.ReplaceCalendarYear(ctx, y, r.audit("", at)); err != nil {
		return Calendar{}, err
	}
	return s.Calendar(ctx)
}

// LinkRules lists the link rules (联动变更规则).
func (s *Admin) LinkRules(ctx context.Context) ([]haoban.LinkRule, error) {
	list, err := s.Store.ListLinkRules(ctx)
	if list == nil {
		list = []haoban.LinkRule{}
	}
	return list, err
}

// LinkRuleFields sets, for one licence type, how a change to each field it embeds
// is handled.
type LinkRuleFields struct {
	Fields map[string]string `json:"fields" doc:"营业执照的规范字段 → auto（立即换发）、review（部门审查）或 none"`
}

// SaveLinkRule sets a licence type's link rule, audited.
func (s *Admin) SaveLinkRule(ctx context.Context, r Request, licenceType string, in LinkRuleFields) ([]haoban.LinkRule, error) {
	rule := haoban.LinkRule{LicenceType: licenceType, Fields: in.Fields}
	if err := s.Store.SaveLinkRule(ctx, rule, r.audit("", now(s.Time))); err != nil {
		return nil, err
	}
	return s.LinkRules(ctx)
}

// Sources is the data-source catalogue (数源目录).
func (s *Admin) Sources(ctx context.Context) ([]haoban.SourceInfo, error) {
	list, err := s.Store.ListSources(ctx)
	if list == nil {
		list = []haoban.SourceInfo{}
	}
	return list, err
}

// SaveSource registers a data source or corrects its entry, audited.
func (s *Admin) SaveSource(ctx context.Context, r Request, code string, in haoban.SourceInfo) ([]haoban.SourceInfo, error) {
	if in.Code != code {
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.code", "请求体中的编码 %q 与路径中的 %q 不一致", in.Code, code)
	}
	if err := s.Store.UpsertSource(ctx, in, r.audit("", now(s.Time))); err != nil {
		return nil, err
	}
	return s.Sources(ctx)
}

// Users lists the users.
func (s *Admin) Users(ctx context.Context) ([]haoban.User, error) {
	return s.Store.ListUsers(ctx)
}

// Reason says why an admin disables or enables a user.
type Reason struct {
	Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"理由，记入审计"`
}

// DisableUser stops a user at once: their tokens end on every instance and
// they cannot sign in until enabled again. Admins cannot disable themselves.
func (s *Admin) DisableUser(ctx context.Context, r Request, id string, in Reason) (haoban.User, error) {
	if err := validate(in, ""); err != nil {
		return haoban.User{}, err
	}
	if id == r.User.ID {
		return haoban.User{}, haoban.Errorf(haoban.ECONFLICT, "不能停用自己的账号")
	}
	return s.Store.SetUserDisabled(ctx, id, true, in.Reason, r.audit("", now(s.Time)))
}

// EnableUser lets a disabled user sign in again; their old tokens stay ended.
func (s *Admin) EnableUser(ctx context.Context, r Request, id string, in Reason) (haoban.User, error) {
	if err := validate(in, ""); err != nil {
		return haoban.User{}, err
	}
	return s.Store.SetUserDisabled(ctx, id, false, in.Reason, r.audit("", now(s.Time)))
}
