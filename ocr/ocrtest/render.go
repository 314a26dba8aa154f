// Package ocrtest draws scans of identity documents and licences for
// tests, so that no picture of a real document is kept anywhere.
package ocrtest

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"haoban/cjkfont"
)

// Scans are drawn at 48 px on a 1600 px page: about 300 dpi for the text
// size of a printed licence, where tesseract reads Han reliably.
const (
	pageWidth  = 1600
	fontSize   = 48
	lineHeight = 90
	margin     = 80
)

// PNG draws lines in black on a white page and encodes it as PNG.
func PNG(lines ...string) ([]byte, error) {
	f, err := cjkfont.Font()
	if err != nil {
		return nil, err
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, pageWidth, 2*margin+len(lines)*lineHeight))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, line := range lines {
		d.Dot = fixed.P(margin, margin+fontSize+i*lineHeight)
		d.DrawString(line)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// IDCard is a resident identity card's front.
func IDCard(name, number string) ([]byte, error) {
	return PNG("姓名 "+name, "性别 男 民族 汉", "住址 上海市徐汇区漕溪北路88号", "公民身份号码 "+number)
}

// BusinessLicence is a business licence's front.
func BusinessLicence(uscc, name, legalRep string) ([]byte, error) {
	return PNG("营业执照", "统一社会信用代码 "+uscc, "名称 "+name, "法定代表人 "+legalRep)
}
