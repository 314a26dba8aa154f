package seed

import (
	"time"

	"haoban"
)

// The registry facts the benefit policies read (issue 17), drawn from
// their own random streams so that adding them changed no other value.

// NthEstablished is enterprise j's date of establishment: spread over the
// ten years before December 2026, so about one in ten is a start-up.
func NthEstablished(j int) time.Time {
	r := rng("established", j)
	return time.Date(2016, 12, 1, 0, 0, 0, 0, haoban.Beijing).AddDate(0, 0, r.IntN(3650))
}

// NthNewInsured is how many of enterprise j's employees started paying
// social insurance this year: none for one in three.
func NthNewInsured(j, employees int) int {
	r := rng("new-insured", j)
	if r.IntN(3) == 0 {
		return 0
	}
	return r.IntN(min(employees, 5) + 1)
}

// HasLowIncome reports whether resident i holds a low-income
// certification: one in twenty-five.
func HasLowIncome(i int) bool { return rng("low-income", i).IntN(25) == 0 }

// NthLowIncome is resident i's certification (see HasLowIncome): one in
// four is 最低生活保障, the rest 低收入家庭, each valid for two years.
func NthLowIncome(i int) haoban.LowIncome {
	r := rng("low-income-kind", i)
	kind := "低收入家庭"
	if r.IntN(4) == 0 {
		kind = "最低生活保障"
	}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, haoban.Beijing).AddDate(0, 0, r.IntN(700))
	return haoban.LowIncome{IDNumber: NthResident(i).IDNumber, Kind: kind, CertifiedOn: from, ValidTo: from.AddDate(2, 0, -1)}
}

// creditReasons are why the credit registry lists a subject as seriously
// untrustworthy (严重失信主体名单), as the lists publish them.
var creditReasons = []string{"拒不履行法院生效判决", "骗取财政补贴资金", "拖欠农民工工资情节严重", "偷逃税款情节严重"}

// NthCreditRecord is whether subject i of a kind ("resident",
// "enterprise") is listed as seriously untrustworthy — one resident in
// five hundred, one enterprise in two hundred — and why and since when.
func NthCreditRecord(kind string, i int) (reason string, listed time.Time, ok bool) {
	r := rng("credit-"+kind, i)
	odds := 500
	if kind == "enterprise" {
		odds = 200
	}
	if r.IntN(odds) != 0 {
		return "", time.Time{}, false
	}
	return creditReasons[r.IntN(len(creditReasons))], time.Date(2024, 1, 1, 0, 0, 0, 0, haoban.Beijing).AddDate(0, 0, r.IntN(900)), true
}
