package demo

import (
	"time"

	"github.com/google/uuid"

	"haoban/rules"
)

// rule is one demo review point; its ID is derived from item and code, so
// loading the demo twice keeps one row per point.
func rule(item, code, expr, msg, hint, basis string, sev rules.Severity) rules.Rule {
	return rules.Rule{ID: uuid.NewSHA1(uuid.NameSpaceOID, []byte("demo-rule-"+item+"/"+code)).String(),
		Item: item, Code: code, Expression: expr, Message: msg, Hint: hint, LegalBasis: basis, Severity: sev,
		EffectiveFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Legal bases the national rules cite more than once.
const (
	idCard    = "《中华人民共和国居民身份证法》第三条"
	transport = "《中华人民共和国道路运输条例》第二十四条"
	pension   = "《中华人民共和国社会保险法》第十六条"
	fund      = "《住房公积金管理条例》第二十四条"
	debtor    = "《中华人民共和国企业破产法》第二十五条"
)

// account is the check of a bank account number paid into.
func account(item, basis string) rules.Rule {
	return rule(item, "bank-account", `form["bank.account"].matches("^[0-9]{12,19}$")`,
		"银行账号应为 12–19 位数字", "请填写本人借记卡或社保卡金融账户的卡号", basis, rules.SeverityBlocking)
}

// inShanghai is the check that an address field names a place in the city.
func inShanghai(item, key, msg, hint, basis string, sev rules.Severity) rules.Rule {
	return rule(item, "address-in-shanghai", `form["`+key+`"].startsWith("上海市")`, msg, hint, basis, sev)
}

// NationalRules are the review points of the national first batch's
// bundles beyond the first three, and of the tax change that extends
// enterprise-change: at least one for every item.
func NationalRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	out := []rules.Rule{
		rule("tax-info-change", "uscc", `valid_uscc(form["enterprise.uscc"])`,
			"统一社会信用代码校验不通过", "请核对营业执照上的统一社会信用代码", "《中华人民共和国税收征收管理法》第十六条", block),
		rule("tax-info-change", "finance-contact", `"tax.finance_contact" in form`,
			"未填写财务负责人，将沿用原税务登记的财务负责人", "财务负责人有变化的，请一并填写", "《中华人民共和国税收征收管理法》第十六条", warn),
	}
	for _, part := range [][]rules.Rule{schoolRules(), transportRules(), bankruptcyRules(), socialCardRules(),
		disabilityRules(), retirementRules(), propertyRules(), hiringRules(), veteranRules(), afterDeathRules()} {
		out = append(out, part...)
	}
	return out
}

func schoolRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("enrolment-hukou-check", "child-id", `valid_id_number(form["pupil.id_number"])`,
			"儿童身份证号码校验不通过", "请按户口簿核对儿童的身份证号码", idCard, block),
		inShanghai("enrolment-hukou-check", "household.address", "户籍不在本市的，按居住证有关规定安排入学",
			"请同时准备父母一方的《上海市居住证》", "《中华人民共和国义务教育法》第十二条", warn),
		rule("enrolment-housing-check", "cert-for-owned",
			`form["housing.type"] != "产权房" || ("property.cert_number" in form && form["property.cert_number"] != "")`,
			"产权房须填写不动产权证号", "请按不动产权证书填写证号", "《不动产登记暂行条例》第二十七条", block),
		rule("enrolment-housing-check", "lease-for-rented",
			`form["housing.type"] != "租赁房" || materials["lease-contract"].present`,
			"租赁住房须提交房屋租赁合同及登记备案证明", "请上传租赁合同和备案证明", "《中华人民共和国义务教育法》第十二条", block),
		rule("school-enrolment", "school-age", `age_on(form["pupil.id_number"], form["school.year"] + "-08-31") >= 6`,
			"儿童在入学当年 8 月 31 日前未满 6 周岁", "请核对入学年份，或次年再申请", "《中华人民共和国义务教育法》第十一条", block),
		rule("school-enrolment", "guardian-id", `valid_id_number(form["person.id_number"])`,
			"监护人身份证号码校验不通过", "请核对申请人的身份证号码", idCard, block),
	}
}

func transportRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("transport-company-registration", "scope-transport", `form["enterprise.scope"].contains("道路货物运输")`,
			"经营范围须包含道路货物运输", "例如：道路货物运输（不含危险货物）", transport, block),
		rule("transport-company-registration", "legal-rep-adult", `age_on(form["legal_rep.id_number"], today) >= 18`,
			"法定代表人须年满 18 周岁", "请更换法定代表人", "《中华人民共和国市场主体登记管理条例》第十二条", block),
		rule("transport-company-registration", "capital", `form["enterprise.capital"] > 0.0`,
			"注册资本应大于零", "请填写认缴的注册资本（万元）", "《中华人民共和国公司法》第四十七条", block),
		rule("road-transport-permit", "vehicles", `form["transport.vehicles"] >= 1`,
			"从事货运经营应有与其经营业务相适应的车辆", "请填写拟投入的营运车辆数", "《中华人民共和国道路运输条例》第二十一条", block),
		rule("road-transport-permit", "drivers", `form["transport.drivers"] >= form["transport.vehicles"]`,
			"驾驶人员少于营运车辆，可能不满足运营需要", "请核对驾驶人员数", "《中华人民共和国道路运输条例》第二十一条", warn),
		rule("road-transport-permit", "safety-rules", `"safety-rules" in materials && materials["safety-rules"].present`,
			"缺少安全生产管理制度文本", "请上传安全生产责任制、操作规程等制度", "《中华人民共和国道路运输条例》第二十一条", block),
		rule("vehicle-transport-cert", "plate", `form["vehicle.plate"].matches("^沪[A-Z][A-Z0-9]{5,6}$")`,
			"车辆号牌格式不正确", "如 沪A12345，新能源号牌如 沪AD12345", transport, block),
		rule("vehicle-transport-cert", "light-vehicle", `form["vehicle.weight"] > 4.5`,
			"总质量 4.5 吨及以下的普通货运车辆无需办理道路运输证", "请核对车辆总质量，或不再申请该车辆的道路运输证", transport, warn),
		rule("new-taxpayer", "agent-id", `"agent-id" in materials && (materials["agent-id"].present || materials["agent-id"].exempted)`,
			"缺少办税人员身份证件", "请上传办税人员身份证正反面", "《中华人民共和国税收征收管理法》第十五条", block),
		rule("new-taxpayer", "finance-contact", `size(form["tax.finance_contact"]) >= 2`,
			"财务负责人姓名不完整", "请填写财务负责人的完整姓名", "《中华人民共和国税收征收管理法》第十五条", block),
	}
}

func bankruptcyRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("bankruptcy-verify", "case-number", `form["bankruptcy.case_number"].matches("^（[0-9]{4}）沪[0-9]{4}破[0-9]+号$")`,
			"破产案件案号格式不正确", "如：（2026）沪0115破12号", "《最高人民法院关于人民法院案件案号的若干规定》", block),
		rule("bankruptcy-verify", "accepted-not-future", `date(form["bankruptcy.accepted_date"]) <= today`,
			"法院裁定受理日期不能晚于今天", "请按受理破产申请民事裁定书填写", "《中华人民共和国企业破产法》第十三条", block),
		rule("bankruptcy-verify", "debtor-uscc", `valid_uscc(form["debtor.uscc"])`,
			"债务人统一社会信用代码校验不通过", "请核对债务人营业执照上的代码", debtor, block),
		rule("bankruptcy-registration-query", "debtor-uscc", `valid_uscc(form["debtor.uscc"])`,
			"债务人统一社会信用代码校验不通过", "请核对债务人营业执照上的代码", "《中华人民共和国市场主体登记管理条例》", block),
		rule("bankruptcy-tax-query", "accepted-not-future", `date(form["bankruptcy.accepted_date"]) <= today`,
			"法院裁定受理日期不能晚于今天", "请按受理破产申请民事裁定书填写", "《国家税务总局关于税收征管若干事项的公告》（2019年第48号）", block),
		rule("bankruptcy-realty-query", "debtor-name", `size(form["debtor.name"]) >= 4`,
			"债务人名称过短", "请填写债务人营业执照上的全称", debtor, warn),
		rule("bankruptcy-insurance-query", "administrator-not-debtor", `form["administrator.name"] != form["debtor.name"]`,
			"管理人不能是债务人本身", "请填写法院指定的管理人名称", "《中华人民共和国企业破产法》第二十四条", block),
	}
}

func socialCardRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("social-card-apply", "person-id", `valid_id_number(form["person.id_number"])`,
			"身份证号码校验不通过", "请核对 18 位身份证号码，最后一位可能是 X", idCard, block),
		rule("social-card-apply", "mailing-address", `form["card.mailing_address"].startsWith("上海市")`,
			"邮寄地址不在本市，社保卡将改为网点领取", "如需邮寄，请填写本市地址", "《中华人民共和国社会保险法》第五十八条", warn),
		rule("social-card-medical", "employee-age",
			`form["insurance.type"] != "职工基本医疗保险" || age_on(form["person.id_number"], today) >= 16`,
			"未满 16 周岁不能参加职工基本医疗保险", "请选择城乡居民基本医疗保险", "《中华人民共和国社会保险法》第二十三条", block),
		rule("social-card-library", "branch-district",
			`!form["library.branch"].startsWith("徐汇区") || in_district(form["card.mailing_address"], "310104")`,
			"所选区图书馆与邮寄地址不在同一区", "借阅功能在所选图书馆开通，请确认方便到馆", "《中华人民共和国公共图书馆法》第三十三条", warn),
	}
}

func disabilityRules() []rules.Rule {
	const block = rules.SeverityBlocking
	const card = "《中华人民共和国残疾人证管理办法》"
	return []rules.Rule{
		rule("disability-assessment", "person-id", `valid_id_number(form["person.id_number"])`,
			"身份证号码校验不通过", "请核对 18 位身份证号码，最后一位可能是 X", idCard, block),
		rule("disability-assessment", "medical-records", `"medical-records" in materials && materials["medical-records"].present`,
			"缺少病历及诊断证明", "请上传二级以上医院近一年内的病历和诊断证明", "《残疾人残疾分类和分级》（GB/T 26341—2010）", block),
		inShanghai("disability-card", "household.address", "残疾人证由户籍所在地残联核发，户籍地址应在本市",
			"户籍不在本市的，请到户籍地申请", card, block),
		account("disability-subsidy", "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）"),
		rule("disability-subsidy", "low-income-proof",
			`!("困难残疾人生活补贴" in form["subsidy.types"]) || materials["low-income-proof"].present || materials["low-income-proof"].exempted`,
			"申请生活补贴须提交低保或低收入家庭证明", "请上传证明，或只申请护理补贴",
			"《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）", block),
	}
}

func retirementRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("retirement-approval", "retirement-age",
			`age_on(form["retiree.id_number"], form["retire.date"]) >= (form["retiree.sex"] == "男" ? 60 : 50)`,
			"退休日期时尚未达到法定退休年龄", "渐进式延迟退休后的月份由经办机构核定，请核对退休日期",
			"《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》", block),
		rule("retirement-approval", "contribution-years", `form["pension.years"] >= 15.0`,
			"基本养老保险累计缴费不满 15 年", "可以缴费至满 15 年，按月领取基本养老金", pension, block),
		rule("retirement-approval", "power-of-attorney", `form["agent.relation"] == "本人" || materials["power-of-attorney"].present`,
			"代为办理的须提交退休人员签字的委托书", "请上传委托书", "《中华人民共和国民法典》第一百六十五条", block),
		rule("retirement-medical", "medical-years", `form["medical.years"] >= 15.0`,
			"职工医保累计缴费年限可能不足", "不足规定年限的，可一次性补缴后享受退休人员医保待遇", "《中华人民共和国社会保险法》第二十七条", warn),
		account("retirement-fund-withdrawal", fund),
	}
}

func propertyRules() []rules.Rule {
	const block = rules.SeverityBlocking
	const cert = `^沪（[0-9]{4}）.+不动产权第[0-9]+号$`
	utility := func(item, key, pattern, msg, hint, basis string) rules.Rule {
		return rule(item, "account", `form["`+key+`"].matches("`+pattern+`")`, msg, hint, basis, block)
	}
	return []rules.Rule{
		rule("property-tax", "seller-id", `valid_id_number(form["seller.id_number"])`,
			"出卖人身份证号码校验不通过", "请按出卖人的身份证核对", idCard, block),
		rule("property-tax", "not-self", `form["seller.id_number"] != form["person.id_number"]`,
			"出卖人和买受人不能是同一人", "请核对买卖双方的身份证号码", "《中华人民共和国民法典》第五百九十五条", block),
		rule("property-tax", "price", `form["property.price"] > 0.0`,
			"成交价格应大于零", "请按网签合同填写成交价格（万元）", "《中华人民共和国契税法》第四条", block),
		rule("property-transfer-registration", "cert-number", `form["property.cert_number"].matches("`+cert+`")`,
			"不动产权证号格式不正确", "如：沪（2019）静字不动产权第012345号", "《不动产登记暂行条例》第十四条", block),
		rule("property-transfer-registration", "area", `form["property.area"] > 0.0`,
			"建筑面积应大于零", "请按不动产权证书填写建筑面积", "《不动产登记暂行条例》第八条", block),
		utility("water-transfer", "water.account", "^[0-9]{8,12}$", "供水户号应为 8–12 位数字", "见水费账单", "《城市供水条例》"),
		utility("power-transfer", "power.account", "^[0-9]{10}$", "供电户号应为 10 位数字", "见电费账单", "《供电营业规则》"),
		utility("gas-transfer", "gas.account", "^[0-9]{8,12}$", "燃气户号应为 8–12 位数字", "见燃气账单", "《城镇燃气管理条例》"),
		utility("broadband-transfer", "broadband.account", "^[0-9A-Za-z]{6,20}$", "宽带账号应为 6–20 位字母或数字", "见宽带账单",
			"《中华人民共和国电信条例》"),
	}
}

func hiringRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	return []rules.Rule{
		rule("employment-registration", "employer-uscc", `valid_uscc(form["enterprise.uscc"])`,
			"统一社会信用代码校验不通过", "请核对营业执照上的统一社会信用代码", "《就业服务与就业管理规定》第六十二条", block),
		rule("employment-registration", "employee-id", `valid_id_number(form["employee.id_number"])`,
			"员工身份证号码校验不通过", "请按员工身份证核对", idCard, block),
		rule("employment-registration", "employee-age", `age_on(form["employee.id_number"], form["employee.start_date"]) >= 16`,
			"不得招用未满 16 周岁的未成年人", "请核对员工的出生日期和录用日期", "《中华人民共和国劳动法》第十五条", block),
		rule("employment-registration", "minimum-wage", `form["employee.wage"] >= 2740.0`,
			"月工资低于本市最低工资标准", "本市月最低工资标准为 2740 元（2025 年 7 月 1 日起）", "《中华人民共和国劳动法》第四十八条", block),
		rule("employee-social-insurance", "base-not-below-wage", `form["insurance.base"] >= form["employee.wage"]`,
			"缴费基数低于月工资", "新招用职工按首月工资确定缴费基数", "《中华人民共和国社会保险法》第十二条", warn),
		rule("employee-medical-insurance", "base", `form["insurance.base"] > 0.0`,
			"缴费基数应大于零", "请填写月缴费基数（元）", "《中华人民共和国社会保险法》第二十三条", block),
		rule("employee-housing-fund", "ratio", `form["hfund.ratio"] >= 5.0`,
			"住房公积金缴存比例不得低于 5%", "本市单位和职工缴存比例为 5%–7%", "《住房公积金管理条例》第十八条", block),
	}
}

func veteranRules() []rules.Rule {
	const block, warn = rules.SeverityBlocking, rules.SeverityWarning
	const insurance = "《中华人民共和国军人保险法》"
	return []rules.Rule{
		rule("veteran-reception", "discharged", `date(form["veteran.discharge_date"]) <= today`,
			"退出现役日期不能晚于今天", "请按退出现役证明填写", "《退役军人安置条例》", block),
		rule("veteran-reception", "report-in-time", `today - date(form["veteran.discharge_date"]) <= duration("720h")`,
			"退役已超过 30 日，请说明逾期报到的原因", "逾期报到的，安置地退役军人事务部门将核实情况", "《退役军人安置条例》", warn),
		rule("veteran-reception", "service-years", `form["veteran.service_years"] > 0.0`,
			"服役年限应大于零", "请按退出现役证明填写服役年限", "《中华人民共和国退役军人保障法》", block),
		inShanghai("veteran-hukou", "household.address", "落户地址应在本市", "请填写安置地的落户地址",
			"《中华人民共和国户口登记条例》第十三条", block),
		rule("veteran-pension-transfer", "service-years", `form["veteran.service_years"] > 0.0`,
			"服役年限用于计算军人退役养老保险补助，应大于零", "请按退出现役证明填写服役年限", insurance, block),
		rule("veteran-medical-transfer", "employer-for-employees",
			`form["insurance.type"] != "职工基本医疗保险" || ("insurance.employer" in form && form["insurance.employer"] != "")`,
			"接续职工基本医疗保险的，请填写接收单位", "没有接收单位的，可选择城乡居民基本医疗保险", insurance, warn),
	}
}

func afterDeathRules() []rules.Rule {
	const block = rules.SeverityBlocking
	const certificate = "《国家卫生计生委 公安部 民政部关于进一步规范人口死亡医学证明和信息登记管理工作的通知》（国卫规划发〔2013〕57号）"
	return []rules.Rule{
		rule("death-certificate", "deceased-id", `valid_id_number(form["deceased.id_number"])`,
			"逝者身份证号码校验不通过", "请按逝者的身份证或户口簿核对", idCard, block),
		rule("death-certificate", "death-time", `form["deceased.death_time"].matches("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$")`,
			"死亡时间应写成「年-月-日 时:分」", "例如 2026-11-28 06:40", certificate, block),
		rule("death-certificate", "not-self", `form["deceased.id_number"] != form["person.id_number"]`,
			"申请人不能是逝者本人", "请填写办理人（家属）的身份证号码", certificate, block),
		inShanghai("death-hukou-cancel", "deceased.household_address", "逝者户籍不在本市的，请到户籍地派出所注销户口",
			"请核对逝者的户籍地址", "《中华人民共和国户口登记条例》第八条", block),
		rule("cremation", "deceased-id-shown", `materials["deceased-id"].present || materials["deceased-id"].exempted`,
			"火化前须查验逝者身份证件", "请上传逝者居民身份证", "《殡葬管理条例》", block),
		account("survivor-benefit", "《中华人民共和国社会保险法》第十七条"),
		account("death-fund-withdrawal", fund),
	}
}
