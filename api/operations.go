package api

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"haoban"
)

// The "799" dashboard's figures (数字化运营, issue 19): JSON, CSV exports
// and the live stream that tells a dashboard to read its figures again.

// OperationsInput is a period and scope.
type OperationsInput struct {
	From       string `query:"from" maxLength:"10" doc:"起始日期 YYYY-MM-DD（北京时间，含）；不填为本月 1 日"`
	To         string `query:"to" maxLength:"10" doc:"截止日期 YYYY-MM-DD（含）；不填为今天"`
	Department string `query:"department" maxLength:"40" doc:"部门编码；不填为全市"`
	Item       string `query:"item" maxLength:"80" doc:"事项编码；不填为全部事项"`
	By         string `query:"by" maxLength:"12" doc:"分组：department（默认）、item 或 window（窗口收件的各窗口）"`
}

// OperationsOutput is every figure over the scope, with its breakdown.
type OperationsOutput struct{ Body haoban.OperationsView }

func (s *Server) operations(ctx context.Context, in *OperationsInput) (*OperationsOutput, error) {
	q, err := s.App.Operations.Query(in.From, in.To, in.Department, in.Item)
	if err != nil {
		return nil, err
	}
	v, err := s.App.Operations.Dashboard(ctx, request(ctx), q, in.By)
	return &OperationsOutput{Body: v}, err
}

// FigureCasesInput asks for a page of the cases behind one figure.
type FigureCasesInput struct {
	OperationsInput
	Key    string `path:"key" maxLength:"40"`
	Cursor string `query:"cursor" maxLength:"200" doc:"上一页返回的 next_cursor；不填为第一页"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"每页条数，默认 50"`
}

// FigureCasesOutput is one page of a figure's drill-down.
type FigureCasesOutput struct{ Body haoban.FigureCases }

func (s *Server) figureCases(ctx context.Context, in *FigureCasesInput) (*FigureCasesOutput, error) {
	q, err := s.App.Operations.Query(in.From, in.To, in.Department, in.Item)
	if err != nil {
		return nil, err
	}
	fc, err := s.App.Operations.Drill(ctx, request(ctx), in.Key, q, in.Cursor, in.Limit)
	return &FigureCasesOutput{Body: fc}, err
}

// ScoresInput asks for a month's evaluation.
type ScoresInput struct {
	Month string `query:"month" maxLength:"7" doc:"月份 YYYY-MM（北京时间）；不填为本月"`
	By    string `query:"by" maxLength:"12" doc:"department（默认）或 window"`
}

// ScoresOutput is a month's evaluation with the weights it used.
type ScoresOutput struct{ Body haoban.ScoreBoard }

func (s *Server) operationScores(ctx context.Context, in *ScoresInput) (*ScoresOutput, error) {
	b, err := s.App.Scores.Month(ctx, request(ctx), in.Month, in.By)
	return &ScoresOutput{Body: b}, err
}

// bom lets Excel open the exports as UTF-8, so Chinese reads as Chinese.
const bom = "\uFEFF"

// startCSV sets an export's headers.
func startCSV(c *fiber.Ctx, name string) {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// cell keeps a spreadsheet from reading text as a formula (CSV injection).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func scopeOf(c *fiber.Ctx) OperationsInput {
	return OperationsInput{From: strings.Clone(c.Query("from")), To: strings.Clone(c.Query("to")),
		Department: strings.Clone(c.Query("department")), Item: strings.Clone(c.Query("item")), By: strings.Clone(c.Query("by"))}
}

var figureStates = map[haoban.FigureState]string{haoban.FigureOnTarget: "达标", haoban.FigureNearTarget: "接近目标",
	haoban.FigureOffTarget: "未达标", haoban.FigureUnmeasured: "尚未计量"}

// figureRecord is one figure's CSV line; an unmeasured figure's numbers
// are empty, never 0.
func figureRecord(scope string, f haoban.Figure) []string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	dir := "≤"
	if f.Higher {
		dir = "≥"
	}
	r := []string{cell(scope), f.Key, cell(f.Name), f.Unit, "", "", "", "", dir + num(f.Target), figureStates[f.State], cell(f.Definition)}
	if f.State != haoban.FigureUnmeasured {
		r[4], r[5], r[6] = num(f.Value), num(f.Numerator), num(f.Denominator)
		if f.P90 != nil {
			r[7] = num(*f.P90)
		}
	}
	return r
}

// figuresCSV exports every figure over the scope, and its breakdown.
func (s *Server) figuresCSV(c *fiber.Ctx) error {
	ctx, in := c.UserContext(), scopeOf(c)
	out, err := s.operations(ctx, &in)
	if err != nil {
		return err
	}
	v := out.Body
	startCSV(c, fmt.Sprintf("operations-%s-%s.csv", v.Query.From.In(haoban.Beijing).Format("20060102"),
		v.Query.To.In(haoban.Beijing).AddDate(0, 0, -1).Format("20060102")))
	var b strings.Builder
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"范围", "指标代码", "指标", "单位", "数值", "分子", "分母", "P90", "目标", "状态", "定义"})
	for _, f := range v.Figures {
		_ = w.Write(figureRecord("全部", f))
	}
	for _, row := range v.Rows {
		for _, f := range row.Figures {
			_ = w.Write(figureRecord(row.Name, f))
		}
	}
	w.Flush()
	return c.SendString(b.String())
}

// figureCasesCSV exports every case behind a figure, page after page as
// they are read, so a long export starts at once and holds one page.
func (s *Server) figureCasesCSV(c *fiber.Ctx) error {
	ctx, key := c.UserContext(), strings.Clone(c.Params("key"))
	in := &FigureCasesInput{OperationsInput: scopeOf(c), Key: key, Limit: 200}
	first, err := s.figureCases(ctx, in) // errors answer with their status before the body starts
	if err != nil {
		return err
	}
	startCSV(c, "operations-"+key+".csv")
	c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
		_, _ = bw.WriteString(bom)
		w := csv.NewWriter(bw)
		_ = w.Write([]string{"编号", "类型", "名称", "部门", "时间", "是否计入", "原因", "数值"})
		page := first.Body
		for {
			for _, x := range page.Cases {
				in := "否"
				if x.In {
					in = "是"
				}
				_ = w.Write([]string{x.Ref, x.Kind, cell(x.Title), cell(x.DepartmentName), x.At.In(haoban.Beijing).Format(time.DateTime), in,
					cell(x.Why), strconv.FormatFloat(x.Value, 'f', -1, 64)})
			}
			w.Flush()
			if w.Error() != nil || bw.Flush() != nil || page.NextCursor == "" {
				return
			}
			in.Cursor = page.NextCursor
			next, err := s.figureCases(ctx, in)
			if err != nil {
				// The status is sent: say in the file itself that it is short.
				_ = w.Write([]string{"导出中断：读取下一页失败，请重新导出"})
				w.Flush()
				_ = bw.Flush()
				return
			}
			page = next.Body
		}
	})
	return nil
}

// operationsDoc adds the exports and the stream, plain Fiber routes, to
// the OpenAPI document.
func (s *Server) operationsDoc() {
	security := []map[string][]string{{"bearer": {}}}
	scope := []*huma.Param{}
	for _, n := range []string{"from", "to", "department", "item", "by"} {
		scope = append(scope, &huma.Param{Name: n, In: "query", Schema: &huma.Schema{Type: "string"}})
	}
	csvOK := map[string]*huma.Response{"200": {Description: "UTF-8 CSV（带 BOM，Excel 可直接打开）",
		Content: map[string]*huma.MediaType{"text/csv": {}}}, "401": {Description: "未登录"}, "403": {Description: "无权查看"}}
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "operations-csv", Method: http.MethodGet,
		Path: "/api/v1/operations/figures.csv", Summary: "导出全部“799”指标（CSV）：全市及各部门、事项或窗口；尚未计量的数值留空",
		Security: security, Parameters: scope, Responses: csvOK})
	key := append([]*huma.Param{{Name: "key", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}}}, scope...)
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "operation-figure-cases-csv", Method: http.MethodGet,
		Path: "/api/v1/operations/figures/{key}/cases.csv", Summary: "导出一项指标的全部明细（CSV，逐页读取、边读边发）",
		Security: security, Parameters: key, Responses: csvOK})
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "operations-events", Method: http.MethodGet,
		Path: "/api/v1/operations/events", Summary: "“799”指标可能变化时通知（SSE 事件 changed，至多每 2 秒一次；带 Last-Event-ID 重连时立即通知一次）",
		Security: security, Parameters: scope[2:4],
		Responses: map[string]*huma.Response{"200": {Description: "text/event-stream"}, "401": {Description: "未登录"}, "403": {Description: "无权查看"}}})
}
