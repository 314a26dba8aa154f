package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

func overall(l int) map[string]int { return map[string]int{haoban.IndicatorOverall: l} }

func TestGiveRating(t *testing.T) {
	ctx := context.Background()
	zhang := demoUser(t, "zhang-wei")
	t.Run("OK", func(t *testing.T) {
		x, s := ratings(t, tuesday)
		in := app.RatingInput{Target: haoban.RateCase, Case: "c-1", Comment: "窗口很耐心",
			Indicators: map[string]int{"overall": 5, "service_efficiency": 4, "service_level": 5, "attitude": 5}}
		var rt haoban.Rating
		for range 2 { // a retry is the same rating
			var err error
			if rt, err = x.Give(ctx, zhang, in); err != nil {
				t.Fatal(err)
			}
		}
		if len(s.ratings) != 1 || len(s.audits) != 1 || len(s.rcs) != 0 {
			t.Fatalf("%d ratings, %d audits, %d rectifications; want 1, 1, 0", len(s.ratings), len(s.audits), len(s.rcs))
		}
		if rt.Level != haoban.LevelVeryGood || rt.Department != "samr" || len(rt.Staff) != 1 || rt.Staff[0] != "clerk-1" {
			t.Errorf("rating %+v: want level 5, the bundle's lead samr and the window clerk", rt)
		}
	})
	t.Run("TaskAttachesToDecider", func(t *testing.T) {
		x, _ := ratings(t, tuesday)
		rt, err := x.Give(ctx, zhang, app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-1", Indicators: overall(4)})
		if err != nil {
			t.Fatal(err)
		}
		if rt.Item != "food-licence" || rt.Department != "samr" || rt.Staff[0] != "reviewer-samr" || rt.Title != "开餐馆 · 食品经营许可" {
			t.Errorf("rating %+v", rt)
		}
	})
	for _, tc := range []struct {
		name, code, field string
		as                string
		in                app.RatingInput
	}{
		{"ErrOtherApplicant", haoban.ENOTFOUND, "", "li-na", app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: overall(5)}},
		{"ErrReviewer", haoban.EFORBIDDEN, "", "reviewer-samr", app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: overall(5)}},
		{"ErrOnlineIndicatorAtWindow", haoban.EINVALID, "indicators.efficiency", "zhang-wei",
			app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: map[string]int{"overall": 5, "efficiency": 5}}},
		{"ErrNoOverall", haoban.EINVALID, "indicators.overall", "zhang-wei",
			app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: map[string]int{"attitude": 5}}},
		{"ErrLevel", haoban.EINVALID, "indicators.overall", "zhang-wei", app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: overall(6)}},
		{"ErrCommentTooLong", haoban.EINVALID, "comment", "zhang-wei",
			app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: overall(5), Comment: strings.Repeat("好", 501)}},
		{"ErrTaskNotDecided", haoban.ECONFLICT, "", "zhang-wei", app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-2", Indicators: overall(5)}},
		{"ErrOthersConversation", haoban.ENOTFOUND, "", "li-na", app.RatingInput{Target: haoban.RateConversation, Ref: "h-1", Indicators: overall(5)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, s := ratings(t, tuesday)
			_, err := x.Give(ctx, demoUser(t, tc.as), tc.in)
			if f := wantCode(t, err, tc.code); f != tc.field {
				t.Errorf("field %q, want %q", f, tc.field)
			}
			if len(s.ratings) != 0 {
				t.Errorf("a refused rating was kept")
			}
		})
	}
	t.Run("ChangeWithinSevenDays", func(t *testing.T) {
		x, s := ratings(t, tuesday)
		in := app.RatingInput{Target: haoban.RateConversation, Ref: "h-1", Indicators: overall(1)}
		first, err := x.Give(ctx, zhang, in)
		if err != nil {
			t.Fatal(err)
		}
		x.Time = haoban.FixedTime{T: tuesday.AddDate(0, 0, 6)}
		in.Indicators = overall(5)
		changed, err := x.Give(ctx, zhang, in)
		if err != nil {
			t.Fatal(err)
		}
		if changed.ID != first.ID || !changed.GivenAt.Equal(first.GivenAt) || changed.Level != haoban.LevelVeryGood {
			t.Errorf("changed %+v, want the same rating at level 5, first given %v", changed, first.GivenAt)
		}
		// The bad rating opened its rectification; the change leaves it.
		if len(s.rcs) != 1 || changed.Rectification != haoban.RectificationOpen {
			t.Errorf("%d rectifications, status %q; want the one opened", len(s.rcs), changed.Rectification)
		}
		list, err := x.List(ctx, demoUser(t, "reviewer-samr"))
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Rectifications) != 1 || !list.Rectifications[0].Relevelled {
			t.Errorf("rectifications %+v: want one, marked re-levelled", list.Rectifications)
		}
		x.Time = haoban.FixedTime{T: tuesday.AddDate(0, 0, 7)}
		in.Indicators = overall(3)
		_, err = x.Give(ctx, zhang, in)
		wantCode(t, err, haoban.ECONFLICT)
	})
}

func TestRectificationLoop(t *testing.T) {
	ctx := context.Background()
	x, s := ratings(t, tuesday)
	zhang, samr, fire := demoUser(t, "zhang-wei"), demoUser(t, "reviewer-samr"), demoUser(t, "reviewer-fire")
	rt, err := x.Give(ctx, zhang, app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-1", Indicators: overall(1), Comment: "等太久"})
	if err != nil {
		t.Fatal(err)
	}
	rc, err := s.RectificationOf(ctx, rt.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 15 working days from Tuesday 3 March 2026: Tuesday 24 March, to its end.
	if want := time.Date(2026, 3, 25, 0, 0, 0, 0, haoban.Beijing); !rc.DueAt.Equal(want) || rc.Department != "samr" || !rc.Named {
		t.Fatalf("rectification %+v: want samr's, named, due %v", rc, want)
	}
	t.Run("ErrOtherDepartment", func(t *testing.T) {
		_, err := x.RecordCallBack(ctx, fire, rc.ID, app.CallBack{Reached: true, Found: "x"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrFixBeforeCallBack", func(t *testing.T) {
		_, err := x.RecordFix(ctx, samr, rc.ID, app.Fix{Fix: "加开窗口"})
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrAnswerBeforeFix", func(t *testing.T) {
		_, err := x.Answer(ctx, zhang, rt.ID, app.Satisfaction{Satisfied: true})
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrNoFinding", func(t *testing.T) {
		_, err := x.RecordCallBack(ctx, samr, rc.ID, app.CallBack{Reached: true})
		if f := wantCode(t, err, haoban.EINVALID); f != "found" {
			t.Errorf("field %q, want found", f)
		}
	})
	if _, err := x.RecordCallBack(ctx, samr, rc.ID, app.CallBack{Reached: true, Found: "审查人员休假，无人顶岗"}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a retry is the same fix, asked once
		if _, err := x.RecordFix(ctx, samr, rc.ID, app.Fix{Fix: "建立 AB 岗"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := x.RecordFix(ctx, samr, rc.ID, app.Fix{Fix: "另一措施"}); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("a second, different fix: %v, want ECONFLICT", err)
	}
	if len(s.notes) != 1 || s.notes[0].UserID != "zhang-wei" || !strings.Contains(s.notes[0].Body, rt.ID) {
		t.Errorf("notes %+v: want zhang-wei asked, with a link to his rating", s.notes)
	}
	t.Run("ErrOthersAnswer", func(t *testing.T) {
		_, err := x.Answer(ctx, demoUser(t, "li-na"), rt.ID, app.Satisfaction{Satisfied: true})
		wantCode(t, err, haoban.ENOTFOUND)
	})
	for range 2 { // a retry is the same answer
		if _, err := x.Answer(ctx, zhang, rt.ID, app.Satisfaction{Satisfied: true, Words: "谢谢"}); err != nil {
			t.Fatal(err)
		}
	}
	v, err := x.Mine(ctx, zhang, rt.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Rectification == nil || v.Rectification.Status != haoban.RectificationAnswered || !*v.Rectification.Satisfied {
		t.Errorf("view %+v: want the answered rectification", v.Rectification)
	}
	if _, err := x.Mine(ctx, demoUser(t, "li-na"), rt.ID); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("another applicant reads the rating: %v", err)
	}
}

func TestRatingBoard(t *testing.T) {
	ctx := context.Background()
	x, _ := ratings(t, tuesday)
	zhang := demoUser(t, "zhang-wei")
	named, err := x.Give(ctx, zhang, app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-1", Indicators: overall(2)})
	if err != nil {
		t.Fatal(err)
	}
	x.Time = haoban.FixedTime{T: tuesday.Add(time.Hour)}
	if _, err := x.Give(ctx, zhang, app.RatingInput{Target: haoban.RateConversation, Ref: "h-1", Indicators: overall(1), Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	b, err := x.Board(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rectifications) != 2 || len(b.NotFollowedUp) != 1 || b.NotFollowedUp[0].Rating.ID != named.ID {
		t.Fatalf("board %+v: want two rectifications, the named one not followed up", b)
	}
	if b.Rectifications[1].Rating.Rater != "" && b.Rectifications[0].Rating.Rater != "" {
		t.Errorf("the anonymous rater is shown to staff")
	}
	if c := b.Rectifications[0].Clock; c == nil || c.Remaining != haoban.RectificationDays {
		t.Errorf("clock %+v: want 15 working days left", c)
	}
}

func TestRemindDueRectifications(t *testing.T) {
	ctx := context.Background()
	x, s := ratings(t, tuesday)
	if _, err := x.Give(ctx, demoUser(t, "zhang-wei"), app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-1", Indicators: overall(1)}); err != nil {
		t.Fatal(err)
	}
	if n, err := x.RemindDue(ctx); err != nil || n != 0 {
		t.Fatalf("reminded %d (%v) at opening, want 0", n, err)
	}
	// Monday 23 March 2026: one working day (Tuesday 24) left.
	x.Time = haoban.FixedTime{T: time.Date(2026, 3, 23, 10, 0, 0, 0, haoban.Beijing)}
	for range 2 {
		if _, err := x.RemindDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.notes) != 1 || s.notes[0].UserID != "samr/reviewer" {
		t.Errorf("notes %+v: want samr's reviewers reminded once", s.notes)
	}
}

func TestRatingAppealsAndFigures(t *testing.T) {
	ctx := context.Background()
	x, s := ratings(t, tuesday)
	zhang := demoUser(t, "zhang-wei")
	give := func(in app.RatingInput) haoban.Rating {
		t.Helper()
		rt, err := x.Give(ctx, zhang, in)
		if err != nil {
			t.Fatal(err)
		}
		return rt
	}
	bad := give(app.RatingInput{Target: haoban.RateCase, Case: "c-1", Indicators: overall(1)})
	give(app.RatingInput{Target: haoban.RateTask, Case: "c-1", Ref: "t-1", Indicators: overall(5)})
	anon := give(app.RatingInput{Target: haoban.RateConversation, Ref: "h-1", Indicators: overall(2), Anonymous: true})
	rc, _ := s.RectificationOf(ctx, bad.ID)
	samr := demoUser(t, "reviewer-samr")
	if _, err := x.RecordCallBack(ctx, samr, rc.ID, app.CallBack{Reached: true, Found: "排队过长"}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.RecordFix(ctx, samr, rc.ID, app.Fix{Fix: "增加取号机"}); err != nil {
		t.Fatal(err)
	}
	q := haoban.FigureQuery{From: tuesday.AddDate(0, 0, -1), To: tuesday.AddDate(0, 0, 1)}
	f, err := x.Figures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := haoban.RatingFigures{Total: 3, Levels: [5]int{1, 1, 0, 0, 1}, Bad: 2, Rectified: 1, NamedBad: 1, NamedFollowedUp: 1}
	if f != want {
		t.Errorf("figures %+v, want %+v", f, want)
	}

	t.Run("ErrOtherDepartmentAppeals", func(t *testing.T) {
		_, err := x.FileAppeal(ctx, demoUser(t, "reviewer-fire"), anon.ID, app.AppealInput{Reason: "r", Evidence: "e"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrNoEvidence", func(t *testing.T) {
		_, err := x.FileAppeal(ctx, samr, anon.ID, app.AppealInput{Reason: "与本部门无关"})
		if f := wantCode(t, err, haoban.EINVALID); f != "evidence" {
			t.Errorf("field %q, want evidence", f)
		}
	})
	a, err := x.FileAppeal(ctx, samr, anon.ID, app.AppealInput{Reason: "咨询的是公积金，不属本部门", Evidence: "对话记录第 3 条"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.FileAppeal(ctx, samr, anon.ID, app.AppealInput{Reason: "再申诉", Evidence: "e"}); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("a second appeal: %v, want ECONFLICT", err)
	}
	t.Run("ErrReviewerDecides", func(t *testing.T) {
		_, err := x.DecideAppeal(ctx, samr, a.ID, app.AppealDecision{Uphold: true, Reason: "r"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	boss := demoUser(t, "supervisor")
	list, err := x.Appeals(ctx, boss)
	if err != nil || len(list.Appeals) != 1 || !list.CanDecide || list.Appeals[0].Rating.Rater != "" {
		t.Fatalf("appeals %+v (%v): want the one, decidable, its anonymous rater hidden", list, err)
	}
	if _, err := x.DecideAppeal(ctx, boss, a.ID, app.AppealDecision{Uphold: true, Reason: "确属公积金中心事项"}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.DecideAppeal(ctx, boss, a.ID, app.AppealDecision{Reason: "again"}); haoban.ErrorCode(err) != haoban.ECONFLICT {
		t.Errorf("deciding twice: %v, want ECONFLICT", err)
	}
	if f, err = x.Figures(ctx, q); err != nil {
		t.Fatal(err)
	}
	want = haoban.RatingFigures{Total: 2, Levels: [5]int{1, 0, 0, 0, 1}, Bad: 1, Rectified: 1, NamedBad: 1, NamedFollowedUp: 1,
		AppealsUpheld: 1, Excluded: 1}
	if f != want {
		t.Errorf("figures after the upheld appeal %+v, want %+v", f, want)
	}
	if _, ok := s.ratings[anon.ID]; !ok {
		t.Errorf("the excluded rating was deleted")
	}

	t.Run("Drill", func(t *testing.T) {
		page, next, total, err := x.Drill(ctx, q, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		rest, last, _, err := x.Drill(ctx, q, next, 2)
		if err != nil {
			t.Fatal(err)
		}
		all := append(page, rest...)
		if total != 3 || len(all) != 3 || next == "" || last != "" {
			t.Fatalf("drill: %d of %d, cursors %q %q", len(all), total, next, last)
		}
		in := 0
		for _, c := range all {
			if c.In {
				in++
			} else if c.Ref != anon.ID || !strings.Contains(c.Why, "申诉成立") {
				t.Errorf("excluded %+v, want the appealed rating, saying why", c)
			}
		}
		if in != 2 {
			t.Errorf("%d counted, want 2", in)
		}
	})
}

// TestHelpRatingIsARating: the chat's five levels are 好差评's; a bad
// one opens the rectification of the conversation's department.
func TestHelpRatingIsARating(t *testing.T) {
	ctx := context.Background()
	w := newHelpWorld(t)
	x, s := ratings(t, tuesday)
	w.help.Ratings = x
	c := haoban.Conversation{ID: "h-1", Applicant: "zhang-wei", Question: "食品经营许可要带什么？", Department: "samr",
		Helper: "helper-samr", Status: haoban.ConversationResolved}
	w.store.convs[c.ID] = c
	zhangWei := demoUser(t, "zhang-wei")
	for range 2 {
		if _, err := w.help.Rate(ctx, zhangWei, c.ID, 2, "没说清楚"); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.ratings) != 1 || len(s.rcs) != 1 {
		t.Fatalf("%d ratings, %d rectifications; want 1 and 1", len(s.ratings), len(s.rcs))
	}
	for _, rt := range s.ratings {
		if rt.Level != haoban.LevelBad || rt.Department != "samr" || rt.Staff[0] != "helper-samr" || rt.Comment != "没说清楚" {
			t.Errorf("rating %+v", rt)
		}
	}
}
