package haoban

import (
	"encoding/base64"
	"encoding/json"
)

// Lists are read a page at a time, keyset on their sort key: the cursor
// names the last row of the page before, so a row added or removed while
// someone pages never makes another row appear twice or vanish.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// PageRequest asks for the page after Cursor ("" for the first).
type PageRequest struct {
	Limit  int
	Cursor string
}

// Size is the page size asked for, within bounds.
func (p PageRequest) Size() int {
	if p.Limit <= 0 {
		return DefaultPageSize
	}
	return min(p.Limit, MaxPageSize)
}

// EncodeCursor makes an opaque cursor of a row's sort key.
func EncodeCursor(key any) string {
	raw, err := json.Marshal(key)
	if err != nil {
		panic("haoban: cursor key does not encode: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

// DecodeCursor reads a cursor back into key; a cursor that is not one of
// ours is the client's error, named by its query parameter.
func DecodeCursor(cursor string, key any) error {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(raw, key)
	}
	if err != nil {
		return FieldErrorf(EINVALID, "query.cursor", "翻页标记无效：请从第一页重新开始")
	}
	return nil
}
