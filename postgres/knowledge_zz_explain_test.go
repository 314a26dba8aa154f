package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"haoban/app"
	"haoban/postgres"
	"haoban/postgres/pgtest"
)

func TestKnowledgeExplainTemp(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(18, 2026))
	insertBenchEntries(&testing.B{}, s, r, at)
	groups, _ := s.KnowledgeSynonyms(ctx)
	for _, q := range benchQuestions(r)[:6] {
		words := app.QueryWords(q, groups)
		plan, err := postgres.ExplainSearch(ctx, s, words, q, at)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("==", q, words)
		fmt.Println(plan)
	}
}
