package rules_test

import (
	"testing"

	"haoban"
	"haoban/rules"
)

const (
	passed        = rules.OutcomePassed
	failed        = rules.OutcomeFailed
	notApplicable = rules.OutcomeNotApplicable
)

func TestFixtures(t *testing.T) {
	if !haoban.ValidIDNumber(validID) {
		t.Errorf("%s is not a valid ID number", validID)
	}
	if !haoban.ValidUSCC(validUSCC) {
		t.Errorf("%s is not a valid USCC", validUSCC)
	}
}

func TestValidIDNumber(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		{"Passed", `valid_id_number(form["person.id_number"])`, passed, false},
		{"FailedCheckDigit", `valid_id_number("110105194912310021")`, failed, false},
		{"FailedLowercaseX", `valid_id_number("11010519491231002x")`, failed, false},
		{"FailedTooShort", `valid_id_number("1101051949123100")`, failed, false},
	})
}

func TestValidUSCC(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		{"Passed", `valid_uscc(form["enterprise.uscc"])`, passed, false},
		{"FailedCheckChar", `valid_uscc("91350100M000100Y44")`, failed, false},
		{"FailedLetterOutsideAlphabet", `valid_uscc("91350100I000100Y43")`, failed, false},
		{"FailedTooShort", `valid_uscc("91350100M")`, failed, false},
	})
}

func TestAgeOn(t *testing.T) {
	leapBorn := "11010520000229" + "001"
	leapBorn += string(haoban.IDCheckChar(leapBorn))
	in := restaurant(t)
	in.Form["child.id_number"] = leapBorn
	runChecks(t, in, []check{
		// validID was born on 1949-12-31.
		{"PassedDayBeforeBirthday", `age_on(form["person.id_number"], "2026-12-30") == 76`, passed, false},
		{"PassedOnBirthday", `age_on(form["person.id_number"], "2026-12-31") == 77`, passed, false},
		{"PassedTimestamp", `age_on(form["person.id_number"], today) == 76`, passed, false},
		{"PassedOneArgument", `age_on(today) >= 18`, passed, false},
		{"PassedLeapDayCommonYearMarch", `age_on(form["child.id_number"], "2001-03-01") == 1`, passed, false},
		{"PassedLeapDayCommonYearFebruary", `age_on(form["child.id_number"], "2001-02-28") == 0`, passed, false},
		{"Failed", `age_on(today) < 60`, failed, false},
		{"FailedInvalidID", `age_on("110105194912310021", today) > 0`, failed, true},
		{"FailedBadDate", `age_on(form["person.id_number"], "2026/01/01") > 0`, failed, true},
		{"FailedBeforeBirth", `age_on(form["person.id_number"], "1949-01-01") >= 0`, failed, true},
	})
	delete(in.Form, "person.id_number")
	runChecks(t, in, []check{
		{"NotApplicableWithoutPerson", `age_on(today) >= 18`, notApplicable, false},
	})
}

func TestDate(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		{"Passed", `date(form["lease.end"]) > today`, passed, false},
		{"PassedSameDay", `date("2026-05-06") <= today && today < date("2026-05-07")`, passed, false},
		{"Failed", `date("2026-05-01") > today`, failed, false},
		{"FailedNotADate", `date("明年") > today`, failed, true},
	})
}

func TestLicenceValid(t *testing.T) {
	in := restaurant(t)
	runChecks(t, in, []check{
		{"Passed", `licence_valid("food")`, passed, false},
		{"PassedOpenEnded", `licence_valid("business")`, passed, false},
		{"FailedNone", `licence_valid("drainage")`, failed, false},
	})
	// On the day the food licence ends it is no longer valid: ValidTo is
	// the first day without it.
	in.Today = day(t, "2026-06-01")
	runChecks(t, in, []check{{"FailedExpired", `licence_valid("food")`, failed, false}})
	in.Today = day(t, "2021-05-19")
	runChecks(t, in, []check{{"FailedNotYetValid", `licence_valid("business")`, failed, false}})
	in = restaurant(t)
	in.Licences[0].Status = "revoked"
	runChecks(t, in, []check{{"FailedRevoked", `licence_valid("food")`, failed, false}})
}

func TestLicenceField(t *testing.T) {
	in := restaurant(t)
	renewal := in.Licences[0]
	renewal.Number, renewal.ValidFrom = "JY13101150000002", day(t, "2026-05-01")
	renewal.ValidTo = day(t, "2031-05-01")
	in.Licences = append(in.Licences, renewal)
	runChecks(t, in, []check{
		{"Passed", `licence_field("food", "scope").contains("餐饮")`, passed, false},
		{"PassedNumberOfLatest", `licence_field("food", "number") == "JY13101150000002"`, passed, false},
		{"PassedHolder", `licence_field("business", "holder") == applicant.uscc`, passed, false},
		{"FailedScope", `licence_field("food", "scope").contains("冷食")`, failed, false},
		{"FailedNoLicence", `licence_field("drainage", "volume") != ""`, failed, false},
		{"FailedNoField", `licence_field("food", "colour") != ""`, failed, false},
	})
}

func TestWorkingDaysBetween(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		// Wednesday 6 May to Wednesday 13 May 2026: five working days.
		{"Passed", `working_days_between(today, date("2026-05-13")) == 5`, passed, false},
		{"PassedStrings", `working_days_between("2026-05-08", "2026-05-11") == 1`, passed, false},
		{"Failed", `working_days_between(today, date("2026-05-09")) > 3`, failed, false},
		{"FailedBadDate", `working_days_between("2026-05-08", "下周") > 0`, failed, true},
	})
	t.Run("FailedWithoutCalendar", func(t *testing.T) {
		e, err := rules.New(rules.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := outcome(t, e, `working_days_between(today, today) == 0`, restaurant(t))
		if res.Outcome != failed || res.Error == "" {
			t.Fatalf("got %s (%q), want a failure saying no calendar is configured", res.Outcome, res.Error)
		}
	})
}

func TestInDistrict(t *testing.T) {
	in := restaurant(t)
	in.Form["old.address"] = "上海市闸北区共和新路100号"
	in.Form["near.address"] = "上海市徐汇区虹桥路1号（近长宁区）"
	in.Form["elsewhere.address"] = "浙江省舟山市普陀区东港街道"
	runChecks(t, in, []check{
		{"Passed", `in_district(form["premises.address"], "310115")`, passed, false},
		{"PassedWithoutCity", `in_district("浦东新区张杨路500号", "310115")`, passed, false},
		{"PassedMergedDistrict", `in_district(form["old.address"], "310106")`, passed, false},
		{"PassedFirstDistrictNamed", `in_district(form["near.address"], "310104")`, passed, false},
		{"FailedOtherDistrict", `in_district(form["premises.address"], "310104")`, failed, false},
		{"FailedNeighbourMentioned", `in_district(form["near.address"], "310105")`, failed, false},
		{"FailedOtherProvince", `in_district(form["elsewhere.address"], "310107")`, failed, false},
		{"FailedNoDistrict", `in_district("张杨路500号", "310115")`, failed, false},
		{"FailedUnknownCode", `in_district(form["premises.address"], "310102")`, failed, true},
	})
}

func TestMatches(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		{"Passed", `matches("legal_rep.id_number", "shareholder-id.id_number")`, passed, false},
		{"PassedIgnoringCaseAndSpaces", `matches("enterprise.uscc", "business_licence_scan.uscc")`, passed, false},
		{"Failed", `matches("legal_rep.name", "business_licence_scan.name")`, failed, false},
		{"FailedFormFieldMissing", `matches("enterprise.phone", "shareholder-id.id_number")`, failed, false},
		{"FailedMaterialMissing", `matches("legal_rep.id_number", "household-book.id_number")`, failed, false},
		{"FailedMaterialFieldMissing", `matches("legal_rep.id_number", "layout.id_number")`, failed, false},
		{"FailedBadMaterialField", `matches("legal_rep.id_number", "shareholder-id")`, failed, true},
		// The standard regular-expression matches is still there as a method.
		{"PassedRegexMethod", `form["premises.address"].matches("^上海市")`, passed, false},
	})
}

func TestHas(t *testing.T) {
	runChecks(t, restaurant(t), []check{
		{"Passed", `has(form.remark) && has(materials.layout) && has(applicant.uscc)`, passed, false},
		{"PassedOptionalField", `!has(form.staff) || form.staff > 0`, passed, false},
		{"PassedDottedKey", `!("food.staff" in form) || form["food.staff"] >= 1.0`, passed, false},
		{"PassedMaterialPresentOrExempted", `["layout", "premises-proof"].all(m, materials[m].present || materials[m].exempted)`, passed, false},
		{"FailedMaterialMissing", `materials["fire-plan"].present || materials["fire-plan"].exempted`, failed, false},
		{"PassedOpenEndedLicence", `licences.exists(l, l.type == "business" && !has(l.valid_to))`, passed, false},
		{"NotApplicable", `form["food.staff"] >= 1.0`, notApplicable, false},
	})
}

// TestLicenceFieldOfTheEnterpriseTheFormNames: an applicant representing
// two enterprises reads the licence of the one the form is about, even
// when the other's is newer.
func TestLicenceFieldOfTheEnterpriseTheFormNames(t *testing.T) {
	in := restaurant(t)
	in.Licences[0].HolderName = "上海好味餐饮有限公司"
	other := in.Licences[0]
	other.Holder, other.HolderName, other.Number = "91310115MA1OTHER0X", "上海另一家运输有限公司", "JY-OTHER"
	other.ValidFrom = day(t, "2026-05-01")
	in.Licences = append(in.Licences, other)
	uscc, name := in.Form["enterprise.uscc"], in.Form["enterprise.name"]
	delete(in.Form, "enterprise.uscc")
	delete(in.Form, "enterprise.name")
	runChecks(t, in, []check{{"NewestWithoutAnEnterprise", `licence_field("food", "number") == "JY-OTHER"`, passed, false}})
	in.Form["enterprise.name"] = name
	runChecks(t, in, []check{{"ByName", `licence_field("food", "number") == "JY13101150000001"`, passed, false}})
	delete(in.Form, "enterprise.name")
	in.Form["enterprise.uscc"] = uscc
	runChecks(t, in, []check{{"ByCreditCode", `licence_field("food", "number") == "JY13101150000001"`, passed, false}})
}
