package ocr_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"maps"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/ocr"
	"haoban/ocr/ocrtest"
)

// newReader fails, never skips, when tesseract is missing: reading scans is
// all this package does. The error says to run scripts/ensure-ocr.sh.
func newReader(tb testing.TB) *ocr.Reader {
	tb.Helper()
	r, err := ocr.New()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func idCardScan(tb testing.TB, name, number string) []byte {
	tb.Helper()
	return must(tb)(ocrtest.IDCard(name, number))
}

func licenceScan(tb testing.TB, uscc, name, legalRep string) []byte {
	tb.Helper()
	return must(tb)(ocrtest.BusinessLicence(uscc, name, legalRep))
}

// must fails the test on a drawing error: a missing font says how to get it.
func must(tb testing.TB) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
}

func TestRead(t *testing.T) {
	r := newReader(t)
	tests := []struct {
		name string
		kind string
		scan []byte
		want ocr.Fields
	}{
		{"IDCard", ocr.KindIDCard, idCardScan(t, "张伟", "31010419900307123X"),
			ocr.Fields{"name": "张伟", "id_number": "31010419900307123X"}},
		{"BusinessLicence", ocr.KindBusinessLicence, licenceScan(t, "91310115MA1K4ABCDD", "上海好味餐饮有限公司", "李娜"),
			ocr.Fields{"uscc": "91310115MA1K4ABCDD", "name": "上海好味餐饮有限公司", "legal_rep": "李娜"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			got, err := r.Read(ctx, tt.kind, bytes.NewReader(tt.scan))
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("Read = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReadMismatch scans another person's card: the number read must be
// the one on the card, so that the caller comparing it with the form
// catches the wrong upload instead of the check digit "correcting" it.
func TestReadMismatch(t *testing.T) {
	r := newReader(t)
	const typed, onCard = "31010419900307123X", "440305198512245615"
	got, err := r.Read(t.Context(), ocr.KindIDCard, bytes.NewReader(idCardScan(t, "张伟", onCard)))
	if err != nil {
		t.Fatal(err)
	}
	if got["id_number"] != onCard {
		t.Errorf("id_number = %q, want %q", got["id_number"], onCard)
	}
	if got["id_number"] == typed {
		t.Errorf("another card read as the typed number %s", typed)
	}
}

func TestText(t *testing.T) {
	r := newReader(t)
	scan := idCardScan(t, "张伟", "31010419900307123X")
	tests := []struct {
		name    string
		image   []byte
		wantMsg string // part of the message the applicant is shown
	}{
		{"ErrTooLarge", make([]byte, ocr.MaxImageBytes+1), "超过"},
		// Tesseract would read this as a list of files to OCR.
		{"ErrNotAnImage", []byte("/etc/passwd\n"), "请上传"},
		// Only the header is read, so no bomb need be built.
		{"ErrTooManyPixels", pngHeader(30000, 30000), "过大"},
		// A sound header that tesseract's own decoder then fails on.
		{"ErrUndecodable", scan[:len(scan)/4], "无法识别"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Text(t.Context(), bytes.NewReader(tt.image))
			if haoban.ErrorCode(err) != haoban.EINVALID || !strings.Contains(haoban.ErrorMessage(err), tt.wantMsg) {
				t.Fatalf("err = %v, want EINVALID saying %q", err, tt.wantMsg)
			}
		})
	}
	t.Run("ErrCanceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := r.Text(ctx, bytes.NewReader(scan)); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		if _, err := r.Read(t.Context(), "passport", bytes.NewReader(scan)); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

// pngHeader returns the signature and IHDR chunk of a grey PNG.
func pngHeader(width, height uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), width)
	ihdr = binary.BigEndian.AppendUint32(ihdr, height)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit greyscale, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)-4))
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// BenchmarkRead measures one OCR of a rendered ID card, tesseract's start
// and model load included, as a caller pays it.
//
//	go test ./ocr/ -run '^$' -bench Read -benchtime 10x
func BenchmarkRead(b *testing.B) {
	r := newReader(b)
	scan := idCardScan(b, "张伟", "31010419900307123X")
	for b.Loop() {
		if _, err := r.Read(b.Context(), ocr.KindIDCard, bytes.NewReader(scan)); err != nil {
			b.Fatal(err)
		}
	}
}
