package ocr

import (
	"maps"
	"testing"

	"haoban"
)

// The numbers drawn in the tests must themselves pass the check, or a
// correct reading would be dropped.
func TestFixtureCodesValid(t *testing.T) {
	for _, id := range []string{"31010419900307123X", "440305198512245615"} {
		if !haoban.ValidIDNumber(id) {
			t.Errorf("ValidIDNumber(%s) = false", id)
		}
	}
	if !haoban.ValidUSCC("91310115MA1K4ABCDD") {
		t.Error("ValidUSCC(91310115MA1K4ABCDD) = false")
	}
}

func TestIDCard(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Fields
	}{
		{"OK", "姓名 张伟\n性别 男 民族 汉\n公民身份号码 31010419900307123X\n",
			Fields{"name": "张伟", "id_number": "31010419900307123X"}},
		{"SpacesAndFullWidthColon", "姓 名： 张 伟\n公民身份号码：3101 0419 9003 0712 3X\n",
			Fields{"name": "张伟", "id_number": "31010419900307123X"}},
		{"FullWidthDigits", "公民身份号码 ３１０１０４１９９００３０７１２３Ｘ",
			Fields{"id_number": "31010419900307123X"}},
		{"LettersForDigits", "公民身份号码 31O1O4l99OO3O7I23x",
			Fields{"id_number": "31010419900307123X"}},
		{"TimesSignForX", "公民身份号码 31010419900307123×",
			Fields{"id_number": "31010419900307123X"}},
		{"GarbledLabel", "公民身份导码 440305198512245615\n",
			Fields{"id_number": "440305198512245615"}},
		{"NameBesideOtherLabel", "姓名 买买提·艾力 性别 男\n",
			Fields{"name": "买买提·艾力"}},
		{"BulletForMiddleDot", "姓名 买买提•艾力|\n", Fields{"name": "买买提·艾力"}},
		{"ErrCheckDigit", "公民身份号码 310104199003071234", Fields{}},
		{"ErrTooShort", "公民身份号码 3101041990030712X", Fields{}},
		{"ErrEmpty", "", Fields{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IDCard(tt.text); !maps.Equal(got, tt.want) {
				t.Errorf("IDCard(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestBusinessLicence(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Fields
	}{
		{"OK", "营业执照\n统一社会信用代码 91310115MA1K4ABCDD\n名称 上海好味餐饮有限公司\n法定代表人 李娜\n",
			Fields{"uscc": "91310115MA1K4ABCDD", "name": "上海好味餐饮有限公司", "legal_rep": "李娜"}},
		{"SpacesAndFullWidthColon", "统一社会信用代码： 9131 0115 MA1K 4ABC DD\n名 称：上海好味餐饮有限公司\n法定代表人：李 娜",
			Fields{"uscc": "91310115MA1K4ABCDD", "name": "上海好味餐饮有限公司", "legal_rep": "李娜"}},
		{"OForZero", "统一社会信用代码 9131O115MA1K4ABCDD",
			Fields{"uscc": "91310115MA1K4ABCDD"}},
		{"LowercaseAndLForOne", "统一社会信用代码 9l3lOll5ma1k4abcdd",
			Fields{"uscc": "91310115MA1K4ABCDD"}},
		{"TwoColumns", "名称 上海好味（2号店）餐饮有限公司 类型 有限责任公司\n",
			Fields{"name": "上海好味(2号店)餐饮有限公司"}},
		{"ErrCheckDigit", "统一社会信用代码 91310115MA1K4ABCDE", Fields{}},
		{"ErrEmpty", "营业执照", Fields{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BusinessLicence(tt.text); !maps.Equal(got, tt.want) {
				t.Errorf("BusinessLicence(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
