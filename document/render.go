package document

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"sync"

	"github.com/signintech/gopdf"
	"github.com/skip2/go-qrcode"

	"haoban"
)

// FontPath is the TrueType font every document is set in: LXGW WenKai from
// Debian's fonts-lxgw-wenkai, which scripts/ensure-pdf.sh installs. gopdf
// embeds TrueType outlines only, so the OpenType/CFF Noto CJK fonts will
// not do. Set it, if at all, before the first Render.
var FontPath = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

const family = "wenkai"

// A4 in points, with margins wide enough for a printed licence's frame.
const (
	pageW  = 595.28
	pageH  = 841.89
	margin = 56.0
)

// fonts keeps the parsed font: the file is 15 MB and takes far longer to
// parse than a page takes to draw. gopdf copies the parsed tables into each
// document and subsets them there, so one parse serves concurrent renders.
var fonts struct {
	sync.Mutex
	path string
	c    *gopdf.FontContainer
}

func fontContainer() (*gopdf.FontContainer, error) {
	fonts.Lock()
	defer fonts.Unlock()
	if fonts.c != nil && fonts.path == FontPath {
		return fonts.c, nil
	}
	if _, err := os.Stat(FontPath); err != nil {
		return nil, fmt.Errorf("document: font %s is missing; run scripts/ensure-pdf.sh: %w", FontPath, err)
	}
	c := new(gopdf.FontContainer)
	if err := c.AddTTFFont(family, FontPath); err != nil {
		return nil, fmt.Errorf("document: load font %s: %w", FontPath, err)
	}
	fonts.path, fonts.c = FontPath, c
	return c, nil
}

// Render draws d as an A4 PDF: a licence or, for KindDecision, the letter
// granting it. The result is unsigned; SignPDF signs it.
func Render(d Licence) ([]byte, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	if err := checkPNG(d.SealPNG); err != nil {
		return nil, err
	}
	p, err := start(gopdf.PdfInfo{Title: d.TypeName + " " + d.Number, Subject: d.ID, Author: d.Department})
	if err != nil {
		return nil, err
	}
	if d.Kind == KindDecision {
		err = p.decision(d)
	} else {
		err = p.licence(d)
	}
	if err != nil {
		return nil, err
	}
	return p.bytes()
}

// start begins an A4 document with the font and its first page; info is
// the PDF's metadata (title, subject: the record's ID, author).
func start(info gopdf.PdfInfo) (*page, error) {
	fc, err := fontContainer()
	if err != nil {
		return nil, err
	}
	p := &page{pdf: new(gopdf.GoPdf)}
	p.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	info.Creator = "haoban"
	p.pdf.SetInfo(info)
	if err := p.pdf.AddTTFFontFromFontContainer(family, fc); err != nil {
		return nil, fmt.Errorf("document: add font: %w", err)
	}
	p.newPage()
	return p, nil
}

// bytes writes the finished document.
func (p *page) bytes() ([]byte, error) {
	out, err := p.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("document: write pdf: %w", err)
	}
	return out, nil
}

// page is a document being drawn, with y the top of the next line.
type page struct {
	pdf *gopdf.GoPdf
	y   float64
}

func (p *page) newPage() {
	p.pdf.AddPage()
	p.y = margin
}

// ensure starts a new page when h more points would run into the bottom
// margin, so a licence with many fields continues rather than overflows.
func (p *page) ensure(h float64) {
	if p.y+h > pageH-margin {
		p.newPage()
	}
}

func (p *page) font(size float64) error {
	return p.pdf.SetFont(family, "", size)
}

// text draws s with its top-left corner at x, y.
func (p *page) text(x, y float64, s string) error {
	p.pdf.SetXY(x, y)
	return p.pdf.Cell(nil, s)
}

// centered draws s centred across the page at y in the given size.
func (p *page) centered(y, size float64, s string) error {
	if err := p.font(size); err != nil {
		return err
	}
	w, err := p.pdf.MeasureTextWidth(s)
	if err != nil {
		return err
	}
	return p.text((pageW-w)/2, y, s)
}

// wrap splits s into lines at most width wide in the current font. Han
// text has no spaces to break at, so lines break between any characters.
func (p *page) wrap(s string, width float64) ([]string, error) {
	if s == "" {
		return []string{""}, nil
	}
	return p.pdf.SplitText(s, width)
}

// image places a PNG in the box x, y, w, h (top-left, points).
func (p *page) image(b []byte, x, y, w, h float64) error {
	img, err := gopdf.ImageHolderByBytes(b)
	if err != nil {
		return err
	}
	return p.pdf.ImageByHolder(img, x, y, &gopdf.Rect{W: w, H: h})
}

// seal stamps the department's seal centred on cx, cy, drawn last so that
// it lies over the department's name and the date as an ink stamp does;
// the PNG's transparency lets the text show through.
func (p *page) seal(png []byte, cx, cy float64) error {
	if png == nil {
		return nil
	}
	const d = 120.0 // about 42 mm, the size of an official seal
	if err := p.image(png, cx-d/2, cy-d/2, d, d); err != nil {
		return haoban.Errorf(haoban.EINVALID, "印章图片无法读取：%v", err)
	}
	return nil
}

// qr draws a QR code of url at x, y with the URL in small print under it,
// so that a printout can be checked by phone or by typing the address.
func (p *page) qr(url string, x, y float64) error {
	if url == "" {
		return nil
	}
	const size = 96.0
	code, err := qrcode.Encode(url, qrcode.Medium, 288)
	if err != nil {
		return fmt.Errorf("document: qr code: %w", err)
	}
	if err := p.image(code, x, y, size, size); err != nil {
		return fmt.Errorf("document: qr code: %w", err)
	}
	if err := p.font(7); err != nil {
		return err
	}
	lines, err := p.wrap(url, 180)
	if err != nil {
		return err
	}
	for i, l := range lines {
		if err := p.text(x, y+size+2+float64(i)*9, l); err != nil {
			return err
		}
	}
	return nil
}

// checkPNG refuses a seal that is not a PNG before any drawing: gopdf
// would take a JPEG too, but a seal without transparency would blot out
// the text it is stamped over.
func checkPNG(b []byte) error {
	if b == nil {
		return nil
	}
	if _, err := png.DecodeConfig(bytes.NewReader(b)); err != nil {
		return haoban.FieldErrorf(haoban.EINVALID, "seal_png", "印章图片须为 PNG：%v", err)
	}
	return nil
}
