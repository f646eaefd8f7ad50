package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tusk/app/casedesk"
	"tusk/app/inspect"
)

// Supervisor review
//
// Held and refused parcels wait in the review queue (Queue) until a
// supervisor decides (DecideCase). Every decision and comment is a row of
// case_events, which nothing edits: a later event supersedes an earlier
// one, and the cases row holds the resulting state. Each is audited as
// case.<kind> under the case's subject, which is the case's history.

// Review settings and their defaults.
const (
	// SettingDueHours is how long a held parcel may wait for a decision
	// before the queue marks it overdue.
	SettingDueHours = "review_due_hours"
	// SettingConfirmReferral, "1", makes a referral wait for a second
	// supervisor's confirmation. Any other value but "0", or a failure to
	// read it, counts as "1" (casedesk.PolicyFromSetting).
	SettingConfirmReferral = "review_confirm_referral"
	// SettingSensitiveAddressee is the referral directory entry slips of
	// sensitive cases go to, instead of the usual local desk.
	SettingSensitiveAddressee = "review_sensitive_addressee"
)

// defaultDueHours is the wait before a held parcel is overdue, when the
// setting is missing or unreadable as a number.
const defaultDueHours = 24

func init() {
	intSetting(SettingDueHours, defaultDueHours, 1, 720, "review.err.due_hours")
	settingDefaults[SettingConfirmReferral] = "0"
	settingChecks[SettingConfirmReferral] = func(v string) error {
		if v != "0" && v != "1" {
			return FieldError{Field: SettingConfirmReferral, Code: "casedesk.err.confirm_setting"}
		}
		return nil
	}
	settingDefaults[SettingSensitiveAddressee] = ""
}

// The case decisions, outcomes and rules are the domain's (package
// casedesk); these names keep the store's callers unchanged.
const (
	KindReview        = casedesk.KindReview
	KindRelease       = casedesk.KindRelease
	KindReturn        = casedesk.KindReturn
	KindSecondOpening = casedesk.KindSecondOpening
	KindRefer         = casedesk.KindRefer
	KindConfirm       = casedesk.KindConfirm
	KindHandover      = casedesk.KindHandover
	KindClose         = casedesk.KindClose
	KindSensitive     = casedesk.KindSensitive
	KindExpertAsk     = casedesk.KindExpertAsk
	KindExpertAnswer  = casedesk.KindExpertAnswer
	KindComment       = casedesk.KindComment

	OutcomeSeizure     = casedesk.OutcomeSeizure
	OutcomeNotWildlife = casedesk.OutcomeNotWildlife
	OutcomeNoAction    = casedesk.OutcomeNoAction
)

// DecisionKinds lists the decisions a supervisor may take, in the order
// the case view offers them.
var DecisionKinds = casedesk.DecisionKinds

// Outcomes lists the outcomes a closed case can have.
var Outcomes = casedesk.Outcomes

// Review errors; codes are i18n keys.
var (
	ErrFourEyes  = &Error{Code: casedesk.ErrFourEyes.Error()}  // the inspector who held a parcel cannot refer it, nor confirm their own referral
	ErrCaseState = &Error{Code: casedesk.ErrCaseState.Error()} // the decision does not fit the case's status
)

// CaseDecision is one decision or comment on a case. Which fields count
// depends on Kind; DecideCase names a missing one as a FieldError.
type CaseDecision = casedesk.Decision

// CaseEvent is a recorded decision or comment.
type CaseEvent struct {
	CaseDecision
	ID      int64
	ActorID int64
	Actor   string
	At      time.Time
}

// DecideCase records a decision or a comment on a case and moves the case
// along its lifecycle. The rules are casedesk.Decide's: the store reads
// the case and the depot's policy, asks Decide, and writes the change,
// its thread entry and its audit entry in one transaction. Returns the
// case as it now stands.
func (s *Store) DecideCase(ctx context.Context, actor *User, number string, d CaseDecision) (*inspect.Case, error) {
	a := actor.Actor()
	// Who may not decide, or forgot a field, is told so before the case is read.
	d, err := casedesk.Check(a, d)
	if err != nil {
		return nil, deskError(err)
	}
	err = s.write(ctx, func(tx *Tx) error {
		id, c, err := tx.deskCase(ctx, number)
		if err != nil {
			return err
		}
		ch, err := casedesk.Decide(c, a, d, tx.deskPolicy(ctx))
		if err != nil {
			return deskError(err)
		}
		return tx.applyDecision(ctx, actor, id, ch)
	})
	if err != nil {
		return nil, err
	}
	return s.caseWhere(ctx, `c.number = ?`, number)
}

// applyDecision persists a decision's change: the case's columns, its
// time stamps, the custody link, the thread entry and the audit entry.
// It runs inside the decision's transaction; any error rolls all back.
func (tx *Tx) applyDecision(ctx context.Context, actor *User, id int64, ch casedesk.Change) error {
	now := fmtTime(tx.now)
	stamp := func(on bool) string {
		if on {
			return now
		}
		return ""
	}
	handed := ""
	if !ch.HandedAt.IsZero() {
		handed = fmtTime(ch.HandedAt)
	}
	c := ch.Case
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = ?, pending = ?, sensitive = ?, outcome = ?, police_ref = ?, addressee = ?,
		closed_at = COALESCE(NULLIF(?, ''), closed_at), referred_at = COALESCE(NULLIF(?, ''), referred_at),
		handed_at = COALESCE(NULLIF(?, ''), handed_at), updated_at = ? WHERE id = ?`,
		c.Status, c.Pending, c.Sensitive, c.Outcome, c.PoliceRef, c.Addressee,
		stamp(ch.Closed), stamp(ch.Referred), handed, now, id); err != nil {
		return err
	}
	if h := ch.Custody; h != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO custody(case_id, seq, from_name, to_name, at, seals, note)
			SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, '', ? FROM custody WHERE case_id = ?`,
			id, h.From, h.To, fmtTime(h.At), h.Note, id); err != nil {
			return err
		}
	}
	data, err := json.Marshal(ch.Event)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_events(case_id, kind, actor_id, actor_name, at, data) VALUES (?, ?, ?, ?, ?, ?)`,
		id, ch.Event.Kind, actor.ID, actor.Name, now, data); err != nil {
		return err
	}
	return tx.audit(ctx, actor, ch.Audit.Action, caseSubject(c.Number), ch.Audit.Detail)
}

// deskError turns the domain's refusals into the store's errors, with the
// same codes, so callers and screens handle them as before.
func deskError(err error) error {
	var fes casedesk.FieldErrors
	if errors.As(err, &fes) {
		out := make(FieldErrors, 0, len(fes))
		for _, fe := range fes {
			out = append(out, FieldError{Field: fe.Field, Code: fe.Code})
		}
		return out
	}
	for _, r := range casedesk.Refusals {
		if errors.Is(err, r) {
			return &Error{Code: r.Error(), Detail: strings.TrimPrefix(strings.TrimPrefix(err.Error(), r.Error()), ": ")}
		}
	}
	return err
}

// deskCase reads what casedesk.Decide needs of a case, and its row ID.
// Whether the actor may see it is Decide's to say.
func (tx *Tx) deskCase(ctx context.Context, number string) (int64, casedesk.Case, error) {
	var id int64
	var c casedesk.Case
	err := tx.QueryRowContext(ctx, `SELECT id, number, status, pending, sensitive, outcome, police_ref, addressee, inspector_id,
		COALESCE((SELECT actor_id FROM case_events e WHERE e.case_id = cases.id AND e.kind = ? ORDER BY e.id DESC LIMIT 1), 0)
		FROM cases WHERE number = ?`, casedesk.KindRefer, number).
		Scan(&id, &c.Number, &c.Status, &c.Pending, &c.Sensitive, &c.Outcome, &c.PoliceRef, &c.Addressee, &c.InspectorID, &c.ReferrerID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, c, ErrNotFound
	}
	return id, c, err
}

// deskPolicy reads the depot's policy for the desk with its errors and
// fails closed: an unreadable confirm-referral setting asks for a second
// supervisor (casedesk.PolicyFromSetting).
func (tx *Tx) deskPolicy(ctx context.Context) casedesk.Policy {
	return casedesk.PolicyFromSetting(tx.setting(ctx, SettingConfirmReferral))
}

// setting reads a setting inside a transaction, or its default.
func (tx *Tx) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return settingDefaults[key], nil
	}
	return v, err
}

// dueAfter is how long a held parcel may wait for a decision. A read
// error is returned; a value that is not a whole number of hours (only a
// hand-edited database has one) counts as the default.
func (tx *Tx) dueAfter(ctx context.Context) (time.Duration, error) {
	v, err := tx.setting(ctx, SettingDueHours)
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", SettingDueHours, err)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		n = defaultDueHours
	}
	return time.Duration(n) * time.Hour, nil
}

// CaseEvents lists a case's decisions and comments, oldest first. Needs
// CapCases; a sensitive case needs CapDecide.
func (s *Store) CaseEvents(ctx context.Context, actor *User, number string) ([]CaseEvent, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.actor_id, e.actor_name, e.at, e.data
		FROM case_events e JOIN cases c ON c.id = e.case_id
		WHERE c.number = ? AND (c.sensitive = 0 OR ?) ORDER BY e.id`, number, casedesk.Visible(actor.Actor(), true))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseEvent
	for rows.Next() {
		var e CaseEvent
		var at string
		var data []byte
		if err := rows.Scan(&e.ID, &e.ActorID, &e.Actor, &at, &data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &e.CaseDecision); err != nil {
			return nil, fmt.Errorf("case %s event %d: %w", number, e.ID, err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CaseHistory is the case's audit trail, oldest first: its own entries,
// its inspection's and its slips'. Needs CapCases (CapDecide if sensitive).
func (s *Store) CaseHistory(ctx context.Context, actor *User, number string) ([]AuditEntry, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	c, err := s.caseWhere(ctx, `c.number = ?`, number)
	if err != nil {
		return nil, err
	}
	if !casedesk.Visible(actor.Actor(), c.Sensitive) {
		return nil, ErrNotFound
	}
	return s.auditQuery(ctx, `WHERE subject IN (?, ?) OR subject IN (SELECT 'slip:' || sl.number FROM slips sl JOIN cases k ON k.id = sl.case_id WHERE k.number = ?) ORDER BY seq`,
		caseSubject(number), inspectionSubject(c.InspectionID), number)
}
