package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

var opened = time.Date(2026, 3, 5, 10, 0, 0, 0, haoban.Beijing)

// taskOpened opens the case's business licence task in the market
// regulator's pool, or, instant, approves it at once (秒批).
func taskOpened(instant bool) haoban.Projection {
	t := haoban.TaskRow{Version: 1, Task: haoban.Task{ID: haoban.TaskID(noticeCase, "business-licence"), Item: "business-licence",
		ItemName: "营业执照", Department: "samr", Status: haoban.TaskOpen, OpenedAt: &opened}}
	events := []haoban.NewEvent{{Key: "opened:business-licence", Type: haoban.EventTaskOpened, Actor: "system",
		Detail: map[string]any{"task": t.ID, "item": t.Item, "department": t.Department}}}
	if instant {
		t.Status = haoban.TaskApproved
		events = append(events, haoban.NewEvent{Key: "decided:business-licence", Type: haoban.EventTaskDecided, Actor: "system",
			Detail: map[string]any{"task": t.ID, "item": t.Item, "decision": "approve", "instant": true}})
	}
	return haoban.Projection{CaseID: noticeCase, At: opened, Tasks: []haoban.TaskRow{t}, Events: events}
}

func kindsOf(t *testing.T, s *postgres.Store, user string) []string {
	t.Helper()
	ns, _, err := s.Notifications(context.Background(), user, false, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

// A task opened tells each reviewer of its department once, in the app
// only unless they switched an external channel on.
func TestNewTaskTellsTheDepartmentsReviewers(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	if err := s.SetContact(ctx, "reviewer-samr", haoban.ChannelEmail, "samr@example.cn", outboxNow); err != nil {
		t.Fatal(err)
	}
	if err := s.SetContact(ctx, "reviewer-samr-2", haoban.ChannelEmail, "samr2@example.cn", outboxNow); err != nil {
		t.Fatal(err)
	}
	p := haoban.DefaultNoticePrefs()
	p.Set(haoban.KindNewTask, haoban.ChannelEmail, true)
	if err := s.SetNoticePreferences(ctx, "reviewer-samr-2", p, haoban.AuditEntry{At: outboxNow, Actor: "reviewer-samr-2"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := s.ApplyProjection(ctx, taskOpened(false)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"reviewer-samr", "reviewer-samr-2"} {
		ns, _, err := s.Notifications(ctx, id, false, 0, 10)
		if err != nil || len(ns) != 1 || ns[0].Kind != string(haoban.KindNewTask) || !strings.Contains(ns[0].Title, "营业执照") ||
			!strings.Contains(ns[0].Body, "市场监督管理局") || ns[0].TaskID != haoban.TaskID(noticeCase, "business-licence") {
			t.Fatalf("%s: %+v, %v", id, ns, err)
		}
	}
	if k := kindsOf(t, s, "reviewer-fire"); len(k) != 0 {
		t.Errorf("another department's reviewer was told: %v", k)
	}
	if n := count(t, s, `SELECT count(*) FROM outbox WHERE kind = 'new_task'`); n != 1 ||
		count(t, s, `SELECT count(*) FROM outbox WHERE kind = 'new_task' AND user_id = 'reviewer-samr-2' AND channel = 'email'`) != 1 {
		t.Errorf("%d new-task e-mails, want only the one switched on", n)
	}
}

func TestTaskApprovedAtOnceTellsNoReviewer(t *testing.T) {
	s := noticeStore(t)
	if err := s.ApplyProjection(context.Background(), taskOpened(true)); err != nil {
		t.Fatal(err)
	}
	if k := kindsOf(t, s, "reviewer-samr"); len(k) != 0 {
		t.Errorf("a task approved at once was announced: %v", k)
	}
}

// A comment tells the people it mentions, once per comment, with who
// wrote what.
func TestCommentTellsThoseItMentions(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	if err := s.ApplyProjection(ctx, taskOpened(false)); err != nil {
		t.Fatal(err)
	}
	c := haoban.Comment{TaskID: haoban.TaskID(noticeCase, "business-licence"), Author: "reviewer-samr", Body: "@王磊 请复核租赁合同",
		CreatedAt: outboxNow}
	meta := haoban.AuditEntry{At: outboxNow, Actor: "reviewer-samr", Role: "reviewer"}
	if _, err := s.AddComment(ctx, c, noticeCase, []string{"reviewer-samr-2"}, meta); err != nil {
		t.Fatal(err)
	}
	ns, _, err := s.Notifications(ctx, "reviewer-samr-2", false, 0, 10)
	if err != nil || len(ns) != 2 || ns[0].Kind != string(haoban.KindMention) {
		t.Fatalf("%+v, %v: want the mention above the new task", ns, err)
	}
	author, err := s.FindUser(ctx, "reviewer-samr")
	if err != nil {
		t.Fatal(err)
	}
	if n := ns[0]; !strings.HasPrefix(n.Title, author.Name) || !strings.Contains(n.Body, "请复核租赁合同") || !strings.Contains(n.Title, "营业执照") {
		t.Errorf("the mention reads:\n%s\n%s", n.Title, n.Body)
	}
	if k := kindsOf(t, s, "reviewer-samr"); len(k) != 1 {
		t.Errorf("the author was told of their own comment: %v", k)
	}
}

// The applicant's in-app notices of a case, with when they were read.
func TestCaseNotifications(t *testing.T) {
	s := noticeStore(t)
	ctx := context.Background()
	for _, p := range []haoban.Projection{taskOpened(false), supplementAsked()} {
		if err := s.ApplyProjection(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ns, err := s.CaseNotifications(ctx, noticeCase, "zhang-wei")
	if err != nil || len(ns) != 1 || ns[0].Kind != string(haoban.KindSupplementRequested) || ns[0].ReadAt != nil {
		t.Fatalf("%+v, %v", ns, err)
	}
	if err := s.MarkRead(ctx, "zhang-wei", ns[0].ID, outboxNow); err != nil {
		t.Fatal(err)
	}
	ns, err = s.CaseNotifications(ctx, noticeCase, "zhang-wei")
	if err != nil || len(ns) != 1 || ns[0].ReadAt == nil || !ns[0].ReadAt.Equal(outboxNow) {
		t.Fatalf("after reading: %+v, %v", ns, err)
	}
	if other, err := s.CaseNotifications(ctx, "00000000-0000-0000-0000-000000000000", "zhang-wei"); err != nil || len(other) != 0 {
		t.Fatalf("another case: %+v, %v", other, err)
	}
}
