package document

import "strings"

// Table geometry for the licence: a label column wide enough for
// 统一社会信用代码 on one line at the body size.
const (
	bodySize = 12.0
	lineH    = 18.0
	cellPad  = 6.0
	labelW   = 130.0
	footerH  = 160.0 // QR code, department, date and seal
)

// licence draws the certificate: a framed page with the title, the
// number, a table of holder and fields, and the issuing block at the foot.
func (p *page) licence(d Licence) error {
	p.frame()
	if err := p.centered(p.y+16, 28, d.TypeName); err != nil {
		return err
	}
	if err := p.centered(p.y+62, bodySize, "编号："+d.Number); err != nil {
		return err
	}
	p.y += 96
	rows := []Field{{"持证主体", d.HolderName}, {"统一社会信用代码\n（身份证号码）", d.HolderCode}}
	rows = append(rows, d.Fields...)
	if d.Scope != "" {
		rows = append(rows, Field{"许可范围", d.Scope})
	}
	rows = append(rows, Field{"有效期限", d.validity()})
	for _, r := range rows {
		if err := p.row(r); err != nil {
			return err
		}
	}
	// The issuing block sits at the foot of the page, where a paper
	// licence has it, unless the table already reaches there.
	if p.y+24+footerH > pageH-margin {
		p.newPage()
		p.frame()
	}
	return p.issuer(d, pageH-margin-footerH, true)
}

// frame draws the double border of a certificate.
func (p *page) frame() {
	p.pdf.SetStrokeColor(150, 20, 20)
	p.pdf.SetLineWidth(2.5)
	p.pdf.RectFromUpperLeftWithStyle(margin-28, margin-28, pageW-2*(margin-28), pageH-2*(margin-28), "D")
	p.pdf.SetLineWidth(0.8)
	p.pdf.RectFromUpperLeftWithStyle(margin-22, margin-22, pageW-2*(margin-22), pageH-2*(margin-22), "D")
	p.pdf.SetStrokeColor(0, 0, 0)
	p.pdf.SetLineWidth(0.6)
}

// row draws one label → value row of the table, as tall as its longer
// side once both are wrapped.
func (p *page) row(f Field) error {
	if err := p.font(bodySize); err != nil {
		return err
	}
	valueW := pageW - 2*margin - labelW
	label, err := p.wrap(f.Label, labelW-2*cellPad)
	if err != nil {
		return err
	}
	value, err := p.wrap(f.Value, valueW-2*cellPad)
	if err != nil {
		return err
	}
	h := float64(max(len(label), len(value)))*lineH + 2*cellPad
	if p.y+h > pageH-margin {
		p.newPage()
		p.frame()
	}
	p.pdf.RectFromUpperLeftWithStyle(margin, p.y, labelW, h, "D")
	p.pdf.RectFromUpperLeftWithStyle(margin+labelW, p.y, valueW, h, "D")
	for i, l := range label {
		if err := p.text(margin+cellPad, p.y+cellPad+float64(i)*lineH, l); err != nil {
			return err
		}
	}
	for i, l := range value {
		if err := p.text(margin+labelW+cellPad, p.y+cellPad+float64(i)*lineH, l); err != nil {
			return err
		}
	}
	p.y += h
	return nil
}

// issuer draws the QR code at the left and the department and date at the
// right of a block starting at y, then stamps the seal over the
// department's name. A licence labels the two lines (发证机关, 发证日期); a
// decision, being a letter, signs off with the bare name and date, the
// date centred under the name.
func (p *page) issuer(d Licence, y float64, labelled bool) error {
	if labelled {
		lines := []string{"发证机关：" + d.Department, "发证日期：" + chineseDate(d.IssuedAt)}
		return p.foot(y, d.VerifyURL, d.SealPNG, "发证机关：", lines, false)
	}
	return p.foot(y, d.VerifyURL, d.SealPNG, "", []string{d.Department, chineseDate(d.IssuedAt)}, true)
}

// foot draws the QR code of url at the left and lines at the right of a
// block starting at y, then stamps seal over the lines past label's
// width, where the name it vouches for stands. centred centres each line
// under the widest, as a letter's sign-off is set.
func (p *page) foot(y float64, url string, seal []byte, label string, lines []string, centred bool) error {
	if err := p.qr(url, margin, y+10); err != nil {
		return err
	}
	// Shrink a long department name rather than run it past the margin or
	// into the QR code's URL.
	right, avail := pageW-margin, pageW-2*margin-200
	size, w := 14.0, 0.0
	for ; ; size-- {
		var err error
		if w, err = p.widest(size, lines...); err != nil {
			return err
		}
		if w <= avail || size <= 9 {
			break
		}
	}
	x := right - w
	for i, l := range lines {
		lx := x
		if centred {
			lw, err := p.widest(size, l)
			if err != nil {
				return err
			}
			lx = x + (w-lw)/2
		}
		if err := p.text(lx, y+36+float64(i)*28, l); err != nil {
			return err
		}
	}
	lw, err := p.widest(size, label)
	if err != nil {
		return err
	}
	return p.seal(seal, x+lw+(w-lw)/2, y+54)
}

// widest is the width of the widest of lines in the given size, leaving
// the font at that size.
func (p *page) widest(size float64, lines ...string) (float64, error) {
	if err := p.font(size); err != nil {
		return 0, err
	}
	w := 0.0
	for _, l := range lines {
		lw, err := p.pdf.MeasureTextWidth(l)
		if err != nil {
			return 0, err
		}
		w = max(w, lw)
	}
	return w, nil
}

// decision draws the letter granting the licence: addressee, the grant in
// the words a decision uses, what was granted, and the signed-off foot.
func (p *page) decision(d Licence) error {
	if err := p.heading("准予行政许可决定书", d.Number); err != nil {
		return err
	}
	// "申请的食品经营许可", not "…许可证": what is applied for is the
	// permission; the 证 is what it is issued as.
	grant := "经审查，你单位申请的" + strings.TrimSuffix(d.TypeName, "证") +
		"符合法定条件，决定准予行政许可。许可内容如下："
	paras := []para{{0, d.HolderName + "："}, {28, grant}}
	if d.HolderCode != "" {
		paras = append(paras, para{28, "统一社会信用代码（身份证号码）：" + d.HolderCode})
	}
	for _, f := range d.Fields {
		paras = append(paras, para{28, f.Label + "：" + f.Value})
	}
	if d.Scope != "" {
		paras = append(paras, para{28, "许可范围：" + d.Scope})
	}
	paras = append(paras, para{28, "有效期限：" + d.validity()}, para{28, "特此决定。"})
	if err := p.paragraphs(paras); err != nil {
		return err
	}
	if p.y+24+footerH > pageH-margin {
		p.newPage()
	}
	return p.issuer(d, p.y+24, false)
}

// para is one paragraph of a letter: its first-line indent and its text.
type para struct {
	indent float64
	text   string
}

// paragraph writes text from the left margin, its first line indented,
// wrapping at the right margin like a typed letter.
func (p *page) paragraph(indent float64, text string) error {
	const size, leading = 14.0, 26.0
	if err := p.font(size); err != nil {
		return err
	}
	width := pageW - 2*margin
	first, err := p.wrap(text, width-indent)
	if err != nil {
		return err
	}
	lines := first[:1]
	if rest := strings.Join(first[1:], ""); rest != "" {
		more, err := p.wrap(rest, width)
		if err != nil {
			return err
		}
		lines = append(lines, more...)
	}
	for i, l := range lines {
		p.ensure(leading)
		x := margin
		if i == 0 {
			x += indent
		}
		if err := p.text(x, p.y, l); err != nil {
			return err
		}
		p.y += leading
	}
	p.y += 4
	return nil
}
