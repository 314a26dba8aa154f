package document

import (
	"fmt"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"haoban"
)

// Application is a material generated from an application's form (公司登记
// 申请书 and the like): its template's lines with the values filled in
// (Fill), and the 告知承诺 the applicant confirms.
//
// A line of the template is drawn by its shape: "# 标题" is a heading, a
// short label ending in "：" followed by text is a row whose text wraps
// under itself, an empty line is space, and anything else a paragraph.
type Application struct {
	Title    string   // the material's name: 公司登记申请书
	Subtitle string   // what it is for: 开办餐饮店 · 营业执照（设立登记）
	Lines    []string // the filled template
	Pledge   string   // the 告知承诺 text; "" when the item allows none
	// Confirmed says the applicant ticked the pledge: true in the stored
	// document, false in a preview before submission.
	Confirmed bool
	Applicant string    // who applied, signed at the foot
	Date      time.Time // when the form was last changed, not when drawn
}

// Body size and leading of an application: larger than a licence's table,
// as paper application forms are set.
const (
	appSize    = 12.0
	appLeading = 20.0
	// labelMax is the widest label drawn as a row; a longer one makes the
	// line a paragraph, so that its text keeps a useful width.
	labelMax = (pageW - 2*margin) * 0.42
)

// RenderApplication draws an application as an A4 PDF. The same
// application always gives the same bytes: the document carries no time
// of drawing, so a retried submission stores one file, not two.
func RenderApplication(a Application) ([]byte, error) {
	if strings.TrimSpace(a.Title) == "" {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "title", "申请材料没有名称")
	}
	fc, err := fontContainer()
	if err != nil {
		return nil, err
	}
	p := &page{pdf: new(gopdf.GoPdf)}
	p.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	p.pdf.SetInfo(gopdf.PdfInfo{Title: a.Title, Subject: a.Subtitle, Author: a.Applicant, Creator: "haoban"})
	if err := p.pdf.AddTTFFontFromFontContainer(family, fc); err != nil {
		return nil, fmt.Errorf("document: add font: %w", err)
	}
	p.newPage()
	if err := p.application(a); err != nil {
		return nil, err
	}
	out, err := p.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("document: write pdf: %w", err)
	}
	return fixAstral(out)
}

func (p *page) application(a Application) error {
	if err := p.centered(p.y, 22, a.Title); err != nil {
		return err
	}
	p.y += 34
	if a.Subtitle != "" {
		if err := p.centered(p.y, 11, a.Subtitle); err != nil {
			return err
		}
		p.y += 22
	}
	p.y += 10
	for _, line := range a.Lines {
		if err := p.appLine(line); err != nil {
			return err
		}
	}
	if a.Pledge != "" {
		if err := p.pledge(a); err != nil {
			return err
		}
	}
	return p.signature(a)
}

// appLine draws one line of the filled template by its shape.
func (p *page) appLine(line string) error {
	line = strings.TrimRight(line, " \t")
	switch {
	case strings.TrimSpace(line) == "":
		p.y += appLeading / 2
		return nil
	case strings.HasPrefix(line, "# "):
		p.ensure(3 * appLeading) // a heading does not end a page alone
		p.y += 6
		if err := p.flow(margin, margin, pageW-margin, 14, strings.TrimSpace(line[2:])); err != nil {
			return err
		}
		p.y += 4
		return nil
	}
	if label, text, ok := strings.Cut(line, "："); ok && label != "" && !strings.ContainsAny(label, "，。；") {
		if err := p.font(appSize); err != nil {
			return err
		}
		w, err := p.pdf.MeasureTextWidth(label + "：")
		if err != nil {
			return err
		}
		if w <= labelMax {
			p.ensure(appLeading)
			if err := p.text(margin, p.y, label+"："); err != nil {
				return err
			}
			return p.flow(margin+w, margin+w, pageW-margin, appSize, strings.TrimSpace(text))
		}
	}
	return p.flow(margin, margin, pageW-margin, appSize, line)
}

// flow writes s from x on the current line and wraps it to indent, within
// right, starting new pages as needed. Nothing is cut: every character is
// drawn on some line.
func (p *page) flow(x, indent, right, size float64, s string) error {
	if err := p.font(size); err != nil {
		return err
	}
	leading := max(appLeading, size*1.6)
	first := true
	for s != "" || first {
		left := indent
		if first {
			left = x
		}
		line, rest, err := p.fit(s, right-left)
		if err != nil {
			return err
		}
		p.ensure(leading)
		if err := p.text(left, p.y, line); err != nil {
			return err
		}
		p.y += leading
		s, first = rest, false
	}
	return nil
}

// noLineStart are the marks Chinese typesetting keeps off the start of a
// line (避头): they go with the character before them.
const noLineStart = "。，、；：！？）」』”’》〉】.,;:!?)"

// fit splits off the longest head of s that fits width, at least one
// character. Han text breaks between any two characters, but not before a
// closing mark; a break is also moved off a space, because a reader
// extracting the text drops a space at the end or start of a line and the
// value would no longer read as entered.
func (p *page) fit(s string, width float64) (string, string, error) {
	runes := []rune(s)
	n := 0
	for n < len(runes) {
		w, err := p.pdf.MeasureTextWidth(string(runes[:n+1]))
		if err != nil {
			return "", "", err
		}
		if w > width {
			break
		}
		n++
	}
	if n >= len(runes) {
		return s, "", nil
	}
	n = max(n, 1)
	for k := n; k > 1; k-- {
		if runes[k-1] != ' ' && runes[k] != ' ' && !strings.ContainsRune(noLineStart, runes[k]) {
			n = k
			break
		}
	}
	return string(runes[:n]), string(runes[n:]), nil
}

// pledge prints the 告知承诺 and whether the applicant confirmed it.
func (p *page) pledge(a Application) error {
	if err := p.appLine("# 告知承诺"); err != nil {
		return err
	}
	if err := p.flow(margin+2*appSize, margin, pageW-margin, appSize, a.Pledge); err != nil {
		return err
	}
	confirm := "申请人确认：提交申请时须勾选确认以上承诺"
	if a.Confirmed {
		confirm = "申请人确认：已阅读并在线确认以上承诺"
	}
	p.y += appLeading / 2
	return p.appLine(confirm)
}

// signature ends the form as a paper one ends: who applied and when the
// form was filled in, and that the system wrote it from the form.
func (p *page) signature(a Application) error {
	p.ensure(4 * appLeading)
	p.y += appLeading
	if a.Applicant != "" {
		if err := p.appLine("申请人：" + a.Applicant); err != nil {
			return err
		}
	}
	if !a.Date.IsZero() {
		if err := p.appLine("填表日期：" + chineseDate(a.Date)); err != nil {
			return err
		}
	}
	p.y += appLeading / 2
	return p.flow(margin, margin, pageW-margin, 9, "本申请书由好办根据申请人在线填写的申请表自动生成，所载内容与申请表一致。")
}
