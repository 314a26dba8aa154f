package app_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// obStore keeps 办不成事 reports in memory, with what they told whom; the
// catalogue and knowledge reads come from ktStore's demo data.
type obStore struct {
	*ktStore
	reports  map[string]haoban.Obstacle
	cases    map[string]haoban.Case
	drafts   map[string]haoban.Draft
	versions map[string]bool // bundle/version
	hits     map[string]int
	told     []haoban.Notification // to signed-in reporters
	sms      []string              // mobile numbers texted
	obNotes  []haoban.Notification // reminders to staff
	reminded map[string]bool
}

func newOBStore() *obStore {
	return &obStore{ktStore: newKTStore(), reports: map[string]haoban.Obstacle{}, cases: map[string]haoban.Case{},
		drafts: map[string]haoban.Draft{}, versions: map[string]bool{}, hits: map[string]int{}, reminded: map[string]bool{}}
}

func (s *obStore) FindCase(_ context.Context, id string) (haoban.Case, error) {
	c, ok := s.cases[id]
	if !ok {
		return c, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return c, nil
}

func (s *obStore) FindDraft(_ context.Context, id string) (haoban.Draft, error) {
	d, ok := s.drafts[id]
	if !ok {
		return d, haoban.Errorf(haoban.ENOTFOUND, "草稿不存在")
	}
	return d, nil
}

func (s *obStore) FindVersion(_ context.Context, bundle string, version int) (haoban.CatalogueVersion, error) {
	if !s.versions[bundle+"/"+strconv.Itoa(version)] {
		return haoban.CatalogueVersion{}, haoban.Errorf(haoban.ENOTFOUND, "版本不存在")
	}
	return haoban.CatalogueVersion{Bundle: bundle, Version: version}, nil
}

func (s *obStore) Hit(_ context.Context, key string, now time.Time, _ time.Duration) (int, time.Time, error) {
	s.hits[key]++
	return s.hits[key], now.Add(time.Hour), nil
}

func (s *obStore) FileObstacle(_ context.Context, o haoban.Obstacle, meta haoban.AuditEntry) (haoban.Obstacle, error) {
	for _, old := range s.reports {
		if old.Key == o.Key {
			return old, nil
		}
	}
	s.reports[o.ID] = o
	s.audits = append(s.audits, meta)
	return o, nil
}

func (s *obStore) FindObstacle(_ context.Context, id string) (haoban.Obstacle, error) {
	o, ok := s.reports[id]
	if !ok {
		return o, haoban.Errorf(haoban.ENOTFOUND, "没有找到这条办不成事反映")
	}
	o.Steps = slices.Clone(o.Steps)
	return o, nil
}

func (s *obStore) Obstacles(_ context.Context, f haoban.ObstacleFilter) ([]haoban.Obstacle, error) {
	var out []haoban.Obstacle
	for _, o := range s.reports {
		if (f.Department == "" || o.Department == f.Department) && (f.Reporter == "" || o.Reporter == f.Reporter) &&
			(f.Item == "" || o.Item == f.Item) && (f.From.IsZero() || !o.FiledAt.Before(f.From)) &&
			(f.To.IsZero() || o.FiledAt.Before(f.To)) && (!f.OpenOnly || !o.Status.Closed()) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b haoban.Obstacle) int { return b.FiledAt.Compare(a.FiledAt) })
	return out, nil
}

func (s *obStore) StepObstacle(_ context.Context, o haoban.Obstacle, from []haoban.ObstacleStatus, step haoban.ObstacleStep,
	note haoban.Notification, meta haoban.AuditEntry) (haoban.Obstacle, error) {
	if !slices.Contains(from, s.reports[o.ID].Status) {
		return o, haoban.Errorf(haoban.ECONFLICT, "这条反映已经由他人处理")
	}
	o.Steps = append(slices.Clone(s.reports[o.ID].Steps), step)
	s.reports[o.ID] = o
	s.audits = append(s.audits, meta)
	if o.Reporter != "" {
		note.UserID = o.Reporter
		s.told = append(s.told, note)
	} else {
		s.sms = append(s.sms, o.Mobile)
	}
	if o.Status == haoban.ObstacleReopened {
		delete(s.reminded, o.ID+"/resolve")
	}
	return o, nil
}

func (s *obStore) RemindObstacle(_ context.Context, id, clock, department string, roles []string, note haoban.Notification, _ time.Time) (bool, error) {
	if s.reminded[id+"/"+clock] {
		return false, nil
	}
	s.reminded[id+"/"+clock] = true
	note.UserID = department + "/" + roles[0]
	s.obNotes = append(s.obNotes, note)
	return true, nil
}

// clockAt is a clock the test moves.
type clockAt struct{ t time.Time }

func (c *clockAt) Now() time.Time { return c.t }

func obstacles(t *testing.T, at time.Time) (*app.Obstacles, *obStore, *clockAt) {
	t.Helper()
	s, clock := newOBStore(), &clockAt{t: at}
	return &app.Obstacles{Store: s, Authz: authz(t), Time: clock}, s, clock
}
