// Package document renders issued licences (电子证照), approval decisions
// (准予行政许可决定书), and a benefit's grant decision (给付决定书) and pledge
// (告知承诺书) as A4 PDFs in Chinese, and signs and verifies them with PDF
// signatures that standard readers (Acrobat, poppler's pdfsig) check.
//
// The visible seal on the page is only a picture; what makes a document
// genuine is the PDF signature over its bytes, made with the issuing
// department's ECDSA P-256 key. A copy whose picture was pasted onto
// another page verifies as unsigned, and one edited after signing as
// altered.
package document

import (
	"fmt"
	"time"

	"haoban"
)

// Kind is which document Render draws.
type Kind string

// Document kinds. The zero Kind renders a licence, the document every
// approved case ends with; a decision is issued beside it. A benefit
// granted without an application (免申即享) has its own two letters, drawn
// by RenderGrant and RenderPledge.
const (
	KindLicence  Kind = "licence"  // 证照
	KindDecision Kind = "decision" // 准予行政许可决定书
	KindGrant    Kind = "grant"    // 给付决定书
	KindPledge   Kind = "pledge"   // 告知承诺书
)

// Field is one labelled line of a licence, such as 经营场所 → 某路 1 号.
type Field struct {
	Label string
	Value string
}

// Licence is what Render puts on the page. It is a printable view, not the
// domain haoban.Licence: labels are already in Chinese and in the order the
// licence type prints them, which a map of canonical fields cannot keep.
type Licence struct {
	ID         string // the licence's record, written into the PDF's metadata
	Kind       Kind
	TypeName   string // 食品经营许可证
	Number     string // licence or decision number (编号 / 文号)
	HolderName string
	HolderCode string // unified social credit code or ID number
	Fields     []Field
	Scope      string // 许可范围 / 经营项目, printed in full under the fields
	ValidFrom  time.Time
	ValidTo    *time.Time // nil: 长期 (no end)
	Department string     // issuing department, also the seal's owner
	IssuedAt   time.Time
	SealPNG    []byte // the department's seal picture; nil draws none
	VerifyURL  string // where the QR code points, for checking a printout
}

// validate reports every missing required part at once, so that a caller
// building a licence from a case fixes it in one go.
func (d Licence) validate() error {
	var details []haoban.ErrorDetail
	need := func(field, value, message string) {
		if value == "" {
			details = append(details, haoban.ErrorDetail{Field: field, Message: message})
		}
	}
	need("type_name", d.TypeName, "缺少证照名称")
	need("number", d.Number, "缺少编号")
	need("holder_name", d.HolderName, "缺少持证主体名称")
	need("holder_code", d.HolderCode, "缺少统一社会信用代码或身份证号码")
	need("department", d.Department, "缺少发证机关")
	if d.IssuedAt.IsZero() {
		details = append(details, haoban.ErrorDetail{Field: "issued_at", Message: "缺少发证日期"})
	}
	if d.Kind != "" && d.Kind != KindLicence && d.Kind != KindDecision {
		details = append(details, haoban.ErrorDetail{Field: "kind", Message: "未知文书类型 " + string(d.Kind)})
	}
	if len(details) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EINVALID, Message: "文书内容不完整", Details: details}
}

// chineseDate writes 2025年3月14日, the form printed on licences, in
// Beijing: a licence issued at 23:30 UTC is dated the next day, as the
// department's own clock says.
func chineseDate(t time.Time) string {
	t = t.In(haoban.Beijing)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// validity is the 有效期 line: from–to, or 长期 when the licence has no end.
func (d Licence) validity() string {
	if d.ValidTo == nil {
		return "自" + chineseDate(d.ValidFrom) + "起长期有效"
	}
	return chineseDate(d.ValidFrom) + " 至 " + chineseDate(*d.ValidTo)
}
