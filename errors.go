package haoban

import (
	"errors"
	"fmt"
	"time"
)

// Error codes a client can act on. They are mapped to HTTP statuses in one
// place, the API's error handler.
const (
	ECONFLICT      = "ECONFLICT"
	EFORBIDDEN     = "EFORBIDDEN"
	EINTERNAL      = "EINTERNAL"
	EINVALID       = "EINVALID"
	ENOTFOUND      = "ENOTFOUND"
	EUNAUTHORIZED  = "EUNAUTHORIZED"
	EUNPROCESSABLE = "EUNPROCESSABLE"
	EUNAVAILABLE   = "EUNAVAILABLE"
	// EMETHOD: the resource exists, not with this method.
	EMETHOD = "EMETHOD"
	// ETOOLARGE: the body is over its limit; EHEADERTOOLARGE: the address
	// or the headers are.
	ETOOLARGE       = "ETOOLARGE"
	EHEADERTOOLARGE = "EHEADERTOOLARGE"
	// ERATELIMIT: too many failed attempts; retry after the time given.
	ERATELIMIT = "ERATELIMIT"
)

// Error is the one application error: a code for machines and a message for
// people. Field names the offending input, when there is one.
type Error struct {
	Code    string
	Message string
	Field   string
	Details []ErrorDetail
	// RetryAfter says when an ERATELIMIT refusal ends.
	RetryAfter time.Duration
}

// ErrorDetail is one problem with one input field, so that a client can
// show every problem at once.
type ErrorDetail struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("haoban error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("haoban error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about one input field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL for any
// other error, so that unexpected failures never leak their text.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an application error, or a generic
// message for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误，请稍后重试"
}

// ErrorDetails returns the per-field problems of an application error.
func ErrorDetails(err error) []ErrorDetail {
	var e *Error
	if errors.As(err, &e) {
		return e.Details
	}
	return nil
}

// ErrorField returns the field an application error is about, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// IsCode reports whether code is one of the error model's codes.
func IsCode(code string) bool {
	switch code {
	case ECONFLICT, EFORBIDDEN, EINTERNAL, EINVALID, ENOTFOUND, EUNAUTHORIZED, EUNPROCESSABLE, EUNAVAILABLE,
		EMETHOD, ETOOLARGE, EHEADERTOOLARGE, ERATELIMIT:
		return true
	}
	return false
}
