package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
	"haoban/httpx"
	"haoban/logging"
)

// ErrorBody is every error response: {"error":{"code","message"},"request_id"}.
type ErrorBody struct {
	Info      ErrorInfo `json:"error"`
	RequestID string    `json:"request_id"`
	status    int
	retry     time.Duration
}

// ErrorInfo says what went wrong, with a code a client can act on.
type ErrorInfo struct {
	Code    string               `json:"code"`
	Message string               `json:"message"`
	Field   string               `json:"field,omitempty"`
	Details []haoban.ErrorDetail `json:"details,omitempty"`
}

// GetStatus makes ErrorBody a huma.StatusError.
func (e *ErrorBody) GetStatus() int { return e.status }

func (e *ErrorBody) Error() string { return e.Info.Code + ": " + e.Info.Message }

// GetHeaders makes ErrorBody a huma.HeadersError: a refusal for too many
// attempts says when to come back.
func (e *ErrorBody) GetHeaders() http.Header {
	if e.status != http.StatusTooManyRequests {
		return nil
	}
	return http.Header{"Retry-After": {httpx.RetrySeconds(e.retry)}}
}

// errorBody turns any error into the response a client sees. Application
// errors keep their code and message; anything else is logged with the
// request ID and answered with a generic message.
func errorBody(ctx context.Context, status int, msg string, errs ...error) *ErrorBody {
	body := &ErrorBody{RequestID: logging.RequestID(ctx)}
	for _, err := range errs {
		var appErr *haoban.Error
		if errors.As(err, &appErr) {
			body.status, body.retry = httpx.Status(appErr.Code), appErr.RetryAfter
			body.Info = ErrorInfo{Code: appErr.Code, Message: appErr.Message, Field: appErr.Field, Details: appErr.Details}
			return body
		}
	}
	body.status = status
	body.Info = ErrorInfo{Code: httpx.Code(status), Message: msg}
	for _, err := range errs {
		if httpx.Unavailable(err) {
			slog.WarnContext(ctx, "database unavailable", "error", err)
			body.status = http.StatusServiceUnavailable
			body.Info = ErrorInfo{Code: haoban.EUNAVAILABLE, Message: "数据库暂时不可用，请稍后重试"}
			return body
		}
	}
	if status >= http.StatusInternalServerError {
		slog.ErrorContext(ctx, "internal error", "status", status, "message", msg, "errors", errs)
		body.Info.Message = haoban.ErrorMessage(errors.New(msg))
		return body
	}
	for _, err := range errs {
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			detail := d.ErrorDetail()
			body.Info.Details = append(body.Info.Details, haoban.ErrorDetail{Field: fieldOf(detail), Message: detail.Message})
		}
	}
	switch d := body.Info.Details; {
	case status == http.StatusBadRequest && len(d) > 0 && d[0].Field == "body":
		// The body did not parse; the parser's own words help nobody.
		body.Info = ErrorInfo{Code: haoban.EINVALID, Field: "body", Message: "请求体不是有效的 JSON：请检查括号、引号与逗号"}
	case len(d) == 1:
		body.Info.Field, body.Info.Message = d[0].Field, "输入有误："+d[0].Field+" "+d[0].Message
	case len(d) > 1:
		body.Info.Field = d[0].Field
		body.Info.Message = fmt.Sprintf("输入有误（共 %d 处）：%s %s", len(d), d[0].Field, d[0].Message)
	}
	return body
}

// fieldOf names the field a validation error is about: huma reports a
// missing property at its parent ("body"), a client wants "body.bundle".
func fieldOf(d *huma.ErrorDetail) string {
	if name, ok := strings.CutPrefix(d.Message, app.RequiredPrefix); ok {
		return d.Location + "." + name
	}
	return d.Location
}

func init() {
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		return errorBody(humafiber.Unwrap(hctx).UserContext(), status, msg, errs...)
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return errorBody(context.Background(), status, msg, errs...)
	}
}

// errorHandler answers errors raised outside huma's operations (unknown
// routes, panics, the streaming endpoints) in the same shape, and hands the
// pages' errors to the pages.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	if len(c.Response().Header.Peek("X-Request-ID")) == 0 {
		// The server refused the request before any middleware ran (a
		// header too large, a body it could not read): it still gets an ID.
		id := httpx.NewRequestID("")
		c.Set("X-Request-ID", id)
		c.SetUserContext(logging.WithRequestID(c.UserContext(), id))
	}
	var fe *fiber.Error
	tooLong := errors.As(err, &fe) && fe.Code == http.StatusRequestHeaderFieldsTooLarge
	// A request line too long to read has no path to tell a page by.
	if s.pageError != nil && httpx.IsPage(c.Path()) && !tooLong {
		return s.pageError(c, err)
	}
	return fiberErrorHandler(c, err)
}

func fiberErrorHandler(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
		err = haoban.Errorf(httpx.Code(status), "%s", httpx.PlainStatus(c.Method(), c.Path(), status))
	}
	body := errorBody(c.UserContext(), status, "unexpected error", err)
	if fe != nil && status < http.StatusInternalServerError {
		body.status = status // 408, 415 … keep their own status
	}
	for k, v := range body.GetHeaders() {
		c.Set(k, v[0])
	}
	return c.Status(body.status).JSON(body)
}
