package api

import (
	"context"
	"encoding/json"
	"unicode/utf8"

	"haoban"
	"haoban/prefill"
)

// BundleCodeInput names a bundle.
type BundleCodeInput struct {
	Code string `path:"code" doc:"一件事的编码"`
}

// FormOutput is the one form of a bundle, prefilled for the signed-in applicant.
type FormOutput struct {
	Body struct {
		Bundle string              `json:"bundle"`
		Fields []prefill.FormField `json:"fields"`
		// PrefillRatio is the share of fields filled from sources.
		PrefillRatio float64 `json:"prefill_ratio"`
	}
}

func (s *Server) bundleForm(ctx context.Context, in *BundleCodeInput) (*FormOutput, error) {
	b, err := s.Store.FindBundle(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	fields, err := prefill.Form(ctx, b, userFrom(ctx), prefill.Default(s.Store, s.now()))
	if err != nil {
		return nil, err
	}
	out := &FormOutput{}
	out.Body.Bundle, out.Body.Fields, out.Body.PrefillRatio = b.Code, fields, prefill.Ratio(fields)
	return out, nil
}

// AddressQuery searches the standard address library.
type AddressQuery struct {
	Q string `query:"q" required:"true" doc:"地址中的若干字，至少 2 个字"`
}

// AddressesOutput lists matching addresses, the closest first.
type AddressesOutput struct {
	Body struct {
		Addresses []haoban.Address `json:"addresses"`
	}
}

func (s *Server) addresses(ctx context.Context, in *AddressQuery) (*AddressesOutput, error) {
	if utf8.RuneCountInString(in.Q) < 2 {
		return nil, haoban.FieldErrorf(haoban.EINVALID, "query.q", "请至少输入 2 个字")
	}
	list, err := s.Store.SearchAddresses(ctx, in.Q, 10)
	if err != nil {
		return nil, err
	}
	out := &AddressesOutput{}
	out.Body.Addresses = list
	if list == nil {
		out.Body.Addresses = []haoban.Address{}
	}
	return out, nil
}

// again ("再来一单") opens a new draft with a case's values, taking a
// registry's value instead wherever the registry changed after that case.
func (s *Server) again(ctx context.Context, in *CaseIDInput) (*DraftOutput, error) {
	kase, b, err := s.ownCaseBundle(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	fields, err := prefill.Form(ctx, b, userFrom(ctx), prefill.Registry(s.Store, s.now()))
	if err != nil {
		return nil, err
	}
	form, shown := map[string]any{}, map[string]prefill.Value{}
	for _, f := range fields {
		old, had := kase.Form[f.Key]
		switch {
		case !f.ToFill && (!had || f.AsOf.After(kase.SubmittedAt)):
			form[f.Key], shown[f.Key] = f.Value, prefill.Value{Value: f.Value, Source: f.Source, AsOf: f.AsOf}
		case had:
			form[f.Key] = old
			shown[f.Key] = prefill.Value{Value: old, Source: "previous_cases", AsOf: kase.SubmittedAt}
		}
	}
	draft := &CreateDraftInput{}
	draft.Body.Bundle = b.Code
	out, err := s.createDraft(ctx, draft)
	if err != nil {
		return nil, err
	}
	if err := s.patchPrefilled(ctx, out.Body.ID, b, form, shown, s.now().UTC()); err != nil {
		return nil, err
	}
	return s.draftOutput(ctx, out.Body.ID)
}

// shownFields are the draft's fields with what it showed as prefilled; a
// draft saved before drafts kept that is prefilled again.
func (s *Server) shownFields(ctx context.Context, b haoban.Bundle, d haoban.Draft) ([]prefill.FormField, error) {
	if shown := shownOf(d); shown != nil {
		return prefill.Fields(b, shown), nil
	}
	return prefill.Form(ctx, b, userFrom(ctx), prefill.Default(s.Store, s.now()))
}

// shownOf is what a draft showed as prefilled, nil if it kept nothing.
func shownOf(d haoban.Draft) map[string]prefill.Value {
	var shown map[string]prefill.Value
	if err := json.Unmarshal(d.Shown, &shown); err != nil || len(shown) == 0 {
		return nil
	}
	return shown
}

// addressIDs finds the address library's ID of each address field in a
// form: an address the library does not hold, or a cleared field, is null,
// which removes an earlier ID.
func (s *Server) addressIDs(ctx context.Context, b haoban.Bundle, form map[string]any) (map[string]any, error) {
	keys, texts := []string{}, []string{}
	for _, f := range b.Fields() {
		if v, ok := form[f.Key]; ok && f.Type == haoban.FieldAddress {
			text, _ := v.(string)
			keys, texts = append(keys, f.Key), append(texts, text)
		}
	}
	out := map[string]any{}
	if len(keys) == 0 {
		return out, nil
	}
	found, err := s.Store.AddressIDs(ctx, texts)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		out[k] = nil
		if id, ok := found[texts[i]]; ok {
			out[k] = id
		}
	}
	return out, nil
}

// PrefillStatsOutput is the prefill ratio per bundle and overall.
type PrefillStatsOutput struct {
	Body struct {
		Overall haoban.PrefillStats   `json:"overall"`
		Bundles []haoban.PrefillStats `json:"bundles"`
	}
}

func (s *Server) prefillStats(ctx context.Context, _ *struct{}) (*PrefillStatsOutput, error) {
	rows, err := s.Store.PrefillStatsByBundle(ctx)
	if err != nil {
		return nil, err
	}
	out := &PrefillStatsOutput{}
	out.Body.Bundles = []haoban.PrefillStats{}
	for _, r := range rows {
		if r.Bundle == "" {
			out.Body.Overall = r
		} else {
			out.Body.Bundles = append(out.Body.Bundles, r)
		}
	}
	return out, nil
}
