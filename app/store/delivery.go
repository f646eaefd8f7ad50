package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/referral"
)

// Delivery of a station's cases (issue 15)
//
// Every change of an own case moves the station's change sequence on
// (triggers of migration 0012 keep case_changes). A bundle covers a range
// (from, through] of it. The supervisor keeps, per station, the sequence
// it holds without a gap (have_seq) and acknowledges it through a return
// folder; the station then re-sends from what was acknowledged, so a
// bundle damaged or lost on the way is healed by the next one.

// Delivery settings.
const (
	// SettingReturns is the folder acknowledgements travel through: the
	// supervisor writes one per station into it, the station reads its own.
	SettingReturns = "delivery.returns"
	// SettingResendMinutes: a station re-sends what is not acknowledged
	// after this long without an acknowledgement.
	SettingResendMinutes = "delivery.resend_minutes"
	// SettingOutboxDays: outbox bundles are deleted after this many days
	// even when no acknowledgement came.
	SettingOutboxDays = "delivery.outbox_days"
	// SettingSilentHours: a station silent longer than this is flagged.
	SettingSilentHours = "delivery.silent_hours"

	// SettingAckFrom is the depot code of the supervisor whose signed
	// acknowledgements this station takes: pinned by the first one
	// accepted, refused from anyone else after.
	SettingAckFrom = "delivery.supervisor"

	settingSentSeq  = "delivery.sent_seq"
	settingAckedSeq = "delivery.acked_seq"
	// settingAckRejected is the SHA-256 of the last acknowledgement file
	// refused, so a bad file lying in the return folder is audited once.
	settingAckRejected = "delivery.ack_rejected"
)

// AckContext separates acknowledgement signatures from every other
// signature the depot key makes (bundles, referral slips).
const AckContext = "tusk-ack/2 signature\x00"

// AckMessage is what an acknowledgement's signature covers: AckContext
// and the exact bytes of its body.
func AckMessage(body []byte) []byte {
	m := make([]byte, 0, len(AckContext)+len(body))
	return append(append(m, AckContext...), body...)
}

// SignAck signs an acknowledgement body with the depot's current key
// (made on first use), as SignBundle does bundles. Needs CapDecide.
func (s *Store) SignAck(ctx context.Context, actor *User, body []byte) ([]byte, referral.KeyInfo, error) {
	if !actor.Can(CapDecide) {
		return nil, referral.KeyInfo{}, ErrForbidden
	}
	var sig []byte
	k, err := s.signWithOwnKey(ctx, func(priv ed25519.PrivateKey) error {
		sig = ed25519.Sign(priv, AckMessage(body))
		return nil
	})
	return sig, k, err
}

// ErrAckRefused: an acknowledgement that is not signed by this station's
// supervisor, or says more than was sent. It never moves anything.
var ErrAckRefused = &Error{Code: "ackcheck.refused"}

// RejectAck records that an acknowledgement file (by the SHA-256 of its
// bytes) was refused, audited as bundle.ack_refused the first time the
// same bytes are seen. It returns whether it was new.
func (s *Store) RejectAck(ctx context.Context, actor *User, hash, file, reason string) (bool, error) {
	fresh := false
	err := s.write(ctx, func(tx *Tx) error {
		if last, _ := tx.setting(ctx, settingAckRejected); last == hash {
			return nil
		}
		fresh = true
		if err := tx.setSetting(ctx, settingAckRejected, hash); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "bundle.ack_refused", "ack:"+file, fmt.Sprintf("sha256=%s reason=%s", hash, reason))
	})
	return fresh, err
}

func init() {
	settingDefaults[SettingReturns] = ""
	settingDefaults[SettingResendMinutes] = "30"
	settingDefaults[SettingOutboxDays] = "14"
	settingDefaults[SettingSilentHours] = "24"
	settingDefaults[SettingAckFrom] = ""
}

// ExchangeDir is the folder in the home that keeps imported and
// quarantined bundles: never a folder a sync engine owns.
func (s *Store) ExchangeDir() string { return filepath.Join(s.home(), "exchange") }

func (s *Store) intSetting(ctx context.Context, key string) int64 {
	v, _ := s.Setting(ctx, key)
	n, _ := strconv.ParseInt(v, 10, 64)
	return n
}

func (s *Store) sentSeq(ctx context.Context) (int64, error) {
	v, err := s.Setting(ctx, settingSentSeq)
	if err != nil {
		return 0, err
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n, nil
}

// Outbound is a station's own delivery state.
type Outbound struct {
	ChangeSeq  int64     // the station's change sequence now
	SentSeq    int64     // the newest change sent in a bundle
	AckedSeq   int64     // the newest change the supervisor acknowledged
	Waiting    int       // own cases changed after AckedSeq
	LastSentAt time.Time // zero before the first bundle
	Returns    bool      // a return folder is set: acknowledgements can come
}

// Outbound reads this station's delivery state.
func (s *Store) Outbound(ctx context.Context) (Outbound, error) {
	var o Outbound
	o.SentSeq = s.intSetting(ctx, settingSentSeq)
	o.AckedSeq = s.intSetting(ctx, settingAckedSeq)
	r, _ := s.Setting(ctx, SettingReturns)
	o.Returns = r != ""
	var last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT seq FROM exchange_counter WHERE id = 1),
		(SELECT COUNT(*) FROM case_changes WHERE seq > ?), (SELECT MAX(sent_at) FROM bundles_sent)`, o.AckedSeq).
		Scan(&o.ChangeSeq, &o.Waiting, &last)
	if last.Valid {
		o.LastSentAt = parseTime(last.String)
	}
	return o, err
}

// ResendDue reports whether a station should re-send what is not yet
// acknowledged although nothing changed: a return folder is set, some
// sent change is unacknowledged, and the last bundle is older than
// SettingResendMinutes.
func (s *Store) ResendDue(ctx context.Context, o Outbound) bool {
	if !o.Returns || o.AckedSeq >= o.SentSeq || o.LastSentAt.IsZero() {
		return false
	}
	m := s.intSetting(ctx, SettingResendMinutes)
	if m < 1 {
		m = 30
	}
	return s.Now().Sub(o.LastSentAt) >= time.Duration(m)*time.Minute
}

// MarkBundleSent records that file, covering the change sequence
// (from, through] with cases cases up to the change time throughTime,
// is written and synced in the outbox. Audited as bundle.export, or
// bundle.resend when it carries changes sent before. Needs CapDecide.
func (s *Store) MarkBundleSent(ctx context.Context, actor *User, file string, from, through int64, cases int, throughTime string) error {
	if !actor.Can(CapDecide) {
		return ErrForbidden
	}
	return s.write(ctx, func(tx *Tx) error {
		v, _ := tx.setting(ctx, settingSentSeq)
		sent, _ := strconv.ParseInt(v, 10, 64)
		if through > sent {
			if err := tx.setSetting(ctx, settingSentSeq, strconv.FormatInt(through, 10)); err != nil {
				return err
			}
		}
		if prev, _ := tx.setting(ctx, settingLastExport); throughTime > prev {
			if err := tx.setSetting(ctx, settingLastExport, throughTime); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO bundles_sent(file, from_seq, through_seq, cases, sent_at)
			VALUES (?, ?, ?, ?, ?)`, file, from, through, cases, fmtTime(tx.now)); err != nil {
			return err
		}
		action := "bundle.export"
		if from < sent {
			action = "bundle.resend"
		}
		return tx.audit(ctx, actor, action, "bundle:"+file, fmt.Sprintf("cases=%d seq=%d..%d", cases, from+1, through))
	})
}

func (tx *Tx) setSetting(ctx context.Context, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Acknowledged records the supervisor's acknowledgement of every change
// up to seq (from the return folder, its signature checked by the
// caller). It returns false when seq says nothing new. Audited as
// bundle.acknowledged. The first accepted acknowledgement pins its
// supervisor (SettingAckFrom); one from another depot is refused with
// ErrAckRefused. One of more than this database ever sent means it was
// restored from an older backup: its change sequence jumps past seq
// (resequence), audited as bundle.resequence.
func (s *Store) Acknowledged(ctx context.Context, actor *User, by string, seq int64) (bool, error) {
	if !actor.Can(CapDecide) {
		return false, ErrForbidden
	}
	moved := false
	err := s.write(ctx, func(tx *Tx) error {
		v, _ := tx.setting(ctx, settingAckedSeq)
		acked, _ := strconv.ParseInt(v, 10, 64)
		v, _ = tx.setting(ctx, settingSentSeq)
		sent, _ := strconv.ParseInt(v, 10, 64)
		pinned, _ := tx.setting(ctx, SettingAckFrom)
		if pinned != "" && !strings.EqualFold(pinned, by) {
			return errf(ErrAckRefused.Code, "from %s, this station's supervisor is %s", by, pinned)
		}
		if seq <= acked {
			return nil
		}
		if seq > sent {
			// The supervisor holds more of this station than it ever
			// sent: this database is older than the one that sent it (a
			// restore from a backup). Its changes since are renumbered
			// after seq, so they count as newer than anything there.
			n, err := tx.resequence(ctx, acked, seq)
			if err != nil {
				return err
			}
			if err := tx.setSetting(ctx, settingSentSeq, strconv.FormatInt(seq, 10)); err != nil {
				return err
			}
			if err := tx.audit(ctx, actor, "bundle.resequence", "station:"+by,
				fmt.Sprintf("acknowledged=%d sent=%d renumbered=%d", seq, sent, n)); err != nil {
				return err
			}
		}
		if pinned == "" {
			if err := tx.setSetting(ctx, SettingAckFrom, strings.ToUpper(by)); err != nil {
				return err
			}
		}
		moved = true
		if err := tx.setSetting(ctx, settingAckedSeq, strconv.FormatInt(seq, 10)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "bundle.acknowledged", "station:"+by, fmt.Sprintf("seq=%d", seq))
	})
	return moved, err
}

// resequence moves the change sequence past seq, the supervisor's
// acknowledgement from before a restore: each own case changed after
// acked (what this database knew to be acknowledged) gets a new number
// after seq, in the order of its change, so the next bundle carries it
// and the supervisor takes it as newer than the copy it holds. It
// returns how many cases were renumbered.
func (tx *Tx) resequence(ctx context.Context, acked, seq int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT case_id FROM case_changes WHERE seq > ? ORDER BY seq`, acked)
	if err != nil {
		return 0, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE case_changes SET seq = ? WHERE case_id = ?`, seq+int64(i)+1, id); err != nil {
			return 0, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE exchange_counter SET seq = max(seq, ?) WHERE id = 1`, seq+int64(len(ids)))
	return len(ids), err
}

// OutboxToPrune lists the outbox files that may go: acknowledged in
// full, or older than SettingOutboxDays.
func (s *Store) OutboxToPrune(ctx context.Context) ([]string, error) {
	acked := s.intSetting(ctx, settingAckedSeq)
	days := s.intSetting(ctx, SettingOutboxDays)
	if days < 1 {
		days = 14
	}
	old := fmtTime(s.Now().Add(-time.Duration(days) * 24 * time.Hour))
	rows, err := s.db.QueryContext(ctx, `SELECT file FROM bundles_sent WHERE pruned_at = ''
		AND (through_seq <= ? OR sent_at < ?) ORDER BY file`, acked, old)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkPruned records that outbox files were deleted; audited.
func (s *Store) MarkPruned(ctx context.Context, actor *User, files []string) error {
	if len(files) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *Tx) error {
		for _, f := range files {
			if _, err := tx.ExecContext(ctx, `UPDATE bundles_sent SET pruned_at = ? WHERE file = ?`, fmtTime(tx.now), f); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "bundle.prune", "outbox", fmt.Sprintf("files=%d", len(files)))
	})
}

// recordDelivery notes an imported bundle (inside ImportBundle's
// transaction): its hash, and the station's sequence held without a gap.
func (tx *Tx) recordDelivery(ctx context.Context, station string, b *BundleIn) error {
	now := fmtTime(tx.now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO station_delivery(station, name) VALUES (?, ?)
		ON CONFLICT(station) DO UPDATE SET name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END`,
		station, b.StationName); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE station_delivery SET last_good_at = ?,
		sent_seq = max(sent_seq, ?),
		have_seq = CASE WHEN ? > 0 AND ? <= have_seq THEN max(have_seq, ?) ELSE have_seq END
		WHERE station = ?`, now, b.ThroughSeq, b.ThroughSeq, b.FromSeq, b.ThroughSeq, station); err != nil {
		return err
	}
	if b.Hash == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO bundles_received(hash, station, file, state, from_seq, through_seq, cases, at)
		VALUES (?, ?, ?, 'imported', ?, ?, ?, ?)
		ON CONFLICT(hash) DO UPDATE SET state = 'imported', reason = '', station = excluded.station`,
		b.Hash, station, b.File, b.FromSeq, b.ThroughSeq, len(b.Cases), now)
	return err
}

// BundleState says whether a bundle with this hash was seen: "imported",
// "quarantined" or "".
func (s *Store) BundleState(ctx context.Context, hash string) (string, error) {
	var st string
	err := s.db.QueryRowContext(ctx, `SELECT state FROM bundles_received WHERE hash = ?`, hash).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return st, err
}

// QuarantineBundle records an invalid bundle by its hash, once: a second
// delivery of the same bytes is not counted again. Audited as
// bundle.quarantine the first time. It returns whether it was new.
func (s *Store) QuarantineBundle(ctx context.Context, actor *User, hash, station, file, reason string) (bool, error) {
	if !actor.Can(CapDecide) {
		return false, ErrForbidden
	}
	fresh := false
	err := s.write(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO bundles_received(hash, station, file, state, reason, at)
			VALUES (?, ?, ?, 'quarantined', ?, ?)`, hash, station, file, reason, fmtTime(tx.now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE bundles_received SET reason = ? WHERE hash = ? AND state = 'quarantined'`, reason, hash)
			return err
		}
		fresh = true
		if station != "" {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO station_delivery(station) VALUES (?)`, station); err != nil {
				return err
			}
		}
		return tx.audit(ctx, actor, "bundle.quarantine", "bundle:"+file, fmt.Sprintf("station=%s sha256=%s reason=%s", station, hash, reason))
	})
	return fresh, err
}

// QuarantinedBundle is one bundle in quarantine.
type QuarantinedBundle struct {
	Hash, Station, File, Reason string
	At                          time.Time
}

// Quarantined lists the bundles in quarantine, oldest first.
func (s *Store) Quarantined(ctx context.Context) ([]QuarantinedBundle, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT hash, station, file, reason, at FROM bundles_received
		WHERE state = 'quarantined' ORDER BY at, hash`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QuarantinedBundle
	for rows.Next() {
		var q QuarantinedBundle
		var at string
		if err := rows.Scan(&q.Hash, &q.Station, &q.File, &q.Reason, &at); err != nil {
			return nil, err
		}
		q.At = parseTime(at)
		out = append(out, q)
	}
	return out, rows.Err()
}

// StationStatus is what the supervisor knows of one station's delivery.
type StationStatus struct {
	Station, Name string
	AckedSeq      int64     // the change sequence held without a gap, as acknowledged
	SentSeq       int64     // the newest change seen in any bundle
	Quarantined   int       // distinct bundles in quarantine
	Imported      int       // distinct bundles imported
	LastGood      time.Time // zero when none came
	Silent        bool      // no good bundle for longer than SettingSilentHours
}

// Waiting is how many changes the station sent that are not held here
// without a gap: they come with its next bundle.
func (st StationStatus) Waiting() int64 { return max(0, st.SentSeq-st.AckedSeq) }

// StationsStatus lists every station heard of, by code.
func (s *Store) StationsStatus(ctx context.Context) ([]StationStatus, error) {
	hours := s.intSetting(ctx, SettingSilentHours)
	if hours < 1 {
		hours = 24
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.station, d.name, d.have_seq, d.sent_seq, d.last_good_at,
		(SELECT COUNT(*) FROM bundles_received r WHERE r.station = d.station AND r.state = 'quarantined'),
		(SELECT COUNT(*) FROM bundles_received r WHERE r.station = d.station AND r.state = 'imported')
		FROM station_delivery d ORDER BY d.station`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StationStatus
	now := s.Now()
	for rows.Next() {
		var st StationStatus
		var last string
		if err := rows.Scan(&st.Station, &st.Name, &st.AckedSeq, &st.SentSeq, &last, &st.Quarantined, &st.Imported); err != nil {
			return nil, err
		}
		st.LastGood = optTime(last)
		st.Silent = st.LastGood.IsZero() || now.Sub(st.LastGood) > time.Duration(hours)*time.Hour
		out = append(out, st)
	}
	return out, rows.Err()
}

// AckDue lists the stations whose held sequence moved on since their last
// acknowledgement was written, with that sequence.
func (s *Store) AckDue(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT station, have_seq FROM station_delivery WHERE have_seq > 0
		AND acked_at != CAST(have_seq AS TEXT)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// MarkAckWritten records that the acknowledgements of seqs (by station)
// went through the return folder, in one transaction; audited as
// bundle.acknowledge for each station.
func (s *Store) MarkAckWritten(ctx context.Context, actor *User, seqs map[string]int64) error {
	if len(seqs) == 0 {
		return nil
	}
	stations := make([]string, 0, len(seqs))
	for st := range seqs {
		stations = append(stations, st)
	}
	slices.Sort(stations)
	return s.write(ctx, func(tx *Tx) error {
		for _, station := range stations {
			seq := seqs[station]
			if _, err := tx.ExecContext(ctx, `UPDATE station_delivery SET acked_at = ? WHERE station = ?`,
				strconv.FormatInt(seq, 10), station); err != nil {
				return err
			}
			if err := tx.audit(ctx, actor, "bundle.acknowledge", "station:"+station, fmt.Sprintf("seq=%d", seq)); err != nil {
				return err
			}
		}
		return nil
	})
}
