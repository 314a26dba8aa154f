package eseal

import (
	"bytes"
	"image/png"
	"os"
	"testing"

	"haoban/cjkfont"
)

func TestSealImage(t *testing.T) {
	if _, err := os.Stat(cjkfont.FontPath); err != nil {
		t.Fatalf("CJK font missing (%v): run scripts/ensure-ocr.sh", err)
	}
	t.Run("OK", func(t *testing.T) {
		data, err := SealImage("上海市市场监督管理局行政许可专用章", "上海市市场监督管理局")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatal("no PNG signature")
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != imgSize || b.Dy() != imgSize {
			t.Fatalf("size %v", b)
		}
		for _, p := range []struct {
			name string
			x, y int
			red  bool
		}{
			{"Corner", 2, 2, false},
			{"Ring", imgSize / 2, imgSize/2 - int(ringOuter-ringWidth/2), true},
			{"StarCentre", imgSize / 2, imgSize/2 - 4, true},
			{"InsideRingBesideStar", imgSize/2 - 110, imgSize / 2, false},
		} {
			r, g, _, a := img.At(p.x, p.y).RGBA()
			if isRed := a > 0xc000 && r > 0xc000 && g < 0x4000; isRed != p.red {
				t.Errorf("%s (%d,%d): red %v, want %v", p.name, p.x, p.y, isRed, p.red)
			}
		}
	})
	t.Run("ErrNoDepartment", func(t *testing.T) {
		if _, err := SealImage("专用章", ""); err == nil {
			t.Fatal("drew a seal without a department")
		}
	})
}
