package api

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"haoban"
	"haoban/app"
)

// 同屏 (issue 18): the applicant lets the helper of a conversation see one
// draft, read-only; the helper follows it live and points at fields, which
// the applicant's draft page scrolls to. Nothing here writes to a draft.

// ScreenPath names a help conversation.
type ScreenPath struct {
	ID string `path:"id" maxLength:"64"`
}

// ScreenConsentInput is the applicant's consent.
type ScreenConsentInput struct {
	ScreenPath
	Body struct {
		Draft string `json:"draft,omitempty" required:"false" maxLength:"64" doc:"要共享的申请草稿；不填则为咨询所关联的草稿"`
	}
}

func (s *Server) screenConsent(ctx context.Context, in *ScreenConsentInput) (*struct{}, error) {
	return nil, s.App.Screen.Consent(ctx, request(ctx), in.ID, in.Body.Draft)
}

func (s *Server) screenRevoke(ctx context.Context, in *ScreenPath) (*struct{}, error) {
	return nil, s.App.Screen.Revoke(ctx, request(ctx), in.ID)
}

// ScreenField is one field of the shared draft, as the applicant sees it.
type ScreenField struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Value    any      `json:"value"`
	Problems []string `json:"problems,omitempty"`
}

// ScreenSection is one item's part of the shared draft.
type ScreenSection struct {
	Name           string        `json:"name"`
	DepartmentName string        `json:"department_name"`
	Fields         []ScreenField `json:"fields"`
}

// ScreenViewOutput is the shared draft, read-only.
type ScreenViewOutput struct {
	Body struct {
		Conversation string                   `json:"conversation"`
		Draft        string                   `json:"draft"`
		Bundle       string                   `json:"bundle_name"`
		Applicant    string                   `json:"applicant_name"`
		Sections     []ScreenSection          `json:"sections"`
		Highlights   []haoban.ScreenHighlight `json:"highlights"`
	}
}

func (s *Server) screenView(ctx context.Context, in *ScreenPath) (*ScreenViewOutput, error) {
	v, err := s.App.Screen.View(ctx, request(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := &ScreenViewOutput{}
	out.Body.Conversation, out.Body.Draft = v.Conversation.ID, v.Page.Draft.ID
	out.Body.Bundle, out.Body.Applicant, out.Body.Highlights = v.Page.Bundle.Name, v.ApplicantName, v.Highlights
	if out.Body.Highlights == nil {
		out.Body.Highlights = []haoban.ScreenHighlight{}
	}
	for _, sec := range v.Page.Sections {
		ss := ScreenSection{Name: sec.Name, DepartmentName: sec.DepartmentName, Fields: []ScreenField{}}
		for _, f := range sec.Fields {
			ss.Fields = append(ss.Fields, ScreenField{Key: f.Key, Label: f.Label, Value: f.Value, Problems: f.Problems})
		}
		out.Body.Sections = append(out.Body.Sections, ss)
	}
	return out, nil
}

// ScreenHighlightInput points at a field of the shared draft.
type ScreenHighlightInput struct {
	ScreenPath
	Body app.HighlightInput
}

// ScreenHighlightOutput is the highlight as recorded.
type ScreenHighlightOutput struct{ Body haoban.ScreenHighlight }

func (s *Server) screenHighlight(ctx context.Context, in *ScreenHighlightInput) (*ScreenHighlightOutput, error) {
	h, err := s.App.Screen.Highlight(ctx, request(ctx), in.ID, in.Body)
	return &ScreenHighlightOutput{Body: h}, err
}

// screenEvents streams the shared draft's changes to its helper:
// "draft_saved" when the applicant saves (the page reads the view again),
// "highlight" for each highlight, and "revoked", which ends the stream.
func (s *Server) screenEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	conv, err := s.App.Screen.Watch(ctx, request(ctx), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	draft := conv.Consent.Draft
	sub := s.live.subscribe(func(m liveMsg) bool { return m.screen != nil && m.screen.Draft == draft })
	s.serveStream(c, sub, func(w *bufio.Writer) {
		s.pump(ctx, w, sub, func(m liveMsg) error {
			if err := writeSSE(w, m.screen.Kind, "", m.screen); err != nil {
				return err
			}
			if m.screen.Kind == haoban.ScreenRevoked {
				_ = w.Flush()
				return errScreenRevoked
			}
			return nil
		})
	})
	return nil
}

// errScreenRevoked ends a helper's stream when the applicant stops sharing.
var errScreenRevoked = errors.New("screen revoked")

// draftScreenEvents streams the helper's highlights to the applicant's
// draft page while it is shared: "highlight" {field, message}.
func (s *Server) draftScreenEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	r := request(ctx)
	d, err := s.App.Drafts.Get(ctx, r, strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	draft, applicant := d.ID, r.User.ID
	sub := s.live.subscribe(func(m liveMsg) bool {
		return m.screen != nil && m.screen.Draft == draft && m.screen.Applicant == applicant &&
			m.screen.Kind == haoban.ScreenHighlighted && m.screen.Highlight != nil
	})
	s.serveStream(c, sub, func(w *bufio.Writer) {
		s.pump(ctx, w, sub, func(m liveMsg) error {
			h := m.screen.Highlight
			return writeSSE(w, "highlight", "", struct {
				Field   string `json:"field"`
				Message string `json:"message"`
			}{h.Field, h.Message})
		})
	})
	return nil
}

// screenDoc adds the shared screen's two streams to the OpenAPI document.
func (s *Server) screenDoc() {
	idParam := []*huma.Param{{Name: "id", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}}}
	responses := map[string]*huma.Response{"200": {Description: "text/event-stream"}, "401": {Description: "未登录"},
		"403": {Description: "无权查看，或申请人未同意共享"}, "404": {Description: "不存在"}}
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "screen-events", Method: http.MethodGet,
		Path: "/api/v1/help/conversations/{id}/screen/events", Summary: "同屏事件流（帮办人员）：draft_saved、highlight、revoked",
		Security: []map[string][]string{{"bearer": {}}}, Parameters: idParam, Responses: responses})
	s.api.OpenAPI().AddOperation(&huma.Operation{OperationID: "draft-screen-events", Method: http.MethodGet,
		Path: "/api/v1/drafts/{id}/screen/events", Summary: "同屏提示事件流（申请人）：highlight {field, message}",
		Security: []map[string][]string{{"bearer": {}}}, Parameters: idParam, Responses: responses})
}
