package app

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"haoban"
)

// ScreenStore keeps the 同屏 consents and highlights (postgres.Store).
type ScreenStore interface {
	// FindScreenConversation is a conversation with its consent.
	FindScreenConversation(ctx context.Context, id string) (haoban.ScreenConversation, error)
	// ScreenConversationsOf are an applicant's conversations still going
	// on (waiting or open), newest first.
	ScreenConversationsOf(ctx context.Context, applicant string) ([]haoban.ScreenConversation, error)
	// SetScreenConsent grants (draft set) or revokes (draft "") the
	// helper's view of a draft, audited.
	SetScreenConsent(ctx context.Context, conversation, draft string, at time.Time, audit haoban.AuditEntry) error
	// AddScreenHighlight records a highlight and announces it, in one
	// transaction that holds only while the consent does: without it the
	// store answers EFORBIDDEN.
	AddScreenHighlight(ctx context.Context, h haoban.ScreenHighlight, audit haoban.AuditEntry) (haoban.ScreenHighlight, error)
	ScreenHighlights(ctx context.Context, conversation string) ([]haoban.ScreenHighlight, error)
	// ScreenHelperSkills are the skills a helper has.
	ScreenHelperSkills(ctx context.Context, helper string) ([]haoban.HelperSkill, error)
	FindUser(ctx context.Context, id string) (haoban.User, error)
}

// Screen is 同屏: with the applicant's consent the helper of a conversation
// sees the applicant's draft as the applicant sees it, read-only, and can
// point at a field. Nothing here writes to the draft.
type Screen struct {
	Store  ScreenStore
	Drafts *Drafts
	Time   haoban.TimeSource
}

// maxHighlightRunes bounds a highlight's note: a pointer, not a message.
const maxHighlightRunes = 200

var (
	errScreenNoConsent = haoban.Errorf(haoban.EFORBIDDEN, "申请人未同意共享表单，或已停止共享")
	errScreenNotYours  = haoban.Errorf(haoban.EFORBIDDEN, "您不负责此咨询，不能查看申请人的表单")
)

// Consent lets the helper of one of the applicant's conversations see one
// of the applicant's drafts ("允许帮办人员查看我正在填写的表单").
func (s *Screen) Consent(ctx context.Context, r Request, conversation, draft string) error {
	c, err := s.own(ctx, r, conversation)
	if err != nil {
		return err
	}
	if !c.Live() {
		return haoban.Errorf(haoban.ECONFLICT, "此咨询已结束，不能再共享表单")
	}
	if draft == "" {
		draft = c.Consent.Draft // the draft the conversation started from
	}
	if draft == "" {
		return haoban.FieldErrorf(haoban.EINVALID, "draft", "请选择要共享的申请表")
	}
	d, err := s.Drafts.Get(ctx, r, draft)
	if err != nil {
		return err
	}
	if d.SubmittedAt != nil {
		return haoban.Errorf(haoban.ECONFLICT, "申请已提交，不能再共享表单")
	}
	at := now(s.Time).UTC()
	e := r.audit("", at)
	e.Action, e.Target, e.After = "screen.consent", conversation, screenSummary("draft", d.ID)
	return s.Store.SetScreenConsent(ctx, conversation, d.ID, at, e)
}

// Revoke ends the helper's view at once; the applicant can do it any time.
func (s *Screen) Revoke(ctx context.Context, r Request, conversation string) error {
	c, err := s.own(ctx, r, conversation)
	if err != nil {
		return err
	}
	if !c.Consent.Active() {
		return nil // nothing shared: revoking again changes nothing
	}
	at := now(s.Time).UTC()
	e := r.audit("", at)
	e.Action, e.Target = "screen.revoke", conversation
	return s.Store.SetScreenConsent(ctx, conversation, "", at, e)
}

// own is one of the applicant's conversations; anyone else's is not found.
func (s *Screen) own(ctx context.Context, r Request, id string) (haoban.ScreenConversation, error) {
	c, err := s.Store.FindScreenConversation(ctx, id)
	if err == nil && (c.Applicant == "" || c.Applicant != r.User.ID) {
		err = haoban.Errorf(haoban.ENOTFOUND, "咨询不存在")
	}
	return c, err
}

// Watch is the conversation a helper may watch the shared draft of: theirs
// (or one waiting for a helper of their skill) with the consent active.
func (s *Screen) Watch(ctx context.Context, r Request, conversation string) (haoban.ScreenConversation, error) {
	c, err := s.Store.FindScreenConversation(ctx, conversation)
	if err != nil {
		return c, err
	}
	skills, err := s.Store.ScreenHelperSkills(ctx, r.User.ID)
	if err != nil {
		return c, err
	}
	if !screenSkilled(skills, c.Department, c.Item) || (c.Helper != "" && c.Helper != r.User.ID) {
		return c, errScreenNotYours
	}
	if !c.Live() || !c.Consent.Active() {
		return c, errScreenNoConsent
	}
	return c, nil
}

// screenSkilled reports whether the skills cover a department's item:
// department "*" covers all, a skill without an item the whole department.
func screenSkilled(skills []haoban.HelperSkill, dept, item string) bool {
	for _, k := range skills {
		if k.Department == haoban.AnyDepartment || (k.Department == dept && dept != "" && (k.Item == "" || k.Item == item)) {
			return true
		}
	}
	return false
}

// ScreenView is the applicant's draft as the helper sees it: the same
// sections and values as the applicant's page, and the highlights so far.
type ScreenView struct {
	Conversation  haoban.ScreenConversation
	ApplicantName string
	Page          DraftPage
	Highlights    []haoban.ScreenHighlight
}

// View reads the shared draft for the helper, as its applicant sees it.
func (s *Screen) View(ctx context.Context, r Request, conversation string) (ScreenView, error) {
	c, err := s.Watch(ctx, r, conversation)
	if err != nil {
		return ScreenView{}, err
	}
	applicant, err := s.Store.FindUser(ctx, c.Applicant)
	if err != nil {
		return ScreenView{}, err
	}
	// Read as the applicant: the same prefill provenance and pre-review.
	page, err := s.Drafts.Page(ctx, Request{User: applicant, RequestID: r.RequestID, ClientAddr: r.ClientAddr}, c.Consent.Draft)
	if err != nil {
		return ScreenView{}, err
	}
	hl, err := s.Store.ScreenHighlights(ctx, c.ID)
	return ScreenView{Conversation: c, ApplicantName: applicant.Name, Page: page, Highlights: hl}, err
}

// HighlightInput points at one field of the shared draft.
type HighlightInput struct {
	Field   string `json:"field" minLength:"1" maxLength:"100" doc:"要提示的字段"`
	Message string `json:"message" maxLength:"200" doc:"给申请人的说明"`
}

// Highlight shows the applicant which field to look at, with a note: their
// page scrolls to it. It needs the consent, like the view.
func (s *Screen) Highlight(ctx context.Context, r Request, conversation string, in HighlightInput) (haoban.ScreenHighlight, error) {
	c, err := s.Watch(ctx, r, conversation)
	if err != nil {
		return haoban.ScreenHighlight{}, err
	}
	in.Message = strings.TrimSpace(in.Message)
	if utf8.RuneCountInString(in.Message) > maxHighlightRunes {
		return haoban.ScreenHighlight{}, haoban.FieldErrorf(haoban.EINVALID, "message", "说明不能超过 %d 个字", maxHighlightRunes)
	}
	d, err := s.Drafts.Store.FindDraft(ctx, c.Consent.Draft)
	if err != nil {
		return haoban.ScreenHighlight{}, err
	}
	b, err := s.Drafts.Store.FindBundle(ctx, d.Bundle)
	if err != nil {
		return haoban.ScreenHighlight{}, err
	}
	if !screenHasField(b, in.Field) {
		return haoban.ScreenHighlight{}, haoban.FieldErrorf(haoban.EINVALID, "field", "表单中没有此项")
	}
	at := now(s.Time).UTC()
	h := haoban.ScreenHighlight{Conversation: c.ID, Draft: d.ID, Field: in.Field, Message: in.Message, Helper: r.User.ID, At: at}
	e := r.audit("", at)
	e.Action, e.Target, e.After = "screen.highlight", c.ID, screenSummary("field", in.Field)
	return s.Store.AddScreenHighlight(ctx, h, e)
}

// screenSummary is an audit entry's one-value JSON summary.
func screenSummary(key, value string) string {
	b, _ := json.Marshal(map[string]string{key: value}) // a map of strings always marshals
	return string(b)
}

func screenHasField(b haoban.Bundle, key string) bool {
	for _, f := range b.Fields() {
		if f.Key == key {
			return true
		}
	}
	return false
}

// ScreenPanel is what the applicant's draft page offers: each conversation
// going on, and whether its helper sees this draft.
type ScreenPanel struct {
	Draft         string
	Conversations []haoban.ScreenConversation
}

// Sharing reports whether a conversation's helper sees the panel's draft.
func (p ScreenPanel) Sharing(c haoban.ScreenConversation) bool {
	return c.Consent.Active() && c.Consent.Draft == p.Draft
}

// Panel reads the sharing choices of one of the applicant's drafts.
func (s *Screen) Panel(ctx context.Context, r Request, draft string) (ScreenPanel, error) {
	d, err := s.Drafts.Get(ctx, r, draft)
	if err != nil {
		return ScreenPanel{}, err
	}
	list, err := s.Store.ScreenConversationsOf(ctx, r.User.ID)
	return ScreenPanel{Draft: d.ID, Conversations: list}, err
}

// Shared reports whether the applicant's draft is shown to a helper now,
// for the applicant's stream of highlights.
func (s *Screen) Shared(ctx context.Context, r Request, draft string) (bool, error) {
	p, err := s.Panel(ctx, r, draft)
	if err != nil {
		return false, err
	}
	for _, c := range p.Conversations {
		if p.Sharing(c) {
			return true, nil
		}
	}
	return false, nil
}
