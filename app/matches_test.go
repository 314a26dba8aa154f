package app_test

import (
	"context"
	"testing"
	"time"

	"haoban"
	"haoban/app"
	"haoban/rules"
	"haoban/workflows"
)

// matchStore records the runs started; the page reads are the postgres
// test's part (postgres/matches_test.go).
type matchStore struct {
	*policyStore
	app.MatchStore
	runs []haoban.PolicyRun
}

func (s *matchStore) FindPolicyVersion(ctx context.Context, policy string, version int) (haoban.PolicyVersion, error) {
	return s.policyStore.FindPolicyVersion(ctx, policy, version)
}

func (s *matchStore) PoliciesInForce(ctx context.Context, at time.Time) ([]haoban.Policy, error) {
	return s.policyStore.PoliciesInForce(ctx, at)
}

func (s *matchStore) ListPolicyVersions(ctx context.Context) ([]haoban.PolicyVersion, error) {
	return s.policyStore.ListPolicyVersions(ctx)
}

func (s *matchStore) StartPolicyRun(_ context.Context, r haoban.PolicyRun) error {
	s.runs = append(s.runs, r)
	return nil
}

type matchStarter struct{ started []workflows.MatchInput }

func (f *matchStarter) StartMatch(_ context.Context, in workflows.MatchInput) error {
	f.started = append(f.started, in)
	return nil
}

// TestMatchStart starts the newborn subsidy's run as the catalogue admin,
// and refuses other roles, a policy no registry can decide, and an unknown
// policy, starting nothing for them.
func TestMatchStart(t *testing.T) {
	e, err := rules.New(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := &matchStore{policyStore: newPolicyStore()}
	flow := &matchStarter{}
	m := &app.Matches{Store: s, Flow: flow, Authz: authz(t), Engine: e, Time: policyDay}
	ctx := context.Background()

	run, err := m.Start(ctx, asDemo(t, "catalogue-admin"), "newborn-childcare-subsidy", true)
	if err != nil {
		t.Fatal(err)
	}
	if run.Period != "2026-01-01/2028-01-01" || run.Version != 1 || len(s.runs) != 1 || len(flow.started) != 1 {
		t.Fatalf("run %+v, %d recorded, %d started", run, len(s.runs), len(flow.started))
	}
	if in := flow.started[0]; in.RunID != run.ID || in.Cursor != "" || !in.At.Equal(policyDay.T) || !in.Deliver {
		t.Fatalf("started %+v, want the run from the start as of today", in)
	}

	for _, tc := range []struct {
		name, user, policy, code string
	}{
		{"ErrApplicant", "zhang-wei", "newborn-childcare-subsidy", haoban.EFORBIDDEN},
		{"ErrAdmin", "admin", "newborn-childcare-subsidy", haoban.EFORBIDDEN},
		{"ErrUnmatchable", "catalogue-admin", "skills-upgrade-subsidy", haoban.EUNPROCESSABLE},
		{"ErrUnknown", "catalogue-admin", "no-such-policy", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := m.Start(ctx, asDemo(t, tc.user), tc.policy, true); haoban.ErrorCode(err) != tc.code {
				t.Fatalf("%v, want %s", err, tc.code)
			}
		})
	}
	if len(s.runs) != 1 || len(flow.started) != 1 {
		t.Errorf("%d runs recorded and %d started after the refusals, want 1 and 1", len(s.runs), len(flow.started))
	}
	if _, _, err := m.List(ctx, asDemo(t, "zhang-wei"), "newborn-childcare-subsidy", haoban.PageRequest{}); haoban.ErrorCode(err) != haoban.EFORBIDDEN {
		t.Errorf("applicant lists matches: %v, want EFORBIDDEN", err)
	}
}
