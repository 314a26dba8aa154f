package prefill_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"haoban"
	"haoban/demo"
	"haoban/postgres"
	"haoban/prefill"
	"haoban/seed"
)

// BenchmarkPrefill generates 1,000,000 residents and 200,000 enterprises,
// then prefills the open-restaurant form for legal representatives of
// generated enterprises, beside the bare lookups the sources make; it
// prints the generation time and p50/p99 of each (target p99 < 50 ms,
// generation < 2 minutes).
//
//	go test ./prefill -run '^$' -bench Prefill -benchtime 2000x
func BenchmarkPrefill(b *testing.B) {
	const residents, enterprises = 1_000_000, 200_000
	ctx := context.Background()
	store, generated := seededStore(b, seed.Sizes{Residents: residents, Enterprises: enterprises})
	bundle := demo.OpenRestaurant()
	applicants := make([]haoban.User, b.N)
	for i := range applicants {
		e := seed.NthEnterprise((i*7919)%enterprises, residents)
		applicants[i] = haoban.User{ID: fmt.Sprintf("bench-%d", i), IDNumber: e.LegalRepID}
	}
	b.ResetTimer()
	full := make([]time.Duration, b.N)
	for i, u := range applicants {
		t0 := time.Now()
		fields, err := prefill.Form(ctx, bundle, u, prefill.Default(store, prefillDay))
		if err != nil {
			b.Fatal(err)
		}
		full[i] = time.Since(t0)
		if prefill.Ratio(fields) == 0 {
			b.Fatalf("nothing prefilled for %s", u.IDNumber)
		}
	}
	bare := make([]time.Duration, b.N)
	for i, u := range applicants {
		t0 := time.Now()
		if err := bareLookups(ctx, store, u); err != nil {
			b.Fatal(err)
		}
		bare[i] = time.Since(t0)
	}
	b.StopTimer()
	p := func(d []time.Duration, q float64) time.Duration {
		slices.Sort(d)
		return d[int(float64(len(d)-1)*q)].Round(time.Microsecond * 10)
	}
	b.ReportMetric(float64(p(full, 0.99).Microseconds())/1000, "p99-ms")
	fmt.Printf("generated %d residents and %d enterprises in %v; prefill of open-restaurant over %d applicants: p50 %v, p99 %v; bare lookups p50 %v, p99 %v\n",
		residents, enterprises, generated.Round(time.Millisecond), b.N, p(full, 0.5), p(full, 0.99), p(bare, 0.5), p(bare, 0.99))
}

// bareLookups reads each record the sources read, once each, with nothing
// around it: what any prefill must at least cost.
func bareLookups(ctx context.Context, store *postgres.Store, u haoban.User) error {
	if _, err := store.FindResident(ctx, u.IDNumber); err != nil {
		return err
	}
	if _, err := store.LatestBirth(ctx, u.IDNumber); err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
		return err
	}
	list, err := store.EnterprisesOf(ctx, u.IDNumber)
	if err != nil || len(list) == 0 {
		return err
	}
	holders := []string{u.IDNumber, list[0].USCC}
	if _, err := store.LicencesOf(ctx, holders); err != nil {
		return err
	}
	for _, find := range []func() error{
		func() error { _, err := store.FindBuilding(ctx, list[0].Address); return err },
		func() error { _, err := store.FindDrainage(ctx, list[0].Address); return err },
	} {
		if err := find(); err != nil && haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return err
		}
	}
	_, _, err = store.LatestForm(ctx, u.ID, time.Time{})
	return err
}
