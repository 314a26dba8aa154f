package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"haoban"
	"haoban/servicehours"
)

// message checks a message's text and builds it.
func message(conversation, from string, r Request, text, key string) (haoban.HelpMessage, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.EINVALID, "请输入消息内容")
	}
	if utf8.RuneCountInString(text) > maxHelpText {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.EINVALID, "一条消息请不要超过 2000 字")
	}
	if key == "" {
		key = uuid.NewString()
	}
	return haoban.HelpMessage{Conversation: conversation, From: from, Author: r.User.ID, Text: text, Key: from + ":" + key}, nil
}

// Send adds the applicant's message to their conversation, while it is not
// ended; key makes a retry one message.
func (h *Help) Send(ctx context.Context, r Request, id, text, key string) (haoban.HelpMessage, error) {
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return haoban.HelpMessage{}, err
	}
	if as != "applicant" {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.EFORBIDDEN, "只有提问的群众可以在这里发言")
	}
	if c.Ended() {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.ECONFLICT, "这次对话已经结束，请重新发起帮办")
	}
	m, err := message(c.ID, "applicant", r, text, key)
	if err != nil {
		return m, err
	}
	m.At = h.Time.Now()
	return h.Store.AppendHelpMessage(ctx, m)
}

// Reply adds a helper's answer. The first reply takes the conversation,
// stops its clock and records the first response in service seconds.
func (h *Help) Reply(ctx context.Context, r Request, id, text, key string) (haoban.HelpMessage, error) {
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return haoban.HelpMessage{}, err
	}
	if as != "helper" {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.EFORBIDDEN, "只有帮办人员可以答复")
	}
	if c.Ended() {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.ECONFLICT, "这次对话已经结束")
	}
	if c.Helper != "" && c.Helper != r.User.ID && c.Status != haoban.ConversationWaiting {
		return haoban.HelpMessage{}, haoban.Errorf(haoban.ECONFLICT, "这次对话已由其他帮办人员接手")
	}
	m, err := message(c.ID, "helper", r, text, key)
	if err != nil {
		return m, err
	}
	m.At = h.Time.Now()
	seconds := 0
	if c.FirstResponseAt == nil {
		cal, err := h.Store.Calendar(ctx)
		if err != nil {
			return m, err
		}
		if seconds, err = servicehours.Seconds(cal, h.Hours, c.CreatedAt, m.At); err != nil {
			return m, err
		}
	}
	m, err = h.Store.HelperReply(ctx, m, seconds)
	if err != nil {
		return m, err
	}
	if c.FirstResponseAt == nil {
		// The clock has nothing left to alert about; a lost signal only
		// means its timer looks once more.
		_ = h.Flow.HelpChanged(ctx, c.ID)
	}
	return m, nil
}

// Post adds a message as its author takes part: the applicant's message,
// or a helper's reply. Supervisors only read.
func (h *Help) Post(ctx context.Context, r Request, id, text, key string) (haoban.HelpMessage, error) {
	_, as, err := h.readable(ctx, r, id)
	switch {
	case err != nil:
		return haoban.HelpMessage{}, err
	case as == "applicant":
		return h.Send(ctx, r, id, text, key)
	case as == "helper":
		return h.Reply(ctx, r, id, text, key)
	}
	return haoban.HelpMessage{}, haoban.Errorf(haoban.EFORBIDDEN, "督查人员只能查看对话")
}
