package app

import (
	"context"
	"time"

	"haoban"
)

// DraftLister reads an applicant's open drafts and cases (postgres.Store).
type DraftLister interface {
	OpenDrafts(ctx context.Context, applicant, bundle string, afterAt time.Time, afterID string, limit int) ([]haoban.Draft, int, error)
	OpenCases(ctx context.Context, applicant, bundle string) ([]haoban.Case, error)
}

// DraftEntry is one open draft as 我的草稿 lists it.
type DraftEntry struct {
	ID         string    `json:"id"`
	Bundle     string    `json:"bundle"`
	BundleName string    `json:"bundle_name"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	// Filled and Fields count the form's values against its fields.
	Filled int `json:"filled"`
	Fields int `json:"fields"`
	// Attempts counts the submissions not accepted (不予受理).
	Attempts int `json:"attempts"`
}

// DraftList is a page of the applicant's open drafts, newest first.
type DraftList struct {
	Drafts     []DraftEntry `json:"drafts"`
	NextCursor string       `json:"next_cursor" doc:"下一页的翻页标记；最后一页为空"`
	Total      int          `json:"total" doc:"未提交的草稿总数"`
}

// draftCursor is the sort key of the last draft of a page.
type draftCursor struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// List is a page of the applicant's unsubmitted drafts, the most recently
// changed first, so that nothing typed is lost (我的草稿).
func (s *Drafts) List(ctx context.Context, r Request, page haoban.PageRequest) (DraftList, error) {
	var after draftCursor
	if page.Cursor != "" {
		if err := haoban.DecodeCursor(page.Cursor, &after); err != nil {
			return DraftList{}, err
		}
	}
	size := page.Size()
	list, total, err := s.Store.OpenDrafts(ctx, r.User.ID, "", after.At, after.ID, size+1)
	if err != nil {
		return DraftList{}, err
	}
	out := DraftList{Drafts: []DraftEntry{}, Total: total}
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		out.NextCursor = haoban.EncodeCursor(draftCursor{At: last.UpdatedAt, ID: last.ID})
	}
	bundles := map[string]haoban.Bundle{}
	for _, d := range list {
		b, ok := bundles[d.Bundle]
		if !ok {
			if b, err = s.Store.FindBundle(ctx, d.Bundle); err != nil {
				return DraftList{}, err
			}
			bundles[d.Bundle] = b
		}
		e := DraftEntry{ID: d.ID, Bundle: d.Bundle, BundleName: b.Name, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
			Fields: len(b.Fields()), Attempts: d.Attempts}
		for _, f := range b.Fields() {
			if v, ok := d.Form[f.Key]; ok && v != nil && v != "" {
				e.Filled++
			}
		}
		out.Drafts = append(out.Drafts, e)
	}
	return out, nil
}

// Resume opens the applicant's newest unsubmitted draft of the bundle, or
// starts one when there is none: 在线申请 clicked twice is one draft.
// resumed says which.
func (s *Drafts) Resume(ctx context.Context, r Request, in NewDraft) (d haoban.Draft, resumed bool, err error) {
	if err := validate(in, ""); err != nil {
		return haoban.Draft{}, false, err
	}
	open, _, err := s.Store.OpenDrafts(ctx, r.User.ID, in.Bundle, time.Time{}, "", 1)
	if err != nil {
		return haoban.Draft{}, false, err
	}
	if len(open) > 0 {
		return open[0], true, nil
	}
	d, err = s.Create(ctx, r, in)
	return d, false, err
}
