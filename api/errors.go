package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/logging"
	"haoban/postgres"
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
	return http.Header{"Retry-After": {retrySeconds(e.retry)}}
}

// retrySeconds is a Retry-After value: whole seconds, at least one.
func retrySeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}

// statuses is the one mapping between error codes and HTTP statuses.
var statuses = []struct {
	code   string
	status int
}{
	{haoban.EINVALID, http.StatusBadRequest},
	{haoban.EUNAUTHORIZED, http.StatusUnauthorized},
	{haoban.EFORBIDDEN, http.StatusForbidden},
	{haoban.ENOTFOUND, http.StatusNotFound},
	{haoban.ECONFLICT, http.StatusConflict},
	{haoban.EUNPROCESSABLE, http.StatusUnprocessableEntity},
	{haoban.EUNAVAILABLE, http.StatusServiceUnavailable},
	{haoban.EMETHOD, http.StatusMethodNotAllowed},
	{haoban.ETOOLARGE, http.StatusRequestEntityTooLarge},
	{haoban.EHEADERTOOLARGE, http.StatusRequestHeaderFieldsTooLarge},
	{haoban.ERATELIMIT, http.StatusTooManyRequests},
}

// statusOf returns the HTTP status of an error code.
func statusOf(code string) int {
	for _, s := range statuses {
		if s.code == code {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// codeOf returns the code of a status that huma or Fiber chose; the client
// errors without a code of their own are EINVALID.
func codeOf(status int) string {
	for _, s := range statuses {
		if s.status == status {
			return s.code
		}
	}
	if status >= 400 && status < 500 {
		return haoban.EINVALID
	}
	return haoban.EINTERNAL
}

// errorBody turns any error into the response a client sees. Application
// errors keep their code and message; anything else is logged with the
// request ID and answered with a generic message.
func errorBody(ctx context.Context, status int, msg string, errs ...error) *ErrorBody {
	body := &ErrorBody{RequestID: logging.RequestID(ctx)}
	for _, err := range errs {
		var appErr *haoban.Error
		if errors.As(err, &appErr) {
			body.status, body.retry = statusOf(appErr.Code), appErr.RetryAfter
			body.Info = ErrorInfo{Code: appErr.Code, Message: appErr.Message, Field: appErr.Field, Details: appErr.Details}
			return body
		}
	}
	body.status = status
	body.Info = ErrorInfo{Code: codeOf(status), Message: msg}
	for _, err := range errs {
		if postgres.Unavailable(err) {
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
	if name, ok := strings.CutPrefix(d.Message, requiredPrefix); ok {
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
// routes, panics, the streaming endpoints) in the same shape, and the web
// pages' errors as a page.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	if len(c.Response().Header.Peek("X-Request-ID")) == 0 {
		// The server refused the request before any middleware ran (a
		// header too large, a body it could not read): it still gets an ID.
		id := newRequestID("")
		c.Set("X-Request-ID", id)
		c.SetUserContext(logging.WithRequestID(c.UserContext(), id))
	}
	var fe *fiber.Error
	if !isPage(c.Path()) || (errors.As(err, &fe) && fe.Code == http.StatusRequestHeaderFieldsTooLarge) {
		// A request line too long to read has no path to tell a page by.
		return fiberErrorHandler(c, err)
	}
	status := statusOf(haoban.ErrorCode(err))
	if fe != nil {
		status = fe.Code
		err = haoban.Errorf(codeOf(status), "%s", plainStatus(c, status))
		if status == http.StatusNotFound {
			err = haoban.Errorf(haoban.ENOTFOUND, "页面不存在")
		}
	}
	body := errorBody(c.UserContext(), status, "unexpected error", err)
	if fe != nil && status < http.StatusInternalServerError {
		body.status = status
	}
	for k, v := range body.GetHeaders() {
		c.Set(k, v[0])
	}
	return s.render(c.Status(body.status), "error", pageData{Title: "出错了", Error: body.Info.Message + "（请求编号 " + body.RequestID + "）"})
}

// isPage reports whether a path is a web page rather than the API.
func isPage(path string) bool {
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics", "/openapi", "/schemas", "/static/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

func fiberErrorHandler(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
		err = haoban.Errorf(codeOf(status), "%s", plainStatus(c, status))
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

// plainStatus says in plain words what a status the server chose means;
// the server's own text (a parser's, a library's) is never shown.
func plainStatus(c *fiber.Ctx, status int) string {
	switch status {
	case http.StatusNotFound:
		return fmt.Sprintf("没有这个接口：%s %s", c.Method(), strings.ToValidUTF8(c.Path(), "?"))
	case http.StatusMethodNotAllowed:
		return fmt.Sprintf("此地址不支持 %s 请求", c.Method())
	case http.StatusRequestHeaderFieldsTooLarge:
		return "请求的地址或请求头过长"
	case http.StatusRequestEntityTooLarge:
		return "请求体过大"
	case http.StatusRequestTimeout:
		return "请求超时，请重试"
	case http.StatusUnsupportedMediaType:
		return "不支持的请求体格式"
	}
	return "请求格式有误"
}

// fromTemporal translates the errors of Temporal calls into application
// errors: an update's refusal carries our code as its type.
func fromTemporal(err error) error {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	var unavailable *serviceerror.Unavailable
	switch {
	case err == nil:
		return nil
	case errors.As(err, &unavailable):
		return haoban.Errorf(haoban.EUNAVAILABLE, "流程服务暂时不可用，请稍后重试")
	case errors.As(err, &appErr) && statusOf(appErr.Type()) != http.StatusInternalServerError:
		return haoban.Errorf(appErr.Type(), "%s", appErr.Message())
	case errors.As(err, &notFound):
		return haoban.Errorf(haoban.ECONFLICT, "办件已办结，不能再办理")
	case errors.As(err, &started):
		return haoban.Errorf(haoban.ECONFLICT, "办件已在办理中")
	}
	return err
}
