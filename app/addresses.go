package app

import (
	"context"
	"unicode/utf8"

	"haoban"
)

// AddressBook is the standard address library (常用地址库).
type AddressBook interface {
	AddressIDs(ctx context.Context, addresses []string) (map[string]int64, error)
}

// addressIDs finds the address library's ID of each address field in a
// form: an address the library does not hold, or a cleared field, is null,
// which removes an earlier ID.
func addressIDs(ctx context.Context, book AddressBook, b haoban.Bundle, form map[string]any) (map[string]any, error) {
	keys, texts := []string{}, []string{}
	for _, f := range b.Fields() {
		if v, ok := form[f.Key]; ok && f.Type == haoban.FieldAddress {
			text, _ := v.(string)
			keys, texts = append(keys, f.Key), append(texts, text)
		}
	}
	out := map[string]any{}
	if len(keys) == 0 {
		return out, nil
	}
	found, err := book.AddressIDs(ctx, texts)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		out[k] = nil
		if id, ok := found[texts[i]]; ok {
			out[k] = id
		}
	}
	return out, nil
}

// AddressSearch looks addresses up as people type them.
type AddressSearch interface {
	SearchAddresses(ctx context.Context, q string, limit int) ([]haoban.Address, error)
}

// Addresses searches the standard address library: at least two
// characters, the closest ten first.
func Addresses(ctx context.Context, s AddressSearch, q string) ([]haoban.Address, error) {
	if utf8.RuneCountInString(q) < 2 {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "query.q", "请至少输入 2 个字")
	}
	list, err := s.SearchAddresses(ctx, q, 10)
	if list == nil {
		list = []haoban.Address{}
	}
	return list, err
}
