package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"time"

	"haoban"
	"haoban/auth"
	"haoban/blob"
	"haoban/prereview"
	"haoban/rules"
)

// The rest of the store, for the supervisors', the admins' and the
// sessions' use cases.

func (s *store) OpenTasks(_ context.Context, dept string) ([]haoban.Task, error) {
	var out []haoban.Task
	for _, c := range s.cases {
		for _, t := range c.Tasks {
			if !t.Status.Done() && (dept == "" || t.Department == dept) {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

func (s *store) DecidedTasks(context.Context, string, time.Time, time.Time) ([]haoban.Task, error) {
	return nil, nil
}

func (s *store) LinkedFailures(context.Context) ([]haoban.LinkedFailure, error) { return nil, nil }

func (s *store) UsersWithRole(_ context.Context, role, dept string) ([]haoban.User, error) {
	var out []haoban.User
	for _, u := range s.users {
		if u.HasRole(role) && (u.Department == dept || u.Department == haoban.AnyDepartment) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *store) Deliver(_ context.Context, notes []haoban.Notification, _ string, _ time.Time, _ *haoban.NewEvent) error {
	s.delivered = append(s.delivered, notes...)
	return nil
}

// Sessions: revoked token IDs and failed attempts.

func (s *store) Credential(ctx context.Context, userID, jti string) (haoban.Credential, error) {
	u, err := s.FindUser(ctx, userID)
	return haoban.Credential{User: u, Revoked: s.revoked[jti]}, err
}

func (s *store) RevokeToken(_ context.Context, jti, _ string, _, _ time.Time) error {
	s.revoked[jti] = true
	return nil
}

func (s *store) Hit(_ context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	s.hits[key]++
	return s.hits[key], now.Add(window), nil
}

func (s *store) Hits(_ context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	return s.hits[key], now.Add(window), nil
}

// Admin data.

func (s *store) ListUsers(context.Context) ([]haoban.User, error) {
	var out []haoban.User
	for _, u := range s.users {
		out = append(out, u)
	}
	return out, nil
}

func (s *store) SetUserDisabled(_ context.Context, id string, disabled bool, _ string, meta haoban.AuditEntry) (haoban.User, error) {
	u, ok := s.users[id]
	if !ok {
		return u, errNotFound
	}
	u.Disabled = disabled
	s.users[id] = u
	s.audits = append(s.audits, meta)
	return u, nil
}

func (s *store) CalendarYears(context.Context) ([]haoban.CalendarYear, error) { return s.years, nil }

func (s *store) ReplaceCalendarYear(_ context.Context, y haoban.CalendarYear, meta haoban.AuditEntry) error {
	s.years = append(s.years, y)
	s.audits = append(s.audits, meta)
	return nil
}

func (s *store) ListSources(context.Context) ([]haoban.SourceInfo, error) { return nil, nil }

func (s *store) UpsertSource(context.Context, haoban.SourceInfo, haoban.AuditEntry) error { return nil }

func (s *store) ListBundles(context.Context) ([]haoban.Bundle, error) {
	return []haoban.Bundle{s.bundles["open-restaurant"], s.bundles["newborn"]}, nil
}

// Rules.

func (s *store) RuleHistory(_ context.Context, id string) ([]rules.Rule, error) {
	var out []rules.Rule
	for i := len(s.rules) - 1; i >= 0; i-- {
		if s.rules[i].ID == id {
			out = append(out, s.rules[i])
		}
	}
	if len(out) == 0 {
		return nil, errNotFound
	}
	return out, nil
}

func (s *store) SaveRule(_ context.Context, r rules.Rule, meta haoban.AuditEntry) (rules.Rule, error) {
	r.Version++
	s.rules = append(s.rules, r)
	s.audits = append(s.audits, meta)
	return r, nil
}

// Materials, drafts and licences.

func (s *store) AddMaterial(_ context.Context, m haoban.NewMaterial, meta haoban.AuditEntry) (haoban.CaseMaterial, bool, error) {
	s.materials = append(s.materials, m)
	return m.CaseMaterial, true, nil
}

func (s *store) FindDraft(_ context.Context, id string) (haoban.Draft, error) {
	d, ok := s.drafts[id]
	if !ok {
		return d, errNotFound
	}
	return d, nil
}

func (s *store) LicencesOf(context.Context, []string) ([]haoban.Licence, error) { return nil, nil }

func (s *store) FindDocument(_ context.Context, id string) (haoban.Document, error) {
	for _, d := range s.documents {
		if d.ID == id {
			return d, nil
		}
	}
	return haoban.Document{}, errNotFound
}

// blobs keep files in memory, by their SHA-256.
type blobs struct{ files map[string][]byte }

func (b *blobs) Put(_ context.Context, r io.Reader, limit int64) (string, int64, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return "", 0, err
	}
	if int64(len(data)) > limit {
		return "", 0, blob.ErrTooLarge
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	b.files[key] = data
	return key, int64(len(data)), nil
}

func (b *blobs) Open(_ context.Context, sum string) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(b.files[sum])), nil
}

// reviewer holds no licences and finds nothing to report.
type reviewer struct{}

func (reviewer) Review(context.Context, prereview.Application) (prereview.Report, error) {
	return prereview.Report{}, nil
}

func (reviewer) Licences(context.Context, haoban.User) ([]haoban.Licence, error) { return nil, nil }

func (reviewer) Exemptions(context.Context, haoban.User, haoban.Bundle, time.Time) ([]string, error) {
	return nil, nil
}

// tokens are real ones, signed with a test secret.
func tokens() *auth.Tokens { return auth.NewTokens("test-secret-test-secret-test-secret", time.Hour) }

func (s *store) CreateDraft(_ context.Context, d haoban.Draft, _ haoban.AuditEntry) error {
	s.drafts[d.ID] = d
	return nil
}

func (s *store) PatchDraft(_ context.Context, id string, p haoban.DraftPatch, _ time.Time) error {
	d := s.drafts[id]
	if p.Shown != nil { // replaced whole, as postgres does
		d.Shown, _ = json.Marshal(p.Shown)
	}
	if d.Form == nil {
		d.Form = map[string]any{}
	}
	for k, v := range p.Form {
		if v == nil {
			delete(d.Form, k)
		} else {
			d.Form[k] = v
		}
	}
	s.drafts[id] = d
	return nil
}

func (s *store) SubmitDraft(ctx context.Context, draftID string, nc haoban.NewCase) (string, error) {
	id, _, err := s.CreateCase(ctx, nc)
	d := s.drafts[draftID]
	d.CaseID = id
	s.drafts[draftID] = d
	return id, err
}

// The registries know only the residents a test puts in s.residents;
// nothing else is prefilled.

func (s *store) FindResident(_ context.Context, idNumber string) (haoban.Resident, error) {
	r, ok := s.residents[idNumber]
	if !ok {
		return r, errNotFound
	}
	return r, nil
}

func (s *store) EnterprisesOf(context.Context, string) ([]haoban.Enterprise, error) { return nil, nil }

func (s *store) LatestForm(context.Context, string, time.Time) (map[string]any, time.Time, error) {
	return nil, time.Time{}, nil
}

func (s *store) LatestBirth(context.Context, string) (haoban.Birth, error) {
	return haoban.Birth{}, errNotFound
}

func (s *store) FindBuilding(context.Context, string) (haoban.Building, error) {
	return haoban.Building{}, errNotFound
}

func (s *store) FindDrainage(context.Context, string) (haoban.Drainage, error) {
	return haoban.Drainage{}, errNotFound
}

func (s *store) FindLicence(_ context.Context, id string) (haoban.Licence, error) {
	return haoban.Licence{}, errNotFound
}

func (s *store) DocumentsOf(context.Context, []string) ([]haoban.Document, error) { return nil, nil }
