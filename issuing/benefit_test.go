package issuing_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"haoban"
	"haoban/blob"
	"haoban/demo"
	"haoban/issuing"
	"haoban/postgres"
	"haoban/postgres/pgtest"
)

// openBenefit is an issuer over a fresh database holding the demo
// policies and one benefit case of the newborn subsidy. The clock is the
// machine's: the seals' certificates are made at the machine's time, and a
// signature dated before them would not verify.
func openBenefit(tb testing.TB) (*issuing.Issuer, *postgres.Store, haoban.BenefitCase) {
	tb.Helper()
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.NewDatabase(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	if err := demo.Load(ctx, s); err != nil {
		tb.Fatal(err)
	}
	blobs, err := blob.NewDir(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	clock := &haoban.ShiftedTime{}
	at := clock.Now()
	p := demo.Policies()[0]
	run := haoban.PolicyRun{ID: "run-1", Policy: p.Code, Version: 1, Period: p.Period(), StartedAt: at}
	if err := s.StartPolicyRun(ctx, run); err != nil {
		tb.Fatal(err)
	}
	m := haoban.PolicyMatch{Policy: p.Code, Version: 1, Period: p.Period(), Beneficiary: "310115199001011234",
		Kind: haoban.ForPersons, Name: "张小明", Amount: 3600, Facts: map[string]any{"birth.latest": "2026-11-01"},
		MatchedAt: at, RunID: run.ID}
	if _, err := s.RecordMatchPage(ctx, run.ID, "", "end", 1, []haoban.PolicyMatch{m}, at); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.OpenBenefit(ctx, haoban.BenefitCase{Policy: m.Policy, Version: 1, Period: m.Period, Department: p.Department,
		Beneficiary: m.Beneficiary, Kind: m.Kind, Name: m.Name, Amount: m.Amount, Delivery: p.Delivery, MatchedAt: at}, 1e6); err != nil {
		tb.Fatal(err)
	}
	b, err := s.FindBenefit(ctx, haoban.BenefitID(m.Policy, m.Period, m.Beneficiary))
	if err != nil {
		tb.Fatal(err)
	}
	i := &issuing.Issuer{Store: s, Blobs: blobs, Master: []byte("test-master-key-test-master-key!"),
		PublicURL: "http://haoban.test", Time: clock}
	return i, s, b
}

func TestSealGrant(t *testing.T) {
	ctx := context.Background()
	i, s, b := openBenefit(t)
	first, err := i.SealGrant(ctx, b, demo.Policies()[0].LegalBasis)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OKOnce", func(t *testing.T) {
		again, err := i.SealGrant(ctx, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM documents WHERE benefit_id = $1`, b.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.SHA256 != first.SHA256 || n != 1 {
			t.Fatalf("second seal %s (%s), first %s (%s), %d documents; want the first, once", again.ID, again.SHA256,
				first.ID, first.SHA256, n)
		}
		if first.Kind != "grant" || first.BenefitID != b.ID || first.LicenceID != "" || first.Department != b.Department {
			t.Fatalf("document %+v", first)
		}
	})

	pdf := read(t, i, first.SHA256)
	t.Run("OKVerifies", func(t *testing.T) {
		v, err := i.Verify(ctx, pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Valid || v.Benefit == nil || v.Benefit.ID != b.ID || v.Licence != nil || v.Seal == nil || !v.Seal.Valid {
			t.Fatalf("verification %+v, want valid with the benefit", v)
		}
		pub := v.Public().Benefit
		if pub.Name != "张*明" || pub.Beneficiary != "310115********1234" || pub.Account != "" || pub.Facts != nil ||
			pub.Amount != 3600 || pub.PolicyName != b.PolicyName {
			t.Fatalf("public benefit %+v", pub)
		}
	})
	t.Run("ErrOneByteChanged", func(t *testing.T) {
		changed := bytes.Clone(pdf)
		changed[len(changed)/2] ^= 1
		v, err := i.Verify(ctx, changed)
		if err != nil {
			t.Fatal(err)
		}
		if v.Valid || v.Document != nil {
			t.Fatalf("verification %+v, want invalid and no record", v)
		}
	})
	t.Run("ErrCorrected", func(t *testing.T) {
		if _, err := s.Pool().Exec(ctx, `UPDATE benefit_cases SET status = 'corrected', reason = '重复领取' WHERE id = $1`,
			b.ID); err != nil {
			t.Fatal(err)
		}
		v, err := i.VerifyDocument(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Valid || len(v.Reasons) != 1 || v.Reasons[0] != "给付已被撤销：重复领取" {
			t.Fatalf("verification %+v, want invalid as reversed", v)
		}
	})
}

func TestSignPledge(t *testing.T) {
	ctx := context.Background()
	i, s, b := openBenefit(t)
	at := i.Time.Now()
	d, err := i.SignPledge(ctx, b, "本人承诺所申领的补贴未在其他地区重复领取。", b.Name, at)
	if err != nil {
		t.Fatal(err)
	}
	again, err := i.SignPledge(ctx, b, "另一份承诺", b.Name, at)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != d.ID || again.SHA256 != d.SHA256 || d.Kind != "pledge" || d.BenefitID != b.ID {
		t.Fatalf("second pledge %+v, first %+v; want the first, once", again, d)
	}
	// A pledge stays what was signed whatever became of the benefit.
	if _, err := s.Pool().Exec(ctx, `UPDATE benefit_cases SET status = 'stopped' WHERE id = $1`, b.ID); err != nil {
		t.Fatal(err)
	}
	v, err := i.Verify(ctx, read(t, i, d.SHA256))
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || v.Benefit == nil || v.Document.Kind != "pledge" {
		t.Fatalf("verification %+v, want a valid pledge", v)
	}

	t.Run("ErrNoText", func(t *testing.T) {
		other := b
		other.ID = "bf-other"
		if _, err := i.SignPledge(ctx, other, " ", b.Name, at); haoban.ErrorCode(err) != haoban.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

func read(tb testing.TB, i *issuing.Issuer, sum string) []byte {
	tb.Helper()
	f, err := i.Blobs.Open(context.Background(), sum)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
