package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/calendar"
	"haoban/demo"
)

// ratingStore keeps cases, conversations, ratings, rectifications and
// appeals in memory.
type ratingStore struct {
	cases   map[string]haoban.Case
	convs   map[string]haoban.Conversation
	ratings map[string]haoban.Rating
	rcs     map[string]haoban.Rectification
	appeals map[string]haoban.Appeal
	audits  []haoban.AuditEntry
	notes   []haoban.Notification
	remind  map[string]bool
}

func newRatingStore() *ratingStore {
	return &ratingStore{cases: map[string]haoban.Case{}, convs: map[string]haoban.Conversation{}, ratings: map[string]haoban.Rating{},
		rcs: map[string]haoban.Rectification{}, appeals: map[string]haoban.Appeal{}, remind: map[string]bool{}}
}

func (s *ratingStore) Calendar(context.Context) (*calendar.Calendar, error) {
	return calendar.BuiltinCalendar()
}

func (s *ratingStore) DepartmentNames(context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, d := range demo.Departments() {
		out[d.Code] = d.Name
	}
	return out, nil
}

func (s *ratingStore) FindCase(_ context.Context, id string) (haoban.Case, error) {
	c, ok := s.cases[id]
	if !ok {
		return c, haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	return c, nil
}

func (s *ratingStore) FindConversation(_ context.Context, id string) (haoban.Conversation, error) {
	c, ok := s.convs[id]
	if !ok {
		return c, haoban.Errorf(haoban.ENOTFOUND, "对话不存在")
	}
	return c, nil
}

func (s *ratingStore) OwnerOfBundle(context.Context, string) (string, error) { return "samr", nil }

func (s *ratingStore) FindRating(_ context.Context, id string) (haoban.Rating, error) {
	r, ok := s.ratings[id]
	if !ok {
		return r, haoban.Errorf(haoban.ENOTFOUND, "评价不存在")
	}
	for _, rc := range s.rcs {
		if rc.Rating == id {
			r.Rectification = rc.Status
		}
	}
	return r, nil
}

func (s *ratingStore) SaveRating(ctx context.Context, r haoban.Rating, rc *haoban.Rectification, meta haoban.AuditEntry) (haoban.Rating, error) {
	s.ratings[r.ID] = r
	s.audits = append(s.audits, meta)
	if rc != nil {
		if _, err := s.RectificationOf(ctx, r.ID); err != nil {
			s.rcs[rc.ID] = *rc
		}
	}
	return s.FindRating(ctx, r.ID)
}

func (s *ratingStore) RatingsOfCase(_ context.Context, rater, caseID string) ([]haoban.Rating, error) {
	var out []haoban.Rating
	for _, r := range s.ratings {
		if r.Rater == rater && r.Case == caseID {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *ratingStore) Ratings(_ context.Context, department string, since time.Time) ([]haoban.Rating, error) {
	var out []haoban.Rating
	for _, r := range s.ratings {
		if (department == "" || r.Department == department) && !r.GivenAt.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *ratingStore) FindRectification(_ context.Context, id string) (haoban.Rectification, error) {
	rc, ok := s.rcs[id]
	if !ok {
		return rc, haoban.Errorf(haoban.ENOTFOUND, "整改任务不存在")
	}
	return rc, nil
}

func (s *ratingStore) RectificationOf(_ context.Context, rating string) (haoban.Rectification, error) {
	for _, rc := range s.rcs {
		if rc.Rating == rating {
			return rc, nil
		}
	}
	return haoban.Rectification{}, haoban.Errorf(haoban.ENOTFOUND, "整改任务不存在")
}

func (s *ratingStore) Rectifications(_ context.Context, department string, since time.Time) ([]haoban.Rectification, error) {
	var out []haoban.Rectification
	for _, rc := range s.rcs {
		if (department == "" || rc.Department == department) && (rc.FixedAt == nil || !rc.FixedAt.Before(since)) {
			out = append(out, rc)
		}
	}
	slices.SortFunc(out, func(a, b haoban.Rectification) int { return a.OpenedAt.Compare(b.OpenedAt) })
	return out, nil
}

func (s *ratingStore) AdvanceRectification(_ context.Context, rc haoban.Rectification, from haoban.RectificationStatus, note *haoban.Notification, meta haoban.AuditEntry) (haoban.Rectification, error) {
	if s.rcs[rc.ID].Status != from {
		return rc, haoban.Errorf(haoban.ECONFLICT, "已处理")
	}
	s.rcs[rc.ID] = rc
	s.audits = append(s.audits, meta)
	if note != nil {
		s.notes = append(s.notes, *note)
	}
	return rc, nil
}

func (s *ratingStore) RemindRectification(_ context.Context, id, department string, roles []string, note haoban.Notification, _ time.Time) (bool, error) {
	if s.remind[id] {
		return false, nil
	}
	s.remind[id] = true
	note.UserID = department + "/" + strings.Join(roles, ",")
	s.notes = append(s.notes, note)
	return true, nil
}

func (s *ratingStore) FileAppeal(_ context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error) {
	for _, old := range s.appeals {
		if old.Rating == a.Rating {
			return old, haoban.Errorf(haoban.ECONFLICT, "已申诉")
		}
	}
	s.appeals[a.ID] = a
	s.audits = append(s.audits, meta)
	return a, nil
}

func (s *ratingStore) FindAppeal(_ context.Context, id string) (haoban.Appeal, error) {
	a, ok := s.appeals[id]
	if !ok {
		return a, haoban.Errorf(haoban.ENOTFOUND, "申诉不存在")
	}
	return a, nil
}

func (s *ratingStore) AppealOf(_ context.Context, rating string) (haoban.Appeal, error) {
	for _, a := range s.appeals {
		if a.Rating == rating {
			return a, nil
		}
	}
	return haoban.Appeal{}, haoban.Errorf(haoban.ENOTFOUND, "申诉不存在")
}

func (s *ratingStore) Appeals(_ context.Context, department string, _ haoban.AppealStatus) ([]haoban.Appeal, error) {
	var out []haoban.Appeal
	for _, a := range s.appeals {
		if department == "" || a.Department == department {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *ratingStore) DecideAppeal(_ context.Context, a haoban.Appeal, meta haoban.AuditEntry) (haoban.Appeal, error) {
	s.appeals[a.ID] = a
	s.audits = append(s.audits, meta)
	if a.Status == haoban.AppealUpheld {
		r := s.ratings[a.Rating]
		r.Excluded = true
		s.ratings[a.Rating] = r
	}
	return a, nil
}

// RatingFigures counts as the SQL does, so the use case's tests read
// the same definitions.
func (s *ratingStore) RatingFigures(ctx context.Context, q haoban.FigureQuery) (haoban.RatingFigures, error) {
	var f haoban.RatingFigures
	for id := range s.ratings {
		r, _ := s.FindRating(ctx, id)
		if r.GivenAt.Before(q.From) || !r.GivenAt.Before(q.To) || (q.Department != "" && r.Department != q.Department) {
			continue
		}
		if a, err := s.AppealOf(ctx, id); err == nil {
			switch a.Status {
			case haoban.AppealPending:
				f.AppealsPending++
			case haoban.AppealUpheld:
				f.AppealsUpheld++
			case haoban.AppealRejected:
				f.AppealsRejected++
			}
		}
		if r.Excluded {
			f.Excluded++
			continue
		}
		f.Total++
		f.Levels[r.Level-1]++
		if !r.Level.Bad() {
			continue
		}
		f.Bad++
		rc, _ := s.RectificationOf(ctx, id)
		if rc.FixedAt != nil {
			f.Rectified++
		}
		if !r.Anonymous {
			f.NamedBad++
			if rc.CalledBackAt != nil {
				f.NamedFollowedUp++
			}
		}
	}
	return f, nil
}

func (s *ratingStore) RatingDrill(ctx context.Context, q haoban.FigureQuery, afterAt time.Time, afterID string, limit int) ([]haoban.Rating, int, error) {
	var all []haoban.Rating
	for id := range s.ratings {
		r, _ := s.FindRating(ctx, id)
		if !r.GivenAt.Before(q.From) && r.GivenAt.Before(q.To) {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b haoban.Rating) int {
		if c := a.GivenAt.Compare(b.GivenAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	out := slices.DeleteFunc(slices.Clone(all), func(r haoban.Rating) bool {
		return !afterAt.IsZero() && (r.GivenAt.Before(afterAt) || (r.GivenAt.Equal(afterAt) && r.ID <= afterID))
	})
	return out[:min(limit, len(out))], len(all), nil
}

// ratings is the use case on a fresh store at a time, with a completed
// window case c-1 of zhang-wei's (two items decided by samr and fire
// reviewers) and an ended conversation of his.
func ratings(t *testing.T, at time.Time) (*app.Ratings, *ratingStore) {
	t.Helper()
	s := newRatingStore()
	done := at.Add(-time.Hour)
	s.cases["c-1"] = haoban.Case{ID: "c-1", Bundle: "open-restaurant", BundleName: "开餐馆", Applicant: "zhang-wei",
		Status: haoban.CaseCompleted, Channel: haoban.FiledWindow, EnteredBy: "clerk-1", CompletedAt: &done,
		Tasks: []haoban.Task{
			{ID: "t-1", CaseID: "c-1", Item: "food-licence", ItemName: "食品经营许可", Department: "samr", Status: haoban.TaskApproved, Assignee: "reviewer-samr", DecidedAt: &done},
			{ID: "t-2", CaseID: "c-1", Item: "fire-check", ItemName: "消防检查", Department: "fire", Status: haoban.TaskOpen},
		}}
	s.convs["h-1"] = haoban.Conversation{ID: "h-1", Applicant: "zhang-wei", Question: "食品经营许可要带什么？", Department: "samr",
		Helper: "helper-samr", Status: haoban.ConversationResolved}
	return &app.Ratings{Store: s, Authz: authz(t), Time: haoban.FixedTime{T: at}}, s
}
