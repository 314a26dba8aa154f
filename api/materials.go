package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"haoban"
	"haoban/blob"
)

// uploadTarget is the draft or case a material is uploaded to.
type uploadTarget struct {
	draftID, caseID string
	bundle          haoban.Bundle
}

// uploadToDraft and uploadToCase stream one multipart upload: a "material"
// field naming the material's code, then a "file" part.
func (s *Server) uploadToDraft(c *fiber.Ctx) error {
	to, err := s.draftTarget(c)
	if err != nil {
		return err
	}
	return s.upload(c, to)
}

// draftTarget is the signed-in applicant's unsubmitted draft to upload to.
func (s *Server) draftTarget(c *fiber.Ctx) (uploadTarget, error) {
	ctx := c.UserContext()
	d, err := s.ownDraft(ctx, strings.Clone(c.Params("id")))
	if err != nil {
		return uploadTarget{}, err
	}
	if d.SubmittedAt != nil {
		return uploadTarget{}, haoban.Errorf(haoban.ECONFLICT, "申请草稿已提交，请把材料上传到办件")
	}
	b, err := s.Store.FindBundle(ctx, d.Bundle)
	return uploadTarget{draftID: d.ID, bundle: b}, err
}

func (s *Server) uploadToCase(c *fiber.Ctx) error {
	ctx := c.UserContext()
	kase, err := s.Store.FindCase(ctx, c.Params("id"))
	if err == nil && kase.Applicant != userFrom(ctx).ID {
		err = haoban.Errorf(haoban.ENOTFOUND, "办件不存在")
	}
	if err != nil {
		return err
	}
	if kase.Status.Closed() {
		return haoban.Errorf(haoban.ECONFLICT, "办件已办结或已撤回，不能再上传材料")
	}
	b, err := s.Store.FindBundle(ctx, kase.Bundle)
	if err != nil {
		return err
	}
	return s.upload(c, uploadTarget{caseID: kase.ID, bundle: b})
}

func (s *Server) upload(c *fiber.Ctx, to uploadTarget) error {
	saved, created, err := s.receive(c, to)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK // the same file again: stored once, answered with the first upload
	}
	return c.Status(status).JSON(saved)
}

// receive reads one multipart upload and records it; created is false for
// the same bytes uploaded again for the same material.
func (s *Server) receive(c *fiber.Ctx, to uploadTarget) (haoban.CaseMaterial, bool, error) {
	ctx := c.UserContext()
	mr, err := multipartReader(c)
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	code, err := formValue(mr, "material")
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	m, ok := to.bundle.Material(code)
	if !ok {
		return haoban.CaseMaterial{}, false, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "material", "本事项没有材料「%s」", code)
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "file" {
		return haoban.CaseMaterial{}, false, haoban.FieldErrorf(haoban.EINVALID, "file", "请求格式有误：material 字段之后应是 file 文件")
	}
	defer part.Close()
	stored, err := s.storeFile(ctx, m, part)
	if err != nil {
		return haoban.CaseMaterial{}, false, err
	}
	stored.FileName = displayName(part.FileName())
	stored.UploadedBy = userFrom(ctx).ID
	stored.Fields = s.readScan(ctx, m, stored)
	return s.Store.AddMaterial(ctx, haoban.NewMaterial{CaseMaterial: stored, DraftID: to.draftID, CaseID: to.caseID},
		s.auditEntry(ctx, to.caseID))
}

// storeFile sniffs the type from the first bytes and streams the file into
// the blob store within the material's limit, never holding it in memory.
func (s *Server) storeFile(ctx context.Context, m haoban.Material, part io.Reader) (haoban.CaseMaterial, error) {
	br := bufio.NewReaderSize(part, 512)
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
		SHA256: sum, UploadedAt: s.now().UTC()}, nil
}

func acceptedTypes(m haoban.Material) []string {
	if len(m.Types) > 0 {
		return m.Types
	}
	return haoban.DefaultMaterialTypes
}

// multipartReader reads the request body as a stream of parts.
func multipartReader(c *fiber.Ctx) (*multipart.Reader, error) {
	mediaType, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		return nil, haoban.Errorf(haoban.EINVALID, "请以 multipart/form-data 上传：material 字段与 file 文件")
	}
	var body io.Reader = bytes.NewReader(c.Body())
	if c.Request().IsBodyStream() {
		body = c.Context().RequestBodyStream()
	}
	return multipart.NewReader(body, params["boundary"]), nil
}

// formValue reads the next part, which must be the named short text field.
func formValue(mr *multipart.Reader, name string) (string, error) {
	part, err := mr.NextPart()
	if err != nil {
		return "", haoban.Errorf(haoban.EINVALID, "请求格式有误：缺少 %s 字段", name)
	}
	defer part.Close()
	if part.FormName() != name || part.FileName() != "" {
		return "", haoban.FieldErrorf(haoban.EINVALID, name, "请求格式有误：第一个字段应是 %s", name)
	}
	b, err := io.ReadAll(io.LimitReader(part, 201))
	if err != nil || len(b) > 200 {
		return "", haoban.FieldErrorf(haoban.EINVALID, name, "%s 字段过长或无法读取", name)
	}
	return strings.TrimSpace(string(b)), nil
}

// displayName keeps a file name for people to read. It is never used as a
// path: directories are dropped, control characters removed, length capped.
func displayName(name string) string {
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

// downloadMaterial streams a material to those who may see its case or draft.
func (s *Server) downloadMaterial(c *fiber.Ctx) error {
	ctx := c.UserContext()
	m, owner, err := s.Store.FindMaterial(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	if err := s.mayReadMaterial(ctx, owner); err != nil {
		return err
	}
	r, err := s.Blobs.Open(ctx, m.SHA256)
	if err != nil {
		return fmt.Errorf("open material %s: %w", m.ID, err)
	}
	c.Set(fiber.HeaderContentType, m.ContentType)
	disposition := "attachment"
	if c.Query("inline") == "1" {
		disposition = "inline" // preview in the browser; the type was sniffed at upload
	}
	c.Set(fiber.HeaderContentDisposition, disposition+"; filename*=UTF-8''"+url.PathEscape(m.FileName))
	c.Set("X-Content-Type-Options", "nosniff")
	return c.SendStream(r, int(m.Size))
}

func (s *Server) mayReadMaterial(ctx context.Context, owner haoban.MaterialOwner) error {
	notFound := haoban.Errorf(haoban.ENOTFOUND, "材料不存在")
	if owner.CaseID != "" {
		kase, err := s.Store.FindCase(ctx, owner.CaseID)
		if err != nil {
			return err
		}
		if !s.mayRead(userFrom(ctx), kase) {
			return notFound
		}
		return nil
	}
	if _, err := s.ownDraft(ctx, owner.DraftID); err != nil {
		return notFound
	}
	return nil
}

// readScan reads the fields of an image of an identity document or a
// licence. A scan OCR cannot read is still a material: the review points
// then see no fields and say the reading needs a person.
func (s *Server) readScan(ctx context.Context, m haoban.Material, stored haoban.CaseMaterial) map[string]string {
	if s.OCR == nil || m.OCR == "" || (stored.ContentType != "image/png" && stored.ContentType != "image/jpeg") {
		return nil
	}
	f, err := s.Blobs.Open(ctx, stored.SHA256)
	if err != nil {
		s.Log.WarnContext(ctx, "open scan for OCR", "material", m.Code, "error", err)
		return nil
	}
	defer f.Close()
	fields, err := s.OCR.Read(ctx, m.OCR, f)
	if err != nil {
		s.Log.WarnContext(ctx, "read scan", "material", m.Code, "error", err)
		return nil
	}
	return fields
}
