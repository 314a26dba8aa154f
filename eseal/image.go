package eseal

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"haoban/cjkfont"
)

// SealImageMM is the printed diameter SealImage draws for, the usual 40 mm
// of an official round seal; it goes in Picture.WidthMM and HeightMM.
const SealImageMM = 40

// The picture is 10 px per mm, enough to print sharply at 250 dpi.
const (
	imgSize    = SealImageMM * 10
	ringOuter  = 192.0
	ringWidth  = 14.0
	arcFont    = 52.0
	bottomFont = 36.0
	maxArc     = 250 * math.Pi / 180 // how far round the ring the name may run
	starRadius = 62.0
	purposeY   = 100.0 // how far below the centre the purpose line sits
)

var sealRed = color.NRGBA{R: 0xD9, G: 0x1E, B: 0x18, A: 0xFF}

// SealImage draws a round red seal as a PNG with a transparent background:
// a ring, a five-pointed star, the department's name round the top and what
// the seal is for (name less the department prefix, e.g. "行政许可专用章")
// across the bottom.
func SealImage(name, department string) ([]byte, error) {
	if department == "" {
		return nil, errors.New("eseal: seal image needs a department name")
	}
	f, err := cjkfont.Font()
	if err != nil {
		return nil, err
	}
	img := image.NewNRGBA(image.Rect(0, 0, imgSize, imgSize))
	c := imgSize / 2.0
	red := image.NewUniform(sealRed)

	z := vector.NewRasterizer(imgSize, imgSize)
	circle(z, c, c, ringOuter, false)
	circle(z, c, c, ringOuter-ringWidth, true) // opposite winding cuts the hole
	star(z, c, c-4, starRadius)
	z.Draw(img, img.Bounds(), red, image.Point{})

	arc, err := newGlyphs(f, arcFont)
	if err != nil {
		return nil, err
	}
	defer arc.face.Close()
	runes := []rune(department)
	r := ringOuter - ringWidth - 8 - arcFont/2
	pitch := min(r*maxArc/float64(len(runes)), arcFont*1.1)
	step := pitch / r
	for i, ch := range runes {
		θ := (float64(i) - float64(len(runes)-1)/2) * step
		arc.draw(img, ch, c+r*math.Sin(θ), c-r*math.Cos(θ), θ, min(1, pitch/(arcFont*1.05)))
	}

	if purpose := []rune(strings.TrimPrefix(name, department)); len(purpose) > 0 {
		bottom, err := newGlyphs(f, bottomFont)
		if err != nil {
			return nil, err
		}
		defer bottom.face.Close()
		width := 1.3 * (ringOuter - ringWidth) // the chord at that height, less a margin
		pitch := min(width/float64(len(purpose)), bottomFont*1.05)
		x0 := c - pitch*float64(len(purpose)-1)/2
		for i, ch := range purpose {
			bottom.draw(img, ch, x0+pitch*float64(i), c+purposeY, 0, min(1, pitch/bottomFont))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode seal image: %w", err)
	}
	return buf.Bytes(), nil
}

// circle adds a polygon close enough to a circle at this size.
func circle(z *vector.Rasterizer, cx, cy, r float64, reverse bool) {
	const n = 256
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		if reverse {
			a = -a
		}
		x, y := float32(cx+r*math.Cos(a)), float32(cy+r*math.Sin(a))
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// star adds a five-pointed star, point up; its inner radius is the outer
// one times sin 18° / sin 126°, which makes the edges line up.
func star(z *vector.Rasterizer, cx, cy, r float64) {
	inner := r * math.Sin(math.Pi/10) / math.Sin(7*math.Pi/10)
	for i := range 10 {
		rr := r
		if i%2 == 1 {
			rr = inner
		}
		a := float64(i) * math.Pi / 5
		x, y := float32(cx+rr*math.Sin(a)), float32(cy-rr*math.Cos(a))
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// glyphs draws single characters turned and narrowed, which font.Drawer
// cannot: each is drawn upright on a tile, then mapped onto the seal.
type glyphs struct {
	face font.Face
	size float64
	midY fixed.Int26_6 // vertical middle of a full-box ideograph
}

func newGlyphs(f *opentype.Font, size float64) (*glyphs, error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("seal font face: %w", err)
	}
	b, _ := font.BoundString(face, "国")
	return &glyphs{face: face, size: size, midY: (b.Min.Y + b.Max.Y) / 2}, nil
}

// draw puts ch centred on (x, y), turned θ clockwise and its width scaled
// by narrow.
func (g *glyphs) draw(dst *image.NRGBA, ch rune, x, y, θ, narrow float64) {
	n := int(g.size * 1.5)
	tile := image.NewNRGBA(image.Rect(0, 0, n, n))
	adv := font.MeasureString(g.face, string(ch))
	d := font.Drawer{Dst: tile, Src: image.NewUniform(sealRed), Face: g.face}
	d.Dot = fixed.Point26_6{X: fixed.I(n/2) - adv/2, Y: fixed.I(n/2) - g.midY}
	d.DrawString(string(ch))

	half := float64(n) / 2
	cos, sin := math.Cos(θ), math.Sin(θ)
	a, b, dd, e := cos*narrow, -sin, sin*narrow, cos
	m := f64.Aff3{a, b, x - a*half - b*half, dd, e, y - dd*half - e*half}
	xdraw.BiLinear.Transform(dst, m, tile, tile.Bounds(), xdraw.Over, nil)
}
