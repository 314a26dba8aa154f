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
		{IDNumber: "31010419900307123X", Name: "张伟", Sex: "男", BirthDate: day("1990-03-07"), Phone: "13912345678", Address: "上海市徐汇区漕溪北路88号"},
		{IDNumber: "310115198811203215", Name: "李娜", Sex: "女", BirthDate: day("1988-11-20"), Phone: "13812345678", Address: "上海市浦东新区张杨路500号"},
		{IDNumber: "310101198702145513", Name: "陈丽", Sex: "女", BirthDate: day("1987-02-14"), Phone: "13712345678", Address: "上海市徐汇区漕溪北路88号"},
		{IDNumber: "310106198506154027", Name: "王强", Sex: "男", BirthDate: day("1985-06-15"), Phone: "13612345678", Address: "上海市静安区愚园路100号"},
	}
}

// Enterprises are the demo enterprises: 李娜 represents 上海好味餐饮有限公司.
func Enterprises() []haoban.Enterprise {
	return []haoban.Enterprise{
		{USCC: "91310115MA1K4ABCDD", Name: "上海好味餐饮有限公司", Type: "有限责任公司", Address: "上海市浦东新区张杨路500号1层",
			LegalRepID: "310115198811203215", Capital: 50, Scope: "餐饮服务；食品销售"},
	}
}
