package app_test

import (
	"context"
	"errors"
	"testing"

	"haoban"
	"haoban/app"
)

// addressLibrary answers every search with its list, and records what it
// was asked.
type addressLibrary struct {
	list  []haoban.Address
	err   error
	q     []string
	limit int
}

func (l *addressLibrary) SearchAddresses(_ context.Context, q string, limit int) ([]haoban.Address, error) {
	l.q, l.limit = append(l.q, q), limit
	return l.list, l.err
}

func TestAddresses(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		lib := &addressLibrary{list: []haoban.Address{{ID: 7, Address: "上海市浦东新区张杨路500号", District: "浦东新区"}}}
		list, err := app.Addresses(ctx, lib, "张杨")
		wantCode(t, err, "")
		if len(list) != 1 || list[0].ID != 7 || lib.q[0] != "张杨" || lib.limit != 10 {
			t.Fatalf("list %+v, asked %v with limit %d", list, lib.q, lib.limit)
		}
	})
	t.Run("NothingFoundIsAnEmptyList", func(t *testing.T) {
		// JSON shows [] rather than null to the page's script.
		list, err := app.Addresses(ctx, &addressLibrary{}, "火星")
		if err != nil || list == nil || len(list) != 0 {
			t.Fatalf("list %#v, %v", list, err)
		}
	})
	t.Run("ErrTooShort", func(t *testing.T) {
		// Two characters, not two bytes: one Chinese character is three bytes.
		for _, q := range []string{"", "a", "张"} {
			lib := &addressLibrary{}
			_, err := app.Addresses(ctx, lib, q)
			if field := wantCode(t, err, haoban.EINVALID); field != "query.q" || len(lib.q) != 0 {
				t.Fatalf("%q: field %q, searched %v", q, field, lib.q)
			}
		}
	})
	t.Run("ErrLibraryDown", func(t *testing.T) {
		down := errors.New("connection refused")
		_, err := app.Addresses(ctx, &addressLibrary{err: down}, "张杨")
		if !errors.Is(err, down) {
			t.Fatalf("error %v", err)
		}
	})
}
