package main

import (
	"context"
	"flag"
	"fmt"
	"slices"

	"haoban"
	"haoban/cmd/wiring"
	"haoban/postgres"
	"haoban/riskmodel"
)

// runModel trains and lists the risk models: `haoban model train --item X`
// fits one on the item's historical cases, prints its hold-out metrics and
// stores it as the item's next, active version; `haoban model list` shows
// every version.
func runModel(ctx context.Context, cfg wiring.Config, args []string) error {
	if len(args) == 0 || (args[0] != "train" && args[0] != "list") {
		return fmt.Errorf("usage: haoban model train --item ITEM|all [--cases N] [--seed S] | haoban model list")
	}
	store, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()
	if args[0] == "list" {
		list, err := store.ListModels(ctx)
		if err != nil {
			return err
		}
		for _, m := range list {
			fmt.Println(describeModel(m))
		}
		return nil
	}
	fs := flag.NewFlagSet("model train", flag.ContinueOnError)
	item := fs.String("item", "", "the item to train for, or all")
	cases := fs.Int("cases", 2000, "historical cases to learn from")
	seed := fs.Uint64("seed", 1, "seed of the historical cases and the hold-out split")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	items := []string{*item}
	if *item == "all" {
		items = riskmodel.Items()
	} else if !slices.Contains(riskmodel.Items(), *item) {
		return haoban.Errorf(haoban.EINVALID, "没有 %q 的历史办件；可选：%v 或 all", *item, riskmodel.Items())
	}
	for _, it := range items {
		rec, err := wiring.TrainModel(ctx, store, it, *cases, *seed)
		if err != nil {
			return err
		}
		fmt.Println(describeModel(rec))
	}
	return nil
}

func describeModel(m riskmodel.Record) string {
	active := ""
	if m.Active {
		active = "（在用）"
	}
	return fmt.Sprintf("%s v%d%s：留出集准确率 %.3f（多数类基线 %.3f），AUC %.3f，训练 %d / 留出 %d 件，%s",
		m.Item, m.Version, active, m.Metrics.Accuracy, m.Metrics.BaseRate, m.Metrics.AUC, m.Metrics.TrainN, m.Metrics.TestN,
		m.TrainedAt.Format("2006-01-02 15:04"))
}
