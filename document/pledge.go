package document

import (
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"haoban"
)

// Pledge is a signed notification and pledge (告知承诺书) for a benefit, as
// RenderPledge draws it: the text the beneficiary read and agreed to,
// addressed to the policy's department, and who signed it when. A person
// signs for themselves; for an enterprise, a person signs on its behalf.
type Pledge struct {
	ID         string // the document's record, written into the PDF's metadata
	PolicyName string
	// Text is the pledge as the beneficiary read it; each line is a
	// paragraph.
	Text       string
	Name       string // the beneficiary
	Code       string // ID number, or unified social credit code for an enterprise
	Enterprise bool
	Signer     string // the person who signed: the beneficiary, or for an enterprise its representative
	Department string // the policy's department, to whom the pledge is made
	SignedAt   time.Time
	VerifyURL  string
}

func (d Pledge) validate() error {
	var c missing
	c.need("policy_name", d.PolicyName, "缺少政策名称")
	c.need("text", strings.TrimSpace(d.Text), "缺少承诺内容")
	c.need("name", d.Name, "缺少承诺人名称")
	c.need("code", d.Code, "缺少身份证号码或统一社会信用代码")
	c.need("signer", d.Signer, "缺少签署人")
	c.need("department", d.Department, "缺少承诺对象部门")
	if d.SignedAt.IsZero() {
		c = append(c, haoban.ErrorDetail{Field: "signed_at", Message: "缺少签署日期"})
	}
	return c.err()
}

// RenderPledge draws the pledge as an A4 letter: title and policy, the
// department addressed, the text, the declaration that it was read and
// agreed to, and the signer's block. It carries no seal picture: the
// person pledges, the department does not; the PDF signature records the
// act. The result is unsigned; SignPDF signs it.
func RenderPledge(d Pledge) ([]byte, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	p, err := start(gopdf.PdfInfo{Title: "告知承诺书 " + d.PolicyName, Subject: d.ID, Author: d.Signer})
	if err != nil {
		return nil, err
	}
	if err := p.heading("告知承诺书", "（"+d.PolicyName+"）"); err != nil {
		return nil, err
	}
	paras := []para{{0, d.Department + "："}}
	for l := range strings.SplitSeq(d.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, para{28, l})
		}
	}
	self := "本人"
	if d.Enterprise {
		self = "本单位"
	}
	paras = append(paras, para{28, self + "已阅读并理解上述告知内容，自愿作出以上承诺。如承诺不实，" + self +
		"愿意承担相应的法律责任，并退还已领取的资金。"})
	if err := p.paragraphs(paras); err != nil {
		return nil, err
	}
	lines := []string{"承诺人：" + d.Name, "身份证号码：" + d.Code}
	if d.Enterprise {
		lines = []string{"承诺单位：" + d.Name, "统一社会信用代码：" + d.Code, "签署人：" + d.Signer}
	}
	lines = append(lines, "签署日期："+chineseDate(d.SignedAt))
	if p.y+24+footerH > pageH-margin {
		p.newPage()
	}
	if err := p.foot(p.y+24, d.VerifyURL, nil, "", lines, false); err != nil {
		return nil, err
	}
	return p.bytes()
}
