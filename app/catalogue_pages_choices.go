package app

import (
	"haoban"
)

// Choice is one option of a select: the value posted and the name shown.
type Choice struct{ Value, Name string }

// ItemTypes are the kinds of item, by name.
var ItemTypes = []Choice{{string(haoban.ItemLicensing), haoban.ItemLicensing.Name()},
	{string(haoban.ItemConfirmation), haoban.ItemConfirmation.Name()}, {string(haoban.ItemPayment), haoban.ItemPayment.Name()},
	{string(haoban.ItemPublicService), haoban.ItemPublicService.Name()}, {string(haoban.ItemOther), haoban.ItemOther.Name()}}

// Channels are where an item is applied for, by name.
var Channels = []Choice{{string(haoban.ChannelBoth), haoban.ChannelBoth.Name()},
	{string(haoban.ChannelOnline), haoban.ChannelOnline.Name()}, {string(haoban.ChannelWindow), haoban.ChannelWindow.Name()}}

// Audiences are whom a bundle serves, by name.
var Audiences = []Choice{{string(haoban.ForPersons), "个人"}, {string(haoban.ForEnterprises), "企业"}}

// FieldTypes are the kinds of form field, by name.
var FieldTypes = []Choice{{string(haoban.FieldText), "文本"}, {string(haoban.FieldNumber), "数字"},
	{string(haoban.FieldDate), "日期"}, {string(haoban.FieldBool), "是/否"}, {string(haoban.FieldChoice), "单选"},
	{string(haoban.FieldChoices), "多选"}, {string(haoban.FieldIDNumber), "身份证号码"},
	{string(haoban.FieldUSCC), "统一社会信用代码"}, {string(haoban.FieldPhone), "手机号码"}, {string(haoban.FieldAddress), "地址"}}

// Providers are who provides a material, by name.
var Providers = []Choice{{string(haoban.ProvidedByApplicant), "申请人提交"},
	{string(haoban.ProvidedByDepartment), "部门调取（不需申请人提交）"}, {string(haoban.ProvidedGenerated), "系统根据表单生成"}}

// choiceName is the name of a value among choices; "" and unknown values
// read as the first choice's name when dflt, else "—".
func choiceName(list []Choice, value string, dflt bool) string {
	for _, c := range list {
		if c.Value == value {
			return c.Name
		}
	}
	if dflt {
		return list[0].Name
	}
	return "—"
}

// known reports whether value is one of the choices.
func known(list []Choice, value string) bool {
	for _, c := range list {
		if c.Value == value {
			return true
		}
	}
	return false
}
