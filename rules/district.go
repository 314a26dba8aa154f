package rules

import (
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// districts are Shanghai's districts by administrative code. The names of
// merged districts are kept under the district that absorbed them, because
// old leases and certificates still carry them: 南汇 joined 浦东 in 2009,
// 卢湾 joined 黄浦 in 2011, 闸北 joined 静安 in 2015.
var districts = []struct{ code, name string }{
	{"310101", "黄浦区"}, {"310101", "卢湾区"},
	{"310104", "徐汇区"},
	{"310105", "长宁区"},
	{"310106", "静安区"}, {"310106", "闸北区"},
	{"310107", "普陀区"},
	{"310109", "虹口区"},
	{"310110", "杨浦区"},
	{"310112", "闵行区"},
	{"310113", "宝山区"},
	{"310114", "嘉定区"},
	{"310115", "浦东新区"}, {"310115", "南汇区"},
	{"310116", "金山区"},
	{"310117", "松江区"},
	{"310118", "青浦区"},
	{"310120", "奉贤区"},
	{"310151", "崇明区"},
}

// knownDistrict reports whether code is one of Shanghai's district codes.
func knownDistrict(code string) bool {
	for _, d := range districts {
		if d.code == code {
			return true
		}
	}
	return false
}

// districtOf returns the code of the Shanghai district an address names,
// or "". The first district name in the text wins, since an address may go
// on to mention a neighbouring one ("近长宁区交界"). Only "中国" and
// "上海(市)" may come before it: "浙江省舟山市普陀区" is not Shanghai's
// 普陀区.
func districtOf(address string) string {
	code, at := "", -1
	for _, d := range districts {
		if i := strings.Index(address, d.name); i >= 0 && (at < 0 || i < at) {
			code, at = d.code, i
		}
	}
	if at < 0 {
		return ""
	}
	prefix := strings.TrimSpace(address[:at])
	prefix = strings.TrimSpace(strings.TrimPrefix(prefix, "中国"))
	prefix = strings.TrimPrefix(prefix, "上海市")
	prefix = strings.TrimPrefix(prefix, "上海")
	if strings.TrimSpace(prefix) != "" {
		return ""
	}
	return code
}

// inDistrict is in_district(address, code). An unknown code is an error,
// not false: it is a mistake in the rule, and a rule that quietly fails
// every application would be blamed on the applicants.
func inDistrict(address, code ref.Val) ref.Val {
	a, ok1 := address.(types.String)
	c, ok2 := code.(types.String)
	if !ok1 || !ok2 {
		return types.NewErr("in_district: 地址与区划代码应为文本")
	}
	if !knownDistrict(string(c)) {
		return types.NewErr("in_district: %q 不是上海市的区级行政区划代码", string(c))
	}
	return types.Bool(districtOf(string(a)) == string(c))
}
