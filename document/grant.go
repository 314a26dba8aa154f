package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"haoban"
)

// Grant is a grant decision (给付决定书) of a benefit granted without an
// application (免申即享), as RenderGrant draws it: the issuing department
// decides to pay a beneficiary an amount under a policy, and seals the
// letter.
type Grant struct {
	ID         string // the document's record, written into the PDF's metadata
	Number     string // 文号
	PolicyName string
	LegalBasis []string // cited as written, 《…》 included
	Name       string   // the beneficiary
	Code       string   // ID number, or unified social credit code for an enterprise
	Enterprise bool     // addresses the beneficiary as 你单位
	Period     string   // the policy period the benefit is for
	Amount     float64  // yuan
	Account    string   // where the money is paid
	Department string
	IssuedAt   time.Time
	SealPNG    []byte
	VerifyURL  string
}

func (g Grant) validate() error {
	var c missing
	c.need("policy_name", g.PolicyName, "缺少政策名称")
	c.need("number", g.Number, "缺少文号")
	c.need("name", g.Name, "缺少给付对象名称")
	c.need("code", g.Code, "缺少身份证号码或统一社会信用代码")
	c.need("account", g.Account, "缺少收款账户")
	c.need("department", g.Department, "缺少作出决定的部门")
	if g.Amount <= 0 {
		c = append(c, haoban.ErrorDetail{Field: "amount", Message: "给付金额须大于零"})
	}
	if g.IssuedAt.IsZero() {
		c = append(c, haoban.ErrorDetail{Field: "issued_at", Message: "缺少决定日期"})
	}
	return c.err()
}

// RenderGrant draws the grant decision as an A4 letter: title, number,
// addressee, the decision citing the policy's legal basis, what is paid
// where, the remedies, and the department's sign-off under its seal. The
// result is unsigned; SignPDF signs it.
func RenderGrant(g Grant) ([]byte, error) {
	if err := g.validate(); err != nil {
		return nil, err
	}
	if err := checkPNG(g.SealPNG); err != nil {
		return nil, err
	}
	title := g.PolicyName + "给付决定书"
	p, err := start(gopdf.PdfInfo{Title: title + " " + g.Number, Subject: g.ID, Author: g.Department})
	if err != nil {
		return nil, err
	}
	if err := p.heading(title, g.Number); err != nil {
		return nil, err
	}
	you, code := "你", "身份证号码："
	if g.Enterprise {
		you, code = "你单位", "统一社会信用代码："
	}
	basis := ""
	if len(g.LegalBasis) > 0 {
		basis = "根据" + strings.Join(g.LegalBasis, "、") + "的规定，"
	}
	paras := []para{{0, g.Name + "："},
		{28, basis + "经数据比对核实，" + you + "符合「" + g.PolicyName + "」的给付条件，本机关决定予以给付。给付内容如下："},
		{28, code + g.Code}}
	if g.Period != "" {
		paras = append(paras, para{28, "政策期间：" + g.Period})
	}
	paras = append(paras, para{28, "给付金额：人民币" + yuan(g.Amount) + "元"}, para{28, "收款账户：" + g.Account},
		para{28, "上述资金无需申请，将直接发放至收款账户。"},
		para{28, "如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"},
		para{28, "特此决定。"})
	if err := p.paragraphs(paras); err != nil {
		return nil, err
	}
	if p.y+24+footerH > pageH-margin {
		p.newPage()
	}
	if err := p.foot(p.y+24, g.VerifyURL, g.SealPNG, "", []string{g.Department, chineseDate(g.IssuedAt)}, true); err != nil {
		return nil, err
	}
	return p.bytes()
}

// heading draws a letter's title, shrunk to fit one line, and its number
// under it when it has one.
func (p *page) heading(title, number string) error {
	size := 24.0
	for ; size > 14; size-- {
		w, err := p.widest(size, title)
		if err != nil {
			return err
		}
		if w <= pageW-2*margin {
			break
		}
	}
	if err := p.centered(p.y+10, size, title); err != nil {
		return err
	}
	if number != "" {
		if err := p.centered(p.y+50, bodySize, number); err != nil {
			return err
		}
	}
	p.y += 90
	return nil
}

func (p *page) paragraphs(paras []para) error {
	for _, pa := range paras {
		if err := p.paragraph(pa.indent, pa.text); err != nil {
			return err
		}
	}
	return nil
}

// yuan writes a positive amount as money is written on a decision: two
// decimals, thousands separated (12,500.00).
func yuan(a float64) string {
	s := strconv.FormatFloat(a, 'f', 2, 64)
	whole, cents := s[:len(s)-3], s[len(s)-3:]
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return whole + cents
}

// missing collects a detail for each required part left out, so that a
// caller fixes them all in one go.
type missing []haoban.ErrorDetail

func (m *missing) need(field, value, message string) {
	if value == "" {
		*m = append(*m, haoban.ErrorDetail{Field: field, Message: message})
	}
}

func (m missing) err() error {
	if len(m) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EINVALID, Message: "文书内容不完整", Details: m}
}
