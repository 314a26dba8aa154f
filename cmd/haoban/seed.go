package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"haoban/cmd/wiring"
	"haoban/postgres"
	"haoban/seed"
)

// runSeed generates the synthetic registries: `haoban seed --residents N --enterprises M`.
func runSeed(ctx context.Context, cfg wiring.Config, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	residents := fs.Int("residents", seed.DevSizes.Residents, "how many residents (up to 1,000,000 and more)")
	enterprises := fs.Int("enterprises", seed.DevSizes.Enterprises, "how many enterprises")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	if err := seed.Load(ctx, store.Pool(), seed.Sizes{Residents: *residents, Enterprises: *enterprises}); err != nil {
		return err
	}
	fmt.Printf("已生成 %d 名居民、%d 家企业与 %d 条地址，用时 %v\n", *residents, *enterprises, seed.AddressCount,
		time.Since(start).Round(time.Millisecond))
	return nil
}
