package api

import (
	"bufio"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// The human help desk (issue 18): an applicant's conversation with a
// helper, streamed both ways; the helper's queue; the supervisor's board
// and figures.

// StartHelpInput opens a conversation.
type StartHelpInput struct {
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"重试时使用同一个键，只会开启一次对话"`
	Body           haoban.HelpRequest
}

// ConversationOutput is a conversation as stored.
type ConversationOutput struct{ Body haoban.Conversation }

func (s *Server) startHelp(ctx context.Context, in *StartHelpInput) (*ConversationOutput, error) {
	c, err := s.App.Help.Start(ctx, request(ctx), in.Body, in.IdempotencyKey)
	return &ConversationOutput{Body: c}, err
}

// ConversationListOutput lists conversations.
type ConversationListOutput struct {
	Body struct {
		Conversations []haoban.Conversation `json:"conversations"`
	}
}

func (s *Server) myHelp(ctx context.Context, _ *struct{}) (*ConversationListOutput, error) {
	cs, err := s.App.Help.Mine(ctx, request(ctx))
	out := &ConversationListOutput{}
	out.Body.Conversations = cs
	if cs == nil {
		out.Body.Conversations = []haoban.Conversation{}
	}
	return out, err
}

// ConversationPath names a conversation.
type ConversationPath struct {
	ID string `path:"id" maxLength:"40"`
}

// HelpViewOutput is a conversation with its messages.
type HelpViewOutput struct{ Body app.HelpView }

func (s *Server) getHelp(ctx context.Context, in *ConversationPath) (*HelpViewOutput, error) {
	v, err := s.App.Help.Get(ctx, request(ctx), in.ID)
	return &HelpViewOutput{Body: v}, err
}

// PostHelpMessageInput is a message from the applicant or the helper.
type PostHelpMessageInput struct {
	ConversationPath
	IdempotencyKey string `header:"Idempotency-Key" required:"false" maxLength:"200" doc:"重试时使用同一个键，只会发出一条消息"`
	Body           struct {
		Text string `json:"text" minLength:"1" maxLength:"8000" doc:"消息内容，至多 2000 字"`
	}
}

// HelpMessageOutput is a message as stored; its id is the stream's event ID.
type HelpMessageOutput struct{ Body haoban.HelpMessage }

func (s *Server) postHelpMessage(ctx context.Context, in *PostHelpMessageInput) (*HelpMessageOutput, error) {
	m, err := s.App.Help.Post(ctx, request(ctx), in.ID, in.Body.Text, in.IdempotencyKey)
	return &HelpMessageOutput{Body: m}, err
}

func (s *Server) takeHelp(ctx context.Context, in *ConversationPath) (*ConversationOutput, error) {
	c, err := s.App.Help.Take(ctx, request(ctx), in.ID)
	return &ConversationOutput{Body: c}, err
}

// EndHelpInput is the helper's ending.
type EndHelpInput struct {
	ConversationPath
	Body struct {
		Outcome      haoban.ConversationStatus `json:"outcome" enum:"resolved,unresolved" doc:"resolved 已解决，unresolved 未解决"`
		WorthKeeping bool                      `json:"worth_keeping,omitempty" required:"false" doc:"答复值得收入知识库：为所属部门开启补充任务"`
	}
}

func (s *Server) endHelp(ctx context.Context, in *EndHelpInput) (*ConversationOutput, error) {
	c, err := s.App.Help.End(ctx, request(ctx), in.ID, in.Body.Outcome, in.Body.WorthKeeping)
	return &ConversationOutput{Body: c}, err
}

// ConfirmHelpInput is the applicant's confirmation.
type ConfirmHelpInput struct {
	ConversationPath
	Body struct {
		Resolved bool `json:"resolved" doc:"问题是否已解决"`
	}
}

func (s *Server) confirmHelp(ctx context.Context, in *ConfirmHelpInput) (*ConversationOutput, error) {
	c, err := s.App.Help.Confirm(ctx, request(ctx), in.ID, in.Body.Resolved)
	return &ConversationOutput{Body: c}, err
}

// RateHelpInput is the applicant's rating.
type RateHelpInput struct {
	ConversationPath
	Body struct {
		Rating  int    `json:"rating" minimum:"1" maximum:"5" doc:"1 至 5 星"`
		Comment string `json:"comment,omitempty" required:"false" maxLength:"2000" doc:"评价，至多 500 字"`
	}
}

func (s *Server) rateHelp(ctx context.Context, in *RateHelpInput) (*ConversationOutput, error) {
	c, err := s.App.Help.Rate(ctx, request(ctx), in.ID, in.Body.Rating, in.Body.Comment)
	return &ConversationOutput{Body: c}, err
}

// HelperDeskOutput is the signed-in helper's queue.
type HelperDeskOutput struct{ Body app.HelperDesk }

func (s *Server) helperQueue(ctx context.Context, _ *struct{}) (*HelperDeskOutput, error) {
	d, err := s.App.Help.Queue(ctx, request(ctx))
	return &HelperDeskOutput{Body: d}, err
}

// AvailabilityInput marks a helper available or away.
type AvailabilityInput struct {
	Body struct {
		Available bool `json:"available" doc:"true 接待中，false 离开"`
	}
}

func (s *Server) setAvailability(ctx context.Context, in *AvailabilityInput) (*HelperDeskOutput, error) {
	if err := s.App.Help.SetAvailable(ctx, request(ctx), in.Body.Available); err != nil {
		return nil, err
	}
	return s.helperQueue(ctx, nil)
}

// HelpBoardOutput is the waiting conversations with their service seconds.
type HelpBoardOutput struct {
	Body struct {
		Waiting []app.BoardConversation `json:"waiting"`
	}
}

func (s *Server) helpBoard(ctx context.Context, _ *struct{}) (*HelpBoardOutput, error) {
	b, err := s.App.Help.Board(ctx, request(ctx))
	out := &HelpBoardOutput{}
	out.Body.Waiting = b
	return out, err
}

// HelpStatsInput is the period of the figures; by default the last 30 days.
type HelpStatsInput struct {
	From string `query:"from" required:"false" doc:"起始日期 YYYY-MM-DD（含），默认 30 天前"`
	To   string `query:"to" required:"false" doc:"截止日期 YYYY-MM-DD（含），默认今天"`
}

// HelpStatsOutput are the help desk's figures.
type HelpStatsOutput struct{ Body haoban.HelpStats }

func (s *Server) helpStats(ctx context.Context, in *HelpStatsInput) (*HelpStatsOutput, error) {
	from, to, err := s.App.Help.Period(in.From, in.To)
	if err != nil {
		return nil, err
	}
	st, err := s.App.Help.Stats(ctx, request(ctx), from, to)
	return &HelpStatsOutput{Body: st}, err
}

// helpEvents streams a conversation's messages as Server-Sent Events. Each
// event's id is the message's, so a client reconnecting with
// Last-Event-ID gets what it missed, without gaps or duplicates.
func (s *Server) helpEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	r := request(ctx)
	conv, _, err := s.App.Help.Readable(ctx, r, strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	last, _ := strconv.ParseInt(c.Get("Last-Event-ID", c.Query("last_event_id")), 10, 64)
	id := conv.ID
	// Subscribe before reading the backlog: a message committed in between
	// arrives both ways and is written once.
	sub := s.live.subscribe(func(m liveMsg) bool { return m.help != nil && m.help.Conversation == id })
	s.serveStream(c, sub, func(w *bufio.Writer) {
		write := func() error {
			msgs, err := s.App.Help.MessagesAfter(ctx, r, id, last)
			if err != nil {
				return err
			}
			for _, m := range msgs {
				if err := writeSSE(w, "message", strconv.FormatInt(m.ID, 10), m); err != nil {
					return err
				}
				last = m.ID
			}
			return nil
		}
		if write() != nil || w.Flush() != nil {
			return
		}
		s.pump(ctx, w, sub, func(m liveMsg) error {
			if m.help.Message <= last {
				return nil
			}
			// The note names the message; the table has it, and any gap.
			return write()
		})
	})
	return nil
}

// helperDeskEvents tells a helper's desk that a conversation in their
// departments changed (arrived, taken, ended), so it reads the desk again.
// The event names only the conversation.
func (s *Server) helperDeskEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	desk, err := s.App.Help.Queue(ctx, request(ctx))
	if err != nil {
		return err
	}
	sub := s.live.subscribe(func(m liveMsg) bool {
		return m.help != nil && slices.ContainsFunc(desk.Skills, func(sk haoban.HelperSkill) bool {
			return sk.Department == haoban.AnyDepartment || sk.Department == m.help.Department
		})
	})
	s.serveStream(c, sub, func(w *bufio.Writer) {
		s.pump(ctx, w, sub, func(m liveMsg) error {
			return writeSSE(w, "changed", "", struct {
				Conversation string `json:"conversation"`
			}{m.help.Conversation})
		})
	})
	return nil
}

// helpBoardEvents tells a supervisor's board that a conversation changed,
// so it reads the board again; a tick every few seconds lets the waited
// seconds run on between changes.
func (s *Server) helpBoardEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if _, err := s.App.Help.Board(ctx, request(ctx)); err != nil {
		return err
	}
	sub := s.live.subscribe(func(m liveMsg) bool { return m.help != nil })
	s.serveStream(c, sub, func(w *bufio.Writer) {
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case m, ok := <-sub.ch:
				if !ok || writeSSE(w, "changed", "", m.help) != nil || w.Flush() != nil {
					return
				}
			case <-tick.C:
				if writeSSE(w, "tick", "", struct{}{}) != nil || w.Flush() != nil {
					return
				}
			case <-s.live.done:
				return
			}
		}
	})
	return nil
}
