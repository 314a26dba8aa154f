package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func versionsOf(t *testing.T) (*app.Catalogue, *versioned) {
	t.Helper()
	c, s := catalogueOf(t)
	v := newVersioned(s)
	c.Store, c.Versions, c.Time = v, v, haoban.FixedTime{T: v.now}
	return c, v
}

func TestCatalogueDraftAccess(t *testing.T) {
	ctx := context.Background()
	c, v := versionsOf(t)
	restaurant := demo.OpenRestaurant()
	t.Run("EditorEditsOwnDepartmentsItem", func(t *testing.T) {
		b := restaurant
		b.Items = append([]haoban.Item(nil), restaurant.Items...)
		b.Items[0].Name = "营业执照（设立）"
		d, err := c.SaveDraft(ctx, as(t, v.store, "editor-samr"), b)
		if err != nil || d.Version != 2 || d.State != haoban.VersionDraft {
			t.Fatalf("draft = %+v, %v", d, err)
		}
	})
	t.Run("ErrEditorEditsOtherDepartmentsItem", func(t *testing.T) {
		b := restaurant
		b.Items = append([]haoban.Item(nil), restaurant.Items...)
		b.Items[2].PromisedDays = 9 // fire-check
		_, err := c.SaveDraft(ctx, as(t, v.store, "editor-samr"), b)
		wantCode(t, err, haoban.EFORBIDDEN)
		b.Items[0].Name = "营业执照（设立）" // as the draft has it
		_, err = c.SaveDraft(ctx, as(t, v.store, "editor-fire"), b)
		wantCode(t, err, "")
	})
	t.Run("ErrEditorMovesItemToOwnDepartment", func(t *testing.T) {
		b := restaurant
		b.Items = append([]haoban.Item(nil), restaurant.Items...)
		b.Items[3].Department = "fire" // signage belongs to greening
		_, err := c.SaveDraft(ctx, as(t, v.store, "editor-fire"), b)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrEditorEditsTheBundle", func(t *testing.T) {
		b := demo.Newborn()
		b.PromisedDays = 6
		_, err := c.SaveDraft(ctx, as(t, v.store, "editor-samr"), b)
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrNotAnEditor", func(t *testing.T) {
		for _, who := range []string{"admin", "supervisor", "reviewer-samr", "li-na"} {
			_, err := c.SaveDraft(ctx, as(t, v.store, who), demo.Newborn())
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ErrBadCode", func(t *testing.T) {
		b := demo.Newborn()
		b.Code = "新生儿"
		_, err := c.SaveDraft(ctx, as(t, v.store, "catalogue-admin"), b)
		wantCode(t, err, haoban.EINVALID)
	})
}

func TestCataloguePublish(t *testing.T) {
	ctx := context.Background()
	c, v := versionsOf(t)
	admin := as(t, v.store, "catalogue-admin")
	b := demo.Newborn()
	b.Name = "新生儿出生一件事（第二版）"
	d, err := c.SaveDraft(ctx, admin, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrOnlyTheCatalogueAdminPublishes", func(t *testing.T) {
		for _, who := range []string{"admin", "editor-samr", "supervisor"} {
			_, err := c.Publish(ctx, as(t, v.store, who), "newborn", d.Version, time.Time{})
			wantCode(t, err, haoban.EFORBIDDEN)
		}
	})
	t.Run("ErrEffectiveInThePast", func(t *testing.T) {
		_, err := c.Publish(ctx, admin, "newborn", d.Version, v.now.Add(-time.Hour))
		wantCode(t, err, haoban.EINVALID)
	})
	t.Run("FromADateWithItsDiff", func(t *testing.T) {
		from := v.now.Add(48 * time.Hour)
		p, err := c.Publish(ctx, admin, "newborn", d.Version, from)
		if err != nil || !p.EffectiveFrom.Equal(from) || len(p.Changes) != 1 || p.Changes[0].Path != "name" {
			t.Fatalf("published = %+v, %v", p, err)
		}
		h, err := c.History(ctx, admin, "newborn")
		if err != nil || h.InForce != 1 || h.Versions[0].Status != "待生效" || h.Versions[1].Status != "现行" {
			t.Fatalf("history = %+v, %v", h, err)
		}
		last := v.audits[len(v.audits)-1]
		if last.Action != "catalogue_published" || last.Target != "newborn@2" || last.Actor != "catalogue-admin" {
			t.Fatalf("audit = %+v", last)
		}
	})
	t.Run("RetriedPublishIsDoneAlready", func(t *testing.T) {
		audits := len(v.audits)
		p, err := c.Publish(ctx, admin, "newborn", d.Version, time.Time{})
		if err != nil || p.State != haoban.VersionPublished || len(v.audits) != audits {
			t.Fatalf("retry = %+v, %v, %d new audits", p, err, len(v.audits)-audits)
		}
		_, err = c.Publish(ctx, admin, "newborn", d.Version, v.now.Add(72*time.Hour))
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("WithdrawnBeforeItTakesEffect", func(t *testing.T) {
		wantCode(t, c.Withdraw(ctx, as(t, v.store, "editor-samr"), "newborn", 2), haoban.EFORBIDDEN)
		wantCode(t, c.Withdraw(ctx, admin, "newborn", 1), haoban.ECONFLICT)
		wantCode(t, c.Withdraw(ctx, admin, "newborn", 2), "")
		h, _ := c.History(ctx, admin, "newborn")
		if h.Versions[0].Status != "已撤回" || h.InForce != 1 {
			t.Fatalf("history after withdrawal = %+v", h)
		}
	})
	t.Run("InForceAtOnce", func(t *testing.T) {
		b.PromisedDays = 8
		d, err := c.SaveDraft(ctx, admin, b)
		if err != nil || d.Version != 3 {
			t.Fatalf("draft = %+v, %v", d, err)
		}
		if _, err := c.Publish(ctx, admin, "newborn", 3, time.Time{}); err != nil {
			t.Fatal(err)
		}
		cur, _ := v.FindBundle(ctx, "newborn")
		if cur.Version != 3 || cur.PromisedDays != 8 {
			t.Fatalf("in force = v%d, %d days", cur.Version, cur.PromisedDays)
		}
		changes, err := c.Compare(ctx, admin, "newborn", 1, 3)
		if err != nil || len(changes) != 2 {
			t.Fatalf("compare 1..3 = %+v, %v", changes, err)
		}
	})
	t.Run("ErrEveryProblemAtOnce", func(t *testing.T) {
		bad := demo.Newborn()
		bad.Items[1].DependsOn = []string{"birth-certificat"}
		bad.Items[2].PromisedDays = 16
		d, err := c.SaveDraft(ctx, admin, bad)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Publish(ctx, admin, "newborn", d.Version, time.Time{})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if got := haoban.ErrorDetails(err); len(got) != 2 {
			t.Fatalf("details = %v", got)
		}
	})
}
