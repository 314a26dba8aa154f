package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"haoban/app"
)

// previewGenerated draws a generated material (公司登记申请书 …) from the
// draft's current values, for the draft's applicant to read before
// submitting; the PDF is drawn on each request and never stored.
func (s *Server) previewGenerated(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f, err := s.App.Drafts.Preview(ctx, request(ctx), strings.Clone(c.Params("id")), strings.Clone(c.Params("material")))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, "inline; filename*=UTF-8''"+url.PathEscape(f.FileName))
	c.Set(fiber.HeaderCacheControl, "no-store") // it changes as the form does
	return c.Send(f.PDF)
}

// generatedDoc adds the preview, a PDF rather than JSON, to the OpenAPI
// document.
func (s *Server) generatedDoc() {
	params := []*huma.Param{{Name: "id", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}},
		{Name: "material", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}, Description: "自动生成的申请材料编码"}}
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "preview-generated-material", Method: http.MethodGet,
		Path: "/api/v1/drafts/{id}/generated/{material}", Summary: "预览根据申请表自动生成的申请材料（PDF，仅申请人本人）",
		Security: []map[string][]string{{"bearer": {}}}, Parameters: params,
		Responses: map[string]*huma.Response{"200": {Description: "PDF"}, "401": {Description: "未登录"},
			"404": {Description: "草稿不存在、不是本人的草稿，或没有这份自动生成的材料"}}})
}

// ScansOutput is what a draft's scans offer to fill and what was accepted.
type ScansOutput struct {
	Body app.ScanReadings
}

func (s *Server) draftScans(ctx context.Context, in *DraftIDInput) (*ScansOutput, error) {
	got, err := s.App.Drafts.Scans(ctx, request(ctx), in.ID)
	return &ScansOutput{Body: got}, err
}

// AcceptScanInput accepts what one scan read into the draft's form.
type AcceptScanInput struct {
	ID   string `path:"id" maxLength:"100" doc:"申请草稿编号"`
	Body app.AcceptScan
}

func (s *Server) acceptScan(ctx context.Context, in *AcceptScanInput) (*DraftOutput, error) {
	d, err := s.App.Drafts.AcceptScan(ctx, request(ctx), in.ID, in.Body)
	return &DraftOutput{Body: d}, err
}
