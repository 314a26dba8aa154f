package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// streamDoc describes the streaming routes, which huma does not serve.
func (s *Server) streamDoc() {
	security := []map[string][]string{{"bearer": {}}}
	upload := &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"material", "file"},
			Properties: map[string]*huma.Schema{
				"material": {Type: "string", Description: "材料编码，必须在 file 之前"},
				"file":     {Type: "string", Format: "binary", Description: "文件；类型按内容识别，大小以材料的上限为准"},
			}}},
	}}
	idParam := []*huma.Param{{Name: "id", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}}}
	responses := func(ok string) map[string]*huma.Response {
		return map[string]*huma.Response{ok: {Description: "成功"}, "401": {Description: "未登录"},
			"404": {Description: "不存在或无权查看"}, "422": {Description: "类型不符、超过大小上限或没有这个材料"}}
	}
	for id, path := range map[string]string{"upload-draft-material": "/api/v1/drafts/{id}/materials",
		"upload-case-material": "/api/v1/cases/{id}/materials"} {
		s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: id, Method: http.MethodPost, Path: path,
			Summary: "上传一份材料（同一文件只存一次）", Security: security,
			Parameters: idParam, RequestBody: upload, Responses: responses("201")})
	}
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "download-material", Method: http.MethodGet,
		Path: "/api/v1/materials/{id}", Summary: "下载材料", Security: security, Parameters: idParam, Responses: responses("200")})
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "download-document", Method: http.MethodGet,
		Path: "/api/v1/documents/{id}", Summary: "下载签章文书（PDF）：持证人、相关部门、督办与管理员", Security: security,
		Parameters: idParam, Responses: responses("200")})
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "verify-upload", Method: http.MethodPost, Path: "/api/v1/verify",
		Summary: "上传文件验证签章（公开）：PDF 签名、电子印章签名、证书链与证照状态",
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
				Properties: map[string]*huma.Schema{"file": {Type: "string", Format: "binary", Description: "PDF 文件，至多 20 MB"}}}}}},
		Responses: map[string]*huma.Response{"200": {Description: "验证结果"}, "422": {Description: "文件为空或过大"}}})
}
