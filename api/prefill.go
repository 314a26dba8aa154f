package api

import (
	"context"
	"unicode/utf8"

	"haoban"
	"haoban/postgres"
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
	fields, err := prefill.Form(ctx, b, userFrom(ctx), prefill.Default(s.Store))
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
		Addresses []postgres.Address `json:"addresses"`
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
		out.Body.Addresses = []postgres.Address{}
	}
	return out, nil
}
