package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// genesis is the "previous hash" of the first audit entry.
var genesis = strings.Repeat("0", 64)

// AuditEntry is one row of the audit trail.
type AuditEntry struct {
	Seq       int64
	At        string
	ActorID   int64
	ActorName string
	Action    string
	Subject   string
	Detail    string
	// State is what the entry vouches for beyond its text, e.g.
	// "users=<sha256>" after a change to the users; empty on most entries.
	State string
	Prev  string
	Hash  string
}

// entryHash chains an entry to the previous one. Fields are length-prefixed
// so no two different entries can serialise to the same bytes.
func entryHash(e AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{e.Prev, strconv.FormatInt(e.Seq, 10), e.At, strconv.FormatInt(e.ActorID, 10),
		e.ActorName, e.Action, e.Subject, e.Detail} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	// Entries without a state hash as they did before the column existed.
	if e.State != "" {
		fmt.Fprintf(h, "state%d:%s;", len(e.State), e.State)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends one entry inside tx. actor may be nil for system actions.
func (tx *Tx) audit(ctx context.Context, actor *User, action, subject, detail string) error {
	e := AuditEntry{At: fmtTime(tx.now), Action: action, Subject: subject, Detail: detail, Prev: genesis}
	if actor != nil {
		e.ActorID, e.ActorName = actor.ID, actor.Name
	}
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&e.Seq, &e.Prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.Seq++
	if tx.usersChanged {
		d, err := usersDigest(ctx, tx)
		if err != nil {
			return err
		}
		e.State, tx.usersChanged = "users="+d, false
	}
	e.Hash = entryHash(e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit(seq, at, actor_id, actor_name, action, subject, detail, state, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Subject, e.Detail, e.State, e.Prev, e.Hash); err != nil {
		return err
	}
	tx.heads = append(tx.heads, AuditHead{Seq: e.Seq, Hash: e.Hash})
	// The head is kept apart from the chain, so cutting entries off the end
	// is noticed as well.
	_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES ('audit.head', ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, strconv.FormatInt(e.Seq, 10)+":"+e.Hash)
	return err
}

// Audit appends one entry in its own durable transaction.
func (s *Store) Audit(ctx context.Context, actor *User, action, subject, detail string) error {
	return s.write(ctx, func(tx *Tx) error { return tx.audit(ctx, actor, action, subject, detail) })
}

// AuditProblem names the first entry where the chain breaks.
type AuditProblem struct {
	Seq    int64
	Reason string
}

func (p AuditProblem) Error() string {
	if p.Seq == 0 {
		return "audit trail: " + p.Reason
	}
	return fmt.Sprintf("audit entry %d: %s", p.Seq, p.Reason)
}

// VerifyAudit walks the whole chain and checks it against the witnesses
// this home holds (the head log beside the database, the audit heads
// signed into this depot's slips, the users digest). It returns the number
// of entries and, when something disagrees, an AuditProblem naming the
// first bad entry or the witness.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	r, err := s.VerifyAuditWith(ctx, nil)
	return r.Entries, err
}

// verifyChain walks the chain alone; check sees every entry in order.
func (s *Store) verifyChain(ctx context.Context, check func(e *AuditEntry) error) (int64, error) {
	var guards int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
		AND name IN ('audit_no_update', 'audit_no_delete')`).Scan(&guards); err != nil {
		return 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	prev := genesis
	for rows.Next() {
		var e AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			return n, err
		}
		n++
		switch {
		case e.Seq != n:
			return n, AuditProblem{e.Seq, fmt.Sprintf("expected entry %d here: entries were deleted or inserted", n)}
		case e.Prev != prev:
			return n, AuditProblem{e.Seq, "does not follow the previous entry: an entry before it was changed, deleted or inserted"}
		case entryHash(e) != e.Hash:
			return n, AuditProblem{e.Seq, "its content was changed after it was written"}
		}
		if err := check(&e); err != nil {
			return n, err
		}
		prev = e.Hash
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	var head string
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'audit.head'`).Scan(&head)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return n, err
	}
	if want := strconv.FormatInt(n, 10) + ":" + prev; (n > 0 || head != "") && head != want {
		return n, AuditProblem{0, fmt.Sprintf("the last entry is %d but the recorded head is %q: entries were cut off the end", n, head)}
	}
	if guards != 2 {
		return n, AuditProblem{0, "the append-only guards (triggers) were removed"}
	}
	return n, nil
}

// AuditFor lists the entries about one subject, oldest first.
func (s *Store) AuditFor(ctx context.Context, subject string, limit int) ([]AuditEntry, error) {
	return s.auditQuery(ctx, `WHERE subject = ? ORDER BY seq LIMIT ?`, subject, limit)
}

// RecentAudit lists the newest entries, newest first.
func (s *Store) RecentAudit(ctx context.Context, limit int) ([]AuditEntry, error) {
	return s.auditQuery(ctx, `ORDER BY seq DESC LIMIT ?`, limit)
}

func (s *Store) auditQuery(ctx context.Context, where string, args ...any) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+auditCols+` FROM audit `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := scanAudit(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

const auditCols = `seq, at, actor_id, actor_name, action, subject, detail, state, prev, hash`

func scanAudit(row interface{ Scan(...any) error }, e *AuditEntry) error {
	return row.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.Detail, &e.State, &e.Prev, &e.Hash)
}
