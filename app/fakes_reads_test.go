package app_test

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"time"

	"haoban"
	"haoban/issuing"
	"haoban/prereview"
	"haoban/riskmodel"
	"haoban/rules"
)

// More of the store: timelines, inboxes, risk models, rule lists, link
// rules and figures. Each keeps postgres's contract where a use case
// leans on it (whose rows, newest first, validation).

func (s *store) EventsAfter(_ context.Context, caseID string, seq int64) ([]haoban.Event, error) {
	var out []haoban.Event
	for _, e := range s.events[caseID] {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out, nil
}

// Notifications are the user's own only, as the store's WHERE user_id says.
func (s *store) Notifications(_ context.Context, userID string, unreadOnly bool, before int64, limit int) ([]haoban.Notification, int, error) {
	out, total := []haoban.Notification{}, 0
	for i := len(s.notes) - 1; i >= 0; i-- { // newest (highest ID) first
		n := s.notes[i]
		if n.UserID == userID && (!unreadOnly || n.ReadAt == nil) {
			total++
			if (before == 0 || n.ID < before) && len(out) < limit {
				out = append(out, n)
			}
		}
	}
	return out, total, nil
}

// MarkRead finds nothing among other people's notifications; marking
// again keeps the first time.
func (s *store) MarkRead(_ context.Context, userID string, id int64, at time.Time) error {
	for i, n := range s.notes {
		if n.ID == id && n.UserID == userID {
			if n.ReadAt == nil {
				s.notes[i].ReadAt = &at
			}
			return nil
		}
	}
	return haoban.Errorf(haoban.ENOTFOUND, "通知不存在")
}

func (s *store) FindMaterial(_ context.Context, id string) (haoban.CaseMaterial, haoban.MaterialOwner, error) {
	for _, m := range s.materials {
		if m.ID == id {
			return m.CaseMaterial, haoban.MaterialOwner{DraftID: m.DraftID, CaseID: m.CaseID}, nil
		}
	}
	return haoban.CaseMaterial{}, haoban.MaterialOwner{}, errNotFound
}

func (s *store) ActiveModel(_ context.Context, item string) (riskmodel.Record, error) {
	rec, ok := s.models[item]
	if !ok {
		return rec, errNotFound
	}
	return rec, nil
}

func (s *store) CountEarlierCases(_ context.Context, c haoban.Case) (int, error) {
	n := 0
	for _, o := range s.cases {
		if o.Applicant == c.Applicant && o.Bundle == c.Bundle && o.SubmittedAt.Before(c.SubmittedAt) {
			n++
		}
	}
	return n, nil
}

// ListRules is the newest version of each rule, by item and code.
func (s *store) ListRules(_ context.Context, items []string) ([]rules.Rule, error) {
	latest := map[string]rules.Rule{}
	for _, r := range s.rules {
		if (len(items) == 0 || slices.Contains(items, r.Item)) && r.Version > latest[r.ID].Version {
			latest[r.ID] = r
		}
	}
	var out []rules.Rule
	for _, r := range latest {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b rules.Rule) int { return cmp.Or(cmp.Compare(a.Item, b.Item), cmp.Compare(a.Code, b.Code)) })
	return out, nil
}

func (s *store) ListLinkRules(context.Context) ([]haoban.LinkRule, error) { return s.linkRules, nil }

// SaveLinkRule validates as postgres does: the use case leaves it to the store.
func (s *store) SaveLinkRule(_ context.Context, r haoban.LinkRule, meta haoban.AuditEntry) error {
	if err := r.Validate(); err != nil {
		return err
	}
	s.linkRules = slices.DeleteFunc(s.linkRules, func(o haoban.LinkRule) bool { return o.LicenceType == r.LicenceType })
	s.linkRules = append(s.linkRules, r)
	s.audits = append(s.audits, meta)
	return nil
}

func (s *store) PrefillStatsByBundle(context.Context) ([]haoban.PrefillStats, error) {
	return s.prefill, nil
}

// verifier knows one sealed file and its verification; any other file
// verifies as not issued here, as the issuer answers.
type verifier struct {
	file []byte
	v    issuing.Verification
}

func (f verifier) VerifyDocument(_ context.Context, id string) (issuing.Verification, error) {
	if f.v.Document == nil || f.v.Document.ID != id {
		return issuing.Verification{}, errNotFound
	}
	return f.v, nil
}

func (f verifier) Verify(_ context.Context, pdf []byte) (issuing.Verification, error) {
	if !bytes.Equal(pdf, f.file) {
		return issuing.Verification{Reasons: []string{"没有与该文件完全一致的签章记录"}}, nil
	}
	return f.v, nil
}

// seenReviewer records what it was asked to review; its report carries
// the day it was given.
type seenReviewer struct {
	reviewer
	got []prereview.Application
}

func (r *seenReviewer) Review(_ context.Context, a prereview.Application) (prereview.Report, error) {
	r.got = append(r.got, a)
	return prereview.Report{ReviewedAt: a.Today}, nil
}
