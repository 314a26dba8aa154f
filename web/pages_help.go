package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// Human help (线上人工帮办, issue 18): the applicant asks a person (from 小申's
// hand-off or the form), chats live, confirms the ending and rates it.
// Messages are posted as forms; help.js streams the replies in and posts
// without leaving the page.

// helpPage is what the help pages show.
type helpPage struct {
	// New is the question form: what was posted, and its problems by field.
	Question, Bundle, Item, Draft, Transcript string
	Invalid                                   map[string]string
	Key                                       string
	// The applicant's list, a conversation, the helper's desk, the board.
	Mine  []haoban.Conversation
	View  *app.HelpView
	Desk  *app.HelperDesk
	Board []app.BoardConversation
	// Stats are the help desk's figures on the statistics page, and
	// Hotline the 12345 tickets' connect rate beside them.
	Stats   *haoban.HelpStats
	Hotline *haoban.HotlineStats
	// Last is the last message's ID: the stream resumes after it.
	Last int64
}

// helpNewPage is the question form.
func (p *Pages) helpNewPage(c *fiber.Ctx) error {
	return p.renderHelpNew(c, &helpPage{Key: newKey(), Bundle: strings.Clone(c.Query("bundle")),
		Item: strings.Clone(c.Query("item")), Draft: strings.Clone(c.Query("draft"))}, nil)
}

func (p *Pages) renderHelpNew(c *fiber.Ctx, v *helpPage, cause error) error {
	data := pageData{Title: "请工作人员帮我", Help: v}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
		if haoban.ErrorCode(cause) == haoban.EINVALID {
			v.Invalid = map[string]string{"question": errorText(cause)}
			data.Errors = []haoban.ErrorDetail{{Field: "question", Message: errorText(cause)}}
		} else {
			data.Error = errorText(cause)
		}
	}
	return p.render(c, "help_new", data)
}

// helpNewForm starts a conversation: from the form, or from 小申's hand-off
// button, which posts the question and the transcript so far.
func (p *Pages) helpNewForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := &helpPage{Question: strings.Clone(c.FormValue("question")), Bundle: strings.Clone(c.FormValue("bundle")),
		Item: strings.Clone(c.FormValue("item")), Draft: strings.Clone(c.FormValue("draft")),
		Transcript: strings.Clone(c.FormValue("transcript")), Key: strings.Clone(c.FormValue("key"))}
	req := haoban.HelpRequest{Question: v.Question, Bundle: v.Bundle, Item: v.Item, Draft: v.Draft}
	if v.Transcript != "" && json.Unmarshal([]byte(v.Transcript), &req.Transcript) != nil {
		// A garbled transcript loses 小申's lines, not the question.
		req.Transcript = nil
	}
	if v.Key == "" {
		if strings.TrimSpace(v.Question) == "" {
			v.Key = newKey()
			return p.renderHelpNew(c, v, nil)
		}
		// 小申's hand-off posts without a key: what it hands over names
		// it, so a double click opens one conversation (the transcript's
		// times tell a later hand-off of the same question apart).
		sum := sha256.Sum256([]byte(strings.Join([]string{v.Question, v.Bundle, v.Item, v.Draft, v.Transcript}, "\x00")))
		v.Key = "handoff-" + hex.EncodeToString(sum[:16])
	}
	conv, err := p.App.Help.Start(ctx, request(ctx), req, v.Key)
	if err != nil {
		// A retry with the same key finds the conversation and starts its clock.
		return p.renderHelpNew(c, v, err)
	}
	return c.Redirect("/help/"+conv.ID, fiber.StatusSeeOther)
}

// helpListPage lists the applicant's conversations.
func (p *Pages) helpListPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	mine, err := p.App.Help.Mine(ctx, request(ctx))
	if err != nil {
		return err
	}
	return p.render(c, "help_list", pageData{Title: "人工帮办", Help: &helpPage{Mine: mine}})
}

// helpChatPage is a conversation: the applicant's at /help/:id, the
// helper's and the supervisor's at /helper/conversations/:id.
func (p *Pages) helpChatPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v, err := p.App.Help.Get(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	page := &helpPage{View: &v, Key: newKey()}
	if n := len(v.Messages); n > 0 {
		page.Last = v.Messages[n-1].ID
	}
	data := pageData{Title: "人工帮办", Help: page}
	switch c.Query("done") {
	case "ended":
		data.Notice = "对话已结束，等待群众确认。"
	case "confirmed":
		data.Notice = "感谢您的确认。欢迎为这次帮办打分。"
	case "rated":
		data.Notice = "感谢您的评价。"
	}
	return p.render(c, "help_chat", data)
}

// chatPath is where a participant reads a conversation.
func chatPath(as, id string) string {
	if as == "applicant" {
		return "/help/" + id
	}
	return "/helper/conversations/" + id
}

// helpMessageForm posts a message; help.js posts it in the background and
// takes the answer 204, a form without script returns to the chat.
func (p *Pages) helpMessageForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	_, as, err := p.App.Help.Readable(ctx, request(ctx), id)
	if err != nil {
		return err
	}
	_, err = p.App.Help.Post(ctx, request(ctx), id, strings.Clone(c.FormValue("text")), strings.Clone(c.FormValue("key")))
	if c.Get("X-Requested-With") == "fetch" {
		if err != nil {
			return c.Status(httpx.Status(haoban.ErrorCode(err))).SendString(errorText(err))
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
	if err != nil {
		return p.showError(c, "发送消息", err)
	}
	return c.Redirect(chatPath(as, id)+"#compose", fiber.StatusSeeOther)
}

// helpConfirmForm is the applicant's confirmation of the ending.
func (p *Pages) helpConfirmForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	if _, err := p.App.Help.Confirm(ctx, request(ctx), id, c.FormValue("resolved") == "1"); err != nil {
		return p.showError(c, "确认结果", err)
	}
	return c.Redirect("/help/"+id+"?done=confirmed#rate", fiber.StatusSeeOther)
}

// helpRateForm is the applicant's rating.
func (p *Pages) helpRateForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id := strings.Clone(c.Params("id"))
	rating, _ := parseRating(c.FormValue("rating"))
	if _, err := p.App.Help.Rate(ctx, request(ctx), id, rating, strings.Clone(c.FormValue("comment"))); err != nil {
		return p.showError(c, "评价", err)
	}
	return c.Redirect("/help/"+id+"?done=rated", fiber.StatusSeeOther)
}

// parseRating reads a 1–5 rating; anything else is 0, which the use case refuses.
func parseRating(s string) (int, bool) {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '5' {
		return int(s[0] - '0'), true
	}
	return 0, false
}
