package api

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/prefill"
	"haoban/prereview"
)

// CreateDraftInput starts a draft for a bundle.
type CreateDraftInput struct {
	Body struct {
		Bundle string `json:"bundle" minLength:"1" doc:"一件事的编码"`
	}
}

// DraftOutput is a draft with its form and materials.
type DraftOutput struct {
	Body haoban.Draft
}

func (s *Server) createDraft(ctx context.Context, in *CreateDraftInput) (*DraftOutput, error) {
	if _, err := s.bundle(ctx, in.Body.Bundle); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	d := haoban.Draft{ID: uuid.NewString(), Applicant: userFrom(ctx).ID, Bundle: in.Body.Bundle, CreatedAt: now}
	if err := s.Store.CreateDraft(ctx, d, s.auditEntry(ctx, "")); err != nil {
		return nil, err
	}
	// The draft starts prefilled from the data sources (一表申请).
	b, err := s.Store.FindBundle(ctx, in.Body.Bundle)
	if err != nil {
		return nil, err
	}
	fields, err := prefill.Form(ctx, b, userFrom(ctx), prefill.Default(s.Store, s.now()))
	if err != nil {
		return nil, err
	}
	form, shown := map[string]any{}, map[string]prefill.Value{}
	for _, f := range fields {
		if !f.ToFill {
			form[f.Key], shown[f.Key] = f.Value, prefill.Value{Value: f.Value, Source: f.Source, AsOf: f.AsOf}
		}
	}
	if err := s.patchPrefilled(ctx, d.ID, b, form, shown, now); err != nil {
		return nil, err
	}
	return s.draftOutput(ctx, d.ID)
}

// patchPrefilled saves a draft's prefilled values with what was shown.
func (s *Server) patchPrefilled(ctx context.Context, id string, b haoban.Bundle, form map[string]any,
	shown map[string]prefill.Value, at time.Time) error {
	ids, err := s.addressIDs(ctx, b, form)
	if err != nil {
		return err
	}
	return s.Store.PatchDraft(ctx, id, haoban.DraftPatch{Form: form, AddressIDs: ids, Shown: shown}, at)
}

// bundle finds a bundle named in a request body.
func (s *Server) bundle(ctx context.Context, code string) (haoban.Bundle, error) {
	b, err := s.Store.FindBundle(ctx, code)
	if haoban.ErrorCode(err) == haoban.ENOTFOUND {
		return b, haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.bundle", "没有这个一件事：%s", code)
	}
	return b, err
}

// DraftIDInput names a draft.
type DraftIDInput struct {
	ID string `path:"id" doc:"申请草稿编号"`
}

func (s *Server) getDraft(ctx context.Context, in *DraftIDInput) (*DraftOutput, error) {
	if _, err := s.ownDraft(ctx, in.ID); err != nil {
		return nil, err
	}
	return s.draftOutput(ctx, in.ID)
}

// ownDraft loads a draft of the signed-in applicant; anyone else's is not found.
func (s *Server) ownDraft(ctx context.Context, id string) (haoban.Draft, error) {
	d, err := s.Store.FindDraft(ctx, id)
	if err == nil && d.Applicant != userFrom(ctx).ID {
		err = haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	return d, err
}

// ownDraftBundle is ownDraft with the draft's bundle.
func (s *Server) ownDraftBundle(ctx context.Context, id string) (haoban.Draft, haoban.Bundle, error) {
	d, err := s.ownDraft(ctx, id)
	if err != nil {
		return d, haoban.Bundle{}, err
	}
	b, err := s.Store.FindBundle(ctx, d.Bundle)
	return d, b, err
}

func (s *Server) draftOutput(ctx context.Context, id string) (*DraftOutput, error) {
	d, err := s.Store.FindDraft(ctx, id)
	if err != nil {
		return nil, err
	}
	return &DraftOutput{Body: d}, nil
}

// PatchDraftInput autosaves part of a draft's form; null removes a value.
type PatchDraftInput struct {
	ID   string `path:"id" doc:"申请草稿编号"`
	Body struct {
		Form map[string]any `json:"form" doc:"要保存的字段值；值为 null 表示清除"`
	}
}

func (s *Server) patchDraft(ctx context.Context, in *PatchDraftInput) (*DraftOutput, error) {
	d, b, err := s.ownDraftBundle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	values := map[string]any{}
	for k, v := range in.Body.Form {
		if v != nil {
			values[k] = v
		}
	}
	if err := b.ValidateValues(values); err != nil {
		return nil, err
	}
	ids, err := s.addressIDs(ctx, b, in.Body.Form)
	if err != nil {
		return nil, err
	}
	if err := s.Store.PatchDraft(ctx, d.ID, haoban.DraftPatch{Form: in.Body.Form, AddressIDs: ids}, s.now().UTC()); err != nil {
		return nil, err
	}
	return s.draftOutput(ctx, d.ID)
}

// SubmitDraftOutput names the case the draft became.
type SubmitDraftOutput = CreateCaseOutput

// submitDraft checks the whole application at once and turns it into a
// case; submitting again returns the same case.
func (s *Server) submitDraft(ctx context.Context, in *DraftIDInput) (*SubmitDraftOutput, error) {
	d, b, err := s.ownDraftBundle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	id := d.CaseID
	if id == "" {
		var codes []string
		for _, m := range d.Materials {
			codes = append(codes, m.Code)
		}
		u := userFrom(ctx)
		held, err := s.Prereview.Licences(ctx, u)
		if err != nil {
			return nil, err
		}
		codes = append(codes, prereview.Exempted(b, held, s.now())...)
		if err := b.ValidateSubmission(d.Form, codes); err != nil {
			return nil, err
		}
		nc := haoban.NewCase{ID: uuid.NewString(), Bundle: b, Applicant: u.ID,
			Form: d.Form, IdempotencyKey: draftKey(d), RequestHash: hashJSON(d.Form), At: s.now().UTC(),
			RequestID: meta(ctx).RequestID, ClientAddr: meta(ctx).ClientAddr, AddressIDs: d.AddressIDs}
		if shown := shownOf(d); shown != nil {
			// Measured against what the applicant was shown; the Case workflow
			// then checks whether the sources changed since.
			rec := prefill.Compare(prefill.Fields(b, shown), d.Form)
			nc.Prefill, nc.PrefillRatio = rec, &rec.Ratio
		}
		id, err = s.Store.SubmitDraft(ctx, d.ID, nc)
		if err != nil {
			return nil, err
		}
	}
	if err := s.startCase(ctx, id, b); err != nil {
		return nil, err
	}
	out := &SubmitDraftOutput{}
	out.Body.ID, out.Body.Status = id, haoban.CaseInReview
	return out, nil
}

// draftKey is the idempotency key of a draft's submission: one case per
// submission, and a new one after a submission was not accepted.
func draftKey(d haoban.Draft) string {
	if d.Attempts == 0 {
		return "draft:" + d.ID
	}
	return fmt.Sprintf("draft:%s:%d", d.ID, d.Attempts)
}
