// Package ocr reads the text of ID-card and business-licence scans with
// Tesseract and picks out the fields an applicant also typed into a form,
// so that a reviewer is shown where the two disagree.
//
// It runs the tesseract binary rather than binding libtesseract through cgo
// (gosseract): the build then needs neither cgo nor libtesseract-dev and
// leptonica headers, the binary and its chi_sim model come from Debian's
// packages (scripts/ensure-ocr.sh), and a scan that crashes or hangs the
// engine takes down a child process cut off by the context, not the worker.
package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"haoban"
)

// MaxImageBytes bounds the scan read into memory and handed to tesseract. A
// phone photo of a card is 2–6 MB; more is not a document scan.
const MaxImageBytes = 20 << 20

// Document kinds accepted by Read.
const (
	KindIDCard          = "id_card"
	KindBusinessLicence = "business_licence"
)

// Reader runs the tesseract binary.
type Reader struct {
	// Binary is the path of the tesseract executable.
	Binary string
	// Languages is tesseract's -l argument, such as "chi_sim+eng".
	Languages string
}

// New finds tesseract on PATH and checks that its Simplified Chinese model
// is installed, without which the labels on both documents cannot be read.
func New() (*Reader, error) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		return nil, fmt.Errorf("ocr: tesseract is not on PATH; run scripts/ensure-ocr.sh: %w", err)
	}
	out, err := exec.Command(bin, "--list-langs").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ocr: %s --list-langs: %w: %s", bin, err, bytes.TrimSpace(out))
	}
	if !hasLine(string(out), "chi_sim") {
		return nil, fmt.Errorf("ocr: tesseract at %s has no chi_sim language; run scripts/ensure-ocr.sh", bin)
	}
	return &Reader{Binary: bin, Languages: "chi_sim+eng"}, nil
}

func hasLine(s, want string) bool {
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) == want {
			return true
		}
	}
	return false
}

// Text returns the text tesseract reads in image, a PNG, JPEG, TIFF, BMP or
// WebP file of at most MaxImageBytes and MaxImagePixels. Tesseract is
// killed when ctx is done.
func (r *Reader) Text(ctx context.Context, image io.Reader) (string, error) {
	// Read it all first: an image larger than the bound is refused before
	// any work, and tesseract needs the whole file before it decodes anyway.
	data, err := io.ReadAll(io.LimitReader(image, MaxImageBytes+1))
	if err != nil {
		return "", fmt.Errorf("ocr: read image: %w", err)
	}
	if len(data) > MaxImageBytes {
		return "", haoban.Errorf(haoban.EINVALID, "图片超过 %d MB", MaxImageBytes>>20)
	}
	if err := checkImage(data); err != nil {
		return "", err
	}
	// --psm 6 (one uniform block) keeps each printed line whole, so a
	// label and its value, or two pairs side by side, share a line, as
	// the extraction expects. On the test scans psm 3, 4, 6 and 11 read
	// alike and 6 was the quickest.
	cmd := exec.CommandContext(ctx, r.Binary, "stdin", "stdout", "-l", r.Languages, "--psm", "6")
	cmd.Stdin = bytes.NewReader(data)
	// One thread: on 2 cores OpenMP's spinning threads made a page take
	// 0.9 s instead of 0.3 s, and workers already OCR scans in parallel.
	cmd.Env = append(cmd.Environ(), "OMP_THREAD_LIMIT=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return "", fmt.Errorf("ocr: tesseract: %w", ctxErr)
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			// Leptonica refuses what it cannot decode: the upload's fault.
			// The client gets the code and message; stderr is for the log.
			return "", fmt.Errorf("ocr: tesseract: %s: %w", lastLine(stderr.String()),
				haoban.Errorf(haoban.EINVALID, "无法识别图片"))
		}
		return "", fmt.Errorf("ocr: tesseract: %w", err)
	}
	return stdout.String(), nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// Read OCRs image as a document of kind (KindIDCard or KindBusinessLicence)
// and returns the fields found; a field that could not be read reliably is
// absent rather than guessed.
func (r *Reader) Read(ctx context.Context, kind string, image io.Reader) (Fields, error) {
	var extract func(string) Fields
	switch kind {
	case KindIDCard:
		extract = IDCard
	case KindBusinessLicence:
		extract = BusinessLicence
	default:
		return nil, haoban.Errorf(haoban.EINVALID, "未知证件类型 %q", kind)
	}
	text, err := r.Text(ctx, image)
	if err != nil {
		return nil, err
	}
	return extract(text), nil
}
