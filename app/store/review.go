package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// supervisor's confirmation.
	SettingConfirmReferral = "review_confirm_referral"
	// SettingSensitiveAddressee is the referral directory entry slips of
	// sensitive cases go to, instead of the usual local desk.
	SettingSensitiveAddressee = "review_sensitive_addressee"
)

func init() {
	settingDefaults[SettingDueHours] = "24"
	settingDefaults[SettingConfirmReferral] = "0"
	settingDefaults[SettingSensitiveAddressee] = ""
}

// Case decision kinds.
const (
	KindReview        = "review"         // a supervisor takes the case for review
	KindRelease       = "release"        // deliver the parcel after all, with a reason
	KindReturn        = "return"         // refuse delivery, return to the sender
	KindSecondOpening = "second_opening" // open and inspect the parcel again
	KindRefer         = "refer"          // refer to the police (four eyes)
	KindConfirm       = "confirm"        // a second supervisor confirms a referral
	KindHandover      = "handover"       // the police took the parcel
	KindClose         = "close"          // outcome and police reference
	KindSensitive     = "sensitive"      // staff complicity suspected, or no longer
	KindExpertAsk     = "expert_ask"     // photos and findings sent to an expert
	KindExpertAnswer  = "expert_answer"  // the expert's answer
	KindComment       = "comment"        // a note in the case's thread
)

// DecisionKinds lists the decisions a supervisor may take, in the order
// the case view offers them.
var DecisionKinds = []string{KindRelease, KindReturn, KindSecondOpening, KindRefer, KindConfirm, KindHandover, KindClose, KindSensitive, KindExpertAsk, KindExpertAnswer}

// Case outcomes.
const (
	OutcomeSeizure     = "seizure_confirmed"
	OutcomeNotWildlife = "not_wildlife"
	OutcomeNoAction    = "no_action"
)

// Outcomes lists the outcomes a closed case can have.
var Outcomes = []string{OutcomeSeizure, OutcomeNotWildlife, OutcomeNoAction}

// Review errors; codes are i18n keys.
var (
	ErrFourEyes  = &Error{Code: "store.err.four_eyes"}  // the inspector who held a parcel cannot refer it, nor confirm their own referral
	ErrCaseState = &Error{Code: "store.err.case_state"} // the decision does not fit the case's status
)

// CaseDecision is one decision or comment on a case. Which fields count
// depends on Kind; DecideCase names a missing one as a FieldError.
type CaseDecision struct {
	Kind       string    `json:"kind"`
	Reason     string    `json:"reason,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	PoliceRef  string    `json:"police_ref,omitempty"`
	Addressee  string    `json:"addressee,omitempty"` // referral directory entry ID
	Officer    string    `json:"officer,omitempty"`
	Badge      string    `json:"badge,omitempty"`
	Unit       string    `json:"unit,omitempty"`
	HandoverAt time.Time `json:"handover_at,omitzero"` // UTC
	Expert     string    `json:"expert,omitempty"`     // who was asked
	Text       string    `json:"text,omitempty"`       // comment or the expert's answer
	Sensitive  bool      `json:"sensitive,omitempty"`
}

// CaseEvent is a recorded decision or comment.
type CaseEvent struct {
	CaseDecision
	ID      int64
	ActorID int64
	Actor   string
	At      time.Time
}

// check validates d for a case in status st; it returns FieldErrors
// naming the missing fields.
func (d *CaseDecision) check() FieldErrors {
	var errs FieldErrors
	need := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, FieldError{Field: field, Code: "review.err.required"})
		}
	}
	switch d.Kind {
	case KindRelease, KindReturn, KindSecondOpening, KindSensitive:
		need("reason", d.Reason)
	case KindRefer:
		need("addressee", d.Addressee)
	case KindHandover:
		need("officer", d.Officer)
		need("unit", d.Unit)
		if d.HandoverAt.IsZero() {
			errs = append(errs, FieldError{Field: "handover_at", Code: "review.err.time"})
		}
	case KindClose:
		if !slices.Contains(Outcomes, d.Outcome) {
			errs = append(errs, FieldError{Field: "outcome", Code: "review.err.outcome"})
		} else if d.Outcome == OutcomeSeizure {
			need("police_ref", d.PoliceRef)
		}
	case KindExpertAsk:
		need("expert", d.Expert)
	case KindExpertAnswer, KindComment:
		need("text", d.Text)
	case KindReview, KindConfirm:
	default:
		errs = append(errs, FieldError{Field: "kind", Code: "review.err.kind"})
	}
	if d.Kind == KindRelease && d.Outcome != "" && d.Outcome != OutcomeNotWildlife && d.Outcome != OutcomeNoAction {
		errs = append(errs, FieldError{Field: "outcome", Code: "review.err.outcome"})
	}
	return errs
}

// caseState is what DecideCase reads of a case before deciding.
type caseState struct {
	id          int64
	number      string
	status      string
	pending     string
	sensitive   bool
	inspectorID int64
}

// allowedFrom lists the statuses each decision may be taken in.
var allowedFrom = map[string][]string{
	KindReview:        {inspect.CaseOpen},
	KindRelease:       {inspect.CaseOpen, inspect.CaseUnderReview},
	KindReturn:        {inspect.CaseOpen, inspect.CaseUnderReview},
	KindSecondOpening: {inspect.CaseOpen, inspect.CaseUnderReview},
	KindRefer:         {inspect.CaseOpen, inspect.CaseUnderReview},
	KindConfirm:       {inspect.CaseUnderReview},
	KindHandover:      {inspect.CaseReferred},
	KindClose:         {inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred, inspect.CaseHandedOver},
	KindSensitive:     {inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred, inspect.CaseHandedOver},
	KindExpertAsk:     {inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred, inspect.CaseHandedOver},
	KindExpertAnswer:  {inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred, inspect.CaseHandedOver},
}

// DecideCase records a decision or a comment on a case and moves the case
// along its lifecycle, in one transaction with its audit entry. Comments
// need CapCases; decisions need CapDecide, and referral needs four eyes:
// the supervisor who refers did not hold the parcel, and a confirming
// supervisor is neither of the two. Returns the case as it now stands.
func (s *Store) DecideCase(ctx context.Context, actor *User, number string, d CaseDecision) (*inspect.Case, error) {
	need := CapDecide
	if d.Kind == KindComment {
		need = CapCases
	}
	if !actor.Can(need) {
		return nil, ErrForbidden
	}
	d.Reason, d.Text = strings.TrimSpace(d.Reason), strings.TrimSpace(d.Text)
	if errs := d.check(); len(errs) > 0 {
		return nil, errs
	}
	err := s.write(ctx, func(tx *Tx) error {
		c, err := tx.caseState(ctx, actor, number)
		if err != nil {
			return err
		}
		if from, ok := allowedFrom[d.Kind]; ok && !slices.Contains(from, c.status) {
			return errf(ErrCaseState.Code, "%s in %s", d.Kind, c.status)
		}
		now := fmtTime(tx.now)
		set := map[string]any{}
		switch d.Kind {
		case KindReview:
			set["status"] = inspect.CaseUnderReview
		case KindRelease, KindReturn:
			set["status"], set["closed_at"], set["pending"] = inspect.CaseClosed, now, ""
			set["outcome"] = OutcomeNoAction
			if d.Outcome != "" {
				set["outcome"] = d.Outcome
			}
		case KindSecondOpening:
			set["status"], set["pending"] = inspect.CaseUnderReview, KindSecondOpening
		case KindRefer:
			if c.inspectorID == actor.ID {
				return ErrFourEyes
			}
			set["addressee"] = d.Addressee
			if v, _ := tx.setting(ctx, SettingConfirmReferral); v == "1" {
				set["status"], set["pending"] = inspect.CaseUnderReview, "confirm_referral"
			} else {
				set["status"], set["pending"], set["referred_at"] = inspect.CaseReferred, "", now
			}
		case KindConfirm:
			if c.pending != "confirm_referral" {
				return errf(ErrCaseState.Code, "nothing to confirm")
			}
			var referrer int64
			if err := tx.QueryRowContext(ctx, `SELECT actor_id FROM case_events WHERE case_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
				c.id, KindRefer).Scan(&referrer); err != nil {
				return err
			}
			if actor.ID == referrer || actor.ID == c.inspectorID {
				return ErrFourEyes
			}
			set["status"], set["pending"], set["referred_at"] = inspect.CaseReferred, "", now
		case KindHandover:
			set["status"], set["handed_at"] = inspect.CaseHandedOver, fmtTime(d.HandoverAt)
			to := d.Officer + " (" + d.Unit + ")"
			if d.Badge != "" {
				to = d.Officer + " #" + d.Badge + " (" + d.Unit + ")"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO custody(case_id, seq, from_name, to_name, at, seals, note)
				SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, '', ? FROM custody WHERE case_id = ?`,
				c.id, actor.Name, to, fmtTime(d.HandoverAt), d.Reason, c.id); err != nil {
				return err
			}
		case KindClose:
			set["status"], set["closed_at"], set["pending"] = inspect.CaseClosed, now, ""
			set["outcome"], set["police_ref"] = d.Outcome, strings.TrimSpace(d.PoliceRef)
		case KindSensitive:
			set["sensitive"] = d.Sensitive
		case KindExpertAsk:
			set["pending"] = "expert"
		case KindExpertAnswer:
			if c.pending == "expert" {
				set["pending"] = ""
			}
		}
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_events(case_id, kind, actor_id, actor_name, at, data) VALUES (?, ?, ?, ?, ?, ?)`,
			c.id, d.Kind, actor.ID, actor.Name, now, data); err != nil {
			return err
		}
		set["updated_at"] = now
		cols := make([]string, 0, len(set))
		for k := range set {
			cols = append(cols, k)
		}
		slices.Sort(cols)
		args := make([]any, 0, len(cols)+1)
		for i, k := range cols {
			args = append(args, set[k])
			cols[i] = k + " = ?"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET `+strings.Join(cols, ", ")+` WHERE id = ?`, append(args, c.id)...); err != nil {
			return err
		}
		return tx.audit(ctx, actor, "case."+d.Kind, caseSubject(c.number), auditDetail(d))
	})
	if err != nil {
		return nil, err
	}
	return s.caseWhere(ctx, `c.number = ?`, number)
}

// auditDetail is the decision's audit line: its kind-specific fields,
// without comment text or personal data.
func auditDetail(d CaseDecision) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+strconv.Quote(v))
		}
	}
	add("reason", d.Reason)
	add("outcome", d.Outcome)
	add("police_ref", d.PoliceRef)
	add("addressee", d.Addressee)
	add("officer", d.Officer)
	add("unit", d.Unit)
	add("expert", d.Expert)
	if !d.HandoverAt.IsZero() {
		add("handover_at", fmtTime(d.HandoverAt))
	}
	if d.Kind == KindSensitive {
		add("sensitive", strconv.FormatBool(d.Sensitive))
	}
	return strings.Join(parts, " ")
}

// caseState reads a case for a decision; a sensitive case is invisible
// to whoever may not decide.
func (tx *Tx) caseState(ctx context.Context, actor *User, number string) (*caseState, error) {
	var c caseState
	err := tx.QueryRowContext(ctx, `SELECT id, number, status, pending, sensitive, inspector_id FROM cases WHERE number = ?`, number).
		Scan(&c.id, &c.number, &c.status, &c.pending, &c.sensitive, &c.inspectorID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && c.sensitive && !actor.Can(CapDecide)) {
		return nil, ErrNotFound
	}
	return &c, err
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

// dueAfter is how long a held parcel may wait for a decision.
func (tx *Tx) dueAfter(ctx context.Context) time.Duration {
	v, _ := tx.setting(ctx, SettingDueHours)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		n = 24
	}
	return time.Duration(n) * time.Hour
}

// CaseEvents lists a case's decisions and comments, oldest first. Needs
// CapCases; a sensitive case needs CapDecide.
func (s *Store) CaseEvents(ctx context.Context, actor *User, number string) ([]CaseEvent, error) {
	if !actor.Can(CapCases) {
		return nil, ErrForbidden
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.actor_id, e.actor_name, e.at, e.data
		FROM case_events e JOIN cases c ON c.id = e.case_id
		WHERE c.number = ? AND (c.sensitive = 0 OR ?) ORDER BY e.id`, number, actor.Can(CapDecide))
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
	if c.Sensitive && !actor.Can(CapDecide) {
		return nil, ErrNotFound
	}
	return s.auditQuery(ctx, `WHERE subject IN (?, ?) OR subject IN (SELECT 'slip:' || sl.number FROM slips sl JOIN cases k ON k.id = sl.case_id WHERE k.number = ?) ORDER BY seq`,
		caseSubject(number), inspectionSubject(c.InspectionID), number)
}

// DecisionAllowed reports whether a decision fits a case in status st
// waiting for pending, so screens offer only what DecideCase accepts.
func DecisionAllowed(kind, st, pending string) bool {
	switch kind {
	case KindComment:
		return true
	case KindConfirm:
		return pending == "confirm_referral"
	case KindExpertAnswer:
		return pending == "expert"
	}
	return slices.Contains(allowedFrom[kind], st)
}
