package app

import (
	"context"
	"encoding/json"

	"haoban"
)

// Contacts are where a person is reached outside the app; empty is none.
type Contacts struct {
	Email string `json:"email" maxLength:"254" doc:"电子邮箱；留空表示不用电子邮件"`
	Phone string `json:"phone" maxLength:"20" doc:"中国大陆手机号；留空表示不用短信"`
}

// Contacts reads the person's own addresses.
func (s *Notices) Contacts(ctx context.Context, r Request) (Contacts, error) {
	if err := s.maySet(r); err != nil {
		return Contacts{}, err
	}
	m, err := s.Store.Contacts(ctx, r.User.ID)
	return Contacts{Email: m[haoban.ChannelEmail], Phone: m[haoban.ChannelSMS]}, err
}

// maySet: every signed-in person keeps their own settings.
func (s *Notices) maySet(r Request) error {
	if !can(s.Authz, r.User, r.User.Department, "settings", "edit") {
		return haoban.Errorf(haoban.EFORBIDDEN, "您的角色不能设置通知")
	}
	return nil
}

// SetContacts saves the person's addresses, audited. Every address is
// checked first: one that fails is refused, named by its field, and
// nothing is saved.
func (s *Notices) SetContacts(ctx context.Context, r Request, in Contacts) (Contacts, error) {
	if err := s.maySet(r); err != nil {
		return Contacts{}, err
	}
	if err := validate(in, "body"); err != nil {
		return Contacts{}, err
	}
	before, err := s.Contacts(ctx, r)
	if err != nil {
		return Contacts{}, err
	}
	want := map[haoban.NoticeChannel]*string{haoban.ChannelEmail: &in.Email, haoban.ChannelSMS: &in.Phone}
	bad := &haoban.Error{Code: haoban.EINVALID}
	for _, ch := range []haoban.NoticeChannel{haoban.ChannelEmail, haoban.ChannelSMS} {
		if *want[ch] == "" {
			continue
		}
		clean, err := haoban.ValidateContact(ch, *want[ch])
		if err != nil {
			bad.Details = append(bad.Details, haoban.ErrorDetail{Field: "body." + haoban.ErrorField(err), Message: haoban.ErrorMessage(err)})
			continue
		}
		*want[ch] = clean
	}
	if len(bad.Details) > 0 {
		bad.Field, bad.Message = bad.Details[0].Field, bad.Details[0].Message
		return Contacts{}, bad
	}
	if in == before {
		return in, nil
	}
	at := now(s.Time).UTC()
	for ch, addr := range want {
		if err := s.Store.SetContact(ctx, r.User.ID, ch, *addr, at); err != nil {
			return Contacts{}, err
		}
	}
	e := r.audit("", at)
	e.Action, e.Target = "notice.contacts", "user:"+r.User.ID
	e.Before, e.After = maskedContacts(before), maskedContacts(in)
	return in, s.Store.Audit(ctx, e)
}

// maskedContacts is what the audit trail keeps of a person's addresses.
func maskedContacts(c Contacts) string {
	b, _ := json.Marshal(map[string]string{"email": maskAddress(c.Email), "phone": maskAddress(c.Phone)})
	return string(b)
}
