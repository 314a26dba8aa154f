package haoban_test

import (
	"testing"

	"haoban"
)

func TestMaskPersonal(t *testing.T) {
	for in, want := range map[string]string{
		"310115199001013215": "310115********3215",
		"31011519900101321X": "310115********321X",
		"310115900101321":    "310115*****1321",
		"13812345678":        "138****5678",
		"91310115MA1K4ABCDD": "91310115MA1K4ABCDD", // a credit code is public
		"上海好味餐饮有限公司":         "上海好味餐饮有限公司",
		"":                   "",
	} {
		if got := haoban.MaskPersonal(in); got != want {
			t.Errorf("MaskPersonal(%q) = %q, want %q", in, got, want)
		}
	}
	l := haoban.Licence{Holder: "310115199001013215", Fields: map[string]any{
		"legal_rep.id_number": "310115199001013215", "food.safety_manager_id": "310104198505052417", "premises.area": 120.0}}
	m := l.Masked()
	if m.Holder != "310115********3215" || m.Fields["food.safety_manager_id"] != "310104********2417" || m.Fields["premises.area"] != 120.0 {
		t.Fatalf("masked = %+v", m)
	}
	if l.Fields["legal_rep.id_number"] != "310115199001013215" {
		t.Fatal("masking changed the licence it was given")
	}
}
