package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
)

func TestBenefitPublicity(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p := demo.Policies()[0]
	bs := openBenefits(t, s, "run-publicity", 10000, 100, haoban.ForPersons,
		"110101199001010041", "110101199001010042", "110101199001010043", "110101199001010044")
	for _, b := range bs[:3] {
		toPublicity(t, s, b.ID)
	}
	list := func(t *testing.T, at time.Time, size int) []string {
		t.Helper()
		var ids []string
		page := haoban.PageRequest{Limit: size}
		for {
			got, next, err := s.PublicityList(ctx, p.Code, at, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range got {
				ids = append(ids, b.ID)
				if len(b.Facts) != 0 {
					t.Fatalf("the public list carries facts: %v", b.Facts)
				}
			}
			if next == "" {
				return ids
			}
			page.Cursor = next
		}
	}

	t.Run("OK", func(t *testing.T) {
		if ids := list(t, benefitDay.Add(time.Hour), 2); len(ids) != 3 || !(ids[0] < ids[1] && ids[1] < ids[2]) {
			t.Fatalf("in publicity %v, want the three in ID order", ids)
		}
	})
	t.Run("Window", func(t *testing.T) {
		if ids := list(t, benefitDay.Add(-time.Second), 10); len(ids) != 0 {
			t.Fatalf("before the period: %v", ids)
		}
		if ids := list(t, benefitDay.AddDate(0, 0, 7), 10); len(ids) != 0 {
			t.Fatalf("at its end: %v", ids)
		}
	})
}

func TestBenefitObjection(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p := demo.Policies()[0]
	const person = "110101199001010051"
	if err := s.UpsertUsers(ctx, []haoban.User{{ID: "bf-person", Name: "受益人", Roles: []string{haoban.RoleApplicant},
		Department: haoban.AnyDepartment, IDNumber: person}}); err != nil {
		t.Fatal(err)
	}
	bs := openBenefits(t, s, "run-objection", 10000, 100, haoban.ForPersons, person, "110101199001010052", "110101199001010053")
	for _, b := range bs {
		toPublicity(t, s, b.ID)
	}
	file := func(id, benefit string, at time.Time, dueDays int) (haoban.Objection, error) {
		return s.FileObjection(ctx, haoban.Objection{ID: id, Benefit: benefit, FiledBy: "zhang-wei", Reasons: "该户已迁出本市",
			FiledAt: at, DueAt: at.AddDate(0, 0, dueDays)}, haoban.AuditEntry{Role: haoban.RoleApplicant})
	}
	decide := func(id string, upheld bool) (haoban.Objection, haoban.BenefitCase, error) {
		return s.DecideObjection(ctx, id, upheld, "经核查户籍已迁出", haoban.AuditEntry{At: benefitDay.AddDate(0, 0, 3),
			Actor: "reviewer-health", Role: haoban.RoleReviewer, Department: "health"})
	}
	in := benefitDay.Add(time.Hour)

	t.Run("ErrOutsidePublicity", func(t *testing.T) {
		if _, err := file("early", bs[0].ID, benefitDay.Add(-time.Hour), 7); haoban.ErrorMessage(err) != "该待享不在公示期" {
			t.Fatalf("before publicity: %v", err)
		}
		if _, err := file("late", bs[0].ID, benefitDay.AddDate(0, 0, 7), 7); haoban.ErrorMessage(err) != "公示期已结束" {
			t.Fatalf("after publicity: %v", err)
		}
	})
	t.Run("Filed", func(t *testing.T) {
		o, err := file("o-1", bs[0].ID, in, 7)
		if err != nil || o.Status != haoban.ObjectionOpen || o.ID != "o-1" || !o.DueAt.Equal(in.AddDate(0, 0, 7)) {
			t.Fatalf("filed %+v (%v)", o, err)
		}
		if again, err := file("o-1", bs[0].ID, in, 7); err != nil || again.ID != "o-1" {
			t.Fatalf("filed again %+v (%v)", again, err)
		}
		for _, f := range []struct {
			id      string
			benefit string
			due     int
		}{{"o-2", bs[0].ID, 6}, {"o-3", bs[1].ID, 5}} {
			if _, err := file(f.id, f.benefit, in, f.due); err != nil {
				t.Fatal(err)
			}
		}
		b, err := s.FindBenefit(ctx, bs[0].ID)
		if err != nil || b.Status != haoban.BenefitObjected {
			t.Fatalf("case %s (%v), want objected", b.Status, err)
		}
		if ids, _, err := s.PublicityList(ctx, p.Code, in, haoban.PageRequest{}); err != nil || len(ids) != 3 {
			t.Fatalf("publicity lists %d (%v), want the objected too", len(ids), err)
		}
		objs, err := s.ObjectionsOf(ctx, bs[0].ID)
		if err != nil || len(objs) != 2 {
			t.Fatalf("objections %+v (%v), want 2", objs, err)
		}
	})
	t.Run("DepartmentWork", func(t *testing.T) {
		objs, review, err := s.DepartmentBenefitWork(ctx, "health")
		if err != nil || len(objs) != 3 || objs[0].ID != "o-3" || objs[1].ID != "o-2" || objs[2].ID != "o-1" || len(review) != 0 {
			t.Fatalf("work %+v %+v (%v), want o-3, o-2, o-1 by due date", objs, review, err)
		}
		if objs, _, err := s.DepartmentBenefitWork(ctx, "fire"); err != nil || len(objs) != 0 {
			t.Fatalf("another department sees %+v (%v)", objs, err)
		}
	})
	t.Run("Rejected", func(t *testing.T) {
		o, b, err := decide("o-1", false)
		if err != nil || o.Status != haoban.ObjectionRejected || o.DecidedBy != "reviewer-health" || b.Status != haoban.BenefitObjected {
			t.Fatalf("one of two rejected: %+v %s (%v), want the case still objected", o, b.Status, err)
		}
		if _, b, err = decide("o-2", false); err != nil || b.Status != haoban.BenefitPublicity {
			t.Fatalf("both rejected: case %s (%v), want back in publicity", b.Status, err)
		}
		if _, _, err := decide("o-2", true); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("deciding again: %v, want ECONFLICT", err)
		}
	})
	t.Run("Upheld", func(t *testing.T) {
		o, b, err := decide("o-3", true)
		if err != nil || o.Status != haoban.ObjectionUpheld || b.Status != haoban.BenefitStopped || b.Reason != "异议成立：经核查户籍已迁出" {
			t.Fatalf("upheld: %+v %+v (%v)", o, b, err)
		}
		if _, err := s.ApproveBenefit(ctx, b.ID, benefitDay.AddDate(0, 0, 8)); haoban.ErrorCode(err) != haoban.ECONFLICT {
			t.Fatalf("approving a stopped case: %v, want ECONFLICT", err)
		}
	})
	t.Run("StoppedNotice", func(t *testing.T) {
		if _, err := file("o-4", bs[0].ID, in, 5); err != nil {
			t.Fatal(err)
		}
		if _, _, err := decide("o-4", true); err != nil {
			t.Fatal(err)
		}
		ns := noticesOf(t, s, "bf-person")
		if len(ns) != 1 || ns[0].Kind != string(haoban.KindBenefitStopped) || !strings.Contains(ns[0].Body, "经核查户籍已迁出") {
			t.Fatalf("notices %+v, want the stop with its reason", ns)
		}
		evs, err := s.BenefitEvents(ctx, bs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Actor == "zhang-wei" {
				t.Fatalf("the timeline names the objector: %+v", e)
			}
		}
	})
}
