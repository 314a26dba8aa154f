package web

import (
	"context"
	"log/slog"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
)

// noticePages is what the notice pages show: the admins' dead letters and
// each person's settings (addresses and choices).
type noticePages struct {
	Dead     *app.DeadLetterList
	Contacts app.Contacts
	Prefs    app.Preferences
	// Bad maps an input's ID to its message, for aria-invalid at the
	// input; Summary lists them, each linking to its input.
	Bad     map[string]string
	Summary []summaryEntry
}

// deadLettersPage lists the notices that could not be delivered, a page
// at a time, each with a re-send button.
func (p *Pages) deadLettersPage(c *fiber.Ctx) error {
	notice := ""
	if c.Query("resent") != "" {
		notice = "已重新排入发送队列，稍后自动发送。"
	}
	return p.showDeadLetters(c, notice, nil)
}

func (p *Pages) showDeadLetters(c *fiber.Ctx, notice string, cause error) error {
	ctx := c.UserContext()
	list, err := p.App.Notices.DeadLetters(ctx, request(ctx), app.DeadLetterQuery{Cursor: strings.Clone(c.Query("cursor")), Limit: c.QueryInt("limit")})
	if err != nil {
		return err
	}
	if cause != nil {
		c.Status(httpx.Status(haoban.ErrorCode(cause)))
	}
	return p.render(c, "dead_letters", pageData{Title: "发送失败的通知", Notice: notice, Error: errorText(cause),
		Notices: &noticePages{Dead: &list}})
}

// resendForm queues a dead letter again through the same use case as
// POST /api/v1/admin/notices/{id}/resend; sent twice, it says so.
func (p *Pages) resendForm(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return haoban.Errorf(haoban.ENOTFOUND, "通知不存在")
	}
	if _, err := p.App.Notices.Resend(ctx, request(ctx), id); err != nil {
		if haoban.ErrorCode(err) == haoban.ECONFLICT {
			return p.showDeadLetters(c, "", haoban.Errorf(haoban.ECONFLICT, "这条通知已经重新发送过，不在发送失败之列。"))
		}
		return err
	}
	return c.Redirect("/admin/notices?resent="+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}

// caseDeliveries is the delivery record of a case the page has shown the
// reader already; a record that cannot be read leaves the section out
// rather than the whole case page.
func (p *Pages) caseDeliveries(ctx context.Context, caseID string) []app.NoticeView {
	list, err := p.App.Notices.CaseNotices(ctx, request(ctx), caseID)
	if err != nil {
		slog.ErrorContext(ctx, "case page: read the delivery record", "case", caseID, "error", err)
		return nil
	}
	return list
}
