package e2e_test

import (
	"regexp"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

// TestEveryNationalBundleCompletes: one case of each of the 13 demo
// bundles of the national first batch, applied for by its applicant from a
// draft (every required field filled, every material uploaded that no licence
// stands for), passes the pre-review, is accepted and is approved by each
// department's reviewer in the order of its items' dependencies, until it
// completes approved with the licences its items issue.
func TestEveryNationalBundleCompletes(t *testing.T) {
	s := startSystem(t)
	forms := nationalForms(s.clock.Now().In(haoban.Beijing))
	bundles := demo.Bundles()
	// 李娜's company holds the demo licences, which spare her uploads.
	companyLicences := map[string]bool{}
	for _, l := range demo.Licences() {
		companyLicences[l.Type] = true
	}
	if len(bundles) != 13 || len(forms) != len(bundles) {
		t.Fatalf("%d bundles, %d forms: want the 13 of the national first batch, each with a form", len(bundles), len(forms))
	}
	for _, b := range bundles {
		t.Run(b.Code, func(t *testing.T) {
			// The system's helpers fail the subtest that calls them.
			defer func(parent testing.TB) { s.t = parent }(s.t)
			s.t = t
			user, holds := "zhang-wei", map[string]bool{}
			if b.For == haoban.ForEnterprises {
				user, holds = "li-na", companyLicences
			}
			c := s.applyAndComplete(t, b, user, holds, forms[b.Code])
			if c["outcome"] != "approved" {
				t.Fatalf("outcome %v, want approved", c["outcome"])
			}
			checkDependencyOrder(t, b, c)
			licences := 0
			for _, it := range b.Items {
				if it.Licence != "" {
					licences++
				}
			}
			if got := countEvents(c, "licence_issued"); got < licences {
				t.Errorf("%d licences issued, want %d", got, licences)
			}
		})
	}
}

// applyAndComplete fills a draft of the bundle, uploads its materials but
// those a licence the applicant holds stands for, submits it and approves
// every task as it opens, as the reviewer of the task's department; it
// returns the completed case.
func (s *system) applyAndComplete(t *testing.T, b haoban.Bundle, user string, holds map[string]bool, form map[string]any) map[string]any {
	t.Helper()
	for _, f := range b.Fields() {
		v, ok := form[f.Key]
		if !ok && f.Required {
			t.Fatalf("the test's form lacks %s", f.Key)
		}
		if text, isText := v.(string); ok && f.Pattern != "" && (!isText || !regexp.MustCompile(f.Pattern).MatchString(text)) {
			t.Fatalf("the test's %s = %v does not match %s", f.Key, v, f.Pattern)
		}
	}
	token := s.login(user)
	draft := s.must(201, s.call("POST", "/api/v1/drafts", token, map[string]string{"bundle": b.Code})).body["id"].(string)
	s.must(200, s.call("PATCH", "/api/v1/drafts/"+draft, token, map[string]any{"form": form}))
	report := s.must(200, s.call("POST", "/api/v1/drafts/"+draft+"/prereview", token, nil)).body
	exempted := map[string]bool{}
	if list, ok := report["exempted"].([]any); ok {
		for _, code := range list {
			exempted[code.(string)] = true
		}
	}
	pledges := []string{}
	for _, m := range b.Materials() {
		if m.Licence != "" && holds[m.Licence] && !exempted[m.Code] {
			t.Errorf("%s holds a %s, yet must upload %s", user, m.Licence, m.Name)
		}
		switch {
		case m.Generated():
			if m.Pledge != "" {
				pledges = append(pledges, m.Code)
			}
		case m.Provider == haoban.ProvidedByDepartment || exempted[m.Code]:
		default:
			s.must(201, s.upload("/api/v1/drafts/"+draft+"/materials", token, m.Code, m.Code+".pdf", pdf(m.Name)))
		}
	}
	report = s.must(200, s.call("POST", "/api/v1/drafts/"+draft+"/prereview", token, nil)).body
	if missing := report["missing"]; missing != nil && len(missing.([]any)) != 0 {
		t.Fatalf("the draft still lacks %v", missing)
	}
	if report["blocking"].(float64) != 0 {
		for _, r := range report["results"].([]any) {
			if res := r.(map[string]any); res["outcome"] != "passed" {
				t.Logf("%s/%s: %s %v %v", res["item"], res["rule"], res["outcome"], res["message"], res["error"])
			}
		}
		t.Fatalf("%v blocking review points fail", report["blocking"])
	}
	id := s.must(201, s.call("POST", "/api/v1/drafts/"+draft+"/submit", token, map[string]any{"pledges": pledges})).body["id"].(string)
	return s.driveToCompletion(token, id)
}

// driveToCompletion approves each task of the case as it opens until the
// case completes; an item approved instantly (秒批) is left to the system.
func (s *system) driveToCompletion(token, id string) map[string]any {
	s.t.Helper()
	reviewers := map[string]string{}
	for {
		c := s.waitCase(token, id, "a task opens or the case ends", func(c map[string]any) bool {
			return c["status"] != string(haoban.CaseInReview) || openTask(c) != nil
		})
		if c["status"] == string(haoban.CaseCompleted) {
			return c
		}
		task := openTask(c)
		if task == nil {
			s.t.Fatalf("case %s stopped at %v: %v", id, c["status"], c["events"])
		}
		dept := task["department"].(string)
		if reviewers[dept] == "" {
			reviewers[dept] = s.login("reviewer-" + dept)
		}
		s.approve(reviewers[dept], id, task["item"].(string))
	}
}

// openTask is a task of the case waiting for its reviewer, or nil.
func openTask(c map[string]any) map[string]any {
	for _, t := range c["tasks"].([]any) {
		if task := t.(map[string]any); task["status"] == string(haoban.TaskOpen) {
			return task
		}
	}
	return nil
}

// checkDependencyOrder: every item was approved, an instant one (秒批) by
// the system, and none opened before the items it depends on were decided.
func checkDependencyOrder(t *testing.T, b haoban.Bundle, c map[string]any) {
	t.Helper()
	at := func(task map[string]any, key string) time.Time {
		v, _ := task[key].(string)
		when, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			t.Fatalf("task %v has no %s: %v", task["item"], key, err)
		}
		return when
	}
	for _, it := range b.Items {
		task := taskOf(c, it.Code)
		if task == nil || task["status"] != string(haoban.TaskApproved) {
			t.Errorf("%s: task %v, want approved", it.Code, task)
			continue
		}
		if it.Instant && task["assignee"] != "system" {
			t.Errorf("%s passes every review point but was not approved instantly: %v", it.Code, task)
		}
		for _, dep := range it.DependsOn {
			if before := taskOf(c, dep); at(task, "opened_at").Before(at(before, "decided_at")) {
				t.Errorf("%s opened before %s was decided", it.Code, dep)
			}
		}
	}
}

// nationalForms are valid applications for each demo bundle, filled in
// as its applicant would: 张伟 for a person, 李娜 for her
// company. Dates are relative to now where a review point compares them
// with today.
func nationalForms(now time.Time) map[string]map[string]any {
	day := func(offset int) string { return now.AddDate(0, 0, offset).Format(time.DateOnly) }
	e := demo.Enterprises()[0]
	debtor := demo.Enterprises()[1]
	zhangWei := map[string]any{"person.name": "张伟", "person.id_number": "31010419900307123X", "person.phone": "13912345678"}
	home := "上海市徐汇区漕溪北路88号"
	with := func(base map[string]any, more map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	return map[string]map[string]any{
		"open-restaurant": demo.RestaurantForm(),
		"newborn":         demo.NewbornForm(),
		"enterprise-change": {"enterprise.uscc": e.USCC, "enterprise.name": e.Name, "enterprise.address": e.Address,
			"legal_rep.name": "李娜", "enterprise.scope": e.Scope + "；会议服务", "tax.finance_contact": "赵敏",
			"tax.finance_phone": "13312345678"},
		"school-enrolment": with(zhangWei, map[string]any{"pupil.name": "张子涵", "pupil.id_number": "310104202103150028",
			"pupil.sex": "女", "household.address": home, "household.head": "张伟", "property.address": home,
			"housing.type": "产权房", "property.cert_number": "沪（2018）徐字不动产权第023456号", "school.year": "2027",
			"school.preference": "徐汇区第一中心小学"}),
		"open-transport": {"enterprise.name": "上海好运物流有限公司", "enterprise.type": "有限责任公司",
			"enterprise.address": "上海市浦东新区富特北路211号", "legal_rep.name": "李娜", "legal_rep.id_number": "310115198811203215",
			"legal_rep.phone": "13812345678", "enterprise.capital": 100.0, "enterprise.scope": "道路货物运输（不含危险货物）；国内货物运输代理",
			"transport.scope": []any{"普通货运"}, "transport.vehicles": 5.0, "transport.drivers": 6.0,
			"transport.safety_manager": "周涛", "vehicle.plate": "沪D52871", "vehicle.type": "重型厢式货车", "vehicle.weight": 18.0,
			"tax.finance_contact": "赵敏", "tax.finance_phone": "13312345678", "tax.taxpayer_type": "小规模纳税人"},
		"bankruptcy-check": {"bankruptcy.case_number": "（2026）沪0115破12号", "bankruptcy.accepted_date": day(-40),
			"administrator.name": "上海申正律师事务所", "administrator.phone": "13612340000",
			"debtor.uscc": debtor.USCC, "debtor.name": debtor.Name},
		"social-card-services": with(zhangWei, map[string]any{"card.bank": "上海银行", "card.mailing_address": home,
			"insurance.type": "职工基本医疗保险", "library.branch": "徐汇区图书馆"}),
		"disability-services": with(zhangWei, map[string]any{"disability.category": "肢体残疾", "disability.hospital": "上海市第六人民医院",
			"household.address": home, "card.mailing_address": home, "subsidy.types": []any{"重度残疾人护理补贴"},
			"bank.name": "上海银行", "bank.account": "6228480012345678901"}),
		"retirement": with(zhangWei, map[string]any{"agent.relation": "子女", "retiree.name": "张建国",
			"retiree.id_number": "310104196608120010", "retiree.sex": "男", "retire.date": "2027-01-12", "pension.years": 38.0,
			"medical.years": 38.0, "bank.name": "工商银行", "bank.account": "6222021001012345678"}),
		"property-transfer": with(zhangWei, map[string]any{"seller.name": "王强", "seller.id_number": "310106198506154027",
			"property.address": "上海市静安区愚园路100号", "property.area": 89.5, "property.price": 620.0, "tax.first_home": true,
			"property.cert_number": "沪（2016）静字不动产权第004321号", "property.use": "住宅", "water.account": "3100456789",
			"power.account": "1234567890", "gas.account": "20456789", "broadband.account": "SH021558899"}),
		"employee-hiring": {"enterprise.uscc": e.USCC, "enterprise.name": e.Name, "employee.name": "刘晓明",
			"employee.id_number": "310107200105200033", "employee.phone": "13412345678", "employee.start_date": day(0),
			"employee.contract_term": "固定期限", "employee.wage": 8000.0, "insurance.base": 8000.0, "hfund.ratio": 7.0},
		"veteran-discharge": with(zhangWei, map[string]any{"veteran.type": "退役士兵", "veteran.discharge_date": day(-10),
			"veteran.service_years": 5.0, "household.address": home, "household.head": "张伟",
			"insurance.employer": "上海好味餐饮有限公司", "insurance.type": "职工基本医疗保险"}),
		"after-death": with(zhangWei, map[string]any{"deceased.name": "王秀英", "deceased.id_number": "310104193802050024",
			"deceased.death_time": now.AddDate(0, 0, -2).Format("2006-01-02 15:04"), "deceased.death_place": "上海市徐汇区中心医院",
			"kin.relation": "孙子女、外孙子女", "deceased.household_address": home, "funeral.home": "上海市龙华殡仪馆",
			"bank.name": "工商银行", "bank.account": "6222021001012345678"}),
	}
}
