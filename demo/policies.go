package demo

import (
	"context"
	"fmt"
	"time"

	"haoban"
)

// Policies are the demo benefits (免申即享, issue 17), one of each kind the
// plan names. They are made up, though shaped on real Shanghai policies:
// the amounts and legal bases are illustrative. 张伟 qualifies for the
// newborn subsidy only; 李娜's restaurant for the start-up and employment
// subsidies but not the micro-enterprise fee reduction (12 insured staff).
func Policies() []haoban.Policy {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, haoban.Beijing)
	to := time.Date(2028, 1, 1, 0, 0, 0, 0, haoban.Beijing)
	const inShanghai = `sources["resident.address"].startsWith("上海市")`
	const registeredHere = `sources["enterprise.address"].startsWith("上海市")`
	const year = `duration("8760h")`
	return []haoban.Policy{
		{Code: "newborn-childcare-subsidy", Name: "新生儿一次性育儿补贴", Department: "health", Type: haoban.PolicyGrant,
			LegalBasis: []string{"《上海市人口与计划生育条例》", "《育儿补贴制度实施方案》（示例）"}, For: haoban.ForPersons,
			Conditions: []haoban.PolicyCondition{
				{Expression: inShanghai, Message: "申请人须为本市户籍居民"},
				{Expression: `today - sources["birth.latest"] <= ` + year,
					Message: "本市医疗机构近 12 个月内没有您子女的出生医学记录"},
			},
			Amount: `3600.0`, From: from, To: to, Budget: 50_000_000, Delivery: haoban.DeliverConfirm, Publicity: 7, Demo: true},
		{Code: "elderly-hardship-allowance", Name: "低收入老年人生活困难补助", Department: "civil", Type: haoban.PolicyHardship,
			LegalBasis: []string{"《社会救助暂行办法》", "《上海市社会救助条例》"}, For: haoban.ForPersons,
			Conditions: []haoban.PolicyCondition{
				{Expression: inShanghai, Message: "申请人须为本市户籍居民"},
				{Expression: `age_on(applicant.id_number, today) >= 60`, Message: "申请人须年满 60 周岁"},
				{Expression: `sources["low_income.valid_to"] >= today`,
					Message: "须持有有效的本市最低生活保障或低收入家庭认定"},
			},
			Amount: `sources["low_income.kind"] == "最低生活保障" ? 1500.0 : 800.0`,
			From:   from, To: to, Budget: 20_000_000, Delivery: haoban.DeliverAutomatic, Publicity: 7, Demo: true},
		{Code: "employment-subsidy", Name: "小微企业吸纳就业补贴", Department: "hrss", Type: haoban.PolicySupport,
			LegalBasis: []string{"《中华人民共和国就业促进法》", "《关于做好本市吸纳就业补贴工作的通知》（示例）"}, For: haoban.ForEnterprises,
			Conditions: []haoban.PolicyCondition{
				{Expression: registeredHere, Message: "企业须在本市登记注册"},
				{Expression: `sources["insurance.employees"] < 100`, Message: "企业参保职工须少于 100 人（小微企业）"},
				{Expression: `sources["insurance.new"] > 0`, Message: "企业本年度没有新增参保职工"},
			},
			Amount: `double(sources["insurance.new"]) * 1000.0`,
			From:   from, To: to, Budget: 30_000_000, Delivery: haoban.DeliverPledge, Publicity: 5, Demo: true},
		{Code: "startup-subsidy", Name: "初创企业一次性开业补贴", Department: "hrss", Type: haoban.PolicySupport,
			LegalBasis: []string{"《关于进一步做好稳就业工作的意见》（示例）"}, For: haoban.ForEnterprises,
			Conditions: []haoban.PolicyCondition{
				{Expression: registeredHere, Message: "企业须在本市登记注册"},
				{Expression: `today - sources["enterprise.established"] <= ` + year, Message: "企业须为近 12 个月内成立"},
				{Expression: `sources["insurance.employees"] >= 1`, Message: "企业须至少为 1 名职工缴纳社会保险"},
			},
			Amount: `10000.0`, From: from, To: to, Budget: 10_000_000, Delivery: haoban.DeliverConfirm, Publicity: 5, Demo: true},
		{Code: "micro-fee-reduction", Name: "小微企业行政事业性收费减免", Department: "tax", Type: haoban.PolicyReduction,
			LegalBasis: []string{"《关于进一步支持小微企业发展的若干措施》（示例）"}, For: haoban.ForEnterprises,
			Conditions: []haoban.PolicyCondition{
				{Expression: `sources["insurance.employees"] < 10`, Message: "企业参保职工须少于 10 人（微型企业）"},
				{Expression: `sources["enterprise.capital"] <= 100.0`, Message: "企业注册资本须不超过 100 万元"},
			},
			Amount: `1200.0`, From: from, To: to, Budget: 5_000_000, Delivery: haoban.DeliverAutomatic, Publicity: 0, Demo: true},
		// No registry shared with the centre holds vocational certificates,
		// so this one cannot be matched: it offers the application instead.
		{Code: "skills-upgrade-subsidy", Name: "职业技能提升补贴", Department: "hrss", Type: haoban.PolicySupport,
			LegalBasis: []string{"《关于实施职业技能提升行动的通知》（示例）"}, For: haoban.ForPersons,
			Conditions: []haoban.PolicyCondition{
				{Expression: inShanghai, Message: "申请人须为本市户籍居民"},
				{Expression: `"skill.certificate" in sources`, Message: "须在本年度取得职业资格或职业技能等级证书"},
			},
			Amount: `1500.0`, From: from, To: to, Budget: 8_000_000, Delivery: haoban.DeliverConfirm, Publicity: 5,
			Route: haoban.PolicyRoute{Text: "职业技能等级证书信息尚未共享，无法自动判断。请在线申请，并上传本年度取得的证书。", Link: "/guide"},
			Demo:  true},
	}
}

// LowIncomes are the demo low-income certifications: 张伟's grandmother
// 王秀英 is certified, so she qualifies for the hardship allowance.
func LowIncomes() []haoban.LowIncome {
	return []haoban.LowIncome{{IDNumber: "310104193802050024", Kind: "低收入家庭",
		CertifiedOn: day("2026-03-01"), ValidTo: day("2027-02-28")}}
}

// EnterpriseFacts are what the registries add to the demo enterprises for
// the policies: 李娜's restaurant opened this year and took on 3 staff.
func EnterpriseFacts() []haoban.EnterpriseFacts {
	var out []haoban.EnterpriseFacts
	for _, e := range Enterprises() {
		f := haoban.EnterpriseFacts{Enterprise: e}
		switch e.USCC {
		case "91310115MA1K4ABCDD":
			f.Established, f.NewInsured = day("2026-03-18"), 3
		case "91310115MA1K7JG309":
			f.Established = day("2015-06-01")
		}
		out = append(out, f)
	}
	return out
}

// loadPolicies writes the registry facts the policies read, then the
// policies.
func loadPolicies(ctx context.Context, s Store) error {
	for _, l := range LowIncomes() {
		if err := s.UpsertLowIncome(ctx, l); err != nil {
			return fmt.Errorf("load demo low income: %w", err)
		}
	}
	for _, f := range EnterpriseFacts() {
		if err := s.UpsertEnterpriseFacts(ctx, f); err != nil {
			return fmt.Errorf("load demo enterprise facts %s: %w", f.Enterprise.Name, err)
		}
	}
	for _, p := range Policies() {
		if err := s.EnsurePolicy(ctx, p); err != nil {
			return fmt.Errorf("load demo policy %s: %w", p.Code, err)
		}
	}
	return nil
}
