package wiring

import (
	"context"
	"fmt"

	"haoban"
	"haoban/postgres"
	"haoban/riskmodel"
)

// TrainModel fits an item's model on its generated historical cases and
// stores it as the active version.
func TrainModel(ctx context.Context, store *postgres.Store, item string, cases int, seed uint64) (riskmodel.Record, error) {
	history := riskmodel.Generate(item, cases, seed)
	m, metrics, err := riskmodel.Train(history, riskmodel.TrainOptions{Seed: seed})
	if err != nil {
		return riskmodel.Record{}, fmt.Errorf("train %s: %w", item, err)
	}
	return store.SaveModel(ctx, m, metrics, len(history))
}

// TrainMissingModels gives every demo item without an active model one, so
// `haoban-dev` shows risk scores from the first case.
func TrainMissingModels(ctx context.Context, store *postgres.Store) error {
	for _, item := range riskmodel.Items() {
		if _, err := store.ActiveModel(ctx, item); err == nil {
			continue
		} else if haoban.ErrorCode(err) != haoban.ENOTFOUND {
			return err
		}
		if _, err := TrainModel(ctx, store, item, 2000, 1); err != nil {
			return err
		}
	}
	return nil
}
