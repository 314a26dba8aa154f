// Package httpx is what the JSON API and the web pages share at the HTTP
// edge: the one mapping between error codes and statuses, which paths are
// pages, request IDs, and the words for the statuses the server chooses.
package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"haoban"
)

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

// Status returns the HTTP status of an error code.
func Status(code string) int {
	for _, s := range statuses {
		if s.code == code {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// Code returns the code of a status that a library chose; the client
// errors without a code of their own are EINVALID.
func Code(status int) string {
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

// RetryHeaders says when a refusal for too many attempts ends.
func RetryHeaders(err error) http.Header {
	var e *haoban.Error
	if !errors.As(err, &e) || e.Code != haoban.ERATELIMIT {
		return nil
	}
	return http.Header{"Retry-After": {RetrySeconds(e.RetryAfter)}}
}

// RetrySeconds is a Retry-After value: whole seconds, at least one.
func RetrySeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}

// IsPage reports whether a path is a web page rather than the API.
func IsPage(path string) bool {
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics", "/openapi", "/schemas", "/static/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// NewRequestID keeps a caller's X-Request-ID when it is plain, so a request
// can be traced across services, and makes one otherwise.
func NewRequestID(given string) string {
	if n := len(given); n > 0 && n <= 64 && strings.IndexFunc(given, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return given
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// PlainStatus says in plain words what a status the server chose means;
// the server's own text (a parser's, a library's) is never shown.
func PlainStatus(method, path string, status int) string {
	switch status {
	case http.StatusNotFound:
		return fmt.Sprintf("没有这个接口：%s %s", method, strings.ToValidUTF8(path, "?"))
	case http.StatusMethodNotAllowed:
		return fmt.Sprintf("此地址不支持 %s 请求", method)
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
