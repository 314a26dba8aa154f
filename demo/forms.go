package demo

// RestaurantForm returns a complete, valid form for the open-restaurant
// bundle, as the README's walkthrough and the tests submit it.
func RestaurantForm() map[string]any {
	return map[string]any{
		"enterprise.name":        "上海好味餐饮有限公司",
		"enterprise.type":        "有限责任公司",
		"enterprise.address":     "上海市浦东新区张杨路500号1层",
		"legal_rep.name":         "李娜",
		"legal_rep.id_number":    "310115198811203215",
		"legal_rep.phone":        "13812345678",
		"enterprise.capital":     50.0,
		"enterprise.scope":       "餐饮服务；食品销售",
		"premises.address":       "上海市浦东新区张杨路500号1层",
		"premises.area":          120.0,
		"food.categories":        []any{"热食类", "自制饮品"},
		"food.safety_manager":    "王强",
		"food.safety_manager_id": "310106198506154027",
		"venue.floors":           1.0,
		"venue.max_occupancy":    60.0,
		"venue.fire_facilities":  []any{"火灾自动报警系统", "灭火器"},
		"venue.exits":            2.0,
		"sign.location":          "张杨路沿街立面",
		"sign.size":              "4×0.8",
		"drainage.volume":        3.5,
		"drainage.grease_trap":   true,
	}
}

// NewbornForm returns a complete, valid form for the newborn bundle.
func NewbornForm() map[string]any {
	return map[string]any{
		"child.name":           "张小满",
		"child.sex":            "女",
		"child.birth_time":     "2026-11-20 08:15",
		"child.hospital":       "上海市第一妇婴保健院",
		"mother.name":          "陈丽",
		"mother.id_number":     "310101198702145513",
		"father.name":          "张伟",
		"father.id_number":     "31010419900307123X",
		"household.address":    "上海市徐汇区漕溪北路88号",
		"household.head":       "张伟",
		"household.relation":   "女",
		"card.bank":            "上海银行",
		"card.mailing_address": "上海市徐汇区漕溪北路88号",
		"insurance.start":      "2026-12-01",
		"insurance.payer":      "张伟",
	}
}
