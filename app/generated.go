package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"haoban"
	"haoban/blob"
	"haoban/document"
)

// Materials generated from the form (申请材料自动生成): an application form
// such as 公司登记申请书 is never uploaded. The applicant previews it while
// filling in, confirms its 告知承诺 when submitting, and submitting writes it
// from the form and adds it to the case's materials with its SHA-256.

// GeneratedStore records the generated documents as the draft's materials
// (postgres.Store).
type GeneratedStore interface {
	AddMaterial(ctx context.Context, m haoban.NewMaterial, meta haoban.AuditEntry) (haoban.CaseMaterial, bool, error)
	// ReplaceGenerated leaves keepID the draft's only material of the code.
	ReplaceGenerated(ctx context.Context, draftID, code, keepID string) error
}

// Generated writes the generated materials: drawn by Render, kept in the
// blob store like an upload.
type Generated struct {
	Store GeneratedStore
	Blobs blob.Store
	// Render draws an application form (document.RenderApplication).
	Render func(document.Application) ([]byte, error)
}

// GeneratedFile is a generated material drawn from a draft's form.
type GeneratedFile struct {
	FileName string
	PDF      []byte
}

// Preview draws a generated material from the draft's current values, for
// the draft's applicant only.
func (s *Drafts) Preview(ctx context.Context, r Request, id, code string) (GeneratedFile, error) {
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return GeneratedFile{}, err
	}
	m, ok := b.Material(code)
	if !ok || !m.Generated() {
		return GeneratedFile{}, haoban.Errorf(haoban.ENOTFOUND, "没有这份自动生成的申请材料")
	}
	pdf, err := s.generator().Render(application(b, m, d, r.User, false))
	return GeneratedFile{FileName: fileName(m), PDF: pdf}, err
}

// generator is the writer of generated materials; a Drafts built without
// one fails where it is needed, not where it is built.
func (s *Drafts) generator() *Generated {
	if s.Generated != nil && s.Generated.Render != nil {
		return s.Generated
	}
	return &Generated{Render: func(document.Application) ([]byte, error) {
		return nil, haoban.Errorf(haoban.EINTERNAL, "申请材料自动生成未配置")
	}}
}

// application is what a generated material shows: its template filled with
// the draft's form, signed by the applicant and dated when the form was
// last changed, so the same draft always gives the same document.
func application(b haoban.Bundle, m haoban.Material, d haoban.Draft, applicant haoban.User, confirmed bool) document.Application {
	a := document.Application{Title: m.Name, Subtitle: b.Name, Lines: document.Fill(m.Template, d.Form), Pledge: m.Pledge,
		Confirmed: confirmed, Applicant: applicant.Name, Date: d.UpdatedAt}
	if a.Date.IsZero() {
		a.Date = d.CreatedAt
	}
	for _, it := range b.Items {
		if slices.ContainsFunc(it.Materials, func(x haoban.Material) bool { return x.Code == m.Code }) {
			a.Subtitle = b.Name + " · " + it.Name
			break
		}
	}
	return a
}

func fileName(m haoban.Material) string { return m.Name + ".pdf" }

// withPledges adds to what a submission lacks every 告知承诺 not confirmed,
// so that the applicant is told everything at once.
func withPledges(incomplete error, b haoban.Bundle, confirmed []string) error {
	if incomplete != nil && haoban.ErrorCode(incomplete) != haoban.EUNPROCESSABLE {
		return incomplete
	}
	details := haoban.ErrorDetails(incomplete)
	for _, m := range b.Materials() {
		if m.Generated() && m.Pledge != "" && !slices.Contains(confirmed, m.Code) {
			details = append(details, haoban.ErrorDetail{Field: "pledges." + m.Code,
				Message: fmt.Sprintf("请阅读并勾选确认「%s」的告知承诺", m.Name)})
		}
	}
	if len(details) == 0 {
		return nil
	}
	return &haoban.Error{Code: haoban.EUNPROCESSABLE, Field: details[0].Field,
		Message: fmt.Sprintf("申请有 %d 处问题", len(details)), Details: details}
}

// writeGenerated draws each generated material from the submitted form and
// adds it to the draft, whose materials the case takes over. The drawing
// depends on the draft alone, so a retry after a failure stores the same
// bytes, which are one material; a document of an earlier attempt whose form
// has since changed (a failed one, or one not accepted) is replaced.
func (s *Drafts) writeGenerated(ctx context.Context, r Request, b haoban.Bundle, d haoban.Draft) error {
	g := s.generator()
	for _, m := range b.Materials() {
		if !m.Generated() {
			continue
		}
		pdf, err := g.Render(application(b, m, d, r.User, true))
		if err != nil {
			return fmt.Errorf("generate %s: %w", m.Code, err)
		}
		sum, size, err := g.Blobs.Put(ctx, bytes.NewReader(pdf), int64(len(pdf)))
		if err != nil {
			return fmt.Errorf("store generated %s: %w", m.Code, err)
		}
		at := now(s.Time).UTC()
		saved, _, err := g.Store.AddMaterial(ctx, haoban.NewMaterial{DraftID: d.ID, CaseMaterial: haoban.CaseMaterial{
			ID: uuid.NewString(), Code: m.Code, Name: m.Name, FileName: fileName(m), ContentType: "application/pdf",
			Size: size, SHA256: sum, UploadedBy: r.User.ID, UploadedAt: at, Generated: true}}, r.audit("", at))
		if err != nil {
			return err
		}
		if slices.ContainsFunc(d.Materials, func(old haoban.CaseMaterial) bool { return old.Code == m.Code && old.ID != saved.ID }) {
			if err := g.Store.ReplaceGenerated(ctx, d.ID, m.Code, saved.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// DraftPledge is a 告知承诺 the draft page asks the applicant to confirm.
type DraftPledge struct {
	Code     string // the generated material's code
	Name     string // 公司登记申请书
	Text     string
	Checked  bool
	Problems []string
}

// pledgesOf are the bundle's pledges, in material order.
func pledgesOf(b haoban.Bundle) []DraftPledge {
	var out []DraftPledge
	for _, m := range b.Materials() {
		if m.Generated() && m.Pledge != "" {
			out = append(out, DraftPledge{Code: m.Code, Name: m.Name, Text: m.Pledge})
		}
	}
	return out
}

// MarkPledges keeps the boxes the applicant ticked and puts a refused
// submission's pledge problems ("pledges.<code>") beside them.
func (p *DraftPage) MarkPledges(details []haoban.ErrorDetail, checked []string) {
	for i := range p.Pledges {
		pl := &p.Pledges[i]
		pl.Checked = slices.Contains(checked, pl.Code)
		for _, d := range details {
			if d.Field == "pledges."+pl.Code {
				pl.Problems = append(pl.Problems, d.Message)
			}
		}
	}
}
