package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/inspect"
)

// Inspections
//
// The Inspect screen drives one parcel through these calls:
//
//	in, _ := st.StartInspection(ctx, u, scannedWaybill, stage) // draft row, audited
//	… every field change: st.SaveDraft(ctx, u, in)            // durable, not audited
//	rep, _ := st.RepeatCounts(ctx, u, in)                       // → SignalContext.Repeat
//	a := risk.Assess(in, rep, now); in.Assessment = &a; st.SaveDraft(ctx, u, in)
//	c, err := st.Decide(ctx, u, in.ID, decision, a)             // clear | hold | refuse
//
// The inspection's ID is its human-readable number, I-YYYYMMDD-NNNN: the
// depot day (in the computer's local time zone) and a serial from 0001
// for that day. It is unique within this depot's database; Station says
// which depot.
//
// The store owns an inspection's ID, CreatedAt, UpdatedAt, Inspector,
// Station, Status, Decision and Photos: SaveDraft ignores what the caller
// has in them. Photos are attached with AttachPhoto and come back with
// every read.
//
// Access: writes need CapInspect (and CapViewPersonal, so a masked copy
// can never be saved over the real record) and must come from the
// inspection's own inspector or a user with CapDecide. A draft is read only
// by its inspector or by CapDecide; a decided inspection by anyone with
// CapInspect, CapCases or CapTraining. Names, ID numbers, phones and
// addresses come back masked (MaskPersonal) unless the reader has
// CapViewPersonal.

// Errors of the inspection workflow; codes are i18n keys.
var (
	// ErrDecided: the inspection is cleared, held or refused; decided
	// records are never edited.
	ErrDecided = &Error{Code: "store.err.inspection_decided"}
)

// Field error codes of Decide (i18n keys).
const (
	ErrDecideAction  = "inspect.decide.err.action"  // not clear, hold or refuse
	ErrDecideReason  = "inspect.decide.err.reason"  // hold/refuse without a reason
	ErrDecideSeals   = "inspect.decide.err.seals"   // hold/refuse without a seal number
	ErrDecideStorage = "inspect.decide.err.storage" // hold/refuse without a storage location
	ErrStartStage    = "inspect.start.err.stage"    // StartInspection with an unknown stage
)

// FieldErrors are several field problems of one form, in form order.
// Use errors.As(err, &FieldErrors{}) to mark each field.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

// InspectionSummary is one line of a list: no personal data, so every
// reader gets it whole.
type InspectionSummary struct {
	ID            string // the number, I-20261123-0007
	Waybill       string
	Courier       string
	Stage         string
	Status        string // draft | cleared | held | refused
	InspectorID   int64
	InspectorName string
	CreatedAt     time.Time // UTC
	UpdatedAt     time.Time // UTC
	DecidedAt     time.Time // UTC, zero for a draft
	RiskScore     int
	RiskLevel     string // grey | green | amber | red
	Case          string // case number of a held or refused parcel
	Purged        bool   // personal data removed by retention
}

const summaryCols = `i.number, i.waybill, i.courier, i.stage, i.status, i.inspector_id, COALESCE(u.name, ''),
	i.created_at, i.updated_at, i.decided_at, i.risk_score, i.risk_level, COALESCE(c.number, ''), i.personal_purged`

const summaryFrom = ` FROM inspections i LEFT JOIN users u ON u.id = i.inspector_id LEFT JOIN cases c ON c.inspection_id = i.id `

func scanSummaries(rows *sql.Rows) ([]InspectionSummary, error) {
	defer rows.Close()
	var out []InspectionSummary
	for rows.Next() {
		var s InspectionSummary
		var created, updated, decided string
		if err := rows.Scan(&s.ID, &s.Waybill, &s.Courier, &s.Stage, &s.Status, &s.InspectorID, &s.InspectorName,
			&created, &updated, &decided, &s.RiskScore, &s.RiskLevel, &s.Case, &s.Purged); err != nil {
			return nil, err
		}
		s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
		if decided != "" {
			s.DecidedAt = parseTime(decided)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (s *Store) summaries(ctx context.Context, where string, args ...any) ([]InspectionSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryCols+summaryFrom+where, args...)
	if err != nil {
		return nil, err
	}
	return scanSummaries(rows)
}

func inspectionSubject(number string) string { return "inspection:" + number }

// canWrite: the inspector who started it, or someone who decides.
func canWrite(actor *User, inspectorID int64) bool {
	return actor.Can(CapInspect) && actor.Can(CapViewPersonal) && (actor.ID == inspectorID || actor.Can(CapDecide))
}

func canRead(actor *User, inspectorID int64, status string) bool {
	if status == inspect.StatusDraft {
		return actor.Can(CapInspect) && (actor.ID == inspectorID || actor.Can(CapDecide))
	}
	return actor.Can(CapInspect) || actor.Can(CapCases) || actor.Can(CapTraining)
}

// inspectionRow is what the store keeps beside the JSON.
type inspectionRow struct {
	id          int64
	number      string
	inspectorID int64
	status      string
	created     string
	data        []byte
	purged      bool
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadRow(ctx context.Context, q querier, number string) (*inspectionRow, error) {
	var r inspectionRow
	err := q.QueryRowContext(ctx, `SELECT id, number, inspector_id, status, created_at, data, personal_purged
		FROM inspections WHERE number = ?`, number).
		Scan(&r.id, &r.number, &r.inspectorID, &r.status, &r.created, &r.data, &r.purged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &r, err
}

// nextSerial bumps a named counter and returns its new value.
func (tx *Tx) nextSerial(ctx context.Context, name string) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO counters(name, value) VALUES (?, 1)
		ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`, name).Scan(&n)
	return n, err
}

// localDay is the depot day of t: the computer's own time zone, which is
// the depot's.
func localDay(t time.Time) time.Time { return t.In(time.Local) }

// StartInspection creates a draft for a scanned waybill at a stage (empty:
// acceptance) and audits inspection.start. The waybill is cleaned as a
// scan; an empty one is allowed and filled in later. The returned draft
// is what SaveDraft expects back.
func (s *Store) StartInspection(ctx context.Context, actor *User, waybill, stage string) (*inspect.Inspection, error) {
	if !actor.Can(CapInspect) || !actor.Can(CapViewPersonal) {
		return nil, ErrForbidden
	}
	if stage == "" {
		stage = inspect.StageAcceptance
	}
	if !slices.Contains(inspect.Stages, stage) {
		return nil, FieldError{Field: "stage", Code: ErrStartStage}
	}
	in := &inspect.Inspection{
		Inspector: strconv.FormatInt(actor.ID, 10),
		Parcel:    inspect.Parcel{Waybill: inspect.CleanWaybill(waybill), Stage: stage},
		Status:    inspect.StatusDraft,
	}
	err := s.write(ctx, func(tx *Tx) error {
		n, err := tx.nextSerial(ctx, "inspection:"+localDay(tx.now).Format("20060102"))
		if err != nil {
			return err
		}
		in.ID = fmt.Sprintf("I-%s-%04d", localDay(tx.now).Format("20060102"), n)
		in.CreatedAt, in.UpdatedAt = tx.now, tx.now
		in.Station = tx.depotCode(ctx)
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		now := fmtTime(tx.now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspections(number, waybill, stage, status, inspector_id, created_at, updated_at, data)
			VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)`, in.ID, in.Parcel.Waybill, stage, actor.ID, now, now, data); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "inspection.start", inspectionSubject(in.ID), "waybill="+in.Parcel.Waybill+" stage="+stage)
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

func (tx *Tx) depotCode(ctx context.Context) string {
	var code string
	tx.QueryRowContext(ctx, `SELECT code FROM depot WHERE id = 1`).Scan(&code)
	return code
}

// riskCols reads the indexed risk columns from an assessment.
func riskCols(a *inspect.Assessment) (int, string) {
	if a == nil {
		return 0, inspect.LevelGrey
	}
	level := a.Level
	switch level {
	case inspect.LevelGreen, inspect.LevelAmber, inspect.LevelRed:
	default:
		level = inspect.LevelGrey
	}
	return min(max(a.Score, 0), 100), level
}

// SaveDraft is the autosave: one durable upsert of the draft's JSON, its
// indexed columns and its parties' match keys, cheap enough for every
// field change (no audit entry). It saves whatever is there, problems and
// all (see Inspection.Validate). It does not change in; the store-owned
// fields (see above) are set in the saved copy. It returns ErrDecided once
// the inspection is decided, ErrNotFound for an unknown ID.
func (s *Store) SaveDraft(ctx context.Context, actor *User, in *inspect.Inspection) error {
	if in == nil {
		return ErrNotFound
	}
	if !actor.Can(CapInspect) || !actor.Can(CapViewPersonal) {
		return ErrForbidden
	}
	return s.write(ctx, func(tx *Tx) error {
		r, err := loadRow(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		if !canWrite(actor, r.inspectorID) {
			return ErrForbidden
		}
		if r.status != inspect.StatusDraft {
			return ErrDecided
		}
		cp := *in
		cp.CreatedAt = parseTime(r.created)
		cp.UpdatedAt = tx.now
		cp.Inspector = strconv.FormatInt(r.inspectorID, 10)
		cp.Station = tx.depotCode(ctx)
		cp.Status = inspect.StatusDraft
		cp.Decision = nil
		cp.Photos = nil
		data, err := json.Marshal(&cp)
		if err != nil {
			return err
		}
		score, level := riskCols(cp.Assessment)
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET waybill = ?, courier = ?, stage = ?, updated_at = ?,
			risk_score = ?, risk_level = ?, data = ? WHERE id = ?`,
			inspect.CleanWaybill(cp.Parcel.Waybill), cp.Parcel.Courier, cp.Parcel.Stage, fmtTime(tx.now),
			score, level, data, r.id); err != nil {
			return err
		}
		return tx.savePartyKeys(ctx, r.id, &cp)
	})
}

// partyKey is one row of party_keys.
type partyKey struct {
	role, kind string
	key        string // the 32 bytes as a string, comparable
}

// phoneCountry is the country a party's national phone number is read in:
// its own, else the parcel's end it stands at.
func phoneCountry(in *inspect.Inspection, p *inspect.Party) string {
	switch {
	case p.Country != "":
		return p.Country
	case p.Role == inspect.RoleReceiver:
		return in.Parcel.Destination.Country
	}
	return in.Parcel.Origin.Country
}

// matchKeys lists the keys of every party: ID number, phone and name.
func matchKeys(secret []byte, in *inspect.Inspection) []partyKey {
	var out []partyKey
	seen := map[partyKey]bool{}
	add := func(role, kind, hexKey string) {
		b, err := hex.DecodeString(hexKey)
		if hexKey == "" || err != nil {
			return
		}
		k := partyKey{role, kind, string(b)}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for i := range in.Parties {
		p := &in.Parties[i]
		role := p.Role
		if role == "" {
			continue
		}
		if p.ID != nil {
			add(role, inspect.KeyID, inspect.MatchKey(secret, inspect.KeyID, p.ID.Number))
		}
		phone := p.Phone
		if e, ok := inspect.NormalizePhone(phone, phoneCountry(in, p)); ok {
			phone = e
		}
		add(role, inspect.KeyPhone, inspect.MatchKey(secret, inspect.KeyPhone, phone))
		add(role, inspect.KeyName, inspect.MatchKey(secret, inspect.KeyName, p.Name))
	}
	return out
}

// savePartyKeys replaces an inspection's keys when they changed.
func (tx *Tx) savePartyKeys(ctx context.Context, id int64, in *inspect.Inspection) error {
	secret, err := tx.matchSecret(ctx)
	if err != nil {
		return err
	}
	want := matchKeys(secret, in)
	rows, err := tx.QueryContext(ctx, `SELECT role, kind, key FROM party_keys WHERE inspection_id = ?`, id)
	if err != nil {
		return err
	}
	have := map[partyKey]bool{}
	for rows.Next() {
		var k partyKey
		var b []byte
		if err := rows.Scan(&k.role, &k.kind, &b); err != nil {
			rows.Close()
			return err
		}
		k.key = string(b)
		have[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	same := len(have) == len(want)
	for _, k := range want {
		same = same && have[k]
	}
	if same {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM party_keys WHERE inspection_id = ?`, id); err != nil {
		return err
	}
	for _, k := range want {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_keys(inspection_id, role, kind, key) VALUES (?, ?, ?, ?)`,
			id, k.role, k.kind, []byte(k.key)); err != nil {
			return err
		}
	}
	return nil
}

// settingMatchSecret holds the depot's HMAC key for match keys, hex.
const settingMatchSecret = "match_key_secret"

// matchSecret returns the depot's match-key secret, creating it (32 random
// bytes) on first use. It never leaves the database: keys from another
// depot do not match ours.
func (tx *Tx) matchSecret(ctx context.Context) ([]byte, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingMatchSecret).Scan(&v)
	if err == nil {
		if b, err := hex.DecodeString(v); err == nil && len(b) == 32 {
			return b, nil
		}
		return nil, errf("store.err.match_secret", "setting %s is damaged", settingMatchSecret)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)`, settingMatchSecret, hex.EncodeToString(b)); err != nil {
		return nil, err
	}
	return b, nil
}

// readSecret reads the secret without creating it: nil before first use.
func (s *Store) readSecret(ctx context.Context) ([]byte, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingMatchSecret).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) != 32 {
		return nil, errf("store.err.match_secret", "setting %s is damaged", settingMatchSecret)
	}
	return b, nil
}

// PartyKeys returns a party's match keys (hex), as RepeatSenders takes
// them: ID number and phone, not the name, which too many people share.
// country reads a national phone number when the party has no country.
func (s *Store) PartyKeys(ctx context.Context, p inspect.Party, country string) ([]string, error) {
	secret, err := s.readSecret(ctx)
	if err != nil || secret == nil {
		return nil, err // no key was ever stored, so none can match
	}
	return inspect.PartyKeys(secret, p, country), nil
}

// maxRepeatList bounds the inspections RepeatSenders lists; the count is
// always complete.
const maxRepeatList = 50

// RepeatSenders finds the held or refused inspections whose parties share
// any of these keys (hex, from PartyKeys): how many, and the newest 50 of
// them. Needs CapInspect or CapCases. Invalid keys are skipped.
func (s *Store) RepeatSenders(ctx context.Context, actor *User, keys []string) (int, []InspectionSummary, error) {
	if !actor.Can(CapInspect) && !actor.Can(CapCases) {
		return 0, nil, ErrForbidden
	}
	ids, err := s.flagged(ctx, keys, 0)
	if err != nil || len(ids) == 0 {
		return 0, nil, err
	}
	args := keyArgs(keys)
	list, err := s.summaries(ctx, `WHERE i.id IN (SELECT inspection_id FROM party_keys WHERE key IN (`+placeholders(len(args))+`) AND flagged = 1)
		ORDER BY i.decided_at DESC, i.id DESC LIMIT `+strconv.Itoa(maxRepeatList), args...)
	return len(ids), list, err
}

// keyArgs decodes hex keys for a query, skipping invalid ones.
func keyArgs(keys []string) []any {
	var args []any
	for _, k := range keys {
		if b, err := hex.DecodeString(k); err == nil && len(b) == 32 {
			args = append(args, b)
		}
	}
	return args
}

// flagged returns the distinct flagged inspections holding any of keys,
// except one.
func (s *Store) flagged(ctx context.Context, keys []string, except int64) ([]int64, error) {
	args := keyArgs(keys)
	if len(args) == 0 {
		return nil, nil
	}
	args = append(args, except)
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT inspection_id FROM party_keys
		WHERE key IN (`+placeholders(len(args)-1)+`) AND flagged = 1 AND inspection_id != ?`, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// RepeatCounts counts, per party role, the earlier held or refused parcels
// that share the party's ID number or phone: SignalContext.Repeat for
// inspect.Assess. The inspection itself never counts.
func (s *Store) RepeatCounts(ctx context.Context, actor *User, in *inspect.Inspection) (map[string]int, error) {
	if !actor.Can(CapInspect) && !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	if in == nil {
		return nil, nil
	}
	var self int64
	s.db.QueryRowContext(ctx, `SELECT id FROM inspections WHERE number = ?`, in.ID).Scan(&self)
	out := map[string]int{}
	for i := range in.Parties {
		p := &in.Parties[i]
		keys, err := s.PartyKeys(ctx, *p, phoneCountry(in, p))
		if err != nil {
			return nil, err
		}
		ids, err := s.flagged(ctx, keys, self)
		if err != nil {
			return nil, err
		}
		if len(ids) > out[p.Role] {
			out[p.Role] = len(ids)
		}
	}
	return out, nil
}

// Inspection loads one inspection with its photos, masked for readers
// without CapViewPersonal.
func (s *Store) Inspection(ctx context.Context, actor *User, id string) (*inspect.Inspection, error) {
	r, err := loadRow(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !canRead(actor, r.inspectorID, r.status) {
		return nil, ErrForbidden
	}
	return s.decode(ctx, actor, r)
}

func (s *Store) decode(ctx context.Context, actor *User, r *inspectionRow) (*inspect.Inspection, error) {
	in := &inspect.Inspection{}
	if err := json.Unmarshal(r.data, in); err != nil {
		return nil, fmt.Errorf("inspection %s: %w", r.number, err)
	}
	in.ID, in.Status = r.number, r.status
	photos, err := s.photosOf(ctx, r.id)
	if err != nil {
		return nil, err
	}
	in.Photos = photos
	if !actor.Can(CapViewPersonal) {
		MaskPersonal(in)
	}
	return in, nil
}

// Drafts lists the actor's own drafts, newest change first: what sign-in
// offers to resume after a crash.
func (s *Store) Drafts(ctx context.Context, actor *User) ([]InspectionSummary, error) {
	if !actor.Can(CapInspect) {
		return nil, ErrForbidden
	}
	return s.summaries(ctx, `WHERE i.inspector_id = ? AND i.status = 'draft' ORDER BY i.updated_at DESC, i.id DESC`, actor.ID)
}

// LatestDraft is the actor's most recently saved draft, whole, or nil
// (and no error) when there is none.
func (s *Store) LatestDraft(ctx context.Context, actor *User) (*inspect.Inspection, error) {
	if !actor.Can(CapInspect) {
		return nil, ErrForbidden
	}
	var number string
	err := s.db.QueryRowContext(ctx, `SELECT number FROM inspections WHERE inspector_id = ? AND status = 'draft'
		ORDER BY updated_at DESC, id DESC LIMIT 1`, actor.ID).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Inspection(ctx, actor, number)
}

// draftFor loads a draft the actor may change: their own, or any for a
// supervisor. A decided inspection is a record, never changed.
func (tx *Tx) draftFor(ctx context.Context, actor *User, id string) (*inspectionRow, error) {
	r, err := loadRow(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !canWrite(actor, r.inspectorID) {
		return nil, ErrForbidden
	}
	if r.status != inspect.StatusDraft {
		return nil, ErrDecided
	}
	return r, nil
}

// DiscardDraft deletes a draft started by mistake (a wrong scan), with its
// keys and photo links; the photo files stay. Audited as
// inspection.discard. Decided inspections cannot be discarded.
func (s *Store) DiscardDraft(ctx context.Context, actor *User, id string) error {
	return s.write(ctx, func(tx *Tx) error {
		r, err := tx.draftFor(ctx, actor, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspections WHERE id = ?`, r.id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "inspection.discard", inspectionSubject(r.number), "")
	})
}

// WaybillHistory lists the inspections of a waybill (cleaned as a scan),
// newest first: decided ones, and drafts the actor may read. Needs
// CapInspect or CapCases.
func (s *Store) WaybillHistory(ctx context.Context, actor *User, waybill string) ([]InspectionSummary, error) {
	if !actor.Can(CapInspect) && !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	wb := inspect.CleanWaybill(waybill)
	if wb == "" {
		return nil, nil
	}
	return s.summaries(ctx, `WHERE i.waybill = ? AND (i.status != 'draft' OR i.inspector_id = ? OR ?)
		ORDER BY i.created_at DESC, i.id DESC`, wb, actor.ID, actor.Can(CapDecide))
}

// Day lists the inspections started on one local day (the
// calendar day of day in loc; nil loc is time.Local), oldest first: the
// actor's own, or with everyone set every inspector's, which needs
// CapDecide. Drafts included.
func (s *Store) Day(ctx context.Context, actor *User, day time.Time, loc *time.Location, everyone bool) ([]InspectionSummary, error) {
	if !actor.Can(CapInspect) || (everyone && !actor.Can(CapDecide)) {
		return nil, ErrForbidden
	}
	if loc == nil {
		loc = time.Local
	}
	y, m, d := day.In(loc).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, 1) // not +24h: a DST day is 23 or 25 hours long
	if everyone {
		return s.summaries(ctx, `WHERE i.created_at >= ? AND i.created_at < ? ORDER BY i.created_at, i.id`,
			fmtTime(from), fmtTime(to))
	}
	return s.summaries(ctx, `WHERE i.inspector_id = ? AND i.created_at >= ? AND i.created_at < ? ORDER BY i.created_at, i.id`,
		actor.ID, fmtTime(from), fmtTime(to))
}

// reasonDetail is a decision's reason for the audit: its codes and the
// inspector's own words, each only when given.
func reasonDetail(d inspect.Decision) string {
	out := ""
	if d.ReasonKey != "" {
		out += " reason_key=" + d.ReasonKey
	}
	if len(d.ReasonRules) > 0 {
		out += " rules=" + strings.Join(d.ReasonRules, ",")
	}
	if d.Reason != "" {
		out += fmt.Sprintf(" reason=%q", d.Reason)
	}
	return out
}

// cleanSeals trims seal numbers and drops empty and repeated ones.
func cleanSeals(seals []string) []string {
	var out []string
	for _, s := range seals {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CheckDecision normalises a decision (trims, cleans seal numbers) and
// lists what is missing, in form order: the action, and for hold and
// refuse the reason, at least one seal number and the storage location.
// The UI may call it to mark fields before Decide; Decide calls it too.
func CheckDecision(d *inspect.Decision) FieldErrors {
	d.Action = strings.TrimSpace(d.Action)
	d.Reason = strings.TrimSpace(d.Reason)
	d.Storage = strings.TrimSpace(d.Storage)
	d.Seals = cleanSeals(d.Seals)
	switch d.Action {
	case inspect.ActionClear:
		return nil
	case inspect.ActionRefusePostal:
		// Refused under the postal rules: handed back, nothing sealed.
		if d.Reason == "" && d.ReasonKey == "" && len(d.ReasonRules) == 0 {
			return FieldErrors{{Field: "reason", Code: ErrDecideReason}}
		}
		d.Seals, d.Storage = nil, ""
		return nil
	case inspect.ActionHold, inspect.ActionRefuse:
	default:
		return FieldErrors{{Field: "action", Code: ErrDecideAction}}
	}
	var errs FieldErrors
	if d.Reason == "" && d.ReasonKey == "" && len(d.ReasonRules) == 0 {
		errs = append(errs, FieldError{Field: "reason", Code: ErrDecideReason})
	}
	if len(d.Seals) == 0 {
		errs = append(errs, FieldError{Field: "seals", Code: ErrDecideSeals})
	}
	if d.Storage == "" {
		errs = append(errs, FieldError{Field: "storage", Code: ErrDecideStorage})
	}
	return errs
}

var actionStatus = map[string]string{
	inspect.ActionClear:  inspect.StatusCleared,
	inspect.ActionHold:   inspect.StatusHeld,
	inspect.ActionRefuse: inspect.StatusRefused,
	// Refused under the postal rules: decided, but no case and no slip.
	inspect.ActionRefusePostal: inspect.StatusRefusedPostal,
}

// Decide records the decision on a saved draft, with the assessment shown
// when it was taken, in one transaction: the status changes, the JSON is
// kept as decided. Clear needs nothing more. Hold and refuse need a
// reason, a seal number and a storage location (FieldErrors otherwise,
// and nothing is saved); they open a case and write its first custody
// event, from the inspector to the storage location under the seals, and
// flag the parties' match keys for repeat-sender look-ups. Audited as
// inspection.clear|hold|refuse, and case.open. Refuse_postal (a
// prohibited article that is not wildlife) needs only a reason: it opens
// no case, flags no keys, and is audited as inspection.refuse_postal.
// Returns the case, or nil for clear and refuse_postal. SaveDraft the last changes first.
func (s *Store) Decide(ctx context.Context, actor *User, id string, d inspect.Decision, a inspect.Assessment) (*inspect.Case, error) {
	if !actor.Can(CapInspect) || !actor.Can(CapViewPersonal) {
		return nil, ErrForbidden
	}
	if errs := CheckDecision(&d); len(errs) > 0 {
		return nil, errs
	}
	var cs *inspect.Case
	err := s.write(ctx, func(tx *Tx) error {
		r, err := tx.draftFor(ctx, actor, id)
		if err != nil {
			return err
		}
		in := &inspect.Inspection{}
		if err := json.Unmarshal(r.data, in); err != nil {
			return fmt.Errorf("inspection %s: %w", r.number, err)
		}
		status := actionStatus[d.Action]
		d.By, d.At = strconv.FormatInt(actor.ID, 10), tx.now
		in.Decision, in.Assessment = &d, &a
		in.Status, in.UpdatedAt = status, tx.now
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		score, level := riskCols(&a)
		now := fmtTime(tx.now)
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET status = ?, decided_at = ?, updated_at = ?,
			risk_score = ?, risk_level = ?, data = ? WHERE id = ?`, status, now, now, score, level, data, r.id); err != nil {
			return err
		}
		detail := fmt.Sprintf("score=%d level=%s suggested=%s", score, level, a.Action)
		if d.Action == inspect.ActionClear {
			// A parcel whose waybill has an open case belongs to that case.
			if open, err := openCaseOf(ctx, tx, in.Parcel.Waybill); err != nil || open != "" {
				if err == nil {
					err = ErrOpenCase
				}
				return err
			}
			// Clear against the counter's guards carries its reason into the trail.
			if d.Reason != "" {
				detail += fmt.Sprintf(" override=%q", d.Reason)
			}
			return tx.audit(ctx, actor, "inspection.clear", inspectionSubject(r.number), detail)
		}
		if d.Action == inspect.ActionRefusePostal {
			// Not wildlife: no case, no slip, no flagged keys, not in the
			// review queue, the CITES export or the referred counts.
			return tx.audit(ctx, actor, "inspection.refuse_postal", inspectionSubject(r.number),
				detail+reasonDetail(d))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_keys SET flagged = 1 WHERE inspection_id = ?`, r.id); err != nil {
			return err
		}
		cs, err = tx.openCase(ctx, actor, r, in, score, level, &d)
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, "inspection."+d.Action, inspectionSubject(r.number),
			fmt.Sprintf("%s case=%s seals=%d", detail, cs.Number, len(d.Seals))); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "case.open", caseSubject(cs.Number), "inspection="+r.number+" storage="+d.Storage)
	})
	if err != nil {
		return nil, err
	}
	return cs, nil
}

func caseSubject(number string) string { return "case:" + number }

func (tx *Tx) openCase(ctx context.Context, actor *User, r *inspectionRow, in *inspect.Inspection, score int, level string, d *inspect.Decision) (*inspect.Case, error) {
	year := localDay(tx.now).Format("2006")
	n, err := tx.nextSerial(ctx, "case:"+year)
	if err != nil {
		return nil, err
	}
	c := &inspect.Case{
		Number: fmt.Sprintf("C-%s-%04d", year, n), InspectionID: r.number, Status: inspect.CaseOpen,
		Risk: level, OpenedAt: tx.now, UpdatedAt: tx.now,
	}
	due, err := tx.dueAfter(ctx)
	if err != nil {
		return nil, err
	}
	now := fmtTime(tx.now)
	q := QueueColumns(in)
	res, err := tx.ExecContext(ctx, `INSERT INTO cases(number, inspection_id, status, risk_level, opened_at, updated_at,
		inspector_id, risk_score, held_at, due_at, products, origin, destination, search)
		VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Number, r.id, level, now, now,
		r.inspectorID, score, now, fmtTime(tx.now.Add(due)), q.Products, q.Origin, q.Destination, q.Search)
	if err != nil {
		return nil, err
	}
	caseID, _ := res.LastInsertId()
	if _, err := tx.ExecContext(ctx, `INSERT INTO custody(case_id, seq, from_name, to_name, at, seals, note) VALUES (?, 1, ?, ?, ?, ?, ?)`,
		caseID, actor.Name, d.Storage, now, strings.Join(d.Seals, "\n"), ""); err != nil {
		return nil, err
	}
	return c, nil
}

// CaseOf returns the case opened for an inspection, or ErrNotFound. Needs
// CapCases or CapInspect.
func (s *Store) CaseOf(ctx context.Context, actor *User, inspectionID string) (*inspect.Case, error) {
	if !actor.Can(CapCases) && !actor.Can(CapInspect) {
		return nil, ErrForbidden
	}
	return s.caseWhere(ctx, `i.number = ?`, inspectionID)
}

// Custody lists a case's chain of custody, oldest first. Needs CapCases
// or CapInspect.
func (s *Store) Custody(ctx context.Context, actor *User, caseNumber string) ([]inspect.CustodyEvent, error) {
	if !actor.Can(CapCases) && !actor.Can(CapInspect) {
		return nil, ErrForbidden
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.number, k.from_name, k.to_name, k.at, k.seals, k.note
		FROM custody k JOIN cases c ON c.id = k.case_id WHERE c.number = ? ORDER BY k.seq`, caseNumber)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []inspect.CustodyEvent
	for rows.Next() {
		var number string
		e, err := scanCustody(rows, &number)
		if err != nil {
			return nil, err
		}
		e.Case = number
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanCustody reads a custody row selected as (key, from_name, to_name,
// at, seals, note); key is the case number or the row's seq.
func scanCustody(rows *sql.Rows, key any) (inspect.CustodyEvent, error) {
	var e inspect.CustodyEvent
	var at, seals string
	if err := rows.Scan(key, &e.From, &e.To, &at, &seals, &e.Note); err != nil {
		return e, err
	}
	e.At = parseTime(at)
	if seals != "" {
		e.Seals = strings.Split(seals, "\n")
	}
	return e, nil
}
