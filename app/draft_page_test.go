package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// zhangWei is zhang-wei in the population registry: a father.
var zhangWei = haoban.Resident{IDNumber: "31010419900307123X", Name: "张伟", Sex: "男", Address: "上海市黄浦区南京东路1号",
	UpdatedAt: clock.T.Add(-24 * time.Hour)}

// zhangWeisDraft is zhang-wei's newborn draft d1: the father's name as the
// registry has it, his ID number typed differently.
func zhangWeisDraft(t *testing.T) (*app.Drafts, *store, *seenReviewer) {
	d, s, _ := drafts(t)
	seen := &seenReviewer{}
	d.Reviewer = seen
	s.residents = map[string]haoban.Resident{zhangWei.IDNumber: zhangWei}
	s.drafts["d1"] = haoban.Draft{ID: "d1", Applicant: "zhang-wei", Bundle: "newborn",
		Form: map[string]any{"father.name": "张伟", "father.id_number": "310101199001011234"}}
	return d, s, seen
}

// A draft's page shows where a value came from only while the applicant
// keeps it.
func TestDraftPage(t *testing.T) {
	ctx := context.Background()
	t.Run("ProvenanceWhileKept", func(t *testing.T) {
		d, s, _ := zhangWeisDraft(t)
		draft := s.drafts["d1"]
		draft.Shown, _ = json.Marshal(map[string]any{
			"father.name":      map[string]any{"value": "张伟", "source": "population"},
			"father.id_number": map[string]any{"value": zhangWei.IDNumber, "source": "population"},
		})
		s.drafts["d1"] = draft
		// The registry changed since: the page shows what the draft showed.
		s.residents = nil
		p, err := d.Page(ctx, as(t, s, "zhang-wei"), "d1")
		wantCode(t, err, "")
		if _, ok := p.Provenance["father.name"]; !ok || len(p.Provenance) != 1 || !p.Report.ReviewedAt.Equal(clock.T) {
			t.Fatalf("provenance %v (the overridden ID number must not show), report %+v", p.Provenance, p.Report)
		}
	})
	t.Run("OlderDraftPrefilledAgain", func(t *testing.T) {
		d, s, _ := zhangWeisDraft(t)
		p, err := d.Page(ctx, as(t, s, "zhang-wei"), "d1")
		wantCode(t, err, "")
		if f, ok := p.Provenance["father.name"]; !ok || f.Source != "population" || len(p.Provenance) != 1 {
			t.Fatalf("provenance %v", p.Provenance)
		}
	})
	t.Run("ErrAnotherApplicantsDraft", func(t *testing.T) {
		d, s, seen := zhangWeisDraft(t)
		_, err := d.Page(ctx, as(t, s, "li-na"), "d1")
		if wantCode(t, err, haoban.ENOTFOUND); len(seen.got) != 0 {
			t.Fatal("reviewed another applicant's draft")
		}
	})
}
