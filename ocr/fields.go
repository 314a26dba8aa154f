package ocr

import (
	"strings"
	"unicode"
)

// Fields are the values read from a document, keyed like the form fields
// they are compared with. A key is absent when its value was not found or
// failed its check.
type Fields map[string]string

// Keys of Fields.
const (
	FieldIDNumber = "id_number" // 公民身份号码, ID card
	FieldName     = "name"      // 姓名 on an ID card, 名称 on a licence
	FieldUSCC     = "uscc"      // 统一社会信用代码, licence
	FieldLegalRep = "legal_rep" // 法定代表人, licence
)

// Labels that may follow a value on the same OCR line, where the layout
// prints two label–value pairs side by side (名称 … 类型 …).
var (
	idCardLabels  = []string{"姓名", "性别", "民族", "出生", "住址", "公民身份号码"}
	licenceLabels = []string{"名称", "类型", "住所", "法定代表人", "注册资本", "成立日期", "营业期限", "经营范围", "统一社会信用代码"}
)

// IDCard extracts the name (姓名) and ID number (公民身份号码) from the OCR
// text of the front of a resident identity card.
func IDCard(text string) Fields {
	lines := compactLines(text)
	f := Fields{}
	if v := cjkName(labelValue(lines, "姓名", idCardLabels)); v != "" {
		f[FieldName] = v
	}
	if v := findCode(lines, "公民身份号码", fixIDNumber); v != "" {
		f[FieldIDNumber] = v
	}
	return f
}

// BusinessLicence extracts the unified social credit code (统一社会信用代码),
// the name (名称) and the legal representative (法定代表人) from the OCR text
// of a business licence.
func BusinessLicence(text string) Fields {
	lines := compactLines(text)
	f := Fields{}
	if v := findCode(lines, "统一社会信用代码", fixUSCC); v != "" {
		f[FieldUSCC] = v
	}
	if v := companyName(labelValue(lines, "名称", licenceLabels)); v != "" {
		f[FieldName] = v
	}
	if v := cjkName(labelValue(lines, "法定代表人", licenceLabels)); v != "" {
		f[FieldLegalRep] = v
	}
	return f
}

// compactLines folds full-width forms to ASCII and drops all white space:
// chi_sim may put spaces between Han characters and inside long digit runs,
// and no value read here has a space that matters.
func compactLines(text string) []string {
	var lines []string
	for line := range strings.Lines(text) {
		var b strings.Builder
		for _, r := range line {
			if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII block
				r -= 0xFEE0
			}
			if !unicode.IsSpace(r) { // U+3000, the ideographic space, too
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			lines = append(lines, b.String())
		}
	}
	return lines
}

// labelValue returns what follows label on its line, up to the next label
// of the document, without the separating colon.
func labelValue(lines []string, label string, labels []string) string {
	for _, line := range lines {
		_, v, ok := strings.Cut(line, label)
		if !ok {
			continue
		}
		for _, next := range labels {
			if i := strings.Index(v, next); i >= 0 && next != label {
				v = v[:i]
			}
		}
		return strings.TrimLeft(v, ":;.,、")
	}
	return ""
}

// cjkName keeps the Han characters of a person's name and the middle dot of
// transliterated minority names (买买提·艾力), dropping the stray marks OCR
// adds. Dots read as a bullet or katakana dot become the one the form uses.
func cjkName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Han, r), r == '·':
			return r
		case r == '•' || r == '・':
			return '·'
		}
		return -1
	}, s)
}

// companyName also keeps letters, digits and brackets, which appear in
// registered names such as 上海好味（2号店）餐饮有限公司.
func companyName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Han, r), r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			return r
		case r == '(' || r == ')': // full-width ones were folded by compactLines
			return r
		}
		return -1
	}, s)
}
