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
