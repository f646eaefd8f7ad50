// Package casedesk is the supervisor's desk as rules, with no Fyne and no
// SQL: a held parcel's case, the decisions taken on it, what it waits for,
// and the four-eyes rules on a referral to the police. Decide is pure: it
// takes the case as it stands, who acts, the decision and the depot's
// policy, and returns the change to persist, or a coded error. The store
// loads the case, asks Decide, and writes the change together with its
// audit entry in one transaction; the case view asks Allowed which
// decisions to offer.
//
//	open ──review──► under_review ──refer──► referred ──handover──► handed_over
//	  │                │    ▲  │                │                       │
//	  │                │    └──┘ refer, awaiting a second supervisor     │
//	  │                │         (pending confirm_referral) ──confirm──► referred
//	  └── release / return / close ─────────────┴── close ──────────────┴──► closed (final)
//
// Comments are taken in every status, closed included, and change nothing
// but the case's thread. Nothing leads out of closed.
package casedesk

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"tusk/app/access"
	"tusk/app/inspect"
)

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
// the case view offers them (after KindReview).
var DecisionKinds = []string{KindRelease, KindReturn, KindSecondOpening, KindRefer, KindConfirm, KindHandover, KindClose, KindSensitive, KindExpertAsk, KindExpertAnswer}

// Kinds lists every kind of entry in a case's thread.
var Kinds = append(append([]string{KindReview}, DecisionKinds...), KindComment)

// Case outcomes.
const (
	OutcomeSeizure     = "seizure_confirmed"
	OutcomeNotWildlife = "not_wildlife"
	OutcomeNoAction    = "no_action"
)

// Outcomes lists the outcomes a closed case can have.
var Outcomes = []string{OutcomeSeizure, OutcomeNotWildlife, OutcomeNoAction}

// Pending states: what an open case waits for besides a decision.
const (
	PendingNone            = ""
	PendingSecondOpening   = "second_opening"   // the parcel is to be opened again
	PendingExpert          = "expert"           // an expert was asked and has not answered
	PendingConfirmReferral = "confirm_referral" // a referral awaits a second supervisor
)

// PendingStates lists every pending state, PendingNone first.
var PendingStates = []string{PendingNone, PendingSecondOpening, PendingExpert, PendingConfirmReferral}

// Statuses are the case statuses, in their usual order.
var Statuses = inspect.CaseStatuses

// live are the statuses in which a case is still being worked on.
var live = []string{inspect.CaseOpen, inspect.CaseUnderReview, inspect.CaseReferred, inspect.CaseHandedOver}

// allowedFrom lists the statuses each decision may be taken in. A kind
// missing here (a comment) is taken in every status.
var allowedFrom = map[string][]string{
	KindReview:        {inspect.CaseOpen},
	KindRelease:       {inspect.CaseOpen, inspect.CaseUnderReview},
	KindReturn:        {inspect.CaseOpen, inspect.CaseUnderReview},
	KindSecondOpening: {inspect.CaseOpen, inspect.CaseUnderReview},
	KindRefer:         {inspect.CaseOpen, inspect.CaseUnderReview},
	KindConfirm:       {inspect.CaseUnderReview},
	KindHandover:      {inspect.CaseReferred},
	KindClose:         live,
	KindSensitive:     live,
	KindExpertAsk:     live,
	KindExpertAnswer:  live,
}

// needsPending lists the decisions that answer a pending state.
var needsPending = map[string]string{
	KindConfirm:      PendingConfirmReferral,
	KindExpertAnswer: PendingExpert,
}

// Allowed reports whether a decision of this kind fits a case in status
// st waiting for pending. Decide refuses exactly what Allowed refuses
// (with ErrCaseState), so screens offer only what the store accepts.
func Allowed(kind, st, pending string) bool {
	if p, ok := needsPending[kind]; ok && p != pending {
		return false
	}
	from, ok := allowedFrom[kind]
	if !ok {
		return kind == KindComment
	}
	return slices.Contains(from, st)
}

// Need is the capability a kind of entry needs: a comment needs to see
// cases, everything else to decide.
func Need(kind string) access.Capability {
	if kind == KindComment {
		return access.CapCases
	}
	return access.CapDecide
}

// Visible reports whether a may see a case at all: a sensitive case
// (staff complicity suspected) is hidden from whoever may not decide.
func Visible(a access.Actor, sensitive bool) bool {
	return a.Can(access.CapCases) && (!sensitive || a.Can(access.CapDecide))
}

// Decision is one decision or comment on a case. Which fields count
// depends on Kind; Check names a missing one as a field error.
type Decision struct {
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

// Case is what Decide needs to know of a case.
type Case struct {
	Number      string
	Status      string
	Pending     string
	Sensitive   bool
	Outcome     string
	PoliceRef   string
	Addressee   string // the referral directory entry the slip goes to
	InspectorID int64  // who held the parcel at the counter
	ReferrerID  int64  // who last referred it; 0 when nobody did
}

// Policy is the depot's setting for the desk.
type Policy struct {
	// ConfirmReferral makes a referral wait for a second supervisor.
	ConfirmReferral bool
	// Unreadable: the setting could not be read or made no sense, so the
	// policy fell back to its strict side. The referral's audit entry
	// says so.
	Unreadable bool
}

// PolicyFromSetting turns the confirm-referral setting, as read with its
// error, into the policy. It fails closed: a read error or any value but
// "0" and "1" makes every referral wait for a second supervisor.
func PolicyFromSetting(confirm string, readErr error) Policy {
	switch {
	case readErr != nil:
		return Policy{ConfirmReferral: true, Unreadable: true}
	case confirm == "1":
		return Policy{ConfirmReferral: true}
	case confirm == "0":
		return Policy{}
	}
	return Policy{ConfirmReferral: true, Unreadable: true}
}

// Handover is a link to add to the chain of custody.
type Handover struct {
	From, To string
	At       time.Time // UTC
	Note     string
}

// Audit is the audit entry a decision writes under the case's subject.
type Audit struct {
	Action string // case.<kind>
	Detail string // the kind's fields, without comment text or personal data
}

// Change is what a decision does to a case: the store persists all of it,
// or none, in one transaction.
type Change struct {
	Case     Case      // the case as it stands after the decision
	Event    Decision  // the decision as it goes into the case's thread, trimmed
	Closed   bool      // the case closed now: stamp closed_at
	Referred bool      // the case went to the police now: stamp referred_at
	HandedAt time.Time // when the police took the parcel; zero when not now
	Custody  *Handover // the hand-over to add to the chain of custody, or nil
	Audit    Audit
}

// Refusals; their messages are i18n keys, the store's codes that the UI
// already translates. Decide wraps them with a detail for logs: match
// them with errors.Is.
var (
	ErrForbidden = errors.New("store.err.forbidden")  // the actor's role may not take this decision
	ErrNotFound  = errors.New("store.err.not_found")  // a sensitive case, to whoever may not decide
	ErrFourEyes  = errors.New("store.err.four_eyes")  // the inspector who held a parcel cannot refer it, nor confirm their own referral
	ErrCaseState = errors.New("store.err.case_state") // the decision does not fit the case's status or what it waits for
)

// Refusals lists the refusals Decide returns besides FieldErrors.
var Refusals = []error{ErrForbidden, ErrNotFound, ErrFourEyes, ErrCaseState}

func refuse(err error, detail string) error { return fmt.Errorf("%w: %s", err, detail) }

// FieldErrors are the missing or wrong fields of a decision, in form
// order; each Code is an i18n key.
type FieldErrors []inspect.FieldError

func (es FieldErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

// Check is what can be said of a decision before the case is read: the
// actor's capability, then the decision's fields. It returns the decision
// trimmed, or ErrForbidden or FieldErrors.
func Check(a access.Actor, d Decision) (Decision, error) {
	if !a.Can(Need(d.Kind)) {
		return d, ErrForbidden
	}
	for _, s := range []*string{&d.Reason, &d.Outcome, &d.PoliceRef, &d.Addressee, &d.Officer, &d.Badge, &d.Unit, &d.Expert, &d.Text} {
		*s = strings.TrimSpace(*s)
	}
	if errs := d.fieldErrors(); len(errs) > 0 {
		return d, errs
	}
	return d, nil
}

func (d *Decision) fieldErrors() FieldErrors {
	var errs FieldErrors
	add := func(field, code string) { errs = append(errs, inspect.FieldError{Field: field, Code: code}) }
	need := func(field, v string) {
		if v == "" {
			add(field, "review.err.required")
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
			add("handover_at", "review.err.time")
		}
	case KindClose:
		if !slices.Contains(Outcomes, d.Outcome) {
			add("outcome", "review.err.outcome")
		} else if d.Outcome == OutcomeSeizure {
			need("police_ref", d.PoliceRef)
		}
	case KindExpertAsk:
		need("expert", d.Expert)
	case KindExpertAnswer, KindComment:
		need("text", d.Text)
	case KindReview, KindConfirm:
	default:
		add("kind", "review.err.kind")
	}
	// Delivering or returning the parcel is never a seizure: that takes a
	// close with the police reference.
	if (d.Kind == KindRelease || d.Kind == KindReturn) && d.Outcome != "" && d.Outcome != OutcomeNotWildlife && d.Outcome != OutcomeNoAction {
		add("outcome", "review.err.outcome")
	}
	return errs
}

// Decide takes decision d by actor a on case c under policy p. It returns
// the change to persist, or the refusal: ErrForbidden, FieldErrors,
// ErrNotFound (a sensitive case the actor may not see), ErrCaseState (the
// decision does not fit the case), or ErrFourEyes.
func Decide(c Case, a access.Actor, d Decision, p Policy) (Change, error) {
	d, err := Check(a, d)
	if err != nil {
		return Change{}, err
	}
	if !Visible(a, c.Sensitive) {
		return Change{}, ErrNotFound
	}
	if !Allowed(d.Kind, c.Status, c.Pending) {
		return Change{}, refuse(ErrCaseState, d.Kind+" in "+c.Status+waiting(c.Pending))
	}
	ch := Change{Case: c, Event: d}
	next := &ch.Case
	closeWith := func(outcome, ref string) {
		next.Status, next.Pending, next.Outcome, next.PoliceRef = inspect.CaseClosed, PendingNone, outcome, ref
		ch.Closed = true
	}
	switch d.Kind {
	case KindReview:
		next.Status = inspect.CaseUnderReview
	case KindRelease, KindReturn:
		outcome := d.Outcome
		if outcome == "" {
			outcome = OutcomeNoAction
		}
		closeWith(outcome, c.PoliceRef)
	case KindSecondOpening:
		next.Status, next.Pending = inspect.CaseUnderReview, PendingSecondOpening
	case KindRefer:
		if a.ID == c.InspectorID {
			return Change{}, refuse(ErrFourEyes, "the inspector who held the parcel refers it")
		}
		next.Addressee, next.ReferrerID = d.Addressee, a.ID
		if p.ConfirmReferral {
			next.Status, next.Pending = inspect.CaseUnderReview, PendingConfirmReferral
		} else {
			next.Status, next.Pending = inspect.CaseReferred, PendingNone
			ch.Referred = true
		}
	case KindConfirm:
		switch {
		case c.ReferrerID == 0:
			// Nobody known referred it: four eyes cannot be shown, so no.
			return Change{}, refuse(ErrFourEyes, "the referral's author is unknown")
		case a.ID == c.ReferrerID:
			return Change{}, refuse(ErrFourEyes, "the referrer confirms their own referral")
		case a.ID == c.InspectorID:
			return Change{}, refuse(ErrFourEyes, "the inspector who held the parcel confirms its referral")
		}
		next.Status, next.Pending = inspect.CaseReferred, PendingNone
		ch.Referred = true
	case KindHandover:
		next.Status = inspect.CaseHandedOver
		ch.HandedAt = d.HandoverAt.UTC()
		to := d.Officer + " (" + d.Unit + ")"
		if d.Badge != "" {
			to = d.Officer + " #" + d.Badge + " (" + d.Unit + ")"
		}
		ch.Custody = &Handover{From: a.Name, To: to, At: ch.HandedAt, Note: d.Reason}
	case KindClose:
		closeWith(d.Outcome, d.PoliceRef)
	case KindSensitive:
		next.Sensitive = d.Sensitive
	case KindExpertAsk:
		next.Pending = PendingExpert
	case KindExpertAnswer:
		next.Pending = PendingNone
	}
	ch.Audit = Audit{Action: "case." + d.Kind, Detail: auditDetail(d, p)}
	return ch, nil
}

func waiting(pending string) string {
	if pending == "" {
		return ""
	}
	return ", waiting for " + pending
}

// TimeFormat is how the audit trail writes a time (UTC, milliseconds), as
// the store does.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// auditDetail is the decision's audit line: its kind-specific fields,
// without comment text or personal data. A referral under a policy that
// could not be read says so.
func auditDetail(d Decision, p Policy) string {
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
		add("handover_at", d.HandoverAt.UTC().Format(TimeFormat))
	}
	if d.Kind == KindSensitive {
		add("sensitive", strconv.FormatBool(d.Sensitive))
	}
	if d.Kind == KindRefer && p.Unreadable {
		add("confirm_policy", "unreadable")
	}
	return strings.Join(parts, " ")
}
