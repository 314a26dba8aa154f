package app

import (
	"context"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/intent"
)

// trainingSeed fixes the hold-out split, so that training on the same
// questions gives the same model and metrics.
const trainingSeed = 18

// Load makes the active intent model the one 小申 uses, training one from
// the shipped questions first when no version is active yet.
func (s *Assistant) Load(ctx context.Context) error {
	rec, err := s.Store.ActiveAssistantModel(ctx)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		// The service trains it itself, audited as the system.
		rec, err = s.train(ctx, haoban.AuditEntry{At: now(s.Time), Actor: "system", Role: "system"})
	}
	if err != nil {
		return err
	}
	s.use(rec)
	return nil
}

// Retrain trains a new version on the shipped questions and makes it the
// active one: for the admin, after the training file changed.
func (s *Assistant) Retrain(ctx context.Context, r Request) (intent.Record, error) {
	if !can(s.Authz, r.User, r.User.Department, "assistant", "train") {
		return intent.Record{}, haoban.Errorf(haoban.EFORBIDDEN, "只有管理员可以重新训练小申")
	}
	rec, err := s.train(ctx, r.audit("", now(s.Time)))
	if err != nil {
		return intent.Record{}, err
	}
	s.use(rec)
	return rec, nil
}

// train trains a version on the shipped questions and saves it, audited
// as meta says.
func (s *Assistant) train(ctx context.Context, meta haoban.AuditEntry) (intent.Record, error) {
	examples, err := intent.TrainingSet()
	if err != nil {
		return intent.Record{}, err
	}
	m, metrics, err := intent.Train(examples, intent.TrainOptions{Seed: trainingSeed})
	if err != nil {
		return intent.Record{}, err
	}
	return s.Store.SaveAssistantModel(ctx, m, metrics, len(examples), meta)
}

func (s *Assistant) use(rec intent.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.model = &rec
}

// active returns the model in use, loading it on the first question when
// the service did not at start.
func (s *Assistant) active(ctx context.Context) (intent.Record, error) {
	s.mu.RLock()
	m := s.model
	s.mu.RUnlock()
	if m != nil {
		return *m, nil
	}
	// One load at a time: two first questions at once must not train
	// two versions.
	s.loading.Lock()
	defer s.loading.Unlock()
	s.mu.RLock()
	m = s.model
	s.mu.RUnlock()
	if m != nil {
		return *m, nil
	}
	if err := s.Load(ctx); err != nil {
		return intent.Record{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return *s.model, nil
}

// Stats are 小申's figures for [from, to), for the operations pages.
func (s *Assistant) Stats(ctx context.Context, r Request, from, to time.Time) (haoban.AssistantStats, error) {
	if !can(s.Authz, r.User, r.User.Department, "supervision", "read") {
		return haoban.AssistantStats{}, haoban.Errorf(haoban.EFORBIDDEN, "只有督办人员可以查看小申的统计")
	}
	if !from.Before(to) {
		return haoban.AssistantStats{}, haoban.Errorf(haoban.EINVALID, "统计区间的开始须早于结束")
	}
	st, err := s.Store.AssistantStats(ctx, from, to)
	if err == nil && st.Questions > 0 {
		st.ResolutionRate = float64(st.Answered) / float64(st.Questions)
	}
	return st, err
}

// StatsOfDays is Stats over whole days, from and to included, as the
// statistics page and the API name them ("2026-01-31"); by default from
// the first of this month to today, like the deadline statistics.
func (s *Assistant) StatsOfDays(ctx context.Context, r Request, from, to string) (haoban.AssistantStats, error) {
	today := now(s.Time).In(calendar.Zone)
	start, err := parseDay(from, time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, calendar.Zone), "query.from")
	if err != nil {
		return haoban.AssistantStats{}, err
	}
	end, err := parseDay(to, today, "query.to")
	if err != nil {
		return haoban.AssistantStats{}, err
	}
	return s.Stats(ctx, r, start, calendar.EndOfDay(end))
}
