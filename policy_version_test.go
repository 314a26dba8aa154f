package haoban_test

import (
	"testing"
	"time"

	"haoban"
)

func TestPolicyVersionStatus(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, haoban.Beijing)
	day := 24 * time.Hour
	vs := []haoban.PolicyVersion{ // newest first, as the store lists them
		{Version: 5, State: haoban.VersionDraft},
		{Version: 4, State: haoban.VersionWithdrawn, EffectiveFrom: now.Add(2 * day)},
		{Version: 3, State: haoban.VersionPublished, EffectiveFrom: now.Add(day)},
		{Version: 2, State: haoban.VersionPublished, EffectiveFrom: now.Add(-day)},
		{Version: 1, State: haoban.VersionPublished, EffectiveFrom: now.Add(-10 * day)},
	}
	inForce := haoban.PolicyInForce(vs, now)
	if inForce != 2 {
		t.Fatalf("in force: %d, want 2", inForce)
	}
	want := map[int]string{5: "草稿", 4: "已撤回", 3: "待生效", 2: "现行", 1: "已被取代"}
	for _, v := range vs {
		if got := v.Status(now, inForce); got != want[v.Version] {
			t.Errorf("version %d is %s, want %s", v.Version, got, want[v.Version])
		}
		if got := v.Withdrawable(now); got != (v.Version == 3) {
			t.Errorf("version %d withdrawable: %v", v.Version, got)
		}
	}
	if n := haoban.PolicyInForce(vs[:3], now); n != 0 {
		t.Errorf("none in force yet: %d", n)
	}
}
