package seed

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"haoban"
)

// Resident is one person in the population registry.
type Resident struct {
	IDNumber  string
	Name      string
	Sex       string
	BirthDate time.Time
	Phone     string
	Address   string
}

// Enterprise is one market entity in the enterprise registry.
type Enterprise struct {
	USCC         string
	Name         string
	Type         string
	Address      string
	LegalRepID   string
	Capital      float64
	Scope        string
	Shareholders string
	Employees    int
}

const (
	birthSpan   = 20089 // days from 1950-01-01 to 2004-12-31
	perDistrict = 500   // house numbers per road
)

var epoch = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

func rng(kind string, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(i), uint64(len(kind))<<32|0x68616f62))
}

// NthResident is resident i: the same i always gives the same person, and
// different i (below 200 million) different ID numbers, because district,
// birth date and sequence number are digits of i.
func NthResident(i int) Resident {
	r := rng("resident", i)
	d := districts[i%len(districts)]
	birth := epoch.AddDate(0, 0, (i/len(districts))%birthSpan)
	seq := (i / (len(districts) * birthSpan)) % 1000
	first17 := fmt.Sprintf("%s%s%03d", d.code, birth.Format("20060102"), seq)
	sex := "女"
	if seq%2 == 1 {
		sex = "男"
	}
	return Resident{
		IDNumber:  first17 + string(haoban.IDCheckChar(first17)),
		Name:      name(r),
		Sex:       sex,
		BirthDate: birth,
		Phone:     fmt.Sprintf("13%09d", r.IntN(1_000_000_000)),
		Address:   NthAddress(r.IntN(AddressCount)),
	}
}

func name(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(surnames[r.IntN(len(surnames))])
	for n := 1 + r.IntN(2); n > 0; n-- {
		b.WriteRune(givenChars[r.IntN(len(givenChars))])
	}
	return b.String()
}

// AddressCount is the size of the standard address library.
var AddressCount = len(districts) * len(roads) * perDistrict

// NthAddress is address i of the library.
func NthAddress(i int) string {
	d := districts[i%len(districts)]
	road := roads[(i/len(districts))%len(roads)]
	number := i/(len(districts)*len(roads))%perDistrict + 1
	return fmt.Sprintf("上海市%s%s%d号", d.name, road, number)
}

// DistrictOf is the district of address i.
func DistrictOf(i int) string { return districts[i%len(districts)].code }

// NthEnterprise is enterprise j, whose legal representative is one of the
// first residents residents.
func NthEnterprise(j, residents int) Enterprise {
	r := rng("enterprise", j)
	d := districts[j%len(districts)]
	org := "MA" + base31(j, 7)
	first17 := "91" + d.code + org
	kind := tradeKinds[r.IntN(len(tradeKinds))]
	rep := (j*7919 + 13) % residents
	partner := NthResident((rep + 1) % residents).Name
	return Enterprise{
		USCC:         first17 + string(haoban.USCCCheckChar(first17)),
		Name:         "上海" + tradeWords[r.IntN(len(tradeWords))] + string(givenChars[r.IntN(len(givenChars))]) + kind.suffix,
		Type:         "有限责任公司",
		Address:      NthAddress(r.IntN(AddressCount)),
		LegalRepID:   NthResident(rep).IDNumber,
		Capital:      float64(10 * (1 + r.IntN(100))),
		Scope:        kind.scope,
		Shareholders: NthResident(rep).Name + "、" + partner,
		Employees:    1 + r.IntN(50),
	}
}

// SpouseOf is the index of resident i's spouse: residents are married in
// pairs (0 and 1, 2 and 3 …) when both exist.
func SpouseOf(i, residents int) (int, bool) {
	j := i ^ 1
	return j, j < residents
}

var hospitals = []string{"上海市第一妇婴保健院", "复旦大学附属妇产科医院", "上海市国际和平妇幼保健院", "上海交通大学医学院附属仁济医院"}

// HasBirth reports whether resident i has a newborn on record: one couple
// in two, filed under both parents.
func HasBirth(i, residents int) bool {
	_, married := SpouseOf(i, residents)
	return married && (i/2)%2 == 0
}

// NthBirth is the birth record of resident i's newborn (see HasBirth).
func NthBirth(i int) (sex string, at time.Time, hospital string) {
	r := rng("birth", i/2) // the same for both parents
	sex = []string{"男", "女"}[r.IntN(2)]
	at = time.Date(2026, 11, 1+r.IntN(20), 6+r.IntN(12), r.IntN(60), 0, 0, haoban.Beijing)
	return sex, at, hospitals[r.IntN(len(hospitals))]
}

var facilities = []string{"自动喷水灭火系统", "火灾自动报警系统", "灭火器"}

// NthBuilding is what fire acceptance recorded of the premises at address i.
func NthBuilding(i int) (area float64, floors, occupancy int, fire []string, exits int) {
	r := rng("building", i)
	area = float64(40 + r.IntN(360))
	floors = 1 + r.IntN(5)
	fire = append([]string{"灭火器"}, facilities[:r.IntN(3)]...)
	return area, floors, int(area / 1.5), fire, 1 + r.IntN(3)
}

// NthDrainage is the drainage record of address i.
func NthDrainage(i int) (volume float64, greaseTrap bool) {
	r := rng("drainage", i)
	return float64(1+r.IntN(100)) / 10, r.IntN(4) > 0
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func base31(n, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = usccAlphabet[n%31]
		n /= 31
	}
	return string(b)
}
