package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"haoban"
	"haoban/blob"
	"haoban/ocr"
)

// MaterialStore records the materials of drafts and cases.
type MaterialStore interface {
	AddMaterial(ctx context.Context, m haoban.NewMaterial, meta haoban.AuditEntry) (haoban.CaseMaterial, bool, error)
	FindMaterial(ctx context.Context, id string) (haoban.CaseMaterial, haoban.MaterialOwner, error)
	RemoveDraftMaterials(ctx context.Context, draftID string, ids []string) error
}

// ScanReader reads the fields of a scanned document (ocr.Reader).
type ScanReader interface {
	Read(ctx context.Context, kind string, image io.Reader) (ocr.Fields, error)
}

// Materials are the files an application carries: one set per bundle,
// each kept once by its content.
type Materials struct {
	Store  MaterialStore
	Blobs  blob.Store
	Drafts *Drafts
	Cases  *Cases
	// OCR reads the scans of identity documents and licences; nil when
	// tesseract is not installed, and scans are then not read.
	OCR  ScanReader
	Time haoban.TimeSource
}

// Upload is one file for one material, as it streams in.
type Upload struct {
	Code     string // the material's code
	FileName string // for people to read; never a path
	Body     io.Reader
}

// ToDraft streams a material into the applicant's unsubmitted draft,
// replacing the material's earlier upload; created is false for the same
// file uploaded again.
func (s *Materials) ToDraft(ctx context.Context, r Request, draftID string, up Upload) (haoban.CaseMaterial, bool, error) {
	d, b, err := s.openDraft(ctx, r, draftID)
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	m, created, err := s.receive(ctx, r, b, haoban.NewMaterial{DraftID: d.ID}, up)
	if err != nil {
		return m, created, err
	}
	var older []string
	for _, old := range d.Materials {
		if old.Code == m.Code && old.ID != m.ID {
			older = append(older, old.ID)
		}
	}
	if len(older) > 0 {
		err = s.Store.RemoveDraftMaterials(ctx, d.ID, older)
	}
	return m, created, err
}

// RemoveFromDraft deletes an upload from the applicant's unsubmitted draft.
func (s *Materials) RemoveFromDraft(ctx context.Context, r Request, draftID, materialID string) error {
	d, _, err := s.openDraft(ctx, r, draftID)
	if err != nil {
		return err
	}
	for _, m := range d.Materials {
		if m.ID == materialID {
			return s.Store.RemoveDraftMaterials(ctx, d.ID, []string{m.ID})
		}
	}
	return haoban.Errorf(haoban.ENOTFOUND, "材料不存在")
}

// openDraft is the applicant's draft that still takes changes.
func (s *Materials) openDraft(ctx context.Context, r Request, draftID string) (haoban.Draft, haoban.Bundle, error) {
	d, b, err := s.Drafts.Own(ctx, r, draftID)
	if err == nil && d.SubmittedAt != nil {
		err = haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交，请把材料上传到办件")
	}
	return d, b, err
}

// ToCase streams a material into the applicant's open case (before
// answering a supplement request, say).
func (s *Materials) ToCase(ctx context.Context, r Request, caseID string, up Upload) (haoban.CaseMaterial, bool, error) {
	kase, b, err := s.Cases.Own(ctx, r, caseID)
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	if kase.Status.Closed() {
		return haoban.CaseMaterial{}, false, ClosedCase()
	}
	return s.receive(ctx, r, b, haoban.NewMaterial{CaseID: kase.ID}, up)
}

// ClosedCase refuses a change to a completed or withdrawn case.
func ClosedCase() error {
	return haoban.Errorf(haoban.ECONFLICT, "办件已办结或已撤回，不能再上传材料")
}

func (s *Materials) receive(ctx context.Context, r Request, b haoban.Bundle, to haoban.NewMaterial, up Upload) (haoban.CaseMaterial, bool, error) {
	m, ok := b.Material(up.Code)
	if !ok {
		return haoban.CaseMaterial{}, false, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "material", "本事项没有材料「%s」", up.Code)
	}
	if m.Generated() {
		return haoban.CaseMaterial{}, false, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "material",
			"「%s」由系统根据申请表自动生成，无需上传", m.Name)
	}
	stored, err := s.store(ctx, m, up.Body)
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	stored.FileName = DisplayName(up.FileName)
	stored.UploadedBy = r.actor().ID // the clerk, at a counter
	stored.Fields = s.readScan(ctx, m, stored)
	to.CaseMaterial = stored
	return s.Store.AddMaterial(ctx, to, r.audit(to.CaseID, now(s.Time)))
}

// store sniffs the type from the first bytes and streams the file into the
// blob store within the material's limit, never holding it in memory.
func (s *Materials) store(ctx context.Context, m haoban.Material, body io.Reader) (haoban.CaseMaterial, error) {
	br := bufio.NewReaderSize(body, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return haoban.CaseMaterial{}, haoban.FieldErrorf(haoban.EINVALID, "file", "读取上传文件失败")
	}
	if len(head) == 0 {
		return haoban.CaseMaterial{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file", "「%s」是空文件", m.Name)
	}
	ct, _, _ := strings.Cut(http.DetectContentType(head), ";")
	if !m.Accepts(ct) {
		return haoban.CaseMaterial{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file",
			"「%s」只接受 %s，上传的文件内容是 %s", m.Name, strings.Join(acceptedTypes(m), "、"), ct)
	}
	sum, size, err := s.Blobs.Put(ctx, br, m.Limit())
	if errors.Is(err, blob.ErrTooLarge) {
		return haoban.CaseMaterial{}, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file",
			"「%s」超过大小上限 %d MB", m.Name, m.Limit()>>20)
	} else if err != nil {
		return haoban.CaseMaterial{}, err
	}
	return haoban.CaseMaterial{ID: uuid.NewString(), Code: m.Code, Name: m.Name, ContentType: ct, Size: size,
		SHA256: sum, UploadedAt: now(s.Time).UTC()}, nil
}

func acceptedTypes(m haoban.Material) []string {
	if len(m.Types) > 0 {
		return m.Types
	}
	return haoban.DefaultMaterialTypes
}

// DisplayName keeps a file name for people to read. It is never used as a
// path: directories are dropped, control characters removed, length capped.
func DisplayName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == ".." || name == "" {
		name = "未命名文件"
	}
	for utf8.RuneCountInString(name) > 120 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// readScan reads the fields of an image of an identity document or a
// licence. A scan OCR cannot read is still a material: the review points
// then see no fields and say the reading needs a person.
func (s *Materials) readScan(ctx context.Context, m haoban.Material, stored haoban.CaseMaterial) map[string]string {
	if s.OCR == nil || m.OCR == "" || (stored.ContentType != "image/png" && stored.ContentType != "image/jpeg") {
		return nil
	}
	f, err := s.Blobs.Open(ctx, stored.SHA256)
	if err != nil {
		slog.WarnContext(ctx, "open scan for OCR", "material", m.Code, "error", err)
		return nil
	}
	defer f.Close()
	fields, err := s.OCR.Read(ctx, m.OCR, f)
	if err != nil {
		slog.WarnContext(ctx, "read scan", "material", m.Code, "error", err)
		return nil
	}
	return fields
}

// Open gives a material's file to those who may see its case or draft; to
// anyone else it does not exist.
func (s *Materials) Open(ctx context.Context, r Request, id string) (haoban.CaseMaterial, io.ReadCloser, error) {
	m, owner, err := s.Store.FindMaterial(ctx, id)
	if err != nil {
		return m, nil, err
	}
	notFound := haoban.Errorf(haoban.ENOTFOUND, "材料不存在")
	if owner.CaseID != "" {
		kase, err := s.Cases.Store.FindCase(ctx, owner.CaseID)
		if err != nil {
			return m, nil, err
		}
		if !s.Cases.MayRead(r.User, kase) {
			return m, nil, notFound
		}
	} else if _, _, err := s.Drafts.Own(ctx, r, owner.DraftID); err != nil {
		if code := haoban.ErrorCode(err); code == haoban.ENOTFOUND || code == haoban.EFORBIDDEN {
			return m, nil, notFound
		}
		return m, nil, err
	}
	f, err := s.Blobs.Open(ctx, m.SHA256)
	if err != nil {
		return m, nil, fmt.Errorf("open material %s: %w", m.ID, err)
	}
	return m, f, nil
}
