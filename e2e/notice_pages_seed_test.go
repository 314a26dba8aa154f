package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"haoban"
)

// longAgo is when the tests' own outbox rows are due: before anything the
// system queues, so that claiming them claims only them.
var longAgo = time.Date(2020, 1, 6, 9, 0, 0, 0, haoban.Beijing)

// seedNotices puts notices in the outbox through the store and records
// each as the dispatcher would: "sent", "delivered" (sent, then the SMS
// provider's receipt) or "dead" with the provider's reason. It returns the
// rows' IDs in order.
func (s *system) seedNotices(t *testing.T, fates []string, rows ...haoban.OutboxNotice) []int64 {
	t.Helper()
	ctx := context.Background()
	for i := range rows {
		rows[i].Key = haoban.NoticeKey(rows[i].CaseID, fmt.Sprintf("seed-%d-%d", time.Now().UnixNano(), i), rows[i].UserID)
		rows[i].Subject, rows[i].Body = "通知："+rows[i].Kind, "正文"
	}
	if n, err := s.store.EnqueueNotices(ctx, rows, longAgo); err != nil || n != len(rows) {
		t.Fatalf("queued %d of %d: %v", n, len(rows), err)
	}
	claimed, err := s.store.ClaimNotices(ctx, []haoban.NoticeChannel{haoban.ChannelEmail, haoban.ChannelSMS}, longAgo, longAgo.Add(time.Minute), len(rows))
	if err != nil || len(claimed) != len(rows) {
		t.Fatalf("claimed %d of %d: %v", len(claimed), len(rows), err)
	}
	byKey := map[string]haoban.OutboxNotice{}
	for _, n := range claimed {
		byKey[n.Key] = n
	}
	ids := make([]int64, len(rows))
	var outs []haoban.OutboxOutcome
	for i, r := range rows {
		n, ok := byKey[r.Key]
		if !ok {
			t.Fatalf("claimed another row than the seeded ones: %+v", claimed)
		}
		ids[i] = n.ID
		o := haoban.OutboxOutcome{ID: n.ID, Claim: n.Claim, Status: haoban.OutboxSent, ProviderID: fmt.Sprintf("p-%d", n.ID), At: longAgo.Add(time.Minute)}
		if fates[i] == "dead" {
			o.Status, o.ProviderID, o.Error = haoban.OutboxDead, "", "400 短信服务商拒收：号码不存在"
		}
		outs = append(outs, o)
	}
	if err := s.store.RecordOutcomes(ctx, outs); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if fates[i] != "delivered" {
			continue
		}
		rc := haoban.DeliveryReceipt{ProviderID: fmt.Sprintf("p-%d", ids[i]), Key: r.Key, Status: haoban.ReceiptDelivered,
			Nonce: fmt.Sprintf("n-%d", ids[i]), At: longAgo.Add(2 * time.Minute)}
		if err := s.store.RecordReceipt(ctx, rc, longAgo, longAgo.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// between is the part of a page from start to the first end after it.
func between(t *testing.T, page, start, end string) string {
	t.Helper()
	i := strings.Index(page, start)
	if i < 0 {
		t.Fatalf("no %s in the page: %.2000s", start, page)
	}
	j := strings.Index(page[i:], end)
	if j < 0 {
		t.Fatalf("no %s after %s", end, start)
	}
	return page[i : i+j]
}

// seedWalkNotices gives the page walk a delivery record on a case of
// li-na's and dead letters to list.
func (s *system) seedWalkNotices(t *testing.T, caseID string) {
	t.Helper()
	s.seedNotices(t, []string{"delivered", "sent", "dead", "dead"},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, CaseID: caseID, UserID: "li-na", Address: "13800138000", Kind: string(haoban.KindLicenceIssued), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelEmail, CaseID: caseID, UserID: "li-na", Address: "li.na@example.cn", Kind: string(haoban.KindCaseCompleted)},
		haoban.OutboxNotice{Channel: haoban.ChannelSMS, CaseID: caseID, UserID: "li-na", Address: "13800138000", Kind: string(haoban.KindItemDecided), Legal: true},
		haoban.OutboxNotice{Channel: haoban.ChannelEmail, UserID: "reviewer-samr", Address: "samr.reviewer.with.a.very.long.address@market-regulation.example.cn", Kind: "expired"})
}
