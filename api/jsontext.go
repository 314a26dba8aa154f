package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// badJSONText returns the offset of the first text in a JSON document that
// PostgreSQL cannot store: bytes that are not UTF-8 (encoding/json would
// quietly replace them) or a \u0000 escape. It is -1 when there is none.
func badJSONText(body []byte) int {
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		if body[i] == '\\' && i+1 < len(body) {
			if body[i+1] == 'u' && bytes.Equal(body[i+2:min(i+6, len(body))], []byte("0000")) {
				return i
			}
			i += 2 // an escaped character, a backslash included
			continue
		}
		i += size
	}
	return -1
}

// jsonPathAt names the member of a JSON document that holds the byte at
// offset, as "body.form.enterprise.name" or "body.missing[0].reason"; a
// document it cannot read is just "body".
func jsonPathAt(body []byte, offset int) string {
	type level struct {
		object    bool
		key       string
		index     int
		expectKey bool
	}
	var stack []*level
	path := func() string {
		p := "body"
		for _, l := range stack {
			if l.object {
				p += "." + l.key
			} else {
				p += "[" + strconv.Itoa(l.index) + "]"
			}
		}
		return p
	}
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].expectKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		end := int(dec.InputOffset())
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				stack = append(stack, &level{object: v == '{', expectKey: v == '{'})
				continue
			}
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
				stack[n-1].key, stack[n-1].expectKey = v, false
				if offset < end {
					return path()
				}
				continue
			}
		}
		if offset < end {
			return path()
		}
		valueDone()
	}
}
