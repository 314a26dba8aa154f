package httpx

import (
	"errors"
	"io"
	"net"
	"strings"
)

// Unavailable reports whether err says a service (PostgreSQL above all)
// could not be reached or dropped the connection (restarted, or its
// backends terminated), rather than refused the request: it may be tried
// again shortly. It reads what pgx's errors tell of themselves, without
// knowing the driver.
func Unavailable(err error) bool {
	var netErr net.Error
	var retry interface{ SafeToRetry() bool }
	var state interface{ SQLState() string }
	switch {
	case err == nil:
		return false
	case errors.As(err, &netErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &retry) && retry.SafeToRetry():
		return true
	case errors.As(err, &state):
		// 08: connection exception; 57P01–57P03: the server is shutting
		// down, was told to end this backend, or cannot connect now.
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03"
	}
	return strings.Contains(err.Error(), "conn closed")
}
