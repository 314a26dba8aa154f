// Package seed generates the synthetic registries of the demo — residents,
// enterprises and addresses — deterministically, with valid ID numbers and
// credit codes, and writes them with COPY.
package seed

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	"何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "沈", "蒋", "陆", "顾"}

var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国红梅晨阳浩宇欣怡子涵思远佳琪雨婷俊杰晓东海燕志强丹丹文博嘉怡")

// districts are Shanghai's district codes with their names.
var districts = []struct{ code, name string }{
	{"310101", "黄浦区"}, {"310104", "徐汇区"}, {"310105", "长宁区"}, {"310106", "静安区"}, {"310107", "普陀区"},
	{"310109", "虹口区"}, {"310110", "杨浦区"}, {"310112", "闵行区"}, {"310113", "宝山区"}, {"310115", "浦东新区"},
}

var roads = []string{"南京东路", "淮海中路", "漕溪北路", "虹桥路", "延安西路", "愚园路", "曹杨路", "四川北路", "国定路",
	"莘庄路", "牡丹江路", "张杨路", "世纪大道", "陆家嘴环路", "长寿路", "中山北路", "肇嘉浜路", "天山路", "武宁路", "浦东南路"}

var tradeWords = []string{"好味", "鲜香", "福满", "和记", "新元", "悦来", "同兴", "长乐", "嘉禾", "金桥", "万和", "瑞丰"}

var tradeKinds = []struct{ suffix, scope string }{
	{"餐饮有限公司", "餐饮服务；食品销售"}, {"贸易有限公司", "货物进出口；日用百货销售"},
	{"信息科技有限公司", "软件开发；信息技术咨询服务"}, {"咨询管理有限公司", "企业管理咨询"},
}
