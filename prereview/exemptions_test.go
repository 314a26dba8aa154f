package prereview_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/prefill"
	"haoban/prereview"
)

// source fills values, each naming the registry it came from.
type source map[string]prefill.Value

func (source) Code() string { return "population" }
func (s source) Fill(context.Context, haoban.User) (map[string]prefill.Value, error) {
	return s, nil
}

func TestRegistryAndLicenceExemptions(t *testing.T) {
	day := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	b := haoban.Bundle{Code: "b", Items: []haoban.Item{{Code: "i", Materials: []haoban.Material{
		{Code: "hukou-book", Registry: "population"},
		{Code: "marriage", Registry: "marriage"},
		{Code: "licence-copy", Licence: "business-licence"},
		{Code: "lease"},
	}}}}
	registered, err := prereview.Registered(context.Background(), applicant,
		[]prefill.Source{source{"person.name": {Value: "张伟", Source: "population"}}})
	if err != nil || !registered["population"] || registered["marriage"] {
		t.Fatalf("registered = %v, %v", registered, err)
	}
	held := []haoban.Licence{{Type: "business-licence", Status: haoban.LicenceValid, ValidFrom: day.AddDate(-1, 0, 0)}}
	got := prereview.Exempted(b, held, registered, day)
	if !slices.Equal(got, []string{"hukou-book", "licence-copy"}) {
		t.Fatalf("exempted = %v, want the registry's and the licence's", got)
	}
	if got := prereview.Exempted(b, nil, nil, day); len(got) != 0 {
		t.Fatalf("with no records and no licences, exempted = %v", got)
	}
}

var applicant = haoban.User{ID: "zhang-wei", IDNumber: "31010419900307123X"}
