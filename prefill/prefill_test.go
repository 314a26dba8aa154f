package prefill_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/prefill"
)

type fixed struct {
	code   string
	values map[string]any
}

func (f fixed) Code() string { return f.code }

func (f fixed) Fill(context.Context, haoban.User) (map[string]prefill.Value, error) {
	out := map[string]prefill.Value{}
	for k, v := range f.values {
		out[k] = prefill.Value{Value: v, Source: f.code, AsOf: time.Unix(0, 0)}
	}
	return out, nil
}

func TestFormTakesTheFirstSourceThatKnows(t *testing.T) {
	b := demo.Newborn()
	fields, err := prefill.Form(context.Background(), b, haoban.User{ID: "zhang-wei"}, []prefill.Source{
		fixed{"population", map[string]any{"father.name": "张伟", "father.id_number": "31010419900307123X"}},
		fixed{"previous_cases", map[string]any{"father.name": "张三", "card.bank": "上海银行", "household.head": ""}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]prefill.FormField{}
	for _, f := range fields {
		got[f.Key] = f
	}
	if f := got["father.name"]; f.Value != "张伟" || f.Source != "population" || f.ToFill {
		t.Errorf("father.name = %+v, want the registry's value", f)
	}
	if f := got["card.bank"]; f.Value != "上海银行" || f.Source != "previous_cases" {
		t.Errorf("card.bank = %+v", f)
	}
	if f := got["household.head"]; !f.ToFill || f.Source != "" {
		t.Errorf("an empty source value should leave the field to fill: %+v", f)
	}
	if len(fields) != len(b.Fields()) {
		t.Fatalf("%d fields, want the bundle's %d", len(fields), len(b.Fields()))
	}
	if r := prefill.Ratio(fields); r != 3.0/float64(len(fields)) {
		t.Errorf("ratio = %v, want 3/%d", r, len(fields))
	}
}

func TestCompare(t *testing.T) {
	fields := []prefill.FormField{
		{Field: haoban.Field{Key: "a"}, Value: "x", Source: "population"},
		{Field: haoban.Field{Key: "b"}, Value: 1.0, Source: "enterprise"},
		{Field: haoban.Field{Key: "c"}, ToFill: true},
		{Field: haoban.Field{Key: "d"}, Value: "y", Source: "previous_cases"},
	}
	rec := prefill.Compare(fields, map[string]any{"a": "x", "b": 2.0, "c": "typed", "d": "y"})
	if rec.Ratio != 0.5 {
		t.Errorf("ratio = %v, want 2 of 4 kept", rec.Ratio)
	}
	if len(rec.Overrides) != 1 || rec.Overrides[0].Key != "b" || rec.Overrides[0].Prefilled != 1.0 || rec.Overrides[0].Submitted != 2.0 {
		t.Errorf("overrides = %+v", rec.Overrides)
	}
	if rec.Sources["a"] != "population" || rec.Sources["d"] != "previous_cases" || rec.Sources["b"] != "" {
		t.Errorf("sources = %v", rec.Sources)
	}
}
