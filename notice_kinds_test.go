package haoban_test

import (
	"slices"
	"testing"

	"haoban"
)

func TestLegalKindsAreLockedInTheApp(t *testing.T) {
	legal := []haoban.NoticeKind{haoban.KindAccepted, haoban.KindNotAccepted, haoban.KindSupplementRequested,
		haoban.KindItemDecided, haoban.KindLicenceIssued, haoban.KindPeriodExtended, haoban.KindClockSuspended}
	for _, k := range append(slices.Clone(haoban.ApplicantKinds), haoban.StaffKinds...) {
		if k.Name() == "" {
			t.Errorf("%s has no name", k)
		}
		want := slices.Contains(legal, k)
		if k.Legal() != want || k.Locked(haoban.ChannelInApp) != want {
			t.Errorf("%s: legal %v, locked in the app %v, want %v", k, k.Legal(), k.Locked(haoban.ChannelInApp), want)
		}
		if k.Locked(haoban.ChannelEmail) || k.Locked(haoban.ChannelSMS) {
			t.Errorf("%s: an external channel is locked on its own", k)
		}
	}
	if haoban.NoticeKind("reminder:50%").Name() != "办理提醒" || haoban.NoticeKindOf("reminder:50%") != haoban.KindReminder {
		t.Error("a reminder's stored kind is not read as a reminder")
	}
	var p haoban.NoticePrefs
	p.Set(haoban.KindItemDecided, haoban.ChannelInApp, false)
	if !p.Enabled(haoban.KindItemDecided, haoban.ChannelInApp) || len(p.Off) != 0 {
		t.Errorf("a legal notice was switched off in the app: %+v", p.Off)
	}
}

func TestNoticePrefsValidate(t *testing.T) {
	off := func(k haoban.NoticeKind, chans ...haoban.NoticeChannel) haoban.NoticePrefs {
		return haoban.NoticePrefs{Off: map[haoban.NoticeKind][]haoban.NoticeChannel{k: chans}}
	}
	for _, c := range []struct {
		name string
		p    haoban.NoticePrefs
		code string
	}{
		{"defaults", haoban.DefaultNoticePrefs(), ""},
		{"a plain kind off everywhere", off(haoban.KindWithdrawn, haoban.ChannelInApp, haoban.ChannelEmail, haoban.ChannelSMS), ""},
		{"a legal kind off by SMS", off(haoban.KindItemDecided, haoban.ChannelSMS), ""},
		{"a legal kind off in the app", off(haoban.KindItemDecided, haoban.ChannelInApp), haoban.EUNPROCESSABLE},
		{"a legal kind off on both external channels", off(haoban.KindPeriodExtended, haoban.ChannelEmail, haoban.ChannelSMS), haoban.EUNPROCESSABLE},
		{"an unknown kind", off("lottery", haoban.ChannelSMS), haoban.EINVALID},
		{"a reminder's stored kind", off("reminder:50%", haoban.ChannelSMS), haoban.EINVALID},
		{"an unknown channel", off(haoban.KindWithdrawn, "fax"), haoban.EINVALID},
	} {
		if got := haoban.ErrorCode(c.p.Validate()); got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
}

func TestExternalChannels(t *testing.T) {
	both := map[haoban.NoticeChannel]string{haoban.ChannelEmail: "li.na@example.cn", haoban.ChannelSMS: "13800138000"}
	smsOnly := map[haoban.NoticeChannel]string{haoban.ChannelSMS: "13800138000"}
	var p haoban.NoticePrefs
	p.Set(haoban.KindWithdrawn, haoban.ChannelSMS, false)
	p.Set(haoban.KindItemDecided, haoban.ChannelSMS, false)
	for _, c := range []struct {
		name     string
		kind     haoban.NoticeKind
		contacts map[haoban.NoticeChannel]string
		want     []haoban.NoticeChannel
	}{
		{"both kept on", haoban.KindAccepted, both, []haoban.NoticeChannel{haoban.ChannelEmail, haoban.ChannelSMS}},
		{"SMS off", haoban.KindWithdrawn, both, []haoban.NoticeChannel{haoban.ChannelEmail}},
		{"SMS off, no e-mail address", haoban.KindWithdrawn, smsOnly, nil},
		// A legal notice reaches at least one external channel it can.
		{"legal, SMS off, no e-mail address", haoban.KindItemDecided, smsOnly, []haoban.NoticeChannel{haoban.ChannelSMS}},
		{"no address", haoban.KindItemDecided, nil, nil},
	} {
		if got := p.External(c.kind, c.contacts); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNewTaskIsInTheAppOnlyByDefault(t *testing.T) {
	p := haoban.DefaultNoticePrefs()
	if !p.Enabled(haoban.KindNewTask, haoban.ChannelInApp) || p.Enabled(haoban.KindNewTask, haoban.ChannelEmail) ||
		p.Enabled(haoban.KindNewTask, haoban.ChannelSMS) || !p.Enabled(haoban.KindMention, haoban.ChannelEmail) {
		t.Fatal("a new task goes beyond the app, or a mention does not, before the person chooses")
	}
	both := map[haoban.NoticeChannel]string{haoban.ChannelEmail: "a@example.cn", haoban.ChannelSMS: "13800138000"}
	if got := p.External(haoban.KindNewTask, both); len(got) != 0 {
		t.Fatalf("a new task goes to %v by default", got)
	}
	p.Set(haoban.KindNewTask, haoban.ChannelEmail, true)
	p.Set(haoban.KindNewTask, haoban.ChannelSMS, false)
	if got := p.External(haoban.KindNewTask, both); !slices.Equal(got, []haoban.NoticeChannel{haoban.ChannelEmail}) ||
		len(p.Off) != 0 || p.Validate() != nil {
		t.Fatalf("switched on by e-mail: %v, prefs %+v", got, p)
	}
	p.Set(haoban.KindNewTask, haoban.ChannelEmail, false)
	if p.Enabled(haoban.KindNewTask, haoban.ChannelEmail) || len(p.On) != 0 || len(p.Off) != 0 {
		t.Fatalf("switched off again: %+v", p)
	}
	if bad := (haoban.NoticePrefs{On: map[haoban.NoticeKind][]haoban.NoticeChannel{"lottery": {haoban.ChannelSMS}}}); bad.Validate() == nil {
		t.Fatal("an unknown kind switched on was accepted")
	}
}
