package postgres_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/postgres"
)

var gapAt = time.Date(2026, 3, 3, 10, 0, 0, 0, haoban.Beijing)

func openKnowledgeTask(t *testing.T, s *postgres.Store, id, key, dept string) haoban.KnowledgeTask {
	t.Helper()
	task := haoban.KnowledgeTask{ID: id, Key: key, Source: haoban.GapAssistant, Question: "食品经营许可证要多久？",
		Department: dept, Item: "food-licence", OpenedAt: gapAt, DueAt: gapAt.Add(7 * 24 * time.Hour), Status: haoban.KnowledgeTaskOpen}
	got, err := s.OpenKnowledgeTask(context.Background(), task, haoban.AuditEntry{At: gapAt, Actor: "system", Action: "knowledge_task.open", Target: id})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestKnowledgeTasks(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	t.Run("OpenedOnce", func(t *testing.T) {
		first := openKnowledgeTask(t, s, "kt-1", "gap:1", "samr")
		again := openKnowledgeTask(t, s, "kt-other", "gap:1", "fire")
		if again.ID != "kt-1" || again.Department != "samr" || !again.OpenedAt.Equal(first.OpenedAt) {
			t.Fatalf("opened again: %+v, want the first task", again)
		}
		var audits int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM audit WHERE target = 'kt-1'`).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		if audits != 1 {
			t.Errorf("%d audit entries, want 1", audits)
		}
	})
	openKnowledgeTask(t, s, "kt-2", "gap:2", "fire")
	t.Run("ListedByDepartment", func(t *testing.T) {
		samr, err := s.KnowledgeTasks(ctx, "samr", gapAt)
		if err != nil {
			t.Fatal(err)
		}
		all, err := s.KnowledgeTasks(ctx, "", gapAt)
		if err != nil {
			t.Fatal(err)
		}
		if len(samr) != 1 || samr[0].ID != "kt-1" || len(all) != 2 {
			t.Fatalf("samr's %+v, all %d", samr, len(all))
		}
	})
	t.Run("Closed", func(t *testing.T) {
		task, err := s.FindKnowledgeTask(ctx, "kt-1")
		if err != nil {
			t.Fatal(err)
		}
		at := gapAt.Add(24 * time.Hour)
		task.Status, task.Entry, task.ClosedAt, task.ClosedBy = haoban.KnowledgeTaskDone, "e-1", &at, "editor-samr"
		meta := haoban.AuditEntry{At: at, Actor: "editor-samr", Action: "knowledge_task.done", Target: task.ID}
		got, err := s.CloseKnowledgeTask(ctx, task, meta)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != haoban.KnowledgeTaskDone || got.Entry != "e-1" || got.ClosedAt == nil {
			t.Fatalf("closed %+v", got)
		}
		_, err = s.CloseKnowledgeTask(ctx, task, meta)
		if code := haoban.ErrorCode(err); code != haoban.ECONFLICT {
			t.Fatalf("closing again: %v, want ECONFLICT", err)
		}
		// Closed before since: no longer listed.
		listed, err := s.KnowledgeTasks(ctx, "samr", at.Add(time.Hour))
		if err != nil || len(listed) != 0 {
			t.Fatalf("listed %+v, %v", listed, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.FindKnowledgeTask(ctx, "kt-none")
		if code := haoban.ErrorCode(err); code != haoban.ENOTFOUND {
			t.Fatalf("%v, want ENOTFOUND", err)
		}
	})
}

func TestKnowledgeTaskLookups(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if dept, err := s.OwnerOfItem(ctx, "food-licence"); err != nil || dept != "samr" {
		t.Errorf("owner of the food licence: %q, %v", dept, err)
	}
	if _, err := s.OwnerOfItem(ctx, "nothing"); haoban.ErrorCode(err) != haoban.ENOTFOUND {
		t.Errorf("owner of an unknown item: %v", err)
	}
	if dept, err := s.OwnerOfBundle(ctx, "newborn"); err != nil || dept != "health" {
		t.Errorf("lead of newborn: %q, %v", dept, err)
	}
	const id = "3b2f7c1e-9d4a-4c55-8a6e-0f1e2d3c4b5a"
	if _, err := s.Pool().Exec(ctx, `INSERT INTO knowledge_entries (id, kind, ref, title, body, department, version,
		effective_from, status, author, updated_at) VALUES ($1::uuid, 'qa', $1::text, '要原件吗', '要', 'samr', 1, $2, 'published', 'editor-samr', $2)`,
		id, gapAt); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]bool{id: true, "3B2F7C1E-9D4A-4C55-8A6E-0F1E2D3C4B5A": true, "not-an-id": false,
		"00000000-0000-0000-0000-000000000000": false} {
		if ok, err := s.KnowledgeEntryExists(ctx, in); err != nil || ok != want {
			t.Errorf("entry %s exists: %v, %v; want %v", in, ok, err, want)
		}
	}
}

func TestUpcomingVersions(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	tue := time.Date(2026, 3, 10, 0, 0, 0, 0, haoban.Beijing)
	if _, err := s.Pool().Exec(ctx, `INSERT INTO catalogue_versions (bundle, version, state, body, effective_from, created_by,
		created_at, published_by, published_at) VALUES ('newborn', 90, 'published', '{"name": "新生儿出生一件事", "lead": "health"}', $1,
		'catalogue-admin', $2, 'catalogue-admin', $2), ('newborn', 91, 'published', '{"name": "新生儿出生一件事", "lead": "health"}', $3,
		'catalogue-admin', $2, 'catalogue-admin', $2)`, tue, gapAt, tue.AddDate(0, 1, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO policy_versions (policy, version, state, body, effective_from, created_by,
		created_at, published_by, published_at) VALUES ('newborn-childcare-subsidy', 90, 'published',
		'{"name": "新生儿一次性育儿补贴", "department": "health"}', $1, 'catalogue-admin', $2, 'catalogue-admin', $2)`, tue, gapAt); err != nil {
		t.Fatal(err)
	}
	vs, err := s.UpcomingVersions(ctx, gapAt, gapAt.AddDate(0, 0, 15))
	if err != nil {
		t.Fatal(err)
	}
	want := []haoban.UpcomingVersion{
		{Kind: haoban.KnowledgeBundle, Ref: "newborn", Name: "新生儿出生一件事", Department: "health", Version: 90, EffectiveFrom: tue},
		{Kind: haoban.KnowledgePolicy, Ref: "newborn-childcare-subsidy", Name: "新生儿一次性育儿补贴", Department: "health", Version: 90, EffectiveFrom: tue},
	}
	if len(vs) != len(want) {
		t.Fatalf("upcoming %+v, want %+v", vs, want)
	}
	for i := range want {
		if vs[i].Kind != want[i].Kind || vs[i].Ref != want[i].Ref || vs[i].Name != want[i].Name ||
			vs[i].Department != want[i].Department || vs[i].Version != want[i].Version || !vs[i].EffectiveFrom.Equal(want[i].EffectiveFrom) {
			t.Errorf("upcoming[%d] = %+v, want %+v", i, vs[i], want[i])
		}
	}
}

func TestRemindKnowledgeTask(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	openKnowledgeTask(t, s, "kt-r", "gap:r", "samr")
	note := haoban.Notification{Kind: string(haoban.KindReminder), Title: "知识库待补任务即将到期", Body: "请补写"}
	roles := []string{haoban.RoleReviewer, haoban.RoleCatalogueEditor}
	for i, want := range []bool{true, false} {
		sent, err := s.RemindKnowledgeTask(ctx, "kt-r", "samr", roles, note, gapAt.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if sent != want {
			t.Fatalf("reminder %d: sent %v, want %v", i+1, sent, want)
		}
	}
	for user, want := range map[string]int{"reviewer-samr": 1, "reviewer-samr-2": 1, "editor-samr": 1, "reviewer-fire": 0, "editor-fire": 0} {
		ns, _, err := s.Notifications(ctx, user, false, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if x.Title == note.Title {
				n++
			}
		}
		if n != want {
			t.Errorf("%s has %d reminders, want %d", user, n, want)
		}
	}
}
