package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/logging"
)

// ErrorBody is every error response: {"error":{"code","message"},"request_id"}.
type ErrorBody struct {
	Info      ErrorInfo `json:"error"`
	RequestID string    `json:"request_id"`
	status    int
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
			body.status = statusOf(appErr.Code)
			body.Info = ErrorInfo{Code: appErr.Code, Message: appErr.Message, Field: appErr.Field, Details: appErr.Details}
			return body
		}
	}
	body.status = status
	body.Info = ErrorInfo{Code: codeOf(status), Message: msg}
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
	if len(body.Info.Details) > 0 {
		body.Info.Field = body.Info.Details[0].Field
		body.Info.Message = msg + ": " + body.Info.Details[0].Field + " " + body.Info.Details[0].Message
	}
	return body
}

// fieldOf names the field a validation error is about: huma reports a
// missing property at its parent ("body"), a client wants "body.bundle".
func fieldOf(d *huma.ErrorDetail) string {
	if name, ok := strings.CutPrefix(d.Message, "expected required property "); ok {
		if name, ok = strings.CutSuffix(name, " to be present"); ok {
			return d.Location + "." + name
		}
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
	if isPage(c.Path()) {
		status := statusOf(haoban.ErrorCode(err))
		var fe *fiber.Error
		if errors.As(err, &fe) {
			status = fe.Code
		}
		body := errorBody(c.UserContext(), status, "unexpected error", err)
		if status == http.StatusNotFound && body.Info.Code == haoban.ENOTFOUND && haoban.ErrorCode(err) != haoban.ENOTFOUND {
			body.Info.Message = "页面不存在"
		}
		return s.render(c.Status(body.status), "error", pageData{Title: "出错了", Error: body.Info.Message + "（请求编号 " + body.RequestID + "）"})
	}
	return fiberErrorHandler(c, err)
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
		err = haoban.Errorf(codeOf(status), "%s", fe.Message)
		if status == http.StatusNotFound {
			err = haoban.Errorf(haoban.ENOTFOUND, "没有这个接口：%s %s", c.Method(), c.Path())
		}
	}
	body := errorBody(c.UserContext(), status, "unexpected error", err)
	return c.Status(body.status).JSON(body)
}

// fromTemporal translates the errors of Temporal calls into application
// errors: an update's refusal carries our code as its type.
func fromTemporal(err error) error {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case err == nil:
		return nil
	case errors.As(err, &appErr) && statusOf(appErr.Type()) != http.StatusInternalServerError:
		return haoban.Errorf(appErr.Type(), "%s", appErr.Message())
	case errors.As(err, &notFound):
		return haoban.Errorf(haoban.ECONFLICT, "办件已办结，不能再办理")
	case errors.As(err, &started):
		return haoban.Errorf(haoban.ECONFLICT, "办件已在办理中")
	}
	return err
}
