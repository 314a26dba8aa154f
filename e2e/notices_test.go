package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"haoban"
	"haoban/outbox"
	"haoban/outbox/outboxtest"
)

// TestApplicantToldOfEachFact: an open-restaurant case with a supplement
// request, an extension and a refusal of one item tells its applicant
// exactly the facts the law and the issue list, each once, in the inbox
// and in the outbox for e-mail and SMS; the legal ones are audited; the
// dispatcher delivers every one to the SMTP server and the SMS stub, keyed.
func TestApplicantToldOfEachFact(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	for ch, addr := range map[haoban.NoticeChannel]string{haoban.ChannelEmail: "li.na@example.cn", haoban.ChannelSMS: "13800138000"} {
		if err := s.store.SetContact(ctx, "li-na", ch, addr, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	applicant, samr, fire := s.login("li-na"), s.login("reviewer-samr"), s.login("reviewer-fire")
	id := s.must(201, s.call("POST", "/api/v1/cases", applicant,
		map[string]any{"bundle": "open-restaurant", "form": readForm(t, "../testdata/open-restaurant.json")}, "Idempotency-Key", "told-1")).body["id"].(string)
	s.waitCase(samr, id, "business licence opens", func(c map[string]any) bool { return taskStatus(c, "business-licence") == "open" })
	s.approve(samr, id, "business-licence")
	s.waitCase(samr, id, "the rest open", func(c map[string]any) bool { return taskStatus(c, "fire-check") == "open" })

	path := "/api/v1/tasks/" + taskID(id, "fire-check")
	s.must(200, s.call("POST", path+"/claim", fire, nil))
	ask := map[string]any{"decision": "supplement", "comment": "请补正", "missing": []map[string]string{
		{"kind": "field", "key": "venue.exits", "reason": "安全出口数量与平面图不符"}}}
	s.must(200, s.call("POST", path+"/decision", fire, ask, "Idempotency-Key", "ask"))
	s.must(200, s.call("POST", "/api/v1/cases/"+id+"/supplement", applicant,
		map[string]any{"task_id": taskID(id, "fire-check"), "form": map[string]any{"venue.exits": 3}}, "Idempotency-Key", "answer"))
	s.must(200, s.call("POST", path+"/extend", s.login("supervisor"), map[string]any{"days": 5, "reason": "需现场复查消防设施"}))
	s.must(200, s.call("POST", path+"/decision", fire, map[string]string{"decision": "approve"}, "Idempotency-Key", "fire-ok"))
	greening := s.login("reviewer-greening")
	sign := "/api/v1/tasks/" + taskID(id, "signage")
	s.must(200, s.call("POST", sign+"/claim", greening, nil))
	s.must(200, s.call("POST", sign+"/decision", greening, map[string]string{"decision": "reject", "comment": "招牌超出建筑立面"},
		"Idempotency-Key", "sign-no"))
	s.approve(samr, id, "food-licence")
	s.approve(s.login("reviewer-water"), id, "drainage")
	s.waitCase(applicant, id, "completion and four licences", func(c map[string]any) bool {
		return c["status"] == "completed" && countEvents(c, "licence_issued") == 4
	})

	inbox, _, err := s.store.Notifications(ctx, "li-na", false, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	var refusal string
	for _, n := range inbox {
		kinds[n.Kind]++
		if n.Kind == "item_decided" && strings.Contains(n.Title, "不予许可") {
			refusal = n.Body
		}
	}
	want := map[string]int{"accepted": 1, "supplement_requested": 1, "period_extended": 1, "item_decided": 5,
		"licence_issued": 4, "case_completed": 1}
	if len(kinds) != len(want) {
		t.Errorf("the inbox holds %v, want %v", kinds, want)
	}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d notices of %s, want %d (inbox %v)", kinds[k], k, n, kinds)
		}
	}
	for _, says := range []string{"招牌超出建筑立面", "第三十八条", "60 日内", "行政复议", "6 个月内", "行政诉讼", "绿化和市容管理局"} {
		if !strings.Contains(refusal, says) {
			t.Errorf("the refusal does not say %q:\n%s", says, refusal)
		}
	}
	rows, err := s.store.CaseNotices(ctx, id)
	if err != nil || len(rows) != 2*len(inbox) {
		t.Fatalf("%d outbox rows for %d notices (%v), want one per notice and channel", len(rows), len(inbox), err)
	}
	var audited int
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE action = 'legal_notice' AND case_id = $1`, id).Scan(&audited); err != nil || audited != len(inbox)-1 {
		t.Errorf("%d legal notices audited (%v), want every one but the completion: %d", audited, err, len(inbox)-1)
	}
	deliverAll(t, s, rows)
}

// deliverAll runs the dispatcher a day later (past any quiet hours) to a
// local SMTP server and an SMS stub: each receives each of its notices
// once, under its key.
func deliverAll(t *testing.T, s *system, rows []haoban.OutboxNotice) {
	smtp := outboxtest.StartSMTP(t, outboxtest.SMTPOptions{})
	var mu sync.Mutex
	var texts []string
	smsKeys := map[string]int{}
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Key, To, Text string }
		_ = json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		smsKeys[m.Key]++
		texts = append(texts, m.Text)
		mu.Unlock()
		_, _ = io.WriteString(w, `{"message_id":"stub-`+m.Key+`"}`)
	}))
	t.Cleanup(stub.Close)
	clock := &stepClock{t: s.clock.Now().Add(24 * time.Hour)}
	email, err := outbox.NewEmail(outbox.EmailConfig{Addr: smtp.Addr, From: "好办 <notice@haoban.example>", TLS: "none"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	sms, err := outbox.NewSMS(outbox.SMSConfig{URL: stub.URL, Secret: strings.Repeat("s", 32), Timeout: 5 * time.Second}, clock)
	if err != nil {
		t.Fatal(err)
	}
	d := &outbox.Dispatcher{Store: s.store, Channels: []outbox.Channel{email, sms}, Time: clock,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	drain(t, context.Background(), d)
	ids := map[string]int{}
	var dec mime.WordDecoder
	var subjects []string
	for _, m := range smtp.Messages() {
		ids[strings.Trim(m.MessageID, "<>")]++
		subject, _ := dec.DecodeHeader(m.Header.Get("Subject"))
		subjects = append(subjects, subject)
	}
	for _, r := range rows {
		got := smsKeys[r.Key]
		if r.Channel == haoban.ChannelEmail {
			got = ids[outbox.MessageID(r.Key)]
		}
		if got != 1 {
			t.Errorf("%s by %s received %d times, want once", r.Subject, r.Channel, got)
		}
		if r.Channel == haoban.ChannelEmail && !slices.Contains(subjects, r.Subject) {
			t.Errorf("no e-mail with the subject %q among %v", r.Subject, subjects)
		}
	}
	if len(ids) != len(rows)/2 || len(smsKeys) != len(rows)/2 {
		t.Errorf("the SMTP server took %d notices and the SMS stub %d, want %d each", len(ids), len(smsKeys), len(rows)/2)
	}
}
