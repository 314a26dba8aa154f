package haoban_test

import (
	"slices"
	"testing"

	"haoban"
	"haoban/demo"
)

func TestBundleValidate(t *testing.T) {
	for _, b := range demo.Bundles() {
		if err := b.Validate(); err != nil {
			t.Errorf("demo bundle %s: %v", b.Code, err)
		}
	}
	item := func(code string, deps ...string) haoban.Item {
		return haoban.Item{Code: code, Department: "samr", DependsOn: deps, PromisedDays: 1, LegalDays: 1}
	}
	for name, b := range map[string]haoban.Bundle{
		"ErrCycle":      {Code: "x", Items: []haoban.Item{item("a", "c"), item("b", "a"), item("c", "b")}},
		"ErrUnknownDep": {Code: "x", Items: []haoban.Item{item("a", "zz")}},
		"ErrDuplicate":  {Code: "x", Items: []haoban.Item{item("a"), item("a")}},
		"ErrNoItems":    {Code: "x"},
		"ErrReminder":   {Code: "x", Items: []haoban.Item{{Code: "a", Department: "samr", PromisedDays: 1, LegalDays: 1, Reminders: []string{"half"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if err := b.Validate(); haoban.ErrorCode(err) != haoban.EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
		})
	}
}

func TestBundleDependents(t *testing.T) {
	b := demo.Newborn()
	got := b.Dependents("birth-certificate")
	want := []string{"hukou", "social-card", "medical-insurance"}
	if !slices.Equal(got, want) {
		t.Fatalf("Dependents(birth-certificate) = %v, want %v", got, want)
	}
	if got := b.Dependents("social-card"); len(got) != 0 {
		t.Fatalf("Dependents(social-card) = %v, want none", got)
	}
}

func TestBundleFieldsUnion(t *testing.T) {
	fields := demo.OpenRestaurant().Fields()
	count := 0
	for _, f := range fields {
		if f.Key == "premises.area" {
			count++
		}
	}
	if count != 1 {
		t.Fatalf("premises.area appears %d times in the one form, want once", count)
	}
}

func TestValidateForm(t *testing.T) {
	b := demo.Newborn()
	t.Run("OK", func(t *testing.T) {
		if err := b.ValidateForm(demo.NewbornForm()); err != nil {
			t.Fatalf("ValidateForm(demo form) = %v", err)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		form := demo.NewbornForm()
		delete(form, "child.name")
		form["mother.id_number"] = "310104199003071234"
		form["child.sex"] = "未知"
		form["nickname"] = "x"
		err := b.ValidateForm(form)
		if haoban.ErrorCode(err) != haoban.EUNPROCESSABLE {
			t.Fatalf("code = %s, want EUNPROCESSABLE", haoban.ErrorCode(err))
		}
		var fields []string
		for _, d := range haoban.ErrorDetails(err) {
			fields = append(fields, d.Field)
		}
		want := []string{"form.child.name", "form.child.sex", "form.mother.id_number", "form.nickname"}
		if !slices.Equal(fields, want) {
			t.Fatalf("fields = %v, want %v", fields, want)
		}
	})
}

func TestDemoUsers(t *testing.T) {
	for _, u := range demo.Users() {
		if u.IDNumber != "" && !haoban.ValidIDNumber(u.IDNumber) {
			t.Errorf("demo user %s has an invalid ID number %s", u.ID, u.IDNumber)
		}
	}
}
