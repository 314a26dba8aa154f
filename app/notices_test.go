package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

func TestDeadLetters(t *testing.T) {
	ctx := context.Background()
	n, o := notices(t)
	dead := clock.T.Add(-time.Hour)
	for i := int64(1); i <= 3; i++ {
		o.rows = append(o.rows, haoban.OutboxNotice{ID: i, UserID: "li-na", Kind: "supplement_requested", Channel: haoban.ChannelSMS,
			Address: "13800138000", Status: haoban.OutboxDead, LastError: "短信服务商拒收：号码不存在", DeadAt: &dead})
	}
	o.rows = append(o.rows, haoban.OutboxNotice{ID: 4, UserID: "li-na", Kind: "accepted", Channel: haoban.ChannelEmail, Status: haoban.OutboxSent})
	admin := as(t, o.store, "admin")

	t.Run("PagedWithNames", func(t *testing.T) {
		first, err := n.DeadLetters(ctx, admin, app.DeadLetterQuery{Limit: 2})
		if err != nil || first.Total != 3 || len(first.Notices) != 2 || first.NextCursor == "" {
			t.Fatalf("first page %+v, %v", first, err)
		}
		v := first.Notices[0]
		if v.ID != 3 || !strings.HasPrefix(v.Person, "李娜") || v.KindName != "补正通知" || v.ChannelName != "短信" ||
			v.Reason != "短信服务商拒收：号码不存在" || v.Address != "138****8000" {
			t.Fatalf("a dead letter reads %+v", v)
		}
		rest, err := n.DeadLetters(ctx, admin, app.DeadLetterQuery{Limit: 2, Cursor: first.NextCursor})
		if err != nil || len(rest.Notices) != 1 || rest.Notices[0].ID != 1 || rest.NextCursor != "" {
			t.Fatalf("second page %+v, %v", rest, err)
		}
	})
	t.Run("ResendAuditedOnce", func(t *testing.T) {
		r, err := n.Resend(ctx, admin, 2)
		if err != nil || r.Status != haoban.OutboxQueued {
			t.Fatalf("resend: %+v, %v", r, err)
		}
		if last := o.audits[len(o.audits)-1]; last.Actor != "admin" || last.Action != "notice.resend" || !last.At.Equal(clock.T.UTC()) {
			t.Fatalf("audit %+v", last)
		}
		if _, err := n.Resend(ctx, admin, 2); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("re-sending a queued notice: %v, want ECONFLICT", err)
		}
		if _, err := n.Resend(ctx, admin, 4); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("re-sending a sent notice: %v, want ECONFLICT", err)
		}
		if _, err := n.Resend(ctx, admin, 99); haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Fatalf("unknown notice: %v, want ENOTFOUND", err)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, who := range []string{"reviewer-samr", "supervisor", "li-na"} {
			if _, err := n.DeadLetters(ctx, as(t, o.store, who), app.DeadLetterQuery{}); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Errorf("%s lists dead letters: %v, want EFORBIDDEN", who, err)
			}
			if _, err := n.Resend(ctx, as(t, o.store, who), 1); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
				t.Errorf("%s re-sends: %v, want EFORBIDDEN", who, err)
			}
		}
		if o.rows[0].Status != haoban.OutboxDead {
			t.Fatal("a refused re-send changed the row")
		}
	})
}

func TestCaseNotices(t *testing.T) {
	ctx := context.Background()
	n, o := notices(t)
	c := o.restaurantCase("c-1")
	sent, delivered := clock.T.Add(-2*time.Hour), clock.T.Add(-time.Hour)
	o.rows = []haoban.OutboxNotice{
		{ID: 1, CaseID: c.ID, UserID: "li-na", Kind: "accepted", Channel: haoban.ChannelEmail, Address: "li.na@example.cn",
			Legal: true, Status: haoban.OutboxDelivered, SentAt: &sent, DeliveredAt: &delivered},
		{ID: 2, CaseID: c.ID, UserID: "reviewer-samr", Kind: "reminder:50%", Channel: haoban.ChannelSMS, Status: haoban.OutboxSent},
		{ID: 3, CaseID: c.ID, UserID: "li-na", Kind: "supplement_requested", Channel: haoban.ChannelSMS, Status: haoban.OutboxDead,
			LastError: "号码停机"},
	}
	for _, who := range []string{"li-na", "reviewer-samr", "supervisor", "admin"} {
		list, err := n.CaseNotices(ctx, as(t, o.store, who), c.ID)
		if err != nil || len(list) != 2 || list[0].ID != 1 || list[1].ID != 3 {
			t.Fatalf("%s reads %+v, %v: want the applicant's two notices", who, list, err)
		}
		if v := list[0]; v.KindName != "受理通知" || v.ChannelName != "电子邮件" || v.StatusName != "已送达" ||
			v.DeliveredAt == nil || v.Address != "li***@example.cn" {
			t.Fatalf("a delivered notice reads %+v", v)
		}
		if v := list[1]; v.StatusName != "发送失败" || v.Reason != "号码停机" {
			t.Fatalf("a failed notice reads %+v", v)
		}
	}
	// The applicant's in-app notices of the case join the record, in time
	// order, with when they were read; a reviewer's or another case's do not.
	read := clock.T.Add(-30 * time.Minute)
	o.notes = []haoban.Notification{
		{ID: 7, UserID: "li-na", Kind: "accepted", Title: "「开餐馆」申请已受理", CaseID: c.ID, CreatedAt: clock.T.Add(-3 * time.Hour), ReadAt: &read},
		{ID: 8, UserID: "li-na", Kind: "case_completed", Title: "已办结", CaseID: c.ID, CreatedAt: clock.T},
		{ID: 9, UserID: "reviewer-samr", Kind: "new_task", Title: "新任务", CaseID: c.ID, CreatedAt: clock.T},
		{ID: 10, UserID: "li-na", Kind: "accepted", Title: "另一件", CaseID: "c-2", CreatedAt: clock.T},
	}
	list, err := n.CaseNotices(ctx, as(t, o.store, "reviewer-samr"), c.ID)
	if err != nil || len(list) != 4 || list[2].ID != 7 || list[3].ID != 8 {
		t.Fatalf("with the in-app notices: %+v, %v", list, err)
	}
	if v := list[2]; v.ChannelName != "站内信" || v.StatusName != "已读" || v.ReadAt == nil || !v.ReadAt.Equal(read) ||
		v.KindName != "受理通知" || !v.Legal || v.Person == "" {
		t.Fatalf("a read in-app notice reads %+v", v)
	}
	if v := list[3]; v.StatusName != "未读" || v.ReadAt != nil {
		t.Fatalf("an unread in-app notice reads %+v", v)
	}
	for _, who := range []string{"zhang-wei", "reviewer-health"} {
		if _, err := n.CaseNotices(ctx, as(t, o.store, who), c.ID); haoban.ErrorCode(err) != haoban.ENOTFOUND {
			t.Errorf("%s reads another's case notices: %v, want ENOTFOUND", who, err)
		}
	}
}

func TestContacts(t *testing.T) {
	ctx := context.Background()
	n, o := notices(t)
	li := as(t, o.store, "li-na")
	got, err := n.SetContacts(ctx, li, app.Contacts{Email: " li.na@example.cn ", Phone: "138-0013-8000"})
	if err != nil || got.Email != "li.na@example.cn" || got.Phone != "13800138000" {
		t.Fatalf("saved %+v, %v", got, err)
	}
	if last := o.audits[len(o.audits)-1]; last.Action != "notice.contacts" || strings.Contains(last.After, "13800138000") {
		t.Fatalf("audit %+v: want the change, the number masked", last)
	}
	audits := len(o.audits)
	_, err = n.SetContacts(ctx, li, app.Contacts{Email: "li.na@", Phone: "12345"})
	details := haoban.ErrorDetails(err)
	if haoban.ErrorCode(err) != haoban.EINVALID || len(details) != 2 || details[0].Field != "body.email" || details[1].Field != "body.phone" ||
		!strings.Contains(details[0].Message, "电子邮箱格式不正确") {
		t.Fatalf("bad addresses: %v %+v", err, details)
	}
	if kept, _ := n.Contacts(ctx, li); kept.Email != "li.na@example.cn" || kept.Phone != "13800138000" || len(o.audits) != audits {
		t.Fatalf("a refused save changed %+v (audits %d → %d)", kept, audits, len(o.audits))
	}
	if _, err := n.SetContacts(ctx, li, app.Contacts{Email: "li.na@example.cn", Phone: "13800138000"}); err != nil || len(o.audits) != audits {
		t.Fatalf("saving the same again: %v, audits %d → %d", err, audits, len(o.audits))
	}
	if got, err := n.SetContacts(ctx, li, app.Contacts{Email: "li.na@example.cn"}); err != nil || got.Phone != "" || o.contacts["li-na"][haoban.ChannelSMS] != "" {
		t.Fatalf("removing the phone: %+v, %v", got, err)
	}
}

func TestPreferences(t *testing.T) {
	ctx := context.Background()
	n, o := notices(t)
	li, reviewer := as(t, o.store, "li-na"), as(t, o.store, "reviewer-samr")
	p, err := n.Preferences(ctx, li)
	if err != nil || len(p.Kinds) != len(haoban.ApplicantKinds) {
		t.Fatalf("li-na's preferences %+v, %v", p, err)
	}
	if k := p.Kinds[0]; k.KindName != "受理通知" || !k.Legal || !k.Channels[0].Locked || !k.Channels[0].On || k.Channels[1].Locked {
		t.Fatalf("a legal kind reads %+v", k)
	}
	if staff, err := n.Preferences(ctx, reviewer); err != nil || len(staff.Kinds) != len(haoban.StaffKinds) || staff.Kinds[0].Legal {
		t.Fatalf("a reviewer's kinds %+v, %v", staff.Kinds, err)
	}

	// The form: SMS off for the completed case; in-app (locked) left unticked
	// for the acceptance stays on.
	var on []string
	for _, k := range p.Kinds {
		for _, ch := range k.Channels {
			if (k.Kind == haoban.KindCaseCompleted && ch.Channel == haoban.ChannelSMS) || (k.Kind == haoban.KindAccepted && ch.Channel == haoban.ChannelInApp) {
				continue
			}
			on = append(on, string(k.Kind)+":"+string(ch.Channel))
		}
	}
	saved, err := n.SetChoices(ctx, li, on)
	if err != nil || len(saved.Off[haoban.KindCaseCompleted]) != 1 || len(saved.Off[haoban.KindAccepted]) != 0 {
		t.Fatalf("saved %+v, %v", saved.Off, err)
	}
	if last := o.audits[len(o.audits)-1]; last.Actor != "li-na" {
		t.Fatalf("audit %+v", last)
	}

	// A legal kind with both external channels off is refused, named.
	var off haoban.NoticePrefs
	off.Set(haoban.KindSupplementRequested, haoban.ChannelEmail, false)
	off.Set(haoban.KindSupplementRequested, haoban.ChannelSMS, false)
	_, err = n.SetPreferences(ctx, li, off)
	if haoban.ErrorCode(err) != haoban.EUNPROCESSABLE || haoban.ErrorField(err) != "body.off.supplement_requested" {
		t.Fatalf("legal kind switched off everywhere: %v", err)
	}
	bad := haoban.NoticePrefs{Off: map[haoban.NoticeKind][]haoban.NoticeChannel{haoban.KindAccepted: {haoban.ChannelInApp}}}
	if _, err := n.SetPreferences(ctx, li, bad); haoban.ErrorCode(err) != haoban.EUNPROCESSABLE {
		t.Fatalf("locked in-app switched off: %v", err)
	}
	if kept, _ := n.Preferences(ctx, li); len(kept.Off[haoban.KindSupplementRequested]) != 0 {
		t.Fatalf("a refused change was saved: %+v", kept.Off)
	}
}
