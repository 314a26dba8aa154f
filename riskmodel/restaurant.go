package riskmodel

import (
	"math"
	"math/rand/v2"
)

// restaurantSpecs are the items of the open-restaurant bundle (开办餐饮店).
// Features are what the application form, its uploads and the registry
// prefill show; ratios are shares in [0, 1] and flags are 0 or 1.
var restaurantSpecs = map[string]spec{
	"business-licence": {
		draw: func(r *rand.Rand) map[string]float64 {
			return map[string]float64{
				"capital":            round(lognormal(r, 50, 1, 1, 5000), 1), // 万元
				"scope_length":       math.Round(lognormal(r, 80, 0.6, 10, 600)),
				"prefill_ratio":      share(r, 0.65, 0.2),
				"address_in_library": flag(r, 0.85),
				"shareholders":       math.Min(6, 1+math.Floor(1.2*r.ExpFloat64())),
				"id_ocr_confidence":  share(r, 0.9, 0.08),
			}
		},
		// Capital weighs nothing: the model should learn that, too.
		bias: -2.4,
		causes: []cause{
			{"住所不在标准地址库，需补充住所使用证明", func(f map[string]float64) float64 { return 2.8 * lacks(f["address_in_library"]) }},
			{"法定代表人身份证明不清晰", func(f map[string]float64) float64 { return 16 * below(f["id_ocr_confidence"], 0.85) }},
			{"经营范围表述不规范，需按经营范围规范目录调整", func(f map[string]float64) float64 { return 0.015 * above(f["scope_length"], 120) }},
			{"股东身份证明不全", func(f map[string]float64) float64 { return 0.8 * above(f["shareholders"], 2) }},
			{"申请信息与企业库记录不一致", func(f map[string]float64) float64 { return 5 * below(f["prefill_ratio"], 0.5) }},
		},
		other: "公司章程条款不完整",
	},
	"food-licence": {
		draw: func(r *rand.Rand) map[string]float64 {
			area := round(lognormal(r, 60, 0.6, 8, 500), 1) // m²
			return map[string]float64{
				"premises_area":     area,
				"staff":             math.Max(1, math.Round(area/15+2*r.NormFloat64())),
				"categories":        count(r, 1, 4),
				"has_layout":        flag(r, 0.75),
				"prefill_ratio":     share(r, 0.65, 0.2),
				"first_application": flag(r, 0.7),
				"manager_has_cert":  flag(r, 0.8),
			}
		},
		bias: -3.3,
		causes: []cause{
			{"缺少设备布局和操作流程图", func(f map[string]float64) float64 { return 3 * lacks(f["has_layout"]) }},
			// Each food category needs its own room or counter.
			{"经营场所面积不足", func(f map[string]float64) float64 {
				return 0.12 * below(f["premises_area"], 10+8*f["categories"])
			}},
			{"食品安全管理人员未取得培训合格证明", func(f map[string]float64) float64 { return 2 * lacks(f["manager_has_cert"]) }},
			{"首次申请，食品安全管理制度不完整", func(f map[string]float64) float64 { return 0.8 * f["first_application"] }},
			{"申请书信息与营业执照不一致", func(f map[string]float64) float64 { return 4 * below(f["prefill_ratio"], 0.5) }},
			{"从业人员数量与经营项目不匹配", func(f map[string]float64) float64 { return 0.6 * below(f["staff"], f["categories"]+1) }},
		},
		other: "食品安全管理制度不完整",
	},
	"fire-check": {
		draw: func(r *rand.Rand) map[string]float64 {
			area := round(lognormal(r, 150, 0.6, 30, 2000), 1) // m²
			occupancy := math.Round(area * (0.3 + 0.6*r.Float64()))
			exits := math.Min(6, 1+math.Floor(area/200)+count(r, 0, 1))
			sprinklers := 0.35
			if area > 300 {
				sprinklers = 0.75
			}
			return map[string]float64{
				"area":               area,
				"floors":             count(r, 1, 3),
				"max_occupancy":      occupancy,
				"exits":              exits,
				"occupancy_per_exit": round(occupancy/exits, 1),
				"has_floor_plan":     flag(r, 0.85),
				"sprinklers":         flag(r, sprinklers),
			}
		},
		bias: -2.5,
		causes: []cause{
			{"安全出口数量不足", func(f map[string]float64) float64 { return 0.025 * above(f["occupancy_per_exit"], 60) }},
			{"缺少场所平面布置图", func(f map[string]float64) float64 { return 2.8 * lacks(f["has_floor_plan"]) }},
			// The code asks for sprinklers only in larger venues: an
			// interaction a linear model can only approximate.
			{"未按规定设置自动喷水灭火系统", func(f map[string]float64) float64 {
				if f["area"] > 300 {
					return 2.5 * lacks(f["sprinklers"])
				}
				return 0
			}},
			{"疏散楼梯设置不符合要求", func(f map[string]float64) float64 { return 1.2 * above(f["floors"], 2) }},
		},
		other: "消防安全制度和应急预案不完整",
	},
	"signage": {
		draw: func(r *rand.Rand) map[string]float64 {
			return map[string]float64{
				"sign_area":    round(lognormal(r, 6, 0.6, 0.5, 60), 1), // m²
				"mount_height": round(2.5+9.5*r.Float64(), 1),           // m above ground
				"lighting":     flag(r, 0.6),
				"has_design":   flag(r, 0.88),
				"on_main_road": flag(r, 0.4),
			}
		},
		bias: -2.4,
		causes: []cause{
			{"招牌尺寸超过规定上限", func(f map[string]float64) float64 { return 0.3 * above(f["sign_area"], 10) }},
			{"缺少招牌设计效果图", func(f map[string]float64) float64 { return 3 * lacks(f["has_design"]) }},
			{"设置高度超出限制，需补充结构安全证明", func(f map[string]float64) float64 { return 0.6 * above(f["mount_height"], 8) }},
			{"主干道照明招牌需补充用电安全说明", func(f map[string]float64) float64 { return 1.6 * f["lighting"] * f["on_main_road"] }},
		},
		other: "招牌设置位置描述不清",
	},
	"drainage": {
		draw: func(r *rand.Rand) map[string]float64 {
			trap := flag(r, 0.8)
			known := flag(r, 0.6) // already in the drainage register
			return map[string]float64{
				"volume":         round(lognormal(r, 8, 0.7, 0.5, 100), 1), // m³ a day
				"grease_trap":    trap,
				"has_trap_proof": trap * flag(r, 0.8),
				"in_registry":    known,
				"prefill_ratio":  share(r, 0.45+0.35*known, 0.15),
			}
		},
		bias: -2.4,
		causes: []cause{
			{"未安装隔油设施", func(f map[string]float64) float64 { return 3 * lacks(f["grease_trap"]) }},
			{"缺少隔油设施证明", func(f map[string]float64) float64 { return 2 * f["grease_trap"] * lacks(f["has_trap_proof"]) }},
			{"日排水量较大，需补充水质检测报告", func(f map[string]float64) float64 { return 0.12 * above(f["volume"], 15) }},
			{"排水户基本情况表与排水户记录不一致", func(f map[string]float64) float64 { return 4 * below(f["prefill_ratio"], 0.5) }},
		},
		other: "排水户基本情况表填写不完整",
	},
}
