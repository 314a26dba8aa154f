package httpx

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/gofiber/fiber/v2"

	"haoban"
)

// MaxVerifyBytes bounds a file brought for verification: licences are a
// few hundred kilobytes.
const MaxVerifyBytes = 20 << 20

// MultipartReader reads the request body as a stream of parts.
func MultipartReader(c *fiber.Ctx) (*multipart.Reader, error) {
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

// Material reads an upload's first part, the short "material" field that
// names the material's code, and returns the "file" part after it, to be
// streamed; closing it is the caller's.
func Material(c *fiber.Ctx) (code string, file *multipart.Part, err error) {
	mr, err := MultipartReader(c)
	if err != nil {
		return "", nil, err
	}
	part, err := mr.NextPart()
	if err != nil {
		return "", nil, haoban.Errorf(haoban.EINVALID, "请求格式有误：缺少 material 字段")
	}
	if part.FormName() != "material" || part.FileName() != "" {
		part.Close()
		return "", nil, haoban.FieldErrorf(haoban.EINVALID, "material", "请求格式有误：第一个字段应是 material")
	}
	b, err := io.ReadAll(io.LimitReader(part, 201))
	part.Close()
	if err != nil || len(b) > 200 {
		return "", nil, haoban.FieldErrorf(haoban.EINVALID, "material", "material 字段过长或无法读取")
	}
	file, err = mr.NextPart()
	if err != nil || file.FormName() != "file" {
		return "", nil, haoban.FieldErrorf(haoban.EINVALID, "file", "请求格式有误：material 字段之后应是 file 文件")
	}
	return strings.TrimSpace(string(b)), file, nil
}

// UploadedFile reads the "file" part of a multipart request, within
// MaxVerifyBytes.
func UploadedFile(c *fiber.Ctx) ([]byte, error) {
	mr, err := MultipartReader(c)
	if err != nil {
		return nil, err
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "file" {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "file", "请以 multipart/form-data 上传 file 文件")
	}
	defer part.Close()
	b, err := io.ReadAll(io.LimitReader(part, MaxVerifyBytes+1))
	switch {
	case err != nil && !errors.Is(err, io.EOF):
		return nil, haoban.FieldErrorf(haoban.EINVALID, "file", "读取上传文件失败")
	case len(b) > MaxVerifyBytes:
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file", "文件超过 %d MB", MaxVerifyBytes>>20)
	case len(b) == 0:
		return nil, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "file", "文件为空")
	}
	return b, nil
}
