package demo

import (
	"time"

	"github.com/google/uuid"

	"haoban"
)

// Sources is the demo data-source catalogue (数源目录): the registries the
// one form is prefilled from and the canonical fields each provides.
func Sources() []haoban.SourceInfo {
	return []haoban.SourceInfo{
		{Code: "population", Name: "人口库", Authority: "公安局", Freshness: "实时",
			Fields: []string{"person.name", "person.id_number", "person.phone", "legal_rep.name", "legal_rep.id_number",
				"legal_rep.phone", "mother.name", "mother.id_number", "father.name", "father.id_number",
				"household.head", "household.address", "household.relation", "card.mailing_address", "insurance.payer"}},
		{Code: "marriage", Name: "婚姻登记", Authority: "民政局", Freshness: "每日",
			Fields: []string{"mother.name", "mother.id_number", "father.name", "father.id_number"}},
		{Code: "births", Name: "出生医学信息", Authority: "卫生健康委员会", Freshness: "实时",
			Fields: []string{"child.sex", "child.birth_time", "child.hospital", "insurance.start"}},
		{Code: "enterprise", Name: "企业库（市场主体）", Authority: "市场监督管理局", Freshness: "实时",
			Fields: []string{"enterprise.name", "enterprise.type", "enterprise.address", "enterprise.capital",
				"enterprise.scope", "enterprise.shareholders", "premises.address"}},
		{Code: "social_insurance", Name: "社保参保", Authority: "人力资源和社会保障局", Freshness: "每月",
			Fields: []string{"food.staff"}},
		{Code: "buildings", Name: "消防验收记录", Authority: "消防救援支队", Freshness: "每日",
			Fields: []string{"premises.area", "venue.floors", "venue.max_occupancy", "venue.exits", "venue.fire_facilities"}},
		{Code: "drainage", Name: "排水户记录", Authority: "水务局", Freshness: "每日",
			Fields: []string{"drainage.volume", "drainage.grease_trap"}},
		{Code: "licences", Name: "电子证照库", Authority: "好办（本系统签发的证照）", Freshness: "实时",
			Fields: []string{"enterprise.uscc", "enterprise.name", "enterprise.address", "enterprise.scope",
				"legal_rep.name", "premises.address", "food.safety_manager", "food.safety_manager_id"}},
		{Code: "addresses", Name: "常用地址库", Authority: "规划和自然资源局", Freshness: "每周",
			Fields: []string{"address.id", "address.district"}},
		{Code: "previous_cases", Name: "本人以往办件", Authority: "好办", Freshness: "实时",
			Fields: []string{"*"}},
	}
}

// Licences are the e-licences the demo applicants held before Haoban: the
// demo restaurant company's business licence, the food business licence
// of its first shop, and its food-safety manager's certificate, which
// stands for that material in the next application (免于提交).
func Licences() []haoban.Licence {
	e := Enterprises()[0]
	id := func(number string) string {
		return uuid.NewSHA1(uuid.NameSpaceOID, []byte("demo-licence-"+number)).String()
	}
	since := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2031, 2, 28, 0, 0, 0, 0, time.UTC)
	return []haoban.Licence{{
		ID: id(e.USCC), Type: "business-licence", Number: e.USCC, Holder: e.USCC, HolderName: e.Name, IssuedBy: "samr",
		Status: haoban.LicenceValid, Version: 1, ValidFrom: since,
		Fields: map[string]any{"enterprise.uscc": e.USCC, "enterprise.name": e.Name, "enterprise.address": e.Address,
			"enterprise.scope": e.Scope, "legal_rep.name": "李娜"},
	}, {
		ID: id("JY23101150012345"), Type: "food-licence", Number: "JY23101150012345", Holder: e.USCC, HolderName: e.Name,
		IssuedBy: "samr", Status: haoban.LicenceValid, Version: 1, ValidFrom: since, ValidTo: &until,
		Fields: map[string]any{"enterprise.name": e.Name, "premises.address": "上海市浦东新区张杨路300号",
			"food.safety_manager": "王强", "food.safety_manager_id": "310106198506154027"},
	}, {
		ID: id("SH-FSM-2024-00871"), Type: "food-safety-manager-cert", Number: "SH-FSM-2024-00871", Holder: e.USCC,
		HolderName: e.Name, IssuedBy: "samr", Status: haoban.LicenceValid, Version: 1,
		ValidFrom: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), ValidTo: &until,
		Fields: map[string]any{"food.safety_manager": "王强", "food.safety_manager_id": "310106198506154027"},
	}}
}

// LinkRules say which business-licence fields each demo licence type
// embeds and how a change of each is handled (联动变更).
func LinkRules() []haoban.LinkRule {
	return []haoban.LinkRule{
		{LicenceType: "food-licence", Fields: map[string]string{"enterprise.name": haoban.LinkAuto, "legal_rep.name": haoban.LinkAuto,
			"premises.address": haoban.LinkReview, "enterprise.scope": haoban.LinkNone}},
		{LicenceType: "signage-permit", Fields: map[string]string{"enterprise.name": haoban.LinkAuto}},
		{LicenceType: "drainage-permit", Fields: map[string]string{"enterprise.name": haoban.LinkAuto, "premises.address": haoban.LinkReview}},
		{LicenceType: "fire-safety-cert", Fields: map[string]string{"enterprise.name": haoban.LinkAuto, "premises.address": haoban.LinkReview}},
	}
}
