package demo

import (
	"time"

	"haoban"
)

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// Residents are the demo applicants and the people their forms name, as
// the population registry knows them.
func Residents() []haoban.Resident {
	return []haoban.Resident{
		{IDNumber: "31010419900307123X", Name: "张伟", Sex: "男", BirthDate: day("1990-03-07"), Phone: "13912345678", Address: "上海市徐汇区漕溪北路88号",
			SpouseID: "310101198702145513"},
		{IDNumber: "310115198811203215", Name: "李娜", Sex: "女", BirthDate: day("1988-11-20"), Phone: "13812345678", Address: "上海市浦东新区张杨路500号"},
		{IDNumber: "310101198702145513", Name: "陈丽", Sex: "女", BirthDate: day("1987-02-14"), Phone: "13712345678", Address: "上海市徐汇区漕溪北路88号",
			SpouseID: "31010419900307123X"},
		{IDNumber: "310106198506154027", Name: "王强", Sex: "男", BirthDate: day("1985-06-15"), Phone: "13612345678", Address: "上海市静安区愚园路100号"},
		// 张伟's family, whom the national first batch's person bundles
		// name: his daughter starting school, his father retiring, his
		// grandmother whose affairs he settles; and 李娜's new employee.
		{IDNumber: "310104202103150028", Name: "张子涵", Sex: "女", BirthDate: day("2021-03-15"), Address: "上海市徐汇区漕溪北路88号"},
		{IDNumber: "310104196608120010", Name: "张建国", Sex: "男", BirthDate: day("1966-08-12"), Phone: "13512345678",
			Address: "上海市徐汇区漕溪北路88号"},
		{IDNumber: "310104193802050024", Name: "王秀英", Sex: "女", BirthDate: day("1938-02-05"), Address: "上海市徐汇区漕溪北路88号"},
		{IDNumber: "310107200105200033", Name: "刘晓明", Sex: "男", BirthDate: day("2001-05-20"), Phone: "13412345678",
			Address: "上海市普陀区曹杨路300号"},
	}
}

// Enterprises are the demo enterprises: 李娜 represents 上海好味餐饮有限公司,
// the first, which the tests take as the demo company.
func Enterprises() []haoban.Enterprise {
	return []haoban.Enterprise{
		{USCC: "91310115MA1K4ABCDD", Name: "上海好味餐饮有限公司", Type: "有限责任公司", Address: "上海市浦东新区张杨路500号1层",
			LegalRepID: "310115198811203215", Capital: 50, Scope: "餐饮服务；食品销售", Shareholders: "李娜、王强", Employees: 12},
		// The debtor of the demo bankruptcy (企业破产信息核查).
		{USCC: "91310115MA1K7JG309", Name: "上海旧港贸易有限公司", Type: "有限责任公司", Address: "上海市浦东新区东方路800号",
			LegalRepID: "310106198506154027", Capital: 200, Scope: "货物进出口；日用百货销售", Shareholders: "王强", Employees: 0},
	}
}

// Addresses are the demo applicants' addresses with their districts, so the
// address library knows them.
func Addresses() [][2]string {
	return [][2]string{{"上海市徐汇区漕溪北路88号", "310104"}, {"上海市浦东新区张杨路500号", "310115"},
		{"上海市静安区愚园路100号", "310106"}, {"上海市浦东新区张杨路500号1层", "310115"},
		{"上海市普陀区曹杨路300号", "310107"}, {"上海市浦东新区东方路800号", "310115"}, {"上海市浦东新区富特北路211号", "310115"}}
}

// Births are the hospital records of the demo family's newborn.
func Births() []haoban.Birth {
	at := time.Date(2026, 11, 20, 8, 15, 0, 0, haoban.Beijing)
	return []haoban.Birth{
		{ParentID: "31010419900307123X", ChildSex: "女", BirthTime: at, Hospital: "上海市第一妇婴保健院"},
		{ParentID: "310101198702145513", ChildSex: "女", BirthTime: at, Hospital: "上海市第一妇婴保健院"},
	}
}

// Buildings are the fire acceptance records of the demo premises.
func Buildings() []haoban.Building {
	return []haoban.Building{{Address: "上海市浦东新区张杨路500号1层", Area: 120, Floors: 1, MaxOccupancy: 60,
		FireFacilities: []string{"火灾自动报警系统", "灭火器"}, Exits: 2}}
}

// Drainages are the drainage records of the demo premises.
func Drainages() []haoban.Drainage {
	return []haoban.Drainage{{Address: "上海市浦东新区张杨路500号1层", Volume: 3.5, GreaseTrap: true}}
}
