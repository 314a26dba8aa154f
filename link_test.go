package haoban_test

import (
	"testing"

	"haoban"
)

func TestLinkRuleHandling(t *testing.T) {
	food := haoban.LinkRule{LicenceType: "food-licence", Fields: map[string]string{"enterprise.name": haoban.LinkAuto,
		"premises.address": haoban.LinkReview, "enterprise.scope": haoban.LinkNone}}
	for name, c := range map[string]struct {
		changed []string
		want    string
	}{
		"AutoForName":          {[]string{"enterprise.name"}, haoban.LinkAuto},
		"ReviewWinsOverAuto":   {[]string{"enterprise.name", "premises.address"}, haoban.LinkReview},
		"NoneForUnembedded":    {[]string{"legal_rep.phone"}, haoban.LinkNone},
		"NoneWhenMarkedNone":   {[]string{"enterprise.scope"}, haoban.LinkNone},
		"NoneWhenNothingMoved": {nil, haoban.LinkNone},
	} {
		t.Run(name, func(t *testing.T) {
			if got := food.Handling(c.changed); got != c.want {
				t.Errorf("Handling(%v) = %s, want %s", c.changed, got, c.want)
			}
		})
	}
	t.Run("ErrUnknownHandling", func(t *testing.T) {
		bad := haoban.LinkRule{LicenceType: "x", Fields: map[string]string{"enterprise.name": "later"}}
		if haoban.ErrorCode(bad.Validate()) != haoban.EUNPROCESSABLE {
			t.Errorf("Validate = %v", bad.Validate())
		}
	})
}
