package catalogue_test

import (
	"testing"

	"haoban"
	"haoban/catalogue"
)

func TestDiffNamesItemsFieldsAndMaterialsByCode(t *testing.T) {
	before := haoban.Bundle{Code: "b", Name: "一件事", PromisedDays: 5, Version: 1, Items: []haoban.Item{
		{Code: "a", Name: "甲", Department: "samr", PromisedDays: 2, LegalDays: 5,
			Fields: []haoban.Field{{Key: "x", Label: "名称", Type: haoban.FieldText}}},
		{Code: "c", Name: "丙", Department: "fire", PromisedDays: 2, LegalDays: 5, DependsOn: []string{"a"}},
	}}
	after := before
	after.Version = 2
	after.Items = []haoban.Item{before.Items[1], before.Items[0]}
	after.Items[1].Fields = []haoban.Field{{Key: "x", Label: "企业名称", Type: haoban.FieldText}}
	after.Items[0].PromisedDays = 3

	got := catalogue.Diff(before, after)
	want := []haoban.Change{
		{Path: "items[a].fields[x].label", Before: "名称", After: "企业名称"},
		{Path: "items[c].promised_days", Before: "2", After: "3"},
	}
	if len(got) != len(want) {
		t.Fatalf("Diff = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if catalogue.ItemOf(got[0].Path) != "a" || catalogue.ItemOf("name") != "" {
		t.Errorf("ItemOf read the wrong item")
	}
}

func TestDiffOfAnAddedItemListsItsLeaves(t *testing.T) {
	before := haoban.Bundle{Code: "b", Name: "一件事", PromisedDays: 5}
	after := before
	after.Items = []haoban.Item{{Code: "n", Name: "新", Department: "water", PromisedDays: 1, LegalDays: 1}}
	got := catalogue.Diff(before, after)
	if len(got) == 0 {
		t.Fatal("adding an item changed nothing")
	}
	for _, c := range got {
		if catalogue.ItemOf(c.Path) != "n" || c.Before != "" {
			t.Errorf("change %+v is not an addition inside item n", c)
		}
	}
	if len(catalogue.Diff(after, after)) != 0 {
		t.Error("a bundle differs from itself")
	}
}
