package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"haoban"
)

// Summary renders a before/after summary as JSON text.
func Summary(v any) string {
	if v == nil {
		return "{}"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// appendAudit adds an entry to its chain inside tx. Each case has a chain
// of its own, and the actions not tied to a case share one: appends to
// different cases never wait for each other, while each row still links to
// the one before it in its chain.
func appendAudit(ctx context.Context, tx pgx.Tx, e haoban.AuditEntry) error {
	var caseID *string
	if e.CaseID != "" {
		caseID = &e.CaseID
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('haoban-audit:' || COALESCE($1, '')))`, caseID); err != nil {
		return fmt.Errorf("lock audit chain: %w", err)
	}
	err := tx.QueryRow(ctx, `SELECT hash FROM audit WHERE case_id IS NOT DISTINCT FROM $1 ORDER BY seq DESC LIMIT 1`,
		caseID).Scan(&e.PrevHash)
	if err != nil && err != pgx.ErrNoRows {
		return fmt.Errorf("read audit chain head: %w", err)
	}
	// PostgreSQL keeps microseconds: hash what it will give back.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.Before == "" {
		e.Before = "{}"
	}
	if e.After == "" {
		e.After = "{}"
	}
	e.Hash = digest(e)
	_, err = tx.Exec(ctx, `INSERT INTO audit (at, actor, role, department, action, case_id, target, before, after,
			request_id, client_addr, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.At, e.Actor, e.Role, e.Department, e.Action, caseID, e.Target, e.Before, e.After,
		e.RequestID, e.ClientAddr, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

// digest hashes the previous hash and every field of the entry but its seq.
func digest(e haoban.AuditEntry) string {
	fields := []string{e.PrevHash, e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Role, e.Department, e.Action,
		e.CaseID, e.Target, e.Before, e.After, e.RequestID, e.ClientAddr}
	h := sha256.New()
	for _, f := range fields {
		// Length-prefixed, so moving text between fields changes the hash.
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit appends one entry in its own transaction.
func (s *Store) Audit(ctx context.Context, e haoban.AuditEntry) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return appendAudit(ctx, tx, e) })
}

const auditColumns = `seq, at, actor, role, department, action, COALESCE(case_id::text, ''), target, before, after,
	request_id, client_addr, prev_hash, hash`

func scanAudit(r pgx.CollectableRow) (haoban.AuditEntry, error) {
	var e haoban.AuditEntry
	err := r.Scan(&e.Seq, &e.At, &e.Actor, &e.Role, &e.Department, &e.Action, &e.CaseID, &e.Target, &e.Before, &e.After,
		&e.RequestID, &e.ClientAddr, &e.PrevHash, &e.Hash)
	return e, err
}

// CaseAudit returns a case's audit entries in order.
func (s *Store) CaseAudit(ctx context.Context, caseID string) ([]haoban.AuditEntry, error) {
	if !isUUID(caseID) {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	return pgx.CollectRows(rows, scanAudit)
}

// VerifyResult is the outcome of walking the audit chain.
type VerifyResult struct {
	Checked  int64
	BrokenAt int64 // 0: the chain is intact
	Reason   string
}

// VerifyAudit walks every chain and reports the first broken link: a row
// whose content no longer matches its hash, or whose prev_hash is not the
// previous row's hash in its chain (a row edited, deleted or inserted).
func (s *Store) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq`)
	if err != nil {
		return VerifyResult{}, fmt.Errorf("read audit: %w", err)
	}
	defer rows.Close()
	var res VerifyResult
	prev := map[string]string{} // chain (case ID, or "" for the rest) → last hash
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return res, fmt.Errorf("scan audit: %w", err)
		}
		res.Checked++
		switch {
		case e.PrevHash != prev[e.CaseID]:
			return VerifyResult{Checked: res.Checked, BrokenAt: e.Seq, Reason: "prev_hash does not match the previous row of its chain: a row before it was changed, removed or inserted"}, nil
		case digest(e) != e.Hash:
			return VerifyResult{Checked: res.Checked, BrokenAt: e.Seq, Reason: "content does not match its hash: the row was edited"}, nil
		}
		prev[e.CaseID] = e.Hash
	}
	return res, rows.Err()
}

// String describes a verification for people.
func (r VerifyResult) String() string {
	if r.BrokenAt == 0 {
		return fmt.Sprintf("audit chain intact: %d entries verified", r.Checked)
	}
	return strings.TrimSpace(fmt.Sprintf("audit chain broken at seq %d (%s)", r.BrokenAt, r.Reason))
}
