package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

const ratedCase = "00000000-0000-4000-8000-000000000919"

var ratedAt = time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)

func saveRating(t *testing.T, s *postgres.Store, r haoban.Rating, rc *haoban.Rectification) haoban.Rating {
	t.Helper()
	got, err := s.SaveRating(context.Background(), r, rc, haoban.AuditEntry{At: r.ChangedAt, Actor: r.Rater, Action: "rating.give", Target: "rating:" + r.ID})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestRatings: a rating and its change keep one row; a bad one opens its
// rectification once; the loop advances step by step, notifying the
// rater; an upheld appeal excludes the rating from the figures, which
// count as defined.
func TestRatings(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if _, _, err := s.CreateCase(ctx, newCase(ratedCase, "k-rated")); err != nil {
		t.Fatal(err)
	}
	rect := func(id, rating string) *haoban.Rectification {
		return &haoban.Rectification{ID: id, Rating: rating, Department: "samr", Named: true, OpenedAt: ratedAt,
			DueAt: ratedAt.AddDate(0, 0, 21), Status: haoban.RectificationOpen}
	}
	bad := haoban.Rating{ID: "rt-1", Rater: "zhang-wei", Target: haoban.RateCase, Ref: ratedCase, Case: ratedCase, Bundle: "newborn",
		Department: "samr", Staff: []string{"clerk"}, Channel: haoban.FiledWindow, Level: haoban.LevelVeryBad,
		Indicators: map[string]haoban.RatingLevel{"overall": 1, "attitude": 2}, Comment: "等太久", GivenAt: ratedAt, ChangedAt: ratedAt, Title: "新生儿出生"}
	got := saveRating(t, s, bad, rect("rc-1", "rt-1"))
	if got.Rectification != haoban.RectificationOpen || got.Indicators["attitude"] != 2 || got.Case != ratedCase || got.Staff[0] != "clerk" {
		t.Fatalf("saved %+v", got)
	}
	t.Run("ChangedKeepsOneRowAndItsRectification", func(t *testing.T) {
		changed := bad
		changed.Level, changed.Indicators, changed.ChangedAt = haoban.LevelGood, map[string]haoban.RatingLevel{"overall": 4}, ratedAt.Add(time.Hour)
		got := saveRating(t, s, changed, rect("rc-other", "rt-1"))
		if got.Level != haoban.LevelGood || !got.GivenAt.Equal(ratedAt) || got.Rectification != haoban.RectificationOpen {
			t.Fatalf("changed %+v", got)
		}
		var n int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM rectifications`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d rectifications (%v), want 1", n, err)
		}
		saveRating(t, s, bad, nil) // back to 非常不满意 for the figures below
	})
	anon := haoban.Rating{ID: "rt-2", Rater: "zhang-wei", Target: haoban.RateConversation, Ref: "conv-1", Department: "samr",
		Staff: []string{}, Channel: haoban.FiledOnline, Level: haoban.LevelBad, Indicators: map[string]haoban.RatingLevel{"overall": 2},
		Anonymous: true, GivenAt: ratedAt.Add(time.Minute), ChangedAt: ratedAt.Add(time.Minute), Title: "线上帮办"}
	saveRating(t, s, anon, rect("rc-2", "rt-2"))
	good := haoban.Rating{ID: "rt-3", Rater: "li-na", Target: haoban.RateConversation, Ref: "conv-2", Department: "fire", Item: "fire-check",
		Staff: []string{}, Channel: haoban.FiledOnline, Level: haoban.LevelVeryGood, Indicators: map[string]haoban.RatingLevel{"overall": 5},
		GivenAt: ratedAt.Add(2 * time.Minute), ChangedAt: ratedAt.Add(2 * time.Minute), Title: "线上帮办"}
	saveRating(t, s, good, nil)

	t.Run("LoopAdvancesStepByStep", func(t *testing.T) {
		rc, err := s.RectificationOf(ctx, "rt-1")
		if err != nil {
			t.Fatal(err)
		}
		at := ratedAt.Add(24 * time.Hour)
		next := rc
		next.Status, next.CalledBackAt, next.CalledBackBy, next.Reached, next.Found = haoban.RectificationCalledBack, &at, "reviewer-samr", true, "排队"
		meta := haoban.AuditEntry{At: at, Actor: "reviewer-samr", Action: "rectification.call_back", Target: "rectification:rc-1"}
		if _, err := s.AdvanceRectification(ctx, next, haoban.RectificationOpen, nil, meta); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AdvanceRectification(ctx, next, haoban.RectificationOpen, nil, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("the same step twice: %v, want ECONFLICT", err)
		}
		fixed := next
		fixed.Status, fixed.FixedAt, fixed.FixedBy, fixed.Fix = haoban.RectificationAsked, &at, "reviewer-samr", "加开窗口"
		note := &haoban.Notification{UserID: "zhang-wei", Kind: string(haoban.KindReminder), Title: "请告诉我们您是否满意", Body: "b"}
		if _, err := s.AdvanceRectification(ctx, fixed, haoban.RectificationCalledBack, note, meta); err != nil {
			t.Fatal(err)
		}
		var notes int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = 'zhang-wei' AND title = $1`, note.Title).Scan(&notes); err != nil || notes != 1 {
			t.Errorf("%d notes to the rater (%v), want 1", notes, err)
		}
		unfixed, err := s.Rectifications(ctx, "samr", at.Add(time.Hour))
		if err != nil || len(unfixed) != 1 || unfixed[0].ID != "rc-2" {
			t.Errorf("unfixed %+v (%v), want rc-2", unfixed, err)
		}
	})
	t.Run("RemindedOnce", func(t *testing.T) {
		for i, want := range []bool{true, false} {
			ok, err := s.RemindRectification(ctx, "rc-2", "samr", []string{haoban.RoleReviewer}, haoban.Notification{Kind: string(haoban.KindReminder), Title: "差评整改即将到期"}, ratedAt)
			if err != nil || ok != want {
				t.Fatalf("reminder %d: %v (%v), want %v", i, ok, err, want)
			}
		}
	})
	t.Run("AppealUpheldExcludes", func(t *testing.T) {
		a := haoban.Appeal{ID: "ap-2", Rating: "rt-2", Department: "samr", Reason: "非本部门", Evidence: "记录", FiledBy: "reviewer-samr",
			FiledAt: ratedAt, Status: haoban.AppealPending}
		meta := haoban.AuditEntry{At: ratedAt, Actor: "reviewer-samr", Action: "rating_appeal.file", Target: "rating:rt-2"}
		if _, err := s.FileAppeal(ctx, a, meta); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FileAppeal(ctx, a, meta); err != nil {
			t.Fatalf("the same appeal again: %v, want it returned", err)
		}
		other := a
		other.ID, other.Reason = "ap-x", "另一理由"
		if _, err := s.FileAppeal(ctx, other, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("a second appeal: %v, want ECONFLICT", err)
		}
		at := ratedAt.Add(time.Hour)
		a.Status, a.DecidedBy, a.DecidedAt, a.Decision = haoban.AppealUpheld, "supervisor", &at, "确非本部门"
		if _, err := s.DecideAppeal(ctx, a, haoban.AuditEntry{At: at, Actor: "supervisor", Action: "rating_appeal.upheld", Target: "rating:rt-2"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideAppeal(ctx, a, meta); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("deciding twice: %v, want ECONFLICT", err)
		}
		r, err := s.FindRating(ctx, "rt-2")
		if err != nil || !r.Excluded {
			t.Fatalf("rating %+v (%v): want kept, excluded", r, err)
		}
	})
	t.Run("Figures", func(t *testing.T) {
		q := haoban.FigureQuery{From: ratedAt.Add(-time.Hour), To: ratedAt.Add(time.Hour)}
		f, err := s.RatingFigures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		// rt-1 非常不满意, named, called back and fixed; rt-2 excluded; rt-3 非常满意.
		want := haoban.RatingFigures{Total: 2, Levels: [5]int{1, 0, 0, 0, 1}, Bad: 1, Rectified: 1, NamedBad: 1, NamedFollowedUp: 1,
			AppealsUpheld: 1, Excluded: 1}
		if f != want {
			t.Errorf("city %+v, want %+v", f, want)
		}
		q.Department = "fire"
		if f, err = s.RatingFigures(ctx, q); err != nil || f.Total != 1 || f.Levels[4] != 1 || f.Excluded != 0 {
			t.Errorf("fire %+v (%v), want its one 非常满意", f, err)
		}
		q.Department, q.Item = "", "fire-check"
		if f, err = s.RatingFigures(ctx, q); err != nil || f.Total != 1 {
			t.Errorf("item %+v (%v), want 1", f, err)
		}
	})
	t.Run("Drill", func(t *testing.T) {
		q := haoban.FigureQuery{From: ratedAt.Add(-time.Hour), To: ratedAt.Add(time.Hour)}
		first, total, err := s.RatingDrill(ctx, q, time.Time{}, "", 2)
		if err != nil || total != 3 || len(first) != 2 || first[0].ID != "rt-1" {
			t.Fatalf("first page %+v, total %d (%v)", first, total, err)
		}
		rest, _, err := s.RatingDrill(ctx, q, first[1].GivenAt, first[1].ID, 2)
		if err != nil || len(rest) != 1 || rest[0].ID != "rt-3" {
			t.Fatalf("second page %+v (%v)", rest, err)
		}
	})
	t.Run("FiguresUseTheIndexes", func(t *testing.T) {
		var n int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename = 'ratings' AND indexname IN
			('ratings_given', 'ratings_department_given', 'ratings_item_given')`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d of the figures' indexes (%v), want 3", n, err)
		}
	})
}
