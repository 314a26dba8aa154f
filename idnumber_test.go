package haoban_test

import (
	"testing"

	"haoban"
)

func TestValidIDNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"31010419900307123X", true},
		{"310115198811203215", true},
		{"310115198811203216", false}, // wrong check digit
		{"31010419900307123x", false}, // the check character is an upper-case X
		{"3101151988112032", false},
		{"31011519881120321A", false},
		{"", false},
	} {
		if got := haoban.ValidIDNumber(tc.in); got != tc.want {
			t.Errorf("ValidIDNumber(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestValidUSCC(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"91310115MA1K4ABCDD", true},
		{"91310104MA1FL5XX0C", true},
		{"91310104MA1FL5XX0D", false},
		{"91310104MA1FL5XI0C", false}, // I is not in the alphabet
		{"91310104MA1FL5XX0", false},
	} {
		if got := haoban.ValidUSCC(tc.in); got != tc.want {
			t.Errorf("ValidUSCC(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCheckCharsRoundTrip(t *testing.T) {
	id := "31010619850615402"
	if full := id + string(haoban.IDCheckChar(id)); !haoban.ValidIDNumber(full) {
		t.Errorf("IDCheckChar made %s, which does not validate", full)
	}
	code := "91310115MA1K4ABCD"
	if full := code + string(haoban.USCCCheckChar(code)); !haoban.ValidUSCC(full) {
		t.Errorf("USCCCheckChar made %s, which does not validate", full)
	}
}
