package demo

import "haoban/rules"

// Rules are the demo review points (审查要点): for each demo item, what its
// department checks before a person looks at the application; the national
// first batch's follow (rules_national.go).
func Rules() []rules.Rule {
	r := rule
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	const registration = "《中华人民共和国市场主体登记管理条例》"
	const food = "《食品经营许可和备案管理办法》"
	const fire = "《中华人民共和国消防法》第十五条"
	return append([]rules.Rule{
		r("business-licence", "legal-rep-id", `valid_id_number(form["legal_rep.id_number"])`,
			"法定代表人身份证号码校验不通过", "请核对 18 位身份证号码，最后一位可能是 X", registration+"第九条", block),
		r("business-licence", "legal-rep-adult", `age_on(form["legal_rep.id_number"], today) >= 18`,
			"法定代表人须年满 18 周岁", "请更换法定代表人", registration+"第十二条", block),
		r("business-licence", "legal-rep-id-scan", `!("id_number" in materials["legal-rep-id"].fields) || matches("legal_rep.id_number", "legal-rep-id.id_number")`,
			"法定代表人身份证件上的号码与申请表不一致", "请核对填写的身份证号码，或上传法定代表人本人的身份证件", registration+"第九条", block),
		r("business-licence", "legal-rep-name-scan", `!("name" in materials["legal-rep-id"].fields) || matches("legal_rep.name", "legal-rep-id.name")`,
			"法定代表人身份证件上的姓名与申请表不一致", "请核对法定代表人姓名", registration+"第九条", warn),
		r("business-licence", "capital", `form["enterprise.capital"] > 0.0`,
			"注册资本应大于零", "请填写认缴的注册资本（万元）", "《中华人民共和国公司法》第四十七条", block),
		r("business-licence", "address-in-shanghai", `form["enterprise.address"].startsWith("上海市")`,
			"住所应在本市行政区划内", "请从常用地址库中选择住所地址", registration+"第十一条", block),
		r("business-licence", "articles", `"articles" in materials && (materials["articles"].present || materials["articles"].exempted)`,
			"缺少公司章程", "请上传经全体股东签署的公司章程", registration+"第十六条", block),
		r("food-licence", "scope-catering", `licence_valid("business-licence") ? licence_field("business-licence", "enterprise.scope").contains("餐饮") : form["enterprise.scope"].contains("餐饮")`,
			"营业执照的经营范围须包含餐饮服务", "请在经营范围中加入「餐饮服务」，或先办理营业执照变更", food+"第十条", block),
		r("food-licence", "manager-id", `valid_id_number(form["food.safety_manager_id"])`,
			"食品安全管理人员身份证号码校验不通过", "请核对食品安全管理人员的身份证号码", food+"第十一条", block),
		r("food-licence", "area", `form["premises.area"] >= 20.0`,
			"经营场所面积小于 20 平方米，可能不满足热食类制售的布局要求", "请确认场所面积，或在现场核查时说明", "《食品经营许可审查通则》第十六条", warn),
		r("food-licence", "layout", `"layout" in materials && materials["layout"].present`,
			"缺少设备布局和操作流程图", "请上传标明加工区、清洗区的平面布局图", food+"第十一条", block),
		r("fire-check", "area-and-plan", `"premises.area" in form && form["premises.area"] > 0.0 && "floor-plan" in materials && materials["floor-plan"].present`,
			"消防安全检查需要场所面积和平面布置图", "请填写场所建筑面积并上传平面布置图", fire, block),
		r("fire-check", "exits", `form["venue.exits"] >= (form["venue.max_occupancy"] > 50.0 ? 2.0 : 1.0)`,
			"容纳人数超过 50 人的场所应至少有 2 个安全出口", "请核对安全出口数量与最大容纳人数", "《建筑设计防火规范》5.5.8", block),
		r("fire-check", "extinguishers", `"灭火器" in form["venue.fire_facilities"]`,
			"场所应配置灭火器", "请配置灭火器后勾选", "《建筑灭火器配置设计规范》", block),
		r("fire-check", "occupancy-density", `form["venue.max_occupancy"] <= form["premises.area"]`,
			"最大容纳人数超过每平方米 1 人，请核对", "餐饮场所一般按每平方米 0.5–1 人计", "《建筑设计防火规范》5.5.21", warn),
		r("signage", "size", `form["sign.size"].matches("^[0-9]+(\\.[0-9]+)?\\s*[×xX*]\\s*[0-9]+(\\.[0-9]+)?$")`,
			"招牌尺寸应写成「宽×高」，单位米", "例如 6×1.2", "《上海市户外广告设施管理办法》", block),
		r("signage", "design", `"sign-design" in materials && materials["sign-design"].present`,
			"缺少招牌设计效果图", "请上传标明尺寸和材质的效果图", "《上海市户外广告设施管理办法》", block),
		r("drainage", "grease-trap", `form["drainage.grease_trap"] == true`,
			"餐饮排水户应设置隔油设施", "请安装隔油池并上传证明", "《城镇污水排入排水管网许可管理办法》第八条", block),
		r("drainage", "volume", `form["drainage.volume"] > 0.0`,
			"日排水量应大于零", "请按用水量估算日排水量（立方米）", "《城镇污水排入排水管网许可管理办法》", block),
		r("business-licence-change", "catering-kept", `!licence_valid("food-licence") || form["enterprise.scope"].contains("餐饮")`,
			"持有食品经营许可证的企业，变更后的经营范围仍须包含餐饮服务", "如不再经营餐饮，请先注销食品经营许可证", food+"第三十条", warn),
		r("business-licence-change", "uscc", `valid_uscc(form["enterprise.uscc"])`,
			"统一社会信用代码校验不通过", "请核对营业执照上的统一社会信用代码", registration+"第二十四条", block),
		r("birth-certificate", "mother-id", `valid_id_number(form["mother.id_number"])`,
			"母亲身份证号码校验不通过", "请核对母亲的身份证号码", "《出生医学证明管理办法》", block),
		r("birth-certificate", "father-id", `valid_id_number(form["father.id_number"])`,
			"父亲身份证号码校验不通过", "请核对父亲的身份证号码", "《出生医学证明管理办法》", block),
		r("birth-certificate", "birth-time", `form["child.birth_time"].matches("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$")`,
			"出生时间应写成「年-月-日 时:分」", "例如 2026-11-20 08:15", "《出生医学证明管理办法》", block),
		r("hukou", "address-in-shanghai", `form["household.address"].startsWith("上海市")`,
			"户籍地址应在本市", "请填写本市的户籍地址", "《中华人民共和国户口登记条例》第七条", block),
		r("social-card", "mailing-address", `form["card.mailing_address"].startsWith("上海市")`,
			"邮寄地址不在本市，社保卡将改为网点领取", "如需邮寄，请填写本市地址", "《社会保障卡管理办法》", warn),
		r("medical-insurance", "start-not-before-birth", `form["insurance.start"] + " 23:59" >= form["child.birth_time"]`,
			"参保起始日期不能早于出生日期", "新生儿自出生之日起参保", "《上海市城乡居民基本医疗保险办法》", block),
	}, NationalRules()...)
}
