package ocr

import (
	"bytes"
	"image"
	// The formats accepted are those leptonica decodes for tesseract and
	// whose headers these packages read.
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"haoban"
)

// MaxImagePixels bounds the decoded size: a 20 MB file can be a
// decompression bomb that leptonica would expand to gigabytes. A 600 dpi
// A4 scan is 35 million pixels.
const MaxImagePixels = 50_000_000

// checkImage reads only the image's header. It must run before tesseract
// sees the bytes: input tesseract cannot decode it reads as a list of file
// names, and would OCR whatever server file an upload names.
func checkImage(data []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return haoban.Errorf(haoban.EINVALID, "请上传 PNG、JPEG、TIFF、BMP 或 WebP 图片")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImagePixels/cfg.Height {
		return haoban.Errorf(haoban.EINVALID, "图片尺寸 %d×%d 过大", cfg.Width, cfg.Height)
	}
	return nil
}
