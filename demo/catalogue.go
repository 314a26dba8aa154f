// Package demo holds the demo catalogue and demo users that `haoban-dev`
// loads, written to read like a Shanghai service centre's.
package demo

import "haoban"

// Departments returns the demo departments.
func Departments() []haoban.Department {
	// The demo centre is a district's: its departments answer to the
	// district government and are sued at the district court.
	const gov, court = "上海市浦东新区人民政府", "上海市浦东新区人民法院"
	return []haoban.Department{
		{Code: "samr", Name: "市场监督管理局", ReviewBody: gov, Court: court},
		{Code: "fire", Name: "消防救援支队", ReviewBody: gov, Court: court},
		{Code: "greening", Name: "绿化和市容管理局", ReviewBody: gov, Court: court},
		{Code: "water", Name: "水务局", ReviewBody: gov, Court: court},
		{Code: "health", Name: "卫生健康委员会", ReviewBody: gov, Court: court},
		{Code: "police", Name: "公安局", ReviewBody: gov, Court: court},
		{Code: "hrss", Name: "人力资源和社会保障局", ReviewBody: gov, Court: court},
		{Code: "medins", Name: "医疗保障局", ReviewBody: gov, Court: court},
	}
}

// Bundles returns the demo bundles.
func Bundles() []haoban.Bundle {
	return []haoban.Bundle{OpenRestaurant(), Newborn(), EnterpriseChange()}
}

func text(key, label string, required bool) haoban.Field {
	return haoban.Field{Key: key, Label: label, Type: haoban.FieldText, Required: required}
}

func typed(key, label string, t haoban.FieldType, required bool, options ...string) haoban.Field {
	return haoban.Field{Key: key, Label: label, Type: t, Required: required, Options: options}
}

// material is a scan or photo: PDF, JPEG or PNG up to the default size.
func material(code, name string) haoban.Material {
	return haoban.Material{Code: code, Name: name, Required: true}
}

// scan is a material whose image OCR reads as the kind of document.
func scan(m haoban.Material, kind string) haoban.Material {
	m.OCR = kind
	return m
}

// byLicence is a material that a valid e-licence of the type stands for.
func byLicence(m haoban.Material, licence string) haoban.Material {
	m.Licence = licence
	return m
}

// form is a filled-in application form or a set of rules: PDF only.
func form(code, name string) haoban.Material {
	return haoban.Material{Code: code, Name: name, Required: true, Types: []string{"application/pdf"}, MaxBytes: 10 << 20}
}

// drawing is a plan or design, which may be large.
func drawing(code, name string) haoban.Material {
	return haoban.Material{Code: code, Name: name, Required: true, MaxBytes: 20 << 20,
		Types: []string{"application/pdf", "image/png", "image/jpeg"}}
}

// OpenRestaurant is 开办餐饮店: the business licence first, then the food
// licence, fire check, signage and drainage permits in parallel.
func OpenRestaurant() haoban.Bundle {
	after := []string{"business-licence"}
	return haoban.Bundle{Code: "open-restaurant", Name: "开办餐饮店", PromisedDays: 10, Items: []haoban.Item{
		{Code: "business-licence", Name: "营业执照（设立登记）", Department: "samr", PromisedDays: 1, LegalDays: 15, Instant: true,
			Licence: "business-licence", LicenceName: "营业执照",
			Fields: []haoban.Field{
				text("enterprise.name", "企业名称", true),
				typed("enterprise.type", "企业类型", haoban.FieldChoice, true, "有限责任公司", "个人独资企业", "个体工商户", "合伙企业"),
				typed("enterprise.address", "住所（注册地址）", haoban.FieldAddress, true),
				text("legal_rep.name", "法定代表人姓名", true),
				typed("legal_rep.id_number", "法定代表人身份证号码", haoban.FieldIDNumber, true),
				typed("legal_rep.phone", "法定代表人手机号码", haoban.FieldPhone, true),
				typed("enterprise.capital", "注册资本（万元）", haoban.FieldNumber, true),
				text("enterprise.scope", "经营范围", true),
				text("enterprise.shareholders", "股东（出资人）", false),
			},
			Materials: []haoban.Material{form("company-application", "公司登记申请书"), form("articles", "公司章程"),
				scan(material("legal-rep-id", "法定代表人身份证件"), "id_card"),
				material("shareholder-id", "股东身份证明"), material("premises-proof", "住所使用证明（租赁合同/产权证明）")}},
		{Code: "food-licence", Name: "食品经营许可证", Department: "samr", DependsOn: after, PromisedDays: 5, LegalDays: 20,
			Licence: "food-licence", LicenceName: "食品经营许可证",
			Fields: []haoban.Field{
				typed("premises.address", "经营场所地址", haoban.FieldAddress, true),
				typed("premises.area", "经营场所面积（平方米）", haoban.FieldNumber, true),
				typed("food.categories", "经营项目", haoban.FieldChoices, true, "热食类", "冷食类", "生食类", "自制饮品"),
				text("food.safety_manager", "食品安全管理人员姓名", true),
				typed("food.safety_manager_id", "食品安全管理人员身份证号码", haoban.FieldIDNumber, true),
				typed("food.staff", "从业人员数", haoban.FieldNumber, false),
			},
			Materials: []haoban.Material{form("food-application", "食品经营许可申请书"), drawing("layout", "设备布局和操作流程图"),
				form("food-safety-rules", "食品安全管理制度"), byLicence(material("food-manager-proof", "食品安全管理人员证明"), "food-safety-manager-cert")}},
		// Promised in 7 of the 10 legal working days (消防法第十五条), as
		// Shanghai's centres shorten legal limits: after the one-day business
		// licence the chain takes 1 + 7 = 8 days, inside the bundle's 10.
		{Code: "fire-check", Name: "公众聚集场所投入使用、营业前消防安全检查", Department: "fire", DependsOn: after, PromisedDays: 7, LegalDays: 10,
			Licence: "fire-safety-cert", LicenceName: "公众聚集场所投入使用、营业前消防安全检查合格证",
			// The inspection must be booked on site: warn three days ahead too.
			Reminders: []string{"50%", "3d", "1d"},
			Fields: []haoban.Field{
				typed("premises.area", "经营场所面积（平方米）", haoban.FieldNumber, true),
				typed("venue.floors", "楼层数", haoban.FieldNumber, true),
				typed("venue.max_occupancy", "最大容纳人数", haoban.FieldNumber, true),
				typed("venue.fire_facilities", "消防设施", haoban.FieldChoices, true, "自动喷水灭火系统", "火灾自动报警系统", "灭火器"),
				typed("venue.exits", "安全出口数量", haoban.FieldNumber, true),
			},
			Materials: []haoban.Material{form("fire-application", "消防安全检查申请表"), drawing("floor-plan", "场所平面布置图"),
				form("fire-plan", "消防安全制度和应急预案"), material("premises-proof", "场所使用证明")}},
		{Code: "signage", Name: "户外招牌设置", Department: "greening", DependsOn: after, PromisedDays: 5, LegalDays: 20,
			Licence: "signage-permit", LicenceName: "户外招牌设置许可证",
			Fields: []haoban.Field{
				text("sign.location", "招牌设置位置", true),
				text("sign.size", "招牌尺寸（宽×高，米）", true),
				text("sign.material", "招牌材质", false),
				typed("sign.lighting", "是否有照明", haoban.FieldBool, false),
			},
			Materials: []haoban.Material{drawing("sign-design", "招牌设计效果图"), material("premises-proof", "场所使用证明")}},
		{Code: "drainage", Name: "排水许可", Department: "water", DependsOn: after, PromisedDays: 5, LegalDays: 20, Optional: true,
			Licence: "drainage-permit", LicenceName: "城镇污水排入排水管网许可证",
			Fields: []haoban.Field{
				typed("drainage.volume", "日排水量（立方米）", haoban.FieldNumber, true),
				typed("drainage.grease_trap", "是否安装隔油设施", haoban.FieldBool, true),
			},
			Materials: []haoban.Material{form("drainage-form", "排水户基本情况表"), material("grease-trap-proof", "隔油设施证明")}},
	}}
}

// Newborn is 新生儿出生一件事: the birth certificate, then household
// registration, then the social security card and medical insurance in
// parallel.
func Newborn() haoban.Bundle {
	afterHukou := []string{"hukou"}
	// The promise is 7 working days because the chain birth certificate →
	// household registration → card or insurance takes 2 + 2 + 3 = 7, each
	// already well inside its legal limit; shortening an item to one day
	// would put its last-day reminder out the moment it opened.
	return haoban.Bundle{Code: "newborn", Name: "新生儿出生一件事", PromisedDays: 7, Items: []haoban.Item{
		{Code: "birth-certificate", Name: "出生医学证明", Department: "health", PromisedDays: 2, LegalDays: 10,
			Licence: "birth-certificate", LicenceName: "出生医学证明",
			Fields: []haoban.Field{
				text("child.name", "新生儿姓名", true),
				typed("child.sex", "性别", haoban.FieldChoice, true, "男", "女"),
				text("child.birth_time", "出生时间", true),
				text("child.hospital", "出生医院", true),
				text("mother.name", "母亲姓名", true),
				typed("mother.id_number", "母亲身份证号码", haoban.FieldIDNumber, true),
				text("father.name", "父亲姓名", true),
				typed("father.id_number", "父亲身份证号码", haoban.FieldIDNumber, true),
			}},
		{Code: "hukou", Name: "户口登记", Department: "police", DependsOn: []string{"birth-certificate"}, PromisedDays: 2, LegalDays: 10,
			Fields: []haoban.Field{
				typed("household.address", "户籍地址", haoban.FieldAddress, true),
				text("household.head", "户主姓名", true),
				text("household.relation", "与户主关系", true),
			}},
		{Code: "social-card", Name: "社会保障卡", Department: "hrss", DependsOn: afterHukou, PromisedDays: 3, LegalDays: 15,
			Fields: []haoban.Field{
				typed("card.bank", "制卡银行", haoban.FieldChoice, true, "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "上海银行"),
				typed("card.mailing_address", "邮寄地址", haoban.FieldAddress, true),
			}},
		{Code: "medical-insurance", Name: "城乡居民医保参保", Department: "medins", DependsOn: afterHukou, PromisedDays: 3, LegalDays: 15,
			Fields: []haoban.Field{
				typed("insurance.start", "参保起始日期", haoban.FieldDate, true),
				text("insurance.payer", "缴费人", true),
			}},
	}}
}

// EnterpriseChange is 企业变更登记: the business licence's name, address,
// legal representative or scope changes, and the licences that embed the
// changed fields follow without an application (联动变更).
func EnterpriseChange() haoban.Bundle {
	return haoban.Bundle{Code: "enterprise-change", Name: "企业变更登记", PromisedDays: 3, Items: []haoban.Item{
		{Code: "business-licence-change", Name: "营业执照变更登记", Department: "samr", PromisedDays: 3, LegalDays: 15,
			Licence: "business-licence", LicenceName: "营业执照", Amends: true,
			Fields: []haoban.Field{
				typed("enterprise.uscc", "统一社会信用代码", haoban.FieldUSCC, true),
				text("enterprise.name", "企业名称（变更后）", true),
				typed("enterprise.address", "住所（变更后）", haoban.FieldAddress, true),
				text("legal_rep.name", "法定代表人（变更后）", true),
				text("enterprise.scope", "经营范围（变更后）", true),
			},
			Materials: []haoban.Material{form("change-application", "变更登记申请书"), material("shareholder-resolution", "股东会决议")}},
	}}
}
