package e2e_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"haoban"
	"haoban/demo"
)

// BenchmarkLinkedChange: an enterprise holding 50 licences that embed its
// name changes the name; prints the time from the main approval to the
// last of the 50 reissues (each rendered, signed and sealed).
//
//	go test ./e2e -run '^$' -bench LinkedChange -benchtime 1x
func BenchmarkLinkedChange(b *testing.B) {
	const linked = 50
	s := startSystem(b)
	e := demo.Enterprises()[0]
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		for i := range linked {
			number := fmt.Sprintf("SIGN-%s-%03d", uuid.NewString()[:8], i)
			if err := s.store.UpsertLicence(ctx, haoban.Licence{ID: uuid.NewString(), Type: "signage-permit", Number: number,
				Holder: e.USCC, HolderName: e.Name, IssuedBy: "greening", Status: haoban.LicenceValid, Version: 1,
				ValidFrom: time.Now().AddDate(-1, 0, 0), Fields: map[string]any{"sign.location": fmt.Sprintf("张杨路沿街立面 %d 号", i)}}); err != nil {
				b.Fatal(err)
			}
		}
		applicant, samr := s.login("li-na"), s.login("reviewer-samr")
		form := map[string]any{"enterprise.uscc": e.USCC, "enterprise.name": "上海好味餐饮集团有限公司" + uuid.NewString()[:4],
			"enterprise.address": e.Address, "legal_rep.name": "李娜", "enterprise.scope": e.Scope}
		id := s.must(201, s.call("POST", "/api/v1/cases", applicant, map[string]any{"bundle": "enterprise-change", "form": form},
			"Idempotency-Key", uuid.NewString())).body["id"].(string)
		s.waitCase(samr, id, "the change opens", func(c map[string]any) bool { return taskStatus(c, "business-licence-change") == "open" })
		b.StartTimer()
		start := time.Now()
		s.approve(samr, id, "business-licence-change")
		deadline := time.Now().Add(5 * time.Minute)
		for {
			c := s.must(200, s.call("GET", "/api/v1/cases/"+id, applicant, nil)).body
			if n := countEvents(c, "linked_reissued"); n >= linked {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("linked reissues not done in 5 minutes")
			}
			time.Sleep(20 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.ReportMetric(elapsed.Seconds(), "s-to-all-reissued")
		fmt.Printf("%d linked licences: %v from the main approval to all reissued (%.1f licences/s)\n",
			linked, elapsed.Round(time.Millisecond), linked/elapsed.Seconds())
	}
}
