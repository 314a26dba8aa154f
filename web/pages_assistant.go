package web

import (
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
	"haoban/logging"
)

// askAssistant answers the chat panel (static/assistant.js): the pages'
// session and CSRF token guard it like a form, and it answers JSON as the
// API's POST /api/v1/assistant/ask does, since a page's script cannot
// carry the API's bearer token.
func (p *Pages) askAssistant(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if p.App.Assistant == nil {
		return assistantError(c, haoban.Errorf(haoban.EUNAVAILABLE, "小申暂未开通"))
	}
	in := app.AskInput{Question: strings.Clone(c.FormValue("question")), Context: app.AskContext{
		Page: strings.Clone(c.FormValue("page")), Bundle: strings.Clone(c.FormValue("bundle")),
		Item: strings.Clone(c.FormValue("item")), Draft: strings.Clone(c.FormValue("draft"))}}
	a, err := p.App.Assistant.Ask(ctx, request(ctx), in)
	if err != nil {
		return assistantError(c, err)
	}
	return c.JSON(a)
}

// assistantError tells the panel what went wrong in words it can show,
// with the request ID to quote; an internal error's text stays in the log.
func assistantError(c *fiber.Ctx, err error) error {
	code := haoban.ErrorCode(err)
	msg := haoban.ErrorMessage(err)
	if code == haoban.EINTERNAL {
		slog.ErrorContext(c.UserContext(), "assistant error", "error", err)
	}
	return c.Status(httpx.Status(code)).JSON(fiber.Map{"code": code, "message": msg, "field": haoban.ErrorField(err),
		"request_id": logging.RequestID(c.UserContext())})
}
