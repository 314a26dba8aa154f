package haoban_test

import (
	"fmt"
	"strings"
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

// FuzzIDNumber: any 17 digits with their check character validate, and
// changing any one of the 17 digits breaks the check (mod 11 with weights
// that are never 0 mod 11 catches every single-digit error).
func FuzzIDNumber(f *testing.F) {
	f.Add(uint64(31010419900307123))
	f.Fuzz(func(t *testing.T, n uint64) {
		first17 := fmt.Sprintf("%017d", n%100_000_000_000_000_000)
		id := first17 + string(haoban.IDCheckChar(first17))
		if !haoban.ValidIDNumber(id) {
			t.Fatalf("%s does not validate", id)
		}
		for p := 0; p < 17; p++ {
			b := []byte(id)
			b[p] = '0' + (b[p]-'0'+1)%10
			if haoban.ValidIDNumber(string(b)) {
				t.Fatalf("%s with digit %d changed still validates", id, p)
			}
		}
	})
}

// FuzzUSCC: 17 characters of the alphabet with their check character
// validate; characters outside the alphabet never do.
func FuzzUSCC(f *testing.F) {
	f.Add("91310115MA1K4ABCD")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) != 17 {
			return
		}
		c := haoban.USCCCheckChar(s)
		valid := c != 0
		for i := 0; i < 17; i++ {
			if !strings.ContainsRune("0123456789ABCDEFGHJKLMNPQRTUWXY", rune(s[i])) {
				valid = false
			}
		}
		if valid != haoban.ValidUSCC(s+string(c)) {
			t.Fatalf("%q + %q: ValidUSCC = %v, want %v", s, c, !valid, valid)
		}
	})
}
