package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"tusk/app/referral"
)

// Witnesses of the audit trail
//
// The chain alone proves nothing to someone who can rewrite the database:
// they recompute it. So its head is kept in places such a person does not
// control as well: the head log beside the database (headlog.go), the
// audit head signed into every slip (the police hold those), and the one
// signed into every bundle (the supervisor's depot keeps those in
// audit_witnesses and hands them back with `tusk audit witnesses`).
// VerifyAuditWith checks the chain against all of them and names the one
// that disagrees. docs/SECURITY.md lists what this catches and what not.

// Witness is an audit head held somewhere else than the chain.
type Witness struct {
	Source string // where it comes from, for the message: "slip S-2026-0003", a file name
	AuditHead
}

// AuditReport is what VerifyAuditWith found.
type AuditReport struct {
	Entries   int64
	Witnesses int // witnesses checked against the chain
	HeadLog   bool
}

const settingHeadLog = "auditlog.start" // "<seq>:<hash>" of the head log's S line

// AuditHead returns the newest audit entry (zero for an empty trail).
func (s *Store) AuditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, nil
	}
	return h, err
}

func (tx *Tx) auditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, nil
	}
	return h, err
}

type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// usersDigest is SHA-256 over the depot's own users as they sign in:
// name, role, PIN hash, language and whether active. Failed-PIN counters
// and imported inspectors of other stations are left out.
func usersDigest(ctx context.Context, q queryer) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, role, pin_hash, language, active FROM users WHERE station = '' ORDER BY id`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var id, active int64
		var name, role, pin, lang string
		if err := rows.Scan(&id, &name, &role, &pin, &lang, &active); err != nil {
			return "", err
		}
		for _, f := range []string{strconv.FormatInt(id, 10), name, role, pin, lang, strconv.FormatInt(active, 10)} {
			fmt.Fprintf(h, "%d:%s;", len(f), f)
		}
		h.Write([]byte{'\n'})
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// startWitnesses runs at Open: it starts the head log of a database that
// has none yet, and records the users digest in a trail that has never
// recorded one (a database older than the digest). A head log that was
// started once and is gone now is left for VerifyAudit to report.
func (s *Store) startWitnesses(ctx context.Context) error {
	started, err := s.Setting(ctx, settingHeadLog)
	if err != nil {
		return err
	}
	if started == "" {
		if err := s.restartHeadLog(ctx, nil, "", ""); err != nil {
			return err
		}
	}
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit WHERE state LIKE 'users=%'`).Scan(&have); err != nil {
		return err
	}
	var users int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE station = ''`).Scan(&users); err != nil {
		return err
	}
	if have == 0 && users > 0 {
		return s.write(ctx, func(tx *Tx) error {
			tx.usersChanged = true
			return tx.audit(ctx, nil, "users.baseline", "users", "")
		})
	}
	return nil
}

// restartHeadLog starts a new head log at the current head, keeping an
// old one under a new name (a restore puts an older database in place, so
// the old log no longer matches it). With an actor, the restart is
// audited with reason.
func (s *Store) restartHeadLog(ctx context.Context, actor *User, reason, keepAs string) error {
	s.heads.close()
	if keepAs != "" {
		if err := os.Rename(s.heads.path, keepAs); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return s.write(ctx, func(tx *Tx) error {
		if actor != nil {
			if err := tx.audit(ctx, actor, "audit.restart_log", "audit", reason); err != nil {
				return err
			}
			tx.heads = nil // the S line below witnesses this entry
		}
		h, err := tx.auditHead(ctx)
		if err != nil {
			return err
		}
		if h.Hash == "" {
			h.Hash = genesis
		}
		if err := os.Remove(s.heads.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := s.heads.append('S', h); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, settingHeadLog, fmt.Sprintf("%d:%s", h.Seq, h.Hash))
		return err
	})
}

// witnessAt is a witness checked when the walk reaches its entry.
type witnessAt struct {
	Witness
	optional bool // a head-log P line that may never have committed
}

// VerifyAuditWith walks the chain and checks it against the head log, the
// audit heads in this depot's slip register, the users digest and the
// given witnesses (from slips the police hold, this station's bundles, or
// `tusk audit witnesses` at the supervisor's depot). The first problem is
// an AuditProblem naming the entry and the witness that disagrees.
func (s *Store) VerifyAuditWith(ctx context.Context, extra []Witness) (AuditReport, error) {
	var r AuditReport
	at := map[int64][]witnessAt{}
	add := func(w witnessAt) { at[w.Seq] = append(at[w.Seq], w) }
	for _, w := range extra {
		add(witnessAt{Witness: w})
	}

	// The head log.
	logPath := s.path + HeadLogSuffix
	started, err := s.Setting(ctx, settingHeadLog)
	if err != nil {
		return r, err
	}
	lines, err := readHeadLog(logPath)
	switch {
	case errors.Is(err, os.ErrNotExist) && started != "":
		return r, AuditProblem{0, "the head log " + logPath + " that witnesses this trail is missing: it was deleted, or the database was copied here without it"}
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return r, err
	default:
		r.HeadLog = true
		if len(lines) == 0 || lines[0].kind != 'S' || fmt.Sprintf("%d:%s", lines[0].Seq, lines[0].Hash) != started {
			return r, AuditProblem{0, "the head log " + logPath + " does not start where this database says it does: it was replaced, or the database is another one"}
		}
	}
	var logged []int64
	for i, l := range lines {
		// Tusk numbers entries upwards, so a later line at or below this
		// one's number means this P line's write never committed: the next
		// write took the same numbers again.
		superseded, trailing := false, true
		for _, m := range lines[i+1:] {
			superseded = superseded || m.Seq <= l.Seq
			trailing = trailing && m.kind == 'P'
		}
		if l.kind == 'P' && superseded {
			continue
		}
		w := witnessAt{Witness: Witness{Source: fmt.Sprintf("head log line %d", l.line), AuditHead: l.AuditHead}}
		w.optional = l.kind == 'P' && trailing
		if l.kind == 'S' && l.Seq == 0 {
			continue // started on an empty trail
		}
		add(w)
		logged = append(logged, l.Seq)
	}

	// The audit heads signed into this depot's own slips.
	slips, err := s.slipWitnesses(ctx)
	if err != nil {
		return r, err
	}
	for _, w := range slips {
		add(witnessAt{Witness: w})
	}

	var users string // the newest users digest in the chain
	var usersSeq int64
	n, err := s.verifyChain(ctx, func(e *AuditEntry) error {
		if d, ok := strings.CutPrefix(e.State, "users="); ok {
			users, usersSeq = d, e.Seq
		}
		for _, w := range at[e.Seq] {
			r.Witnesses++
			if w.Hash == "" || !strings.HasPrefix(e.Hash, strings.ToLower(w.Hash)) {
				return AuditProblem{e.Seq, fmt.Sprintf("disagrees with %s: the trail was rewritten at or before this entry (or an older copy of the database was put in place)", w.Source)}
			}
		}
		return nil
	})
	r.Entries = n
	if err != nil {
		return r, err
	}
	for seq, ws := range at {
		if seq <= n {
			continue
		}
		for _, w := range ws {
			if w.optional {
				continue // a write (of one entry or several) cut off before its commit
			}
			return r, AuditProblem{0, fmt.Sprintf("%s saw entry %d, but the trail ends at %d: entries were cut off the end, or an older copy of the database was put in place", w.Source, seq, n)}
		}
	}
	// Every line up to the trail's end matched it; the entries after the
	// newest such line were never written by Tusk.
	maxLogged := int64(-1)
	for _, seq := range logged {
		if seq <= n && seq > maxLogged {
			maxLogged = seq
		}
	}
	if r.HeadLog && n > maxLogged && maxLogged >= 0 {
		return r, AuditProblem{maxLogged + 1, fmt.Sprintf("entries %d to %d are not in the head log: they were added outside Tusk", maxLogged+1, n)}
	}
	d, err := usersDigest(ctx, s.db)
	if err != nil {
		return r, err
	}
	var nUsers int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE station = ''`).Scan(&nUsers); err != nil {
		return r, err
	}
	switch {
	case users == "" && nUsers > 0:
		return r, AuditProblem{0, "the trail never recorded the users, yet there are users: they were added outside Tusk"}
	case users != "" && users != d:
		return r, AuditProblem{usersSeq, "the users table no longer matches what this entry recorded: a user, role or PIN was changed outside Tusk"}
	}
	return r, nil
}

// slipWitnesses reads the audit heads signed into the slips this depot
// made. A slip whose code no longer verifies with this depot's keys was
// changed in the register.
func (s *Store) slipWitnesses(ctx context.Context) ([]Witness, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number, payload FROM slips ORDER BY id`)
	if err != nil {
		return nil, err
	}
	type slip struct{ number, payload string }
	var all []slip
	for rows.Next() {
		var sl slip
		if err := rows.Scan(&sl.number, &sl.payload); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, sl)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(all) == 0 {
		return nil, err
	}
	ring, err := s.KeyRing(ctx)
	if err != nil {
		return nil, err
	}
	var out []Witness
	for _, sl := range all {
		c, _, err := referral.Verify(sl.payload, *ring)
		if err != nil {
			return nil, AuditProblem{0, fmt.Sprintf("slip %s in the register no longer verifies (%v): the register was changed", sl.number, err)}
		}
		if c.AuditSeq > 0 {
			out = append(out, Witness{Source: "slip " + sl.number, AuditHead: AuditHead{Seq: c.AuditSeq, Hash: hex.EncodeToString(c.AuditHash)}})
		}
	}
	return out, nil
}

// KeepWitness stores an audit head another station signed into a bundle,
// inside the import's transaction.
func (tx *Tx) keepWitness(ctx context.Context, station string, h AuditHead, source string) error {
	if h.Seq <= 0 || len(h.Hash) != 64 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_witnesses(station, seq, hash, source, received_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, station, h.Seq, strings.ToLower(h.Hash), source, fmtTime(tx.now))
	return err
}

// StationWitnesses lists the audit heads kept for a station, oldest
// first, for `tusk audit witnesses`.
func (s *Store) StationWitnesses(ctx context.Context, station string) ([]Witness, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, hash, source FROM audit_witnesses WHERE station = ? ORDER BY seq, id`, strings.ToUpper(station))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Witness
	for rows.Next() {
		var w Witness
		if err := rows.Scan(&w.Seq, &w.Hash, &w.Source); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
