package app

import (
	"context"
	"strings"

	"haoban"
)

// Preferences are a person's choice of channels per kind: as stored (Off)
// and as the settings page shows them, one row per kind they can receive.
type Preferences struct {
	Kinds []PrefRow                                    `json:"kinds"`
	Off   map[haoban.NoticeKind][]haoban.NoticeChannel `json:"off"`
	On    map[haoban.NoticeKind][]haoban.NoticeChannel `json:"on,omitempty"`
}

// PrefRow is one kind with its channels.
type PrefRow struct {
	Kind     haoban.NoticeKind `json:"kind"`
	KindName string            `json:"kind_name"`
	// Legal notices are served by law: the in-app one cannot be switched
	// off, and one external channel at least stays on.
	Legal    bool            `json:"legal"`
	Channels []ChannelChoice `json:"channels"`
}

// ChannelChoice is one channel of one kind: on or off, and whether the
// person may change it.
type ChannelChoice struct {
	Channel     haoban.NoticeChannel `json:"channel"`
	ChannelName string               `json:"channel_name"`
	On          bool                 `json:"on"`
	Locked      bool                 `json:"locked"`
}

// kindsFor are the kinds a person can receive: an applicant hears about
// their cases, staff about their tasks.
func kindsFor(u haoban.User) []haoban.NoticeKind {
	var out []haoban.NoticeKind
	if u.HasRole(haoban.RoleApplicant) {
		out = append(out, haoban.ApplicantKinds...)
	}
	if u.HasRole(haoban.RoleReviewer) || u.HasRole(haoban.RoleSupervisor) || u.HasRole(haoban.RoleAdmin) {
		out = append(out, haoban.StaffKinds...)
	}
	return out
}

func preferencesOf(u haoban.User, p haoban.NoticePrefs) Preferences {
	out := Preferences{Kinds: []PrefRow{}, Off: p.Off, On: p.On}
	if out.Off == nil {
		out.Off = map[haoban.NoticeKind][]haoban.NoticeChannel{}
	}
	for _, k := range kindsFor(u) {
		row := PrefRow{Kind: k, KindName: k.Name(), Legal: k.Legal()}
		for _, ch := range haoban.NoticeChannels {
			row.Channels = append(row.Channels, ChannelChoice{Channel: ch, ChannelName: ChannelName(ch),
				On: p.Enabled(k, ch), Locked: p.Locked(k, ch)})
		}
		out.Kinds = append(out.Kinds, row)
	}
	return out
}

// Preferences reads the person's own choices.
func (s *Notices) Preferences(ctx context.Context, r Request) (Preferences, error) {
	if err := s.maySet(r); err != nil {
		return Preferences{}, err
	}
	p, err := s.Store.NoticePreferences(ctx, r.User.ID)
	return preferencesOf(r.User, p), err
}

// SetPreferences replaces the person's choices, audited. A locked channel
// switched off, or a legal kind left with no external channel, is refused
// and nothing is saved.
func (s *Notices) SetPreferences(ctx context.Context, r Request, in haoban.NoticePrefs) (Preferences, error) {
	if err := s.maySet(r); err != nil {
		return Preferences{}, err
	}
	if in.Off == nil {
		in.Off = map[haoban.NoticeKind][]haoban.NoticeChannel{}
	}
	if err := in.Validate(); err != nil {
		field := "body.off"
		if f := haoban.ErrorField(err); f != "kind" && f != "channel" {
			field += "." + f
		}
		e := &haoban.Error{Code: haoban.ErrorCode(err), Field: field, Message: haoban.ErrorMessage(err)}
		e.Details = []haoban.ErrorDetail{{Field: field, Message: e.Message}}
		return Preferences{}, e
	}
	if err := s.Store.SetNoticePreferences(ctx, r.User.ID, in, r.audit("", now(s.Time).UTC())); err != nil {
		return Preferences{}, err
	}
	return s.Preferences(ctx, r)
}

// SetChoices saves the settings form: on lists the boxes ticked, as
// "kind:channel". Each kind the form shows is set from it; kinds it does
// not show keep their choice. Refused, it returns the choices as sent.
func (s *Notices) SetChoices(ctx context.Context, r Request, on []string) (Preferences, error) {
	if err := s.maySet(r); err != nil {
		return Preferences{}, err
	}
	p, err := s.Store.NoticePreferences(ctx, r.User.ID)
	if err != nil {
		return Preferences{}, err
	}
	ticked := map[string]bool{}
	for _, v := range on {
		ticked[strings.TrimSpace(v)] = true
	}
	for _, k := range kindsFor(r.User) {
		for _, ch := range haoban.NoticeChannels {
			p.Set(k, ch, ticked[string(k)+":"+string(ch)])
		}
	}
	saved, err := s.SetPreferences(ctx, r, p)
	if code := haoban.ErrorCode(err); code == haoban.EINVALID || code == haoban.EUNPROCESSABLE {
		// The form shows again as it was sent, with what to change.
		return preferencesOf(r.User, p), err
	}
	return saved, err
}
