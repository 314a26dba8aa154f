package app

import "github.com/danielgtaylor/huma/v2/validation"

// The schema checks speak to people in Chinese, like every other error.
// They are set before any operation is registered, since huma words some
// of its messages once per schema.
func init() {
	validation.MsgUnexpectedProperty = "不认识的字段"
	validation.MsgExpectedRFC3339DateTime = "应为日期时间，如 2026-12-03T09:30:00+08:00"
	validation.MsgExpectedRFC3339Date = "应为日期，如 2026-12-03"
	validation.MsgExpectedBoolean = "应为 true 或 false"
	validation.MsgExpectedNumber = "应为数字"
	validation.MsgExpectedInteger = "应为整数"
	validation.MsgExpectedString = "应为文字"
	validation.MsgExpectedArray = "应为列表"
	validation.MsgExpectedObject = "应为对象"
	validation.MsgExpectedArrayItemsUnique = "列表中有重复项"
	validation.MsgExpectedOneOf = "取值应为以下之一：%s"
	validation.MsgExpectedMinimumNumber = "不能小于 %v"
	validation.MsgExpectedExclusiveMinimumNumber = "应大于 %v"
	validation.MsgExpectedMaximumNumber = "不能大于 %v"
	validation.MsgExpectedExclusiveMaximumNumber = "应小于 %v"
	validation.MsgExpectedMinLength = "至少 %d 个字符"
	validation.MsgExpectedMaxLength = "不能超过 %d 个字符"
	validation.MsgExpectedMatchPattern = "格式不符合要求（%s）"
	validation.MsgExpectedMinItems = "至少 %d 项"
	validation.MsgExpectedMaxItems = "不能超过 %d 项"
	validation.MsgExpectedRequiredProperty = RequiredPrefix + "%s"
}

// RequiredPrefix begins the message of a missing required field, which
// the edges read the field's name from.
const RequiredPrefix = "缺少必填项："
