package riskmodel

import (
	"math"
	"math/rand/v2"
)

// newbornSpecs are the items of the newborn bundle (新生儿出生一件事).
// Registry matches (the hospital's birth record, the marriage record,
// the payer's insurance) are flags the prefill step sets.
var newbornSpecs = map[string]spec{
	"birth-certificate": {
		draw: func(r *rand.Rand) map[string]float64 {
			return map[string]float64{
				"days_since_birth":   math.Round(lognormal(r, 12, 0.8, 1, 365)),
				"hospital_record":    flag(r, 0.93),
				"father_id_verified": flag(r, 0.9),
				"marriage_record":    flag(r, 0.85),
				"rare_char":          flag(r, 0.06), // the name has a character outside GB 2312
			}
		},
		bias: -2.4,
		causes: []cause{
			{"出生医学信息未上传，需医院补报", func(f map[string]float64) float64 { return 3.2 * lacks(f["hospital_record"]) }},
			{"超过规定期限申领，需补充情况说明", func(f map[string]float64) float64 { return 0.06 * above(f["days_since_birth"], 30) }},
			{"父亲身份信息无法核验", func(f map[string]float64) float64 { return 2.4 * lacks(f["father_id_verified"]) }},
			{"无婚姻登记记录，需补充亲子关系证明", func(f map[string]float64) float64 { return 1.6 * lacks(f["marriage_record"]) }},
			{"新生儿姓名含生僻字，需人工核对", func(f map[string]float64) float64 { return 1.8 * f["rare_char"] }},
		},
		other: "父母身份证件信息填写有误",
	},
	"hukou": {
		draw: func(r *rand.Rand) map[string]float64 {
			return map[string]float64{
				"days_since_birth":      math.Round(lognormal(r, 15, 0.8, 3, 365)),
				"address_in_library":    flag(r, 0.88),
				"relation_is_parent":    flag(r, 0.8), // the household head is a parent, not a grandparent
				"parents_same_district": flag(r, 0.75),
				"prefill_ratio":         share(r, 0.7, 0.18),
			}
		},
		bias: -2.4,
		causes: []cause{
			{"户籍地址不规范，需补充房屋产权或租赁证明", func(f map[string]float64) float64 { return 2.6 * lacks(f["address_in_library"]) }},
			{"与户主关系证明不足", func(f map[string]float64) float64 { return 1.8 * lacks(f["relation_is_parent"]) }},
			{"父母户籍不在本区，需提供一方户籍证明", func(f map[string]float64) float64 { return 1.2 * lacks(f["parents_same_district"]) }},
			{"超过一个月申报，需补充说明", func(f map[string]float64) float64 { return 0.05 * above(f["days_since_birth"], 30) }},
			{"申报信息与人口库不一致", func(f map[string]float64) float64 { return 5 * below(f["prefill_ratio"], 0.5) }},
		},
		other: "户口登记申请表填写不完整",
	},
	"social-card": {
		draw: func(r *rand.Rand) map[string]float64 {
			f := map[string]float64{
				"has_photo":          flag(r, 0.9),
				"address_in_library": flag(r, 0.9),
				"guardian_verified":  flag(r, 0.92),
			}
			// Without a photo there is nothing to score: the feature is
			// missing, as it would be on a real form.
			if f["has_photo"] == 1 {
				f["photo_quality"] = share(r, 0.8, 0.12)
			}
			return f
		},
		bias: -2.4,
		causes: []cause{
			{"照片不符合制卡要求", func(f map[string]float64) float64 {
				if q, ok := f["photo_quality"]; ok {
					return 12 * below(q, 0.75)
				}
				return 0
			}},
			{"未上传新生儿照片", func(f map[string]float64) float64 { return 2.8 * lacks(f["has_photo"]) }},
			{"邮寄地址不完整", func(f map[string]float64) float64 { return 2.4 * lacks(f["address_in_library"]) }},
			{"监护人身份核验未通过", func(f map[string]float64) float64 { return 2.4 * lacks(f["guardian_verified"]) }},
		},
		other: "制卡银行信息有误",
	},
	"medical-insurance": {
		draw: func(r *rand.Rand) map[string]float64 {
			return map[string]float64{
				"start_gap_days":  math.Round(lognormal(r, 20, 0.9, 0, 400)), // from birth to the start date
				"payer_is_parent": flag(r, 0.88),
				"payer_insured":   flag(r, 0.85),
				"hukou_local":     flag(r, 0.8),
				"prefill_ratio":   share(r, 0.7, 0.15),
			}
		},
		bias: -2.4,
		causes: []cause{
			{"参保起始日期超出新生儿参保期限", func(f map[string]float64) float64 { return 0.03 * above(f["start_gap_days"], 90) }},
			{"缴费人与新生儿关系证明不足", func(f map[string]float64) float64 { return 1.8 * lacks(f["payer_is_parent"]) }},
			{"缴费人参保信息无法核验", func(f map[string]float64) float64 { return 2.2 * lacks(f["payer_insured"]) }},
			{"非本市户籍，需补充居住证明", func(f map[string]float64) float64 { return 1.4 * lacks(f["hukou_local"]) }},
			{"申报信息与人口库不一致", func(f map[string]float64) float64 { return 4 * below(f["prefill_ratio"], 0.5) }},
		},
		other: "缴费人信息填写有误",
	},
}
