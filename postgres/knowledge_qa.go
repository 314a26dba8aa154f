package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"haoban"
)

// SaveKnowledgeQA writes a version of a hand-written entry: version 1 of a
// new one (r.Version 0), or the next version of r.ID, which must still be
// at version r.Version (ECONFLICT when someone saved in between). Each
// version is kept and the save is audited in the same transaction. The
// saved entry comes back with its version.
func (s *Store) SaveKnowledgeQA(ctx context.Context, r haoban.KnowledgeRecord, meta haoban.AuditEntry) (haoban.KnowledgeRecord, error) {
	if !isUUID(r.ID) {
		return r, haoban.Errorf(haoban.ENOTFOUND, "知识条目不存在")
	}
	r.Kind, r.Ref = haoban.KnowledgeQA, r.ID
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if r.Version == 0 {
			r.Version = 1
			_, err = tx.Exec(ctx, `INSERT INTO knowledge_entries (id, kind, ref, title, body, department, bundle, item,
					link, version, effective_from, effective_to, status, author, updated_at, words, title_words)
				VALUES ($1::text::uuid, 'qa', $1::text, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $12, $13, $14)`,
				r.ID, r.Title, r.Body, r.Department, r.Bundle, r.Item, r.Link, r.EffectiveFrom, r.EffectiveTo, r.Status,
				r.Author, r.UpdatedAt, indexWords(r.Title+"\n"+r.Body), indexWords(r.Title))
			err = translate(err, "知识条目")
		} else {
			var tag pgconn.CommandTag
			tag, err = tx.Exec(ctx, `UPDATE knowledge_entries SET title = $3, body = $4, department = $5, bundle = $6,
					item = $7, link = $8, version = version + 1, effective_from = $9, effective_to = $10, status = $11,
					author = $12, updated_at = $13, words = $14, title_words = $15
				WHERE id = $1 AND kind = 'qa' AND version = $2`,
				r.ID, r.Version, r.Title, r.Body, r.Department, r.Bundle, r.Item, r.Link, r.EffectiveFrom, r.EffectiveTo,
				r.Status, r.Author, r.UpdatedAt, indexWords(r.Title+"\n"+r.Body), indexWords(r.Title))
			if err == nil && tag.RowsAffected() == 0 {
				err = haoban.Errorf(haoban.ECONFLICT, "这条问答已被他人修改（不再是第 %d 版），请刷新后再改", r.Version)
			}
			r.Version++
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO knowledge_qa_versions (entry_id, version, title, body, department, bundle, item,
				link, effective_from, effective_to, status, author, saved_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			r.ID, r.Version, r.Title, r.Body, r.Department, r.Bundle, r.Item, r.Link, r.EffectiveFrom, r.EffectiveTo,
			r.Status, r.Author, r.UpdatedAt)
		if err != nil {
			return fmt.Errorf("keep knowledge version %s@%d: %w", r.ID, r.Version, err)
		}
		meta.Target = fmt.Sprintf("knowledge:%s@%d", r.ID, r.Version)
		if err := appendAudit(ctx, tx, meta); err != nil {
			return err
		}
		return countKnowledgeWords(ctx, tx)
	})
	return r, err
}

// KnowledgeHistory returns every version of a hand-written entry, the
// newest first.
func (s *Store) KnowledgeHistory(ctx context.Context, id string) ([]haoban.KnowledgeRecord, error) {
	if !isUUID(id) {
		return nil, haoban.Errorf(haoban.ENOTFOUND, "知识条目不存在")
	}
	rows, err := s.pool.Query(ctx, `SELECT entry_id::text, 'qa', entry_id::text, title, body, department, bundle, item,
			link, version, effective_from, effective_to, status, author, saved_at
		FROM knowledge_qa_versions e WHERE entry_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("knowledge history %s: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, scanKnowledge)
	if err == nil && len(list) == 0 {
		err = haoban.Errorf(haoban.ENOTFOUND, "知识条目不存在")
	}
	return list, err
}

// KnowledgeSynonyms returns the groups of words a search treats as one,
// each group's words in its order, groups by their first word.
func (s *Store) KnowledgeSynonyms(ctx context.Context) ([][]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT words FROM knowledge_synonyms ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	groups, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		return nil, fmt.Errorf("scan synonyms: %w", err)
	}
	if groups == nil {
		groups = [][]string{}
	}
	return groups, nil
}

// SaveKnowledgeSynonyms replaces every group of synonyms, audited with the
// groups before and after.
func (s *Store) SaveKnowledgeSynonyms(ctx context.Context, groups [][]string, meta haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE knowledge_synonyms IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock synonyms: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT array_to_string(words, '=') FROM knowledge_synonyms ORDER BY id`)
		if err != nil {
			return fmt.Errorf("read synonyms: %w", err)
		}
		before, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("scan synonyms: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM knowledge_synonyms`); err != nil {
			return fmt.Errorf("clear synonyms: %w", err)
		}
		after := make([]string, 0, len(groups))
		for _, g := range groups {
			if _, err := tx.Exec(ctx, `INSERT INTO knowledge_synonyms (words, updated_by, updated_at) VALUES ($1, $2, $3)`,
				g, meta.Actor, meta.At); err != nil {
				return fmt.Errorf("write synonyms: %w", err)
			}
			after = append(after, strings.Join(g, "="))
		}
		if slices.Equal(before, after) {
			return nil // a retried save: nothing to audit
		}
		meta.Target, meta.Before, meta.After = "knowledge:synonyms", Summary(before), Summary(after)
		return appendAudit(ctx, tx, meta)
	})
}
