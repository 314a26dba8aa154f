package haoban

import "time"

// PolicyFacts are the registry keys a policy's rules may read as
// sources["key"], with what each says in Chinese: the data dictionary the
// data needs (数据需求清单) of every policy are drawn from. A policy that
// reads a key not listed here cannot be matched from the registries, and
// must offer the application route instead.
var PolicyFacts = map[string]string{
	"resident.name":          "姓名（人口库）",
	"resident.birth_date":    "出生日期（人口库）",
	"resident.address":       "户籍地址（人口库）",
	"birth.latest":           "最近一次子女出生时间（出生医学信息）",
	"low_income.kind":        "低收入认定类别（民政低收入人口库）",
	"low_income.valid_to":    "低收入认定有效期（民政低收入人口库）",
	"enterprise.name":        "企业名称（市场主体库）",
	"enterprise.type":        "企业类型（市场主体库）",
	"enterprise.address":     "住所（市场主体库）",
	"enterprise.capital":     "注册资本，万元（市场主体库）",
	"enterprise.established": "成立日期（市场主体库）",
	"insurance.employees":    "参保职工人数（社保库）",
	"insurance.new":          "本年度新增参保人数（社保库）",
}

// LowIncome is a person's low-income certification (低收入家庭认定) in
// 民政's register.
type LowIncome struct {
	IDNumber    string    `json:"id_number"`
	Kind        string    `json:"kind"` // 最低生活保障 or 低收入家庭
	CertifiedOn time.Time `json:"certified_on"`
	ValidTo     time.Time `json:"valid_to"`
}

// PersonFacts are what the registries hold of one person for the
// policies.
type PersonFacts struct {
	Resident    Resident
	LatestBirth time.Time  // zero: no child born on record
	LowIncome   *LowIncome // nil: not certified
}

// Sources are the facts by key, leaving out those the registries do not
// hold so that a condition reading them fails rather than reads a zero.
func (f PersonFacts) Sources() map[string]any {
	m := map[string]any{
		"resident.name":       f.Resident.Name,
		"resident.birth_date": f.Resident.BirthDate,
		"resident.address":    f.Resident.Address,
	}
	if !f.LatestBirth.IsZero() {
		m["birth.latest"] = f.LatestBirth
	}
	if f.LowIncome != nil {
		m["low_income.kind"] = f.LowIncome.Kind
		m["low_income.valid_to"] = f.LowIncome.ValidTo
	}
	return m
}

// EnterpriseFacts are what the registries hold of one enterprise.
type EnterpriseFacts struct {
	Enterprise  Enterprise
	Established time.Time // zero: before the registry kept it
	NewInsured  int       // contributors added this calendar year
}

// Sources are the facts by key, as PersonFacts.Sources.
func (f EnterpriseFacts) Sources() map[string]any {
	e := f.Enterprise
	m := map[string]any{
		"enterprise.name":     e.Name,
		"enterprise.type":     e.Type,
		"enterprise.address":  e.Address,
		"enterprise.capital":  e.Capital,
		"insurance.employees": int64(e.Employees),
		"insurance.new":       int64(f.NewInsured),
	}
	if !f.Established.IsZero() {
		m["enterprise.established"] = f.Established
	}
	return m
}
