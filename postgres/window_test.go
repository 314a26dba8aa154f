package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/demo"
)

// TestWindowStore: 窗口代办 (issue 19). A clerk's counter is kept with the
// user; the person's account is found or created once; a draft records the
// clerk who entered it, and its case is a window case naming the counter
// and the clerk, audited as the clerk acting for the person.
func TestWindowStore(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)
	t.Run("ClerkSitsAtCounter", func(t *testing.T) {
		u, err := s.FindUser(ctx, "clerk-1")
		if err != nil || u.Window != "综合受理窗口 3 号" || !u.HasRole(haoban.RoleClerk) {
			t.Fatalf("clerk-1 %+v, %v", u, err)
		}
	})
	t.Run("ExistingAccountFound", func(t *testing.T) {
		u, err := s.EnsureApplicant(ctx, haoban.User{ID: "p-new", Name: "张伟", IDNumber: "31010419900307123X"})
		if err != nil || u.ID != "zhang-wei" {
			t.Fatalf("found %+v, %v; want zhang-wei", u, err)
		}
	})
	t.Run("NewAccountCreatedOnce", func(t *testing.T) {
		in := haoban.User{ID: "p-zhaomin", Name: "赵敏", IDNumber: "310104198502021232"}
		first, err := s.EnsureApplicant(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.EnsureApplicant(ctx, haoban.User{ID: "p-other", Name: "赵敏", IDNumber: in.IDNumber})
		if err != nil || first.ID != "p-zhaomin" || again.ID != first.ID || !first.HasRole(haoban.RoleApplicant) ||
			first.Department != haoban.AnyDepartment {
			t.Fatalf("first %+v, again %+v, %v", first, again, err)
		}
	})
	d := haoban.Draft{ID: uuid.NewString(), Applicant: "zhang-wei", EnteredBy: "clerk-1", Bundle: "newborn", CreatedAt: at}
	if err := s.CreateDraft(ctx, d, haoban.AuditEntry{At: at, Actor: "clerk-1", Role: haoban.RoleClerk, Department: "*"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindDraft(ctx, d.ID)
	if err != nil || got.EnteredBy != "clerk-1" || got.Applicant != "zhang-wei" {
		t.Fatalf("draft %+v, %v", got, err)
	}
	nc := haoban.NewCase{ID: uuid.NewString(), Bundle: demo.Newborn(), Applicant: "zhang-wei", Form: demo.NewbornForm(),
		IdempotencyKey: "draft:" + d.ID, RequestHash: "h", At: at,
		Channel: haoban.FiledWindow, Window: "综合受理窗口 3 号", EnteredBy: "clerk-1"}
	id, err := s.SubmitDraft(ctx, d.ID, nc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCase(ctx, id)
	if err != nil || c.Channel != haoban.FiledWindow || c.Window != "综合受理窗口 3 号" || c.EnteredBy != "clerk-1" ||
		c.Applicant != "zhang-wei" {
		t.Fatalf("case %+v, %v", c, err)
	}
	var actor, role, after string
	if err := s.Pool().QueryRow(ctx, `SELECT actor, role, after FROM audit WHERE case_id = $1 AND action = 'submitted'`, id).
		Scan(&actor, &role, &after); err != nil {
		t.Fatal(err)
	}
	if actor != "clerk-1" || role != haoban.RoleClerk || !strings.Contains(after, `"for":"zhang-wei"`) {
		t.Fatalf("submission audited as %s (%s): %s", actor, role, after)
	}
	if err := s.Pool().QueryRow(ctx, `SELECT after FROM audit WHERE target = $1 AND action = 'draft_created'`, d.ID).Scan(&after); err != nil ||
		!strings.Contains(after, `"for":"zhang-wei"`) {
		t.Fatalf("draft audited %s, %v", after, err)
	}
	t.Run("ErrWindowCaseWithoutCounter", func(t *testing.T) {
		bad := newCase(uuid.NewString(), "no-counter")
		bad.Channel, bad.EnteredBy = haoban.FiledWindow, "clerk-1"
		if _, _, err := s.CreateCase(ctx, bad); err == nil {
			t.Fatal("a window case without its counter was stored")
		}
	})
}
