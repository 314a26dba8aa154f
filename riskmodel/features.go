package riskmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Application is what a live case shows of itself, for FeaturesOf.
type Application struct {
	Form         map[string]any
	Materials    []string // codes uploaded or exempted by an e-licence
	PrefillRatio float64  // -1: not measured
	AddressIDs   map[string]int64
	Previous     int // the applicant's earlier cases of the same bundle
	SubmittedAt  time.Time
}

// FeaturesOf derives an item's model features from a live application.
// Features the application cannot tell (an OCR confidence, a registry
// check not yet made) are left out: the model takes its training mean for
// them, so they move the risk neither way.
func FeaturesOf(item string, a Application) map[string]float64 {
	f := map[string]float64{}
	has := func(code string) float64 { return flagOf(slices.Contains(a.Materials, code)) }
	if a.PrefillRatio >= 0 {
		f["prefill_ratio"] = a.PrefillRatio
	}
	inLibrary := func(key string) {
		if _, ok := a.Form[key]; ok {
			f["address_in_library"] = flagOf(a.AddressIDs[key] != 0)
		}
	}
	num := func(name, key string) {
		if v, ok := number(a.Form[key]); ok {
			f[name] = v
		}
	}
	switch item {
	case "business-licence":
		num("capital", "enterprise.capital")
		if s, ok := a.Form["enterprise.scope"].(string); ok {
			f["scope_length"] = float64(utf8.RuneCountInString(s))
		}
		if s, ok := a.Form["enterprise.shareholders"].(string); ok && s != "" {
			f["shareholders"] = float64(len(strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' })))
		}
		inLibrary("enterprise.address")
	case "food-licence":
		num("premises_area", "premises.area")
		num("staff", "food.staff")
		if list, ok := a.Form["food.categories"].([]any); ok {
			f["categories"] = float64(len(list))
		}
		f["has_layout"] = has("layout")
		f["manager_has_cert"] = has("food-manager-proof")
		f["first_application"] = flagOf(a.Previous == 0)
	case "fire-check":
		num("area", "premises.area")
		num("floors", "venue.floors")
		num("max_occupancy", "venue.max_occupancy")
		num("exits", "venue.exits")
		if f["exits"] > 0 {
			f["occupancy_per_exit"] = f["max_occupancy"] / f["exits"]
		}
		f["has_floor_plan"] = has("floor-plan")
		if list, ok := a.Form["venue.fire_facilities"].([]any); ok {
			f["sprinklers"] = flagOf(slices.Contains(list, any("自动喷水灭火系统")))
		}
	case "signage":
		if w, h, ok := size(a.Form["sign.size"]); ok {
			f["sign_area"] = w * h
		}
		if b, ok := a.Form["sign.lighting"].(bool); ok {
			f["lighting"] = flagOf(b)
		}
		f["has_design"] = has("sign-design")
	case "drainage":
		num("volume", "drainage.volume")
		if b, ok := a.Form["drainage.grease_trap"].(bool); ok {
			f["grease_trap"] = flagOf(b)
		}
		f["has_trap_proof"] = has("grease-trap-proof")
	case "birth-certificate", "hukou", "medical-insurance":
		if born, err := time.Parse("2006-01-02 15:04", fmt.Sprint(a.Form["child.birth_time"])); err == nil && !a.SubmittedAt.IsZero() {
			f["days_since_birth"] = a.SubmittedAt.Sub(born).Hours() / 24
		}
		inLibrary("household.address")
	case "social-card":
		inLibrary("card.mailing_address")
	}
	return f
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		n, err := strconv.ParseFloat(x, 64)
		return n, err == nil
	}
	return 0, false
}

// size reads "宽×高" in metres.
func size(v any) (w, h float64, ok bool) {
	s, _ := v.(string)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '×' || r == 'x' || r == 'X' || r == '*' })
	if len(parts) != 2 {
		return 0, 0, false
	}
	w, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	h, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	return w, h, err1 == nil && err2 == nil
}

func flagOf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// labels name the features in the reviewer's words.
var labels = map[string]string{
	"capital": "注册资本", "scope_length": "经营范围字数", "prefill_ratio": "预填比例", "address_in_library": "地址在标准地址库中",
	"shareholders": "股东人数", "id_ocr_confidence": "身份证件识别置信度", "premises_area": "经营场所面积", "staff": "从业人员数",
	"categories": "经营项目数", "has_layout": "已上传设备布局图", "first_application": "首次申请", "manager_has_cert": "食品安全管理人员持证",
	"area": "场所面积", "floors": "楼层数", "max_occupancy": "最大容纳人数", "exits": "安全出口数", "occupancy_per_exit": "每个出口容纳人数",
	"has_floor_plan": "已上传平面布置图", "sprinklers": "设有自动喷水灭火系统", "sign_area": "招牌面积", "mount_height": "招牌安装高度",
	"lighting": "招牌有照明", "has_design": "已上传招牌效果图", "on_main_road": "位于主干道", "volume": "日排水量",
	"grease_trap": "设有隔油设施", "has_trap_proof": "已上传隔油设施证明", "in_registry": "已在排水户名录中",
	"days_since_birth": "出生后天数", "hospital_record": "有医院出生记录", "father_id_verified": "父亲身份已核验",
	"marriage_record": "有婚姻登记记录", "rare_char": "姓名含生僻字", "relation_is_parent": "户主为父母",
	"parents_same_district": "父母户籍同区", "has_photo": "已上传照片", "guardian_verified": "监护人已核验",
	"start_gap_days": "出生至参保起始天数", "payer_is_parent": "缴费人为父母", "payer_insured": "缴费人已参保", "hukou_local": "本市户籍",
}

// Label is a feature's name in Chinese, or the feature itself.
func Label(feature string) string {
	if l, ok := labels[feature]; ok {
		return l
	}
	return feature
}

// flags are the features that are yes (1) or no (0).
var flags = map[string]bool{
	"address_in_library": true, "has_layout": true, "manager_has_cert": true, "first_application": true,
	"has_floor_plan": true, "sprinklers": true, "lighting": true, "has_design": true, "on_main_road": true,
	"grease_trap": true, "has_trap_proof": true, "in_registry": true, "hospital_record": true,
	"father_id_verified": true, "marriage_record": true, "rare_char": true, "relation_is_parent": true,
	"parents_same_district": true, "has_photo": true, "guardian_verified": true, "payer_is_parent": true,
	"payer_insured": true, "hukou_local": true,
}

// Flag reports whether a feature is a yes-or-no one, so that it reads as 是 or 否.
func Flag(feature string) bool { return flags[feature] }
