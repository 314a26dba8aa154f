package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/prefill"
	"haoban/prereview"
)

// DraftStore is what the application use cases read and write; the
// registries prefill the form.
type DraftStore interface {
	FindBundle(ctx context.Context, code string) (haoban.Bundle, error)
	CreateDraft(ctx context.Context, d haoban.Draft, meta haoban.AuditEntry) error
	FindDraft(ctx context.Context, id string) (haoban.Draft, error)
	PatchDraft(ctx context.Context, id string, p haoban.DraftPatch, at time.Time) error
	SubmitDraft(ctx context.Context, draftID string, nc haoban.NewCase) (string, error)
	DraftLister
	FindDepartment(ctx context.Context, code string) (haoban.Department, error)
	ListSources(ctx context.Context) ([]haoban.SourceInfo, error)
	AddressBook
	prefill.Registries
}

// Reviewer runs the review points (审查要点) and knows the licences an
// applicant holds (prereview.Reviewer).
type Reviewer interface {
	Review(ctx context.Context, app prereview.Application) (prereview.Report, error)
	Licences(ctx context.Context, user haoban.User) ([]haoban.Licence, error)
	// Exemptions are the materials the applicant need not upload: a
	// licence or a registry record stands for them.
	Exemptions(ctx context.Context, user haoban.User, b haoban.Bundle, day time.Time) ([]string, error)
}

// Drafts are applications being filled in: one form, prefilled from the
// registries, saved as it is typed, checked at once, submitted as a case.
type Drafts struct {
	Store    DraftStore
	Flow     CaseFlow
	Reviewer Reviewer
	Cases    *Cases
	// Generated writes the materials generated from the form
	// (generated.go); Scanned keeps the values accepted from scans
	// (ocr_fill.go), none offered when nil.
	Generated *Generated
	Scanned   ScanStore
	Time      haoban.TimeSource
}

// NewDraft names the bundle to apply for.
type NewDraft struct {
	Bundle string `json:"bundle" minLength:"1" maxLength:"100" doc:"一件事的编码"`
}

// Create starts a draft, prefilled from the data sources (一表申请).
func (s *Drafts) Create(ctx context.Context, r Request, in NewDraft) (haoban.Draft, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Draft{}, err
	}
	b, err := findBundle(ctx, s.Store, in.Bundle)
	if err != nil {
		return haoban.Draft{}, err
	}
	d, err := s.newDraft(ctx, r, b)
	if err != nil {
		return haoban.Draft{}, err
	}
	fields, err := prefill.Form(ctx, b, r.User, prefill.Default(s.Store, now(s.Time)))
	if err != nil {
		return haoban.Draft{}, err
	}
	form, shown := map[string]any{}, map[string]prefill.Value{}
	for _, f := range fields {
		if !f.ToFill {
			form[f.Key], shown[f.Key] = f.Value, prefill.Value{Value: f.Value, Source: f.Source, AsOf: f.AsOf}
		}
	}
	if err := s.patchPrefilled(ctx, d.ID, b, form, shown); err != nil {
		return haoban.Draft{}, err
	}
	return s.Store.FindDraft(ctx, d.ID)
}

// newDraft records an empty draft of the bundle, audited.
func (s *Drafts) newDraft(ctx context.Context, r Request, b haoban.Bundle) (haoban.Draft, error) {
	at := now(s.Time).UTC()
	d := haoban.Draft{ID: uuid.NewString(), Applicant: r.User.ID, Bundle: b.Code, CreatedAt: at}
	if r.Clerk != nil {
		d.EnteredBy = r.Clerk.ID
	}
	return d, s.Store.CreateDraft(ctx, d, r.audit("", at))
}

// patchPrefilled saves a draft's prefilled values with what was shown.
func (s *Drafts) patchPrefilled(ctx context.Context, id string, b haoban.Bundle, form map[string]any, shown map[string]prefill.Value) error {
	ids, err := addressIDs(ctx, s.Store, b, form)
	if err != nil {
		return err
	}
	return s.Store.PatchDraft(ctx, id, haoban.DraftPatch{Form: form, AddressIDs: ids, Shown: shown}, now(s.Time).UTC())
}

// Own loads a draft of the applicant with its bundle; anyone else's is not
// found. A clerk acting for the applicant owns only the drafts they entered.
func (s *Drafts) Own(ctx context.Context, r Request, id string) (haoban.Draft, haoban.Bundle, error) {
	d, err := s.Store.FindDraft(ctx, id)
	if err == nil && (d.Applicant != r.User.ID || (r.Clerk != nil && d.EnteredBy != r.Clerk.ID)) {
		err = haoban.Errorf(haoban.ENOTFOUND, "申请草稿不存在")
	}
	if err != nil {
		return d, haoban.Bundle{}, err
	}
	b, err := s.Store.FindBundle(ctx, d.Bundle)
	return d, b, err
}

// Get is one of the applicant's drafts.
func (s *Drafts) Get(ctx context.Context, r Request, id string) (haoban.Draft, error) {
	d, _, err := s.Own(ctx, r, id)
	return d, err
}

// DraftChanges saves part of a draft's form; a null value clears a field.
type DraftChanges struct {
	Form map[string]any `json:"form" doc:"要保存的字段值；值为 null 表示清除"`
}

// Patch autosaves part of a draft.
func (s *Drafts) Patch(ctx context.Context, r Request, id string, in DraftChanges) (haoban.Draft, error) {
	if in.Form == nil {
		in.Form = map[string]any{}
	}
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return d, err
	}
	values := map[string]any{}
	for k, v := range in.Form {
		if v != nil {
			values[k] = v
		}
	}
	if err := b.ValidateValues(values); err != nil {
		return d, err
	}
	ids, err := addressIDs(ctx, s.Store, b, in.Form)
	if err != nil {
		return d, err
	}
	if err := s.Store.PatchDraft(ctx, d.ID, haoban.DraftPatch{Form: in.Form, AddressIDs: ids}, now(s.Time).UTC()); err != nil {
		return d, err
	}
	return s.Store.FindDraft(ctx, d.ID)
}

// Prereview runs every review point on the draft at once (智能预审).
func (s *Drafts) Prereview(ctx context.Context, r Request, id string) (prereview.Report, error) {
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return prereview.Report{}, err
	}
	return s.Reviewer.Review(ctx, prereview.Application{Bundle: b, Form: d.Form, Materials: d.Materials,
		Applicant: r.User, Today: now(s.Time)})
}

// Submit checks the whole application at once and turns it into a case;
// submitting again returns the same case. A second open case of the same
// bundle and subject needs the applicant's confirmation.
func (s *Drafts) Submit(ctx context.Context, r Request, id string, opt SubmitOptions) (string, error) {
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return "", err
	}
	ch, err := channelOf(r, opt.Channel)
	if err != nil {
		return "", err
	}
	caseID := d.CaseID
	if caseID == "" {
		if err := withPledges(s.Complete(ctx, r, b, d), b, opt.Pledges); err != nil {
			return "", err
		}
		if dup, ok, err := s.Duplicate(ctx, r, d); err != nil {
			return "", err
		} else if ok && !opt.ConfirmDuplicate {
			return "", DuplicateError(dup)
		}
		if err := s.writeGenerated(ctx, r, b, d); err != nil {
			return "", err
		}
		nc := haoban.NewCase{ID: uuid.NewString(), Bundle: b, Applicant: r.User.ID,
			Form: d.Form, IdempotencyKey: draftKey(d), RequestHash: hashJSON(d.Form), At: now(s.Time).UTC(),
			RequestID: r.RequestID, ClientAddr: r.ClientAddr, AddressIDs: d.AddressIDs}
		nc.Channel, nc.Window, nc.EnteredBy = ch.Channel, ch.Window, ch.EnteredBy
		if shown := shownOf(d); shown != nil {
			// Measured against what the applicant was shown; the Case workflow
			// then checks whether the sources changed since.
			rec := prefill.Compare(prefill.Fields(b, shown), d.Form)
			nc.Prefill, nc.PrefillRatio = rec, &rec.Ratio
		}
		if caseID, err = s.Store.SubmitDraft(ctx, d.ID, nc); err != nil {
			return "", err
		}
	}
	return caseID, startCase(ctx, s.Flow, caseID, r.User.ID, b)
}

// Complete refuses a draft that lacks a required field or material, every
// one at once, judged as the pre-review judges it (prereview.Incomplete).
func (s *Drafts) Complete(ctx context.Context, r Request, b haoban.Bundle, d haoban.Draft) error {
	exempted, err := s.Reviewer.Exemptions(ctx, r.User, b, now(s.Time))
	if err != nil {
		return err
	}
	return prereview.Incomplete(b, d.Form, d.Materials, exempted)
}

// draftKey is the idempotency key of a draft's submission: one case per
// submission, and a new one after a submission was not accepted.
func draftKey(d haoban.Draft) string {
	if d.Attempts == 0 {
		return "draft:" + d.ID
	}
	return fmt.Sprintf("draft:%s:%d", d.ID, d.Attempts)
}

// BundleForm is a bundle's one form, prefilled for an applicant.
type BundleForm struct {
	Bundle string              `json:"bundle"`
	Fields []prefill.FormField `json:"fields"`
	// PrefillRatio is the share of fields filled from sources.
	PrefillRatio float64 `json:"prefill_ratio"`
}

// Form is a bundle's one form, prefilled for the applicant, with the source
// of each value.
func (s *Drafts) Form(ctx context.Context, r Request, code string) (BundleForm, error) {
	b, err := s.Store.FindBundle(ctx, code)
	if err != nil {
		return BundleForm{}, err
	}
	fields, err := prefill.Form(ctx, b, r.User, prefill.Default(s.Store, now(s.Time)))
	if err != nil {
		return BundleForm{}, err
	}
	return BundleForm{Bundle: b.Code, Fields: fields, PrefillRatio: prefill.Ratio(fields)}, nil
}

// DraftPage is a draft as its page shows it: which values came from where,
// while the applicant keeps them, and the pre-review.
type DraftPage struct {
	Draft      haoban.Draft
	Bundle     haoban.Bundle
	Provenance map[string]prefill.FormField
	Report     prereview.Report
	// Sections are the form item by item, with the pre-review beside each
	// field; Materials the one set of materials (draft_view.go).
	Sections  []DraftSection
	Materials []DraftMaterial
	// Duplicate is the applicant's open case of the same bundle and
	// subject, which a second submission must confirm.
	Duplicate *haoban.Case
	// Pledges are the 告知承诺 of the generated materials, confirmed on
	// submitting; ScanOffers what each scan's OCR reading offers to fill,
	// by material code (generated.go, ocr_fill.go).
	Pledges    []DraftPledge
	ScanOffers map[string]*ScanOffer
}

// Page reads a draft for its page.
func (s *Drafts) Page(ctx context.Context, r Request, id string) (DraftPage, error) {
	d, b, err := s.Own(ctx, r, id)
	if err != nil {
		return DraftPage{}, err
	}
	fields, err := s.shownFields(ctx, r, b, d)
	if err != nil {
		return DraftPage{}, err
	}
	p := DraftPage{Draft: d, Bundle: b, Provenance: map[string]prefill.FormField{}}
	for _, f := range fields {
		// Shown only while the applicant keeps the prefilled value.
		if !f.ToFill && fmt.Sprint(d.Form[f.Key]) == fmt.Sprint(f.Value) {
			p.Provenance[f.Key] = f
		}
	}
	p.Report, err = s.Reviewer.Review(ctx, prereview.Application{Bundle: b, Form: d.Form, Materials: d.Materials,
		Applicant: r.User, Today: now(s.Time)})
	if err != nil {
		return p, err
	}
	if dup, ok, err := s.Duplicate(ctx, r, d); err != nil {
		return p, err
	} else if ok {
		p.Duplicate = &dup
	}
	if err := s.lay(ctx, r, &p); err != nil {
		return p, err
	}
	p.Pledges = pledgesOf(b)
	return p, s.layScans(ctx, &p)
}

// shownFields are the draft's fields with what it showed as prefilled; a
// draft saved before drafts kept that is prefilled again.
func (s *Drafts) shownFields(ctx context.Context, r Request, b haoban.Bundle, d haoban.Draft) ([]prefill.FormField, error) {
	if shown := shownOf(d); shown != nil {
		return prefill.Fields(b, shown), nil
	}
	return prefill.Form(ctx, b, r.User, prefill.Default(s.Store, now(s.Time)))
}

// shownOf is what a draft showed as prefilled, nil if it kept nothing.
func shownOf(d haoban.Draft) map[string]prefill.Value {
	var shown map[string]prefill.Value
	if err := json.Unmarshal(d.Shown, &shown); err != nil || len(shown) == 0 {
		return nil
	}
	return shown
}
