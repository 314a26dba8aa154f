package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/intent"
)

// assistantWorld is 小申 on fakes, with li-na's two cases and zhang-wei's
// one, zhang-wei's the newest of all.
type assistantWorld struct {
	store    *assistantStore
	cases    *store
	kb       *asstKnowledge
	policies *asstPolicies
	gaps     *asstGaps
	s        *app.Assistant
}

func newAssistantWorld(t *testing.T) *assistantWorld {
	t.Helper()
	w := &assistantWorld{store: &assistantStore{}, cases: newStore(), kb: asstDemoKnowledge(), policies: &asstPolicies{}, gaps: &asstGaps{}}
	older, newer := w.cases.restaurantCase("case-old"), w.cases.restaurantCase("case-new")
	older.SubmittedAt, newer.SubmittedAt = clock.T.Add(-72*time.Hour), clock.T.Add(-24*time.Hour)
	newer.BundleName = "开办餐饮店"
	other := w.cases.restaurantCase("case-zhang")
	other.Applicant, other.SubmittedAt = "zhang-wei", clock.T.Add(-time.Hour)
	for _, c := range []haoban.Case{older, newer, other} {
		w.cases.cases[c.ID] = c
	}
	w.s = &app.Assistant{Store: w.store, Knowledge: w.kb, Cases: w.cases, Policies: w.policies, Gaps: w.gaps,
		Authz: authz(t), Time: clock}
	return w
}

func (w *assistantWorld) ask(t *testing.T, user, question string) app.Answer {
	t.Helper()
	a, err := w.s.Ask(context.Background(), as(t, w.cases, user), app.AskInput{Question: question})
	if err != nil {
		t.Fatalf("Ask(%q): %v", question, err)
	}
	return a
}

func TestAssistantAsk(t *testing.T) {
	w := newAssistantWorld(t)
	t.Run("Guide", func(t *testing.T) {
		a := w.ask(t, "li-na", "我要开一家餐馆")
		if a.Kind != "guide" || len(a.Sources) == 0 || a.Sources[0].Ref != "open-restaurant" || a.Sources[0].Link != "/guide/open-restaurant" {
			t.Fatalf("answer %+v, want the open-restaurant guide as its top source", a)
		}
		if a.Start == nil || a.Start.Bundle != "open-restaurant" || a.Start.Action != "/drafts" || a.Handoff != nil {
			t.Errorf("start %+v, handoff %+v: want a 开始办理 button and no hand-off", a.Start, a.Handoff)
		}
		if !strings.Contains(a.Text, "开办餐饮店") {
			t.Errorf("text %q does not quote its entry", a.Text)
		}
		got := w.store.questions[len(w.store.questions)-1]
		if got.Asker != "li-na" || got.Intent != "guide" || got.EntryRef != "open-restaurant" || !got.Resolved || got.HandedOff || !got.At.Equal(clock.T) {
			t.Errorf("logged %+v", got)
		}
	})
	t.Run("GuideForStaffHasNoStartButton", func(t *testing.T) {
		if a := w.ask(t, "reviewer-samr", "开饭店要办什么手续"); a.Kind != "guide" || a.Start != nil {
			t.Errorf("answer %+v, want the guide without a start button", a)
		}
	})
	t.Run("Material", func(t *testing.T) {
		a := w.ask(t, "li-na", "公司章程要原件吗")
		if a.Kind != "material" || a.Sources[0].Ref != "business-licence/articles" || a.Start != nil {
			t.Fatalf("answer %+v, want the articles entry", a)
		}
		if q := w.kb.asked[len(w.kb.asked)-1]; len(q.Kinds) != 1 || q.Kinds[0] != haoban.KnowledgeMaterial || !q.At.Equal(clock.T) {
			t.Errorf("searched %+v, want materials at the service's now", q)
		}
	})
	t.Run("PolicyFromTheAskersCheck", func(t *testing.T) {
		w.policies.report = app.PolicyCheckReport{Qualified: []haoban.PolicyCheck{{Policy: "newborn-childcare-subsidy",
			Name: "新生儿一次性育儿补贴", Subject: "张伟", Qualifies: true, Amount: 5000, Delivery: "发放至社会保障卡"}}}
		a := w.ask(t, "zhang-wei", "我能领生育补贴吗")
		if a.Kind != "policy" || !strings.Contains(a.Text, "符合条件") || !strings.Contains(a.Text, "5000.00") {
			t.Fatalf("answer %+v, want the check's verdict", a)
		}
		if len(a.Sources) != 2 || a.Sources[0].Ref != "newborn-childcare-subsidy" || a.Sources[1].Link != "/policies/check" {
			t.Errorf("sources %+v, want the policy and the check", a.Sources)
		}
		if last := w.policies.asked[len(w.policies.asked)-1]; last != "zhang-wei" {
			t.Errorf("checked %s, want the asker", last)
		}
	})
	t.Run("PolicyWithoutACheck", func(t *testing.T) {
		w.policies.err = haoban.Errorf(haoban.EFORBIDDEN, "只有办事群众和企业可以进行政策体检")
		defer func() { w.policies.err = nil }()
		a := w.ask(t, "supervisor", "新生儿育儿补贴怎么领")
		if a.Kind != "policy" || !strings.Contains(a.Text, "登录后") || len(a.Sources) != 1 {
			t.Fatalf("answer %+v, want the entry and how to check", a)
		}
	})
	t.Run("StatusIsTheAskersOwnNewestCase", func(t *testing.T) {
		a := w.ask(t, "li-na", "我的执照办到哪了")
		if a.Kind != "status" || !strings.Contains(a.Text, "case-new") || a.Sources[0].Link != "/cases/case-new" {
			t.Fatalf("answer %+v, want li-na's newest case", a)
		}
		if strings.Contains(a.Text, "case-zhang") || strings.Contains(a.Sources[0].Link, "case-zhang") {
			t.Fatalf("answer %+v reveals zhang-wei's case", a)
		}
		b := w.ask(t, "zhang-wei", "我的申请到哪一步了")
		if !strings.Contains(b.Text, "case-zhang") || strings.Contains(b.Text, "case-new") {
			t.Errorf("zhang-wei's answer %q, want only his own case", b.Text)
		}
	})
	t.Run("StatusWithoutCases", func(t *testing.T) {
		a := w.ask(t, "supervisor", "我的办件进度怎么样")
		if a.Kind != "status" || strings.Contains(a.Text, "case-") || len(a.Sources) != 0 {
			t.Errorf("supervisor's answer %+v, want a polite answer without any case", a)
		}
	})
	t.Run("Smalltalk", func(t *testing.T) {
		if a := w.ask(t, "li-na", "你好"); a.Kind != "smalltalk" || !strings.Contains(a.Text, "小申") || a.Handoff != nil {
			t.Errorf("answer %+v", a)
		}
	})
	t.Run("UnknownHandsOffAndOpensAGapOncePerDay", func(t *testing.T) {
		in := app.AskInput{Question: "今天天气怎么样", Context: app.AskContext{Page: "/drafts/d1", Bundle: "open-restaurant", Draft: "d1"}}
		a, err := w.s.Ask(context.Background(), as(t, w.cases, "li-na"), in)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != app.AnswerHandoff || a.Handoff == nil || a.Handoff.Link != "/help/new" || !strings.Contains(a.Text, "不太确定") {
			t.Fatalf("answer %+v, want a hand-off", a)
		}
		req := a.Handoff.Request
		if req.Question != "今天天气怎么样" || req.Bundle != "open-restaurant" || req.Draft != "d1" || len(req.Transcript) != 2 {
			t.Errorf("hand-off request %+v", req)
		}
		if _, err := w.s.Ask(context.Background(), as(t, w.cases, "li-na"), in); err != nil {
			t.Fatal(err)
		}
		if len(w.gaps.gaps) != 1 {
			t.Fatalf("gaps %+v, want one for the same question on the same day", w.gaps.gaps)
		}
		for key, g := range w.gaps.gaps {
			if g.Source != haoban.GapAssistant || g.Question != "今天天气怎么样" || g.Bundle != "open-restaurant" || !strings.HasPrefix(key, "assistant-") {
				t.Errorf("gap %+v", g)
			}
		}
		last := w.store.questions[len(w.store.questions)-1]
		if !last.HandedOff || last.Resolved || last.AnswerKind != app.AnswerHandoff {
			t.Errorf("logged %+v, want a hand-off", last)
		}
	})
}

func TestAssistantHandsOverWhenAskedForAPerson(t *testing.T) {
	w := newAssistantWorld(t)
	a, err := w.s.Ask(context.Background(), as(t, w.cases, "li-na"), app.AskInput{Question: "我要转人工"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != app.AnswerHandoff || a.Handoff == nil || a.Handoff.Request.Question != "我要转人工" {
		t.Fatalf("answer %+v, want a hand-off", a)
	}
	if len(w.gaps.gaps) != 0 {
		t.Errorf("asking for a person opened a knowledge task: %+v", w.gaps.gaps)
	}
	if last := w.store.questions[len(w.store.questions)-1]; !last.HandedOff {
		t.Errorf("logged %+v, want a hand-off", last)
	}
}

func TestAssistantNotSure(t *testing.T) {
	t.Run("BelowTheConfidenceThreshold", func(t *testing.T) {
		w := newAssistantWorld(t)
		w.s.Confidence = 0.9999
		if a := w.ask(t, "li-na", "我要开一家餐馆"); a.Kind != app.AnswerHandoff || a.Intent != intent.Guide || len(a.Sources) != 0 {
			t.Errorf("answer %+v, want a hand-off of a guide question", a)
		}
	})
	t.Run("NoEntryFound", func(t *testing.T) {
		w := newAssistantWorld(t)
		w.kb.entries = nil
		if a := w.ask(t, "li-na", "我要开一家餐馆"); a.Kind != app.AnswerHandoff || len(w.gaps.gaps) != 1 {
			t.Errorf("answer %+v, gaps %d: want a hand-off and a gap", a, len(w.gaps.gaps))
		}
	})
	t.Run("OnlyAWeakEntry", func(t *testing.T) {
		w := newAssistantWorld(t)
		// 户口迁移 scores 0.1, below the minimum, and no training question
		// names it: a weak match is no answer.
		if a := w.ask(t, "li-na", "迁户口怎么办理"); a.Kind != app.AnswerHandoff {
			t.Errorf("answer %+v, want a hand-off", a)
		}
	})
	t.Run("ALabelledQuestionRaisesItsEntry", func(t *testing.T) {
		w := newAssistantWorld(t)
		// The search ranks the bundle first (0.6) and the item weakly
		// (0.1); the training set labels this very question with the item.
		a := w.ask(t, "li-na", "新生儿怎么上户口")
		if a.Kind != "guide" || a.Sources[0].Ref != "newborn/hukou" || len(a.Sources) != 2 || a.Sources[1].Ref != "newborn" {
			t.Errorf("answer %+v, want the hukou item first, then the bundle", a)
		}
	})
}

func TestAssistantAskRefuses(t *testing.T) {
	w := newAssistantWorld(t)
	ctx := context.Background()
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := w.s.Ask(ctx, as(t, w.cases, "li-na"), app.AskInput{Question: "  "})
		if wantCode(t, err, haoban.EINVALID) != "body.question" {
			t.Error("the error names no field")
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		_, err := w.s.Ask(ctx, as(t, w.cases, "li-na"), app.AskInput{Question: strings.Repeat("饭", app.MaxQuestionRunes+1)})
		wantCode(t, err, haoban.EINVALID)
	})
	t.Run("ErrNotSignedIn", func(t *testing.T) {
		_, err := w.s.Ask(ctx, app.Request{}, app.AskInput{Question: "你好"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrRoleWithoutTheAssistant", func(t *testing.T) {
		hotline := haoban.User{ID: "hotline-12345", Roles: []string{haoban.RoleHotline}, Department: haoban.AnyDepartment}
		_, err := w.s.Ask(ctx, app.Request{User: hotline}, app.AskInput{Question: "你好"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	if len(w.store.questions) != 0 {
		t.Errorf("refused questions were logged: %+v", w.store.questions)
	}
}

func TestAssistantModel(t *testing.T) {
	w := newAssistantWorld(t)
	ctx := context.Background()
	t.Run("LoadTrainsTheFirstVersion", func(t *testing.T) {
		if err := w.s.Load(ctx); err != nil {
			t.Fatal(err)
		}
		if len(w.store.models) != 1 || !w.store.models[0].Active || w.store.models[0].TrainedOn < 300 || !w.store.models[0].TrainedAt.Equal(clock.T) {
			t.Fatalf("models %+v, want one active version trained on the shipped questions", len(w.store.models))
		}
		if err := w.s.Load(ctx); err != nil || len(w.store.models) != 1 {
			t.Errorf("second load: %v, %d versions; want the stored version reused", err, len(w.store.models))
		}
	})
	t.Run("ErrRetrainByApplicant", func(t *testing.T) {
		_, err := w.s.Retrain(ctx, as(t, w.cases, "li-na"))
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("RetrainByAdmin", func(t *testing.T) {
		rec, err := w.s.Retrain(ctx, as(t, w.cases, "admin"))
		if err != nil || rec.Version != 2 || w.store.models[0].Active || !w.store.models[1].Active {
			t.Fatalf("retrain: %+v, %v; want version 2 active", rec.Version, err)
		}
		if got := w.store.trainedBy; len(got) != 2 || got[0] != "system" || got[1] != "admin" {
			t.Errorf("trainings audited as %q, want the system's, then the admin's", got)
		}
		if rec.Metrics.Accuracy <= rec.Metrics.BaseRate {
			t.Errorf("hold-out accuracy %.3f, not above the base rate %.3f", rec.Metrics.Accuracy, rec.Metrics.BaseRate)
		}
	})
}

func TestAssistantFirstQuestionsTrainOnce(t *testing.T) {
	w := newAssistantWorld(t)
	r := as(t, w.cases, "li-na")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := w.s.Ask(context.Background(), r, app.AskInput{Question: "你好"})
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if len(w.store.models) != 1 {
		t.Errorf("%d versions trained, want 1", len(w.store.models))
	}
}

func TestAssistantStats(t *testing.T) {
	w := newAssistantWorld(t)
	w.ask(t, "li-na", "我要开一家餐馆")
	w.ask(t, "li-na", "今天天气怎么样")
	w.ask(t, "li-na", "你好")
	ctx := context.Background()
	from, to := clock.T.Add(-time.Hour), clock.T.Add(time.Hour)
	t.Run("OK", func(t *testing.T) {
		st, err := w.s.Stats(ctx, as(t, w.cases, "supervisor"), from, to)
		if err != nil {
			t.Fatal(err)
		}
		if st.Questions != 3 || st.Answered != 2 || st.HandedOff != 1 || st.ResolutionRate < 0.66 || st.ResolutionRate > 0.67 {
			t.Errorf("stats %+v, want 3 questions, 2 answered, 1 handed off", st)
		}
	})
	t.Run("ErrApplicant", func(t *testing.T) {
		_, err := w.s.Stats(ctx, as(t, w.cases, "li-na"), from, to)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrEmptyPeriod", func(t *testing.T) {
		_, err := w.s.Stats(ctx, as(t, w.cases, "supervisor"), to, from)
		wantCode(t, err, haoban.EINVALID)
	})
}
