package app

import (
	"context"
	"testing"

	"haoban"
	"haoban/demo"
)

type glossaryStore struct{ lookups int }

func (*glossaryStore) ListBundles(context.Context) ([]haoban.Bundle, error) {
	return demo.Bundles(), nil
}
func (*glossaryStore) ListUsers(context.Context) ([]haoban.User, error) { return demo.Users(), nil }
func (g *glossaryStore) FindDepartment(_ context.Context, code string) (haoban.Department, error) {
	g.lookups++
	for _, d := range demo.Departments() {
		if d.Code == code {
			return d, nil
		}
	}
	return haoban.Department{}, haoban.Errorf(haoban.ENOTFOUND, "没有这个部门")
}

func TestGlossaryNamesCodes(t *testing.T) {
	st := &glossaryStore{}
	g := (&Glossaries{Store: st}).For(context.Background())
	for _, c := range []struct{ got, want string }{
		{g.Bundle("open-restaurant"), "开办餐饮店"},
		{g.Item("business-licence"), demo.OpenRestaurant().Items[0].Name},
		{g.Department("samr"), "市场监督管理局"},
		{g.Department("samr"), "市场监督管理局"},
		{g.Department("nowhere"), "—"},
		{g.Field("child.name"), "新生儿姓名"},
		{g.Licence("birth-certificate"), "出生医学证明"},
		{g.User("li-na"), "李娜（上海好味餐饮有限公司法定代表人）"},
		{g.User("system"), "系统自动"},
		{g.User("(system)"), "系统自动"},
		{g.User(""), "系统自动"},
		{g.User("nobody"), "—"},
		{g.Material("no-such-material"), "—"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if st.lookups != 2 {
		t.Errorf("%d department look-ups for two departments", st.lookups)
	}
	m := demo.OpenRestaurant().Items[0].Materials[0]
	if got := g.Material(m.Code); got != m.Name {
		t.Errorf("material %s: %q", m.Code, got)
	}
}
