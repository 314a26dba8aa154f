package haoban

import (
	"slices"
	"strings"
)

// NoticeKind is what a notice tells a person. It is stored as the kind of
// in-app notifications and outbox rows; reminders carry their point after
// a colon ("reminder:50%"), which NoticeKindOf strips.
type NoticeKind string

// The kinds told to applicants about their case.
const (
	KindAccepted            NoticeKind = "accepted"
	KindNotAccepted         NoticeKind = "not_accepted"
	KindSupplementRequested NoticeKind = "supplement_requested"
	KindItemDecided         NoticeKind = "item_decided"
	KindLicenceIssued       NoticeKind = "licence_issued"
	KindCaseCompleted       NoticeKind = "case_completed"
	KindPeriodExtended      NoticeKind = "period_extended"
	KindClockSuspended      NoticeKind = "clock_suspended"
	KindWithdrawn           NoticeKind = "withdrawn"
)

// The kinds told to staff, as their notifications are stored today: a
// deadline reminder to the reviewers, the escalation of an expired task to
// the supervisors (deadline.AlarmExpired) and a supervisor's urging (催办).
const (
	KindReminder   NoticeKind = "reminder"
	KindEscalation NoticeKind = "expired"
	KindUrge       NoticeKind = "remind"
	// A task opened in a reviewer's department, and a colleague's internal
	// comment that names a person (@显示名 or @user-id).
	KindNewTask NoticeKind = "new_task"
	KindMention NoticeKind = "mention"
)

// ChannelInApp is the in-app inbox. It is a channel of preferences only:
// outbox rows are for the external channels.
const ChannelInApp NoticeChannel = "in_app"

// NoticeChannels are the channels a person chooses between, in the order
// the settings page shows them.
var NoticeChannels = []NoticeChannel{ChannelInApp, ChannelEmail, ChannelSMS}

// ApplicantKinds and StaffKinds are the kinds each kind of person can
// receive, in the order the settings page shows them.
var (
	ApplicantKinds = []NoticeKind{KindAccepted, KindNotAccepted, KindSupplementRequested, KindItemDecided,
		KindLicenceIssued, KindCaseCompleted, KindPeriodExtended, KindClockSuspended, KindWithdrawn,
		KindBenefitMatched, KindBenefitApproved, KindBenefitPaid, KindBenefitStopped}
	StaffKinds = []NoticeKind{KindReminder, KindEscalation, KindUrge, KindNewTask, KindMention}
)

var noticeKindNames = map[NoticeKind]string{
	KindAccepted: "受理通知", KindNotAccepted: "不予受理决定", KindSupplementRequested: "补正通知",
	KindItemDecided: "审批决定", KindLicenceIssued: "证照签发", KindCaseCompleted: "办结通知",
	KindPeriodExtended: "审查期限延长", KindClockSuspended: "审查期限中止", KindWithdrawn: "撤回确认",
	KindReminder: "办理提醒", KindEscalation: "超期督办", KindUrge: "催办", KindNewTask: "新任务", KindMention: "评论提及",
	KindBenefitMatched: "政策待享", KindBenefitApproved: "给付决定", KindBenefitPaid: "资金到账", KindBenefitStopped: "待享变化",
}

// DefaultOn says whether a kind is on for a channel before the person
// chooses. Every task opened tells each reviewer of its department, so a
// new task is told in the app only unless they switch an external channel on.
func (k NoticeKind) DefaultOn(ch NoticeChannel) bool {
	return NoticeKindOf(string(k)) != KindNewTask || ch == ChannelInApp
}

// NoticeKindOf is the kind of a stored notification kind.
func NoticeKindOf(stored string) NoticeKind {
	k, _, _ := strings.Cut(stored, ":")
	return NoticeKind(k)
}

// Name is the kind in words; "" for a kind that has none.
func (k NoticeKind) Name() string { return noticeKindNames[NoticeKindOf(string(k))] }

// Legal says whether the law expects the notice to be served on the
// applicant (送达) in writing, so that it must reach them and is audited.
// 行政许可法:
//   - accepted, not accepted: 第三十二条 第二款, a written, dated
//     acknowledgement of acceptance or of 不予受理;
//   - supplement requested: 第三十二条 第一款（四）, everything to be
//     supplied told at once (一次告知);
//   - item decided: 第三十八条, a written decision, and a refusal with its
//     reasons and the right to 行政复议 or 行政诉讼;
//   - licence issued: 第四十四条, the licence served within ten days;
//   - period extended: 第四十二条, the extension and its reason;
//   - clock suspended: 第四十五条, the time not counted told in writing.
//
// The case completed (its decisions were served one by one), a withdrawal
// confirmed (the applicant's own act) and the staff's notices are not.
func (k NoticeKind) Legal() bool {
	switch NoticeKindOf(string(k)) {
	case KindAccepted, KindNotAccepted, KindSupplementRequested, KindItemDecided,
		KindLicenceIssued, KindPeriodExtended, KindClockSuspended:
		return true
	}
	return false
}

// Locked says whether a person may not switch the kind off on the
// channel: a legal notice always reaches the in-app inbox. Its external
// channels are the person's to choose, as long as one stays on (Validate).
func (k NoticeKind) Locked(ch NoticeChannel) bool { return k.Legal() && ch == ChannelInApp }

// NoticePrefs is a person's choice of channels per kind: those switched
// off, and those off by default switched on. A kind or channel not set
// takes its default (NoticeKind.DefaultOn).
type NoticePrefs struct {
	Off map[NoticeKind][]NoticeChannel `json:"off"`
	On  map[NoticeKind][]NoticeChannel `json:"on,omitempty"`
}

// DefaultNoticePrefs is what a person gets before choosing: every kind on
// every channel, but a new task in the app only.
func DefaultNoticePrefs() NoticePrefs { return NoticePrefs{Off: map[NoticeKind][]NoticeChannel{}} }

// Locked says whether the kind is always on for the channel.
func (p NoticePrefs) Locked(k NoticeKind, ch NoticeChannel) bool { return k.Locked(ch) }

// Enabled says whether the person wants the kind on the channel.
func (p NoticePrefs) Enabled(k NoticeKind, ch NoticeChannel) bool {
	k = NoticeKindOf(string(k))
	if k.Locked(ch) {
		return true
	}
	if slices.Contains(p.Off[k], ch) {
		return false
	}
	return k.DefaultOn(ch) || slices.Contains(p.On[k], ch)
}

// Set switches the kind on or off for the channel; a locked one stays on.
// Only a choice away from the default is kept.
func (p *NoticePrefs) Set(k NoticeKind, ch NoticeChannel, on bool) {
	if p.Off == nil {
		p.Off = map[NoticeKind][]NoticeChannel{}
	}
	if p.On == nil {
		p.On = map[NoticeKind][]NoticeChannel{}
	}
	setChannel(p.Off, k, ch, !on && !k.Locked(ch) && k.DefaultOn(ch))
	setChannel(p.On, k, ch, on && !k.DefaultOn(ch))
}

// setChannel adds the channel to the kind's list, or takes it out.
func setChannel(m map[NoticeKind][]NoticeChannel, k NoticeKind, ch NoticeChannel, in bool) {
	var out []NoticeChannel
	for _, c := range m[k] {
		if c != ch {
			out = append(out, c)
		}
	}
	if in {
		out = append(out, ch)
	}
	if len(out) == 0 {
		delete(m, k)
		return
	}
	m[k] = out
}

// Validate refuses an unknown kind or channel, a locked channel switched
// off, and a legal kind with every external channel off.
func (p NoticePrefs) Validate() error {
	for k, chans := range p.On {
		if k.Name() == "" || NoticeKindOf(string(k)) != k {
			return FieldErrorf(EINVALID, "kind", "没有这种通知")
		}
		for _, ch := range chans {
			if ch != ChannelInApp && ch != ChannelEmail && ch != ChannelSMS {
				return FieldErrorf(EINVALID, "channel", "没有这种通知渠道")
			}
		}
	}
	for k, chans := range p.Off {
		if k.Name() == "" || NoticeKindOf(string(k)) != k {
			return FieldErrorf(EINVALID, "kind", "没有这种通知")
		}
		for _, ch := range chans {
			switch {
			case ch != ChannelInApp && ch != ChannelEmail && ch != ChannelSMS:
				return FieldErrorf(EINVALID, "channel", "没有这种通知渠道")
			case k.Locked(ch):
				return FieldErrorf(EUNPROCESSABLE, string(k), "%s是依法送达的通知，站内信不能关闭", k.Name())
			}
		}
		if k.Legal() && !p.Enabled(k, ChannelEmail) && !p.Enabled(k, ChannelSMS) {
			return FieldErrorf(EUNPROCESSABLE, string(k), "%s是依法送达的通知，电子邮件和短信至少保留一种", k.Name())
		}
	}
	return nil
}

// External are the external channels a notice of the kind goes to, of
// those the person has an address for: the ones they keep on, and for a
// legal notice at least one (e-mail first) whatever they chose.
func (p NoticePrefs) External(k NoticeKind, contacts map[NoticeChannel]string) []NoticeChannel {
	var out []NoticeChannel
	for _, ch := range []NoticeChannel{ChannelEmail, ChannelSMS} {
		if contacts[ch] != "" && p.Enabled(k, ch) {
			out = append(out, ch)
		}
	}
	if len(out) == 0 && k.Legal() {
		for _, ch := range []NoticeChannel{ChannelEmail, ChannelSMS} {
			if contacts[ch] != "" {
				return []NoticeChannel{ch}
			}
		}
	}
	return out
}

// SupplementAnswerDays is the time, in working days, an applicant is asked
// to answer a supplement request in. The clock stops meanwhile, so the
// date is a request to the applicant, not a limit the workflow enforces.
const SupplementAnswerDays = 20
