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
		// The national first batch of key 一件事 (issue 16) brings in these.
		{Code: "edu", Name: "教育局", ReviewBody: gov, Court: court},
		{Code: "transport", Name: "交通委员会", ReviewBody: gov, Court: court},
		{Code: "realty", Name: "规划和自然资源局", ReviewBody: gov, Court: court},
		{Code: "civil", Name: "民政局", ReviewBody: gov, Court: court},
		{Code: "dpf", Name: "残疾人联合会", ReviewBody: gov, Court: court},
		// Tax is run vertically: reconsideration goes to the tax authority
		// one level up, not to the district government.
		{Code: "tax", Name: "税务局", ReviewBody: "国家税务总局上海市税务局", Court: court},
		{Code: "veterans", Name: "退役军人事务局", ReviewBody: gov, Court: court},
		{Code: "court", Name: "人民法院", ReviewBody: gov, Court: court},
		{Code: "hfund", Name: "住房公积金管理中心", ReviewBody: gov, Court: court},
		{Code: "culture", Name: "文化和旅游局", ReviewBody: gov, Court: court},
		// The utilities are companies, modelled as departments so that a
		// transfer is a task with a reviewer and a deadline like any other.
		{Code: "water-supply", Name: "浦东威立雅自来水有限公司", ReviewBody: gov, Court: court},
		{Code: "power-grid", Name: "国网上海市电力公司", ReviewBody: gov, Court: court},
		{Code: "gas-supply", Name: "上海燃气有限公司", ReviewBody: gov, Court: court},
		{Code: "telecom", Name: "中国电信上海公司", ReviewBody: gov, Court: court},
	}
}

// Bundles returns the demo bundles: the three written in Go, then the
// rest of the national first batch from bundles/*.json. All are demo
// data, not legal advice.
func Bundles() []haoban.Bundle {
	return append([]haoban.Bundle{OpenRestaurant(), Newborn(), EnterpriseChange()}, National()...)
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
	b := haoban.Bundle{Code: "open-restaurant", Name: "开办餐饮店", PromisedDays: 10, Items: []haoban.Item{
		{Code: "business-licence", Name: "营业执照（设立登记）", Department: "samr", PromisedDays: 1, LegalDays: 15, Instant: true,
			Licence: "business-licence", LicenceName: "营业执照",
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "浦东新区企业服务中心综合窗口",
			LegalBasis: []string{"《中华人民共和国市场主体登记管理条例》第三条", "《中华人民共和国公司法》第二十九条"},
			Conditions: []string{"企业名称符合名称登记管理规定且未被占用", "有符合规定的住所", "法定代表人年满 18 周岁且不属于不得担任的情形"},
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
			Materials: []haoban.Material{companyApplication(), form("articles", "公司章程"),
				scan(material("legal-rep-id", "法定代表人身份证件"), "id_card"),
				material("shareholder-id", "股东身份证明"), material("premises-proof", "住所使用证明（租赁合同/产权证明）")}},
		{Code: "food-licence", Name: "食品经营许可证", Department: "samr", DependsOn: after, PromisedDays: 5, LegalDays: 20,
			Licence: "food-licence", LicenceName: "食品经营许可证",
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "浦东新区企业服务中心综合窗口",
			LegalBasis: []string{"《中华人民共和国食品安全法》第三十五条", "《食品经营许可和备案管理办法》"},
			Conditions: []string{"已取得营业执照，经营范围包含餐饮服务", "有与经营的食品品种、数量相适应的经营场所和设施设备",
				"有食品安全管理人员和保证食品安全的规章制度"},
			Fields: []haoban.Field{
				typed("premises.address", "经营场所地址", haoban.FieldAddress, true),
				typed("premises.area", "经营场所面积（平方米）", haoban.FieldNumber, true),
				typed("food.categories", "经营项目", haoban.FieldChoices, true, "热食类", "冷食类", "生食类", "自制饮品"),
				text("food.safety_manager", "食品安全管理人员姓名", true),
				typed("food.safety_manager_id", "食品安全管理人员身份证号码", haoban.FieldIDNumber, true),
				typed("food.staff", "从业人员数", haoban.FieldNumber, false),
			},
			Materials: []haoban.Material{foodApplication(), drawing("layout", "设备布局和操作流程图"),
				form("food-safety-rules", "食品安全管理制度"), byLicence(material("food-manager-proof", "食品安全管理人员证明"), "food-safety-manager-cert")}},
		// Promised in 7 of the 10 legal working days (消防法第十五条), as
		// Shanghai's centres shorten legal limits: after the one-day business
		// licence the chain takes 1 + 7 = 8 days, inside the bundle's 10.
		{Code: "fire-check", Name: "公众聚集场所投入使用、营业前消防安全检查", Department: "fire", DependsOn: after, PromisedDays: 7, LegalDays: 10,
			Licence: "fire-safety-cert", LicenceName: "公众聚集场所投入使用、营业前消防安全检查合格证",
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "区消防救援支队行政审批窗口",
			LegalBasis: []string{"《中华人民共和国消防法》第十五条"},
			Conditions: []string{"场所已取得营业执照", "消防设施、安全出口和疏散通道符合国家工程建设消防技术标准"},
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
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "区绿化和市容管理局窗口",
			LegalBasis: []string{"《上海市市容环境卫生管理条例》", "《上海市户外广告设施管理办法》"},
			Conditions: []string{"招牌设置在经营场所建筑物外墙，一店一招", "招牌的位置、尺寸和材质符合本市户外招牌设置技术规范"},
			Fields: []haoban.Field{
				text("sign.location", "招牌设置位置", true),
				text("sign.size", "招牌尺寸（宽×高，米）", true),
				text("sign.material", "招牌材质", false),
				typed("sign.lighting", "是否有照明", haoban.FieldBool, false),
			},
			Materials: []haoban.Material{drawing("sign-design", "招牌设计效果图"), material("premises-proof", "场所使用证明")}},
		{Code: "drainage", Name: "排水许可", Department: "water", DependsOn: after, PromisedDays: 5, LegalDays: 20, Optional: true,
			Licence: "drainage-permit", LicenceName: "城镇污水排入排水管网许可证",
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "区水务局行政审批窗口",
			LegalBasis: []string{"《城镇排水与污水处理条例》第二十一条", "《城镇污水排入排水管网许可管理办法》"},
			Conditions: []string{"排放的污水符合国家或者地方规定的排放标准", "餐饮排水户已设置隔油设施"},
			Fields: []haoban.Field{
				typed("drainage.volume", "日排水量（立方米）", haoban.FieldNumber, true),
				typed("drainage.grease_trap", "是否安装隔油设施", haoban.FieldBool, true),
			},
			Materials: []haoban.Material{form("drainage-form", "排水户基本情况表"), material("grease-trap-proof", "隔油设施证明")}},
	}}
	b.Lead, b.Stage, b.For, b.Demo = "samr", "开办企业", haoban.ForEnterprises, true
	b.Summary = "开一家餐饮店：营业执照登记后，食品经营许可、公众聚集场所消防安全检查、户外招牌设置和排水许可同时办理，一表申请、一套材料。"
	return b
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
	b := haoban.Bundle{Code: "newborn", Name: "新生儿出生一件事", PromisedDays: 7, Items: []haoban.Item{
		{Code: "birth-certificate", Name: "出生医学证明", Department: "health", PromisedDays: 2, LegalDays: 10,
			Licence: "birth-certificate", LicenceName: "出生医学证明",
			Type: haoban.ItemConfirmation, Channel: haoban.ChannelBoth, Fee: "首次签发不收费", Where: "新生儿出生的助产机构",
			LegalBasis: []string{"《中华人民共和国母婴保健法》第二十三条"},
			Conditions: []string{"新生儿在本市助产机构出生", "申请人为新生儿的父母或其他监护人"},
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
			Type: haoban.ItemConfirmation, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "户籍所在地派出所户籍窗口",
			LegalBasis: []string{"《中华人民共和国户口登记条例》第七条"},
			Conditions: []string{"婴儿出生后一个月以内申报", "随父或随母在本市落户"},
			Fields: []haoban.Field{
				typed("household.address", "户籍地址", haoban.FieldAddress, true),
				text("household.head", "户主姓名", true),
				text("household.relation", "与户主关系", true),
			}},
		{Code: "social-card", Name: "社会保障卡", Department: "hrss", DependsOn: afterHukou, PromisedDays: 3, LegalDays: 15,
			Type: haoban.ItemPublicService, Channel: haoban.ChannelOnline, Fee: "首次申领不收费", Where: "网上办理，卡片邮寄到家",
			LegalBasis: []string{"《中华人民共和国社会保险法》第五十八条"},
			Conditions: []string{"新生儿已在本市登记户口"},
			Fields: []haoban.Field{
				typed("card.bank", "制卡银行", haoban.FieldChoice, true, "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "上海银行"),
				typed("card.mailing_address", "邮寄地址", haoban.FieldAddress, true),
			}},
		{Code: "medical-insurance", Name: "城乡居民医保参保", Department: "medins", DependsOn: afterHukou, PromisedDays: 3, LegalDays: 15,
			Type: haoban.ItemPublicService, Channel: haoban.ChannelOnline, Fee: "不收费；参保费用按本市城乡居民医保缴费标准缴纳",
			Where:      "网上办理",
			LegalBasis: []string{"《中华人民共和国社会保险法》第二十五条", "《上海市城乡居民基本医疗保险办法》"},
			Conditions: []string{"新生儿已在本市登记户口", "出生后 90 日内参保的，自出生之日起享受待遇"},
			Fields: []haoban.Field{
				typed("insurance.start", "参保起始日期", haoban.FieldDate, true),
				text("insurance.payer", "缴费人", true),
			}},
	}}
	b.Lead, b.Stage, b.For, b.Demo = "health", "出生", haoban.ForPersons, true
	b.Summary = "孩子出生后一次申请：出生医学证明签发后，办理户口登记，再同时申领社会保障卡和参加城乡居民医保，父母信息由人口库和出生医学信息预先填好。"
	return b
}

// EnterpriseChange is 企业信息变更: the business licence's name, address,
// legal representative or scope changes, the licences that embed the
// changed fields follow without an application (联动变更), and the tax
// registration follows the new licence.
func EnterpriseChange() haoban.Bundle {
	// The licence change is promised in 2 days and the tax change that
	// follows it in 1, so the chain fits the bundle's 3.
	b := haoban.Bundle{Code: "enterprise-change", Name: "企业信息变更一件事", PromisedDays: 3, Items: []haoban.Item{
		{Code: "business-licence-change", Name: "营业执照变更登记", Department: "samr", PromisedDays: 2, LegalDays: 15,
			Licence: "business-licence", LicenceName: "营业执照", Amends: true,
			Type: haoban.ItemLicensing, Channel: haoban.ChannelBoth, Fee: "不收费", Where: "浦东新区企业服务中心综合窗口",
			LegalBasis: []string{"《中华人民共和国市场主体登记管理条例》第二十四条"},
			Conditions: []string{"自作出变更决议、决定或者法定变更事项发生之日起 30 日内申请", "变更事项已经股东会决议通过"},
			Fields: []haoban.Field{
				typed("enterprise.uscc", "统一社会信用代码", haoban.FieldUSCC, true),
				text("enterprise.name", "企业名称（变更后）", true),
				typed("enterprise.address", "住所（变更后）", haoban.FieldAddress, true),
				text("legal_rep.name", "法定代表人（变更后）", true),
				text("enterprise.scope", "经营范围（变更后）", true),
			},
			Materials: []haoban.Material{changeApplication(), material("shareholder-resolution", "股东会决议")}},
		// The tax office reads the new licence itself; the applicant only
		// names a new finance contact, if there is one.
		{Code: "tax-info-change", Name: "税务登记信息变更", Department: "tax", DependsOn: []string{"business-licence-change"},
			PromisedDays: 1, LegalDays: 10,
			Type: haoban.ItemOther, Channel: haoban.ChannelOnline, Fee: "不收费", Where: "电子税务局网上办理",
			LegalBasis: []string{"《中华人民共和国税收征收管理法》第十六条"},
			Conditions: []string{"营业执照已变更，自变更登记之日起 30 日内申报办理"},
			Fields: []haoban.Field{
				typed("enterprise.uscc", "统一社会信用代码", haoban.FieldUSCC, true),
				text("enterprise.name", "企业名称（变更后）", true),
				typed("enterprise.address", "住所（变更后）", haoban.FieldAddress, true),
				text("legal_rep.name", "法定代表人（变更后）", true),
				text("tax.finance_contact", "财务负责人姓名", false),
				typed("tax.finance_phone", "财务负责人手机号码", haoban.FieldPhone, false),
			},
			Materials: []haoban.Material{{Code: "licence-after-change", Name: "变更后的营业执照", Provider: haoban.ProvidedByDepartment,
				Electronic: true, Example: "由市场监督管理部门在变更登记后推送，无需提交"}}},
	}}
	b.Lead, b.Stage, b.For, b.Demo = "samr", "变更", haoban.ForEnterprises, true
	b.Summary = "企业名称、住所、法定代表人或经营范围变更：一次申请换发营业执照，载有变更事项的许可证随之联动换发，税务登记信息随后同步变更。"
	return b
}
