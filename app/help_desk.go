package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"haoban"
)

// HelperDesk is a helper's queue: the conversations they have, the ones
// waiting within their skills, and whether they are available.
type HelperDesk struct {
	Mine      []haoban.Conversation `json:"mine"`
	Waiting   []haoban.Conversation `json:"waiting"`
	Skills    []haoban.HelperSkill  `json:"skills"`
	Available bool                  `json:"available"`
}

// Queue is the signed-in helper's desk.
func (h *Help) Queue(ctx context.Context, r Request) (HelperDesk, error) {
	if !h.can(r, "answer") {
		return HelperDesk{}, haoban.Errorf(haoban.EFORBIDDEN, "只有帮办人员可以查看帮办队列")
	}
	var d HelperDesk
	var err error
	if d.Skills, err = h.Store.HelperSkills(ctx, r.User.ID); err != nil {
		return d, err
	}
	if d.Mine, err = h.Store.HelperConversations(ctx, r.User.ID); err != nil {
		return d, err
	}
	d.Waiting = []haoban.Conversation{}
	if len(d.Skills) > 0 {
		waiting, err := h.Store.WaitingConversations(ctx, d.Skills)
		if err != nil {
			return d, err
		}
		for _, c := range waiting {
			if c.Helper != r.User.ID {
				d.Waiting = append(d.Waiting, c)
			}
		}
	}
	d.Available, err = h.Store.HelperAvailable(ctx, r.User.ID)
	return d, err
}

// SetAvailable marks the signed-in helper available or away: only
// available helpers are routed new conversations and alerted.
func (h *Help) SetAvailable(ctx context.Context, r Request, available bool) error {
	if !h.can(r, "answer") {
		return haoban.Errorf(haoban.EFORBIDDEN, "只有帮办人员可以设置接待状态")
	}
	return h.Store.SetHelperAvailable(ctx, r.User.ID, available, h.Time.Now())
}

// Take assigns a waiting conversation within the helper's skills to them.
func (h *Help) Take(ctx context.Context, r Request, id string) (haoban.Conversation, error) {
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return c, err
	}
	if as != "helper" {
		return c, haoban.Errorf(haoban.EFORBIDDEN, "只有帮办人员可以接手对话")
	}
	if c.Status != haoban.ConversationWaiting {
		if c.Helper == r.User.ID {
			return c, nil
		}
		return c, haoban.Errorf(haoban.ECONFLICT, "这次对话已由其他帮办人员接手")
	}
	meta := r.audit("", h.Time.Now())
	meta.Action, meta.Target = "help.take", "conversation:"+c.ID
	return h.Store.TakeConversation(ctx, c.ID, r.User.ID, meta)
}

// End records the helper's outcome (resolved or unresolved); the applicant
// confirms it next. An answer worth keeping opens a knowledge task.
func (h *Help) End(ctx context.Context, r Request, id string, outcome haoban.ConversationStatus, worthKeeping bool) (haoban.Conversation, error) {
	if outcome != haoban.ConversationResolved && outcome != haoban.ConversationUnsolved {
		return haoban.Conversation{}, haoban.Errorf(haoban.EINVALID, "请选择“已解决”或“未解决”")
	}
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return c, err
	}
	if as != "helper" || (c.Helper != "" && c.Helper != r.User.ID) {
		return c, haoban.Errorf(haoban.EFORBIDDEN, "只有接手这次对话的帮办人员可以结束它")
	}
	if c.Ended() {
		if c.Outcome == outcome {
			return c, nil // a retry
		}
		return c, haoban.Errorf(haoban.ECONFLICT, "这次对话已经结束")
	}
	meta := r.audit("", h.Time.Now())
	meta.Action, meta.Target = "help.end", "conversation:"+c.ID
	c, err = h.Store.EndConversation(ctx, c.ID, outcome, worthKeeping, meta)
	if err != nil {
		return c, err
	}
	// The applicant's page learns of the ending through the stream.
	if _, err := h.Store.AppendHelpMessage(ctx, haoban.HelpMessage{Conversation: c.ID, From: "system",
		Text: "帮办人员已结束对话，请确认您的问题是否已解决。", At: meta.At, Key: "system:ended"}); err != nil {
		return c, err
	}
	if worthKeeping && h.Gaps != nil {
		if err := h.reportGap(ctx, c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// reportGap hands the helper's answers to the knowledge base, once per
// conversation (the key).
func (h *Help) reportGap(ctx context.Context, c haoban.Conversation) error {
	msgs, err := h.Store.HelpMessagesAfter(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	var answer []string
	for _, m := range msgs {
		if m.From == "helper" {
			answer = append(answer, m.Text)
		}
	}
	g := haoban.KnowledgeGap{Source: haoban.GapHelper, Question: c.Question, Answer: strings.Join(answer, "\n"),
		Department: c.Department, Bundle: c.Bundle, Item: c.Item, Conversation: c.ID, Key: "help:" + c.ID}
	if err := h.Gaps.OpenGap(ctx, g); err != nil {
		return fmt.Errorf("open knowledge gap for conversation %s: %w", c.ID, err)
	}
	return nil
}

// Confirm records the applicant's answer to the helper's ending: resolved
// or not. The status is final after it.
func (h *Help) Confirm(ctx context.Context, r Request, id string, resolved bool) (haoban.Conversation, error) {
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return c, err
	}
	if as != "applicant" {
		return c, haoban.Errorf(haoban.EFORBIDDEN, "只有提问的群众可以确认")
	}
	switch {
	case c.ConfirmedResolved != nil && *c.ConfirmedResolved == resolved:
		return c, nil // a retry
	case c.Status != haoban.ConversationClosing:
		return c, haoban.Errorf(haoban.ECONFLICT, "帮办人员结束对话后才能确认")
	}
	meta := r.audit("", h.Time.Now())
	meta.Action, meta.Target = "help.confirm", "conversation:"+c.ID
	return h.Store.ConfirmConversation(ctx, c.ID, resolved, meta)
}

// Rate records the applicant's rating (1–5) of an ended conversation.
func (h *Help) Rate(ctx context.Context, r Request, id string, rating int, comment string) (haoban.Conversation, error) {
	if rating < 1 || rating > 5 {
		return haoban.Conversation{}, haoban.Errorf(haoban.EINVALID, "请给出 1 到 5 星的评价")
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > 500 {
		return haoban.Conversation{}, haoban.Errorf(haoban.EINVALID, "评价内容请不要超过 500 字")
	}
	c, as, err := h.readable(ctx, r, id)
	if err != nil {
		return c, err
	}
	if as != "applicant" {
		return c, haoban.Errorf(haoban.EFORBIDDEN, "只有提问的群众可以评价")
	}
	if !c.Ended() {
		return c, haoban.Errorf(haoban.ECONFLICT, "对话结束后才能评价")
	}
	// The stars are 好差评's five levels: the rating is recorded there
	// first (idempotently), so a bad one opens its rectification.
	if h.Ratings != nil {
		in := RatingInput{Target: haoban.RateConversation, Ref: c.ID, Comment: comment,
			Indicators: map[string]int{haoban.IndicatorOverall: rating}}
		if _, err := h.Ratings.Give(ctx, r, in); err != nil {
			return c, err
		}
	}
	return h.Store.RateConversation(ctx, c.ID, rating, comment)
}
