// Package cjkfont loads the Chinese face that drawings in Haoban use: the seal
// pictures and the scans tests render.
package cjkfont

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// FontPath is the Noto CJK collection scripts/ensure-ocr.sh installs
// (Debian's fonts-noto-cjk).
const FontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// mu guards cached, which is kept only once loaded, so that installing the
// font while a process runs takes effect.
var (
	mu     sync.Mutex
	cached *opentype.Font
)

// Font returns the Simplified Chinese face of the collection: the Japanese
// and Korean ones draw some Han characters in their own forms.
func Font() (*opentype.Font, error) {
	mu.Lock()
	defer mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	f, err := load()
	if err != nil {
		return nil, fmt.Errorf("load CJK font %s: %w; run scripts/ensure-ocr.sh", FontPath, err)
	}
	cached = f
	return f, nil
}

func load() (*opentype.Font, error) {
	data, err := os.ReadFile(FontPath)
	if err != nil {
		return nil, err
	}
	fonts, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	for i := range fonts.NumFonts() {
		f, err := fonts.Font(i)
		if err != nil {
			return nil, err
		}
		if name, _ := f.Name(nil, sfnt.NameIDFull); name == "Noto Sans CJK SC" {
			return f, nil
		}
	}
	return nil, errors.New("no Noto Sans CJK SC face in the collection")
}
