// Package counter is the inspection counter's flow as a state machine,
// with no Fyne and no SQL: what a scan does, what may be edited, and when
// Clear is allowed. The Inspect screen is a thin view over it.
//
//	Idle ──scan──► Scanned ──edit──► Checking ──clear/hold/refuse/refuse_postal──► Decided (read-only)
//	  ▲               │                  │                              │
//	  └──── next ─────┴──────────────────┴──────────── next ────────────┘
//
// A scan is accepted in every state and always starts the next parcel:
// the open one stays saved as it was. Reopening a parcel from the day's
// list or a repeat-sender link shows it read-only when it is decided.
//
// Clear has guard rails, the policy documented in docs/counter.md: see
// CheckClear.
package counter

import (
	"errors"
	"strings"

	"tusk/app/inspect"
)

// State is where the counter is with the parcel in front of it.
type State int

// The counter's states.
const (
	Idle     State = iota // nothing open: the scan field waits
	Scanned               // a parcel is open, nothing recorded yet
	Checking              // something was recorded on the open parcel
	Decided               // cleared, held, refused or refused under the postal rules: a record, read-only
)

func (s State) String() string {
	switch s {
	case Idle:
		return "idle"
	case Scanned:
		return "scanned"
	case Checking:
		return "checking"
	case Decided:
		return "decided"
	}
	return "unknown"
}

// Errors of the flow; their messages are i18n keys.
var (
	ErrNoParcel    = errors.New("counter.err.no_parcel")    // an edit or a decision with nothing open
	ErrReadOnly    = errors.New("counter.err.read_only")    // the open parcel is decided
	ErrOpenCase    = errors.New("counter.err.open_case")    // Clear on a waybill with an open case
	ErrNeedsReason = errors.New("counter.err.needs_reason") // Clear against a guard, without a reason
	ErrStrict      = errors.New("counter.err.strict")       // Clear against a guard the supervisor made strict
	ErrAction      = errors.New("counter.err.action")       // not clear, hold, refuse or refuse_postal
	// ErrNotPostal: a postal refusal on a parcel the rules do not find a
	// prohibited (non-wildlife) article in.
	ErrNotPostal = errors.New("postal.err.not_postal")
)

// Facts are what is known about a waybill from the moment it is scanned,
// before anyone types: its history, an open case, the courier format.
type Facts struct {
	Waybill string
	Courier string // the courier whose format matched, "" for a generic number
	// FormatProblem is the waybill check's problem code, "" when a format
	// matched (inspect.ErrWaybillFormat, inspect.ErrWaybillCheckDigit).
	FormatProblem string
	// Seen counts the earlier inspections of this waybill; Held counts the
	// ones held or refused.
	Seen, Held int
	// OpenCase is the number of a case on this waybill that is not closed
	// yet, "" when there is none.
	OpenCase string
}

// Machine is the counter's state for the parcel in front of it.
type Machine struct {
	state   State
	facts   Facts
	status  string // the open parcel's status
	pending string // the decision being prepared: hold or refuse, or clear awaiting its reason
}

// State is the current state.
func (m *Machine) State() State { return m.state }

// Facts are the open waybill's facts.
func (m *Machine) Facts() Facts { return m.facts }

// Pending is the decision being prepared, "" when none.
func (m *Machine) Pending() string { return m.pending }

// Editable reports whether the open parcel's fields may change.
func (m *Machine) Editable() bool { return m.state == Scanned || m.state == Checking }

// Scan opens the next parcel, whatever the state: a scan always wins. The
// parcel that was open is left as it was saved.
func (m *Machine) Scan(f Facts) {
	*m = Machine{state: Scanned, facts: f, status: inspect.StatusDraft}
}

// Open shows an inspection found in the day's list or by a link: a draft
// can be worked on, a decided one is read-only. A draft that has anything
// recorded opens in Checking.
func (m *Machine) Open(status string, recorded bool, f Facts) {
	*m = Machine{facts: f, status: status}
	switch {
	case status != inspect.StatusDraft:
		m.state = Decided
	case recorded:
		m.state = Checking
	default:
		m.state = Scanned
	}
}

// Edit records that a field changed. A decided parcel refuses edits.
func (m *Machine) Edit() error {
	switch m.state {
	case Idle:
		return ErrNoParcel
	case Decided:
		return ErrReadOnly
	}
	m.state = Checking
	return nil
}

// Prepare opens the form of a hold or a refusal (or takes it back with
// ""). Clear is prepared by RequestClear, a postal refusal by
// PreparePostal.
func (m *Machine) Prepare(action string) error {
	if err := m.decidable(); err != nil {
		return err
	}
	switch action {
	case "", inspect.ActionHold, inspect.ActionRefuse:
	default:
		return ErrAction
	}
	m.pending = action
	return nil
}

// PostalOffered reports whether the counter offers a refusal under the
// postal rules: the assessment suggests it (a prohibited article that is
// not wildlife). Refuse and refer stays available beside it, for an
// inspector who also sees wildlife signs.
func PostalOffered(a *inspect.Assessment) bool {
	return a != nil && a.Action == inspect.ActionRefusePostal
}

// PreparePostal opens the postal refusal's form, which asks only for the
// reason. It is offered only while the assessment suggests it.
func (m *Machine) PreparePostal(a *inspect.Assessment) error {
	if err := m.decidable(); err != nil {
		return err
	}
	if !PostalOffered(a) {
		return ErrNotPostal
	}
	m.pending = inspect.ActionRefusePostal
	return nil
}

// ConfirmPostal checks the postal refusal's reason and returns it,
// trimmed: a refusal at the counter always says why.
func (m *Machine) ConfirmPostal(reason string) (string, error) {
	if err := m.decidable(); err != nil {
		return "", err
	}
	if m.pending != inspect.ActionRefusePostal {
		return "", ErrNotPostal
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", ErrNeedsReason
	}
	return reason, nil
}

func (m *Machine) decidable() error {
	switch m.state {
	case Idle:
		return ErrNoParcel
	case Decided:
		return ErrReadOnly
	}
	return nil
}

// RequestClear is Clear pressed once. It returns the check: when Allowed
// and no reason is needed the parcel may be cleared now; when a reason is
// needed the clear is pending until ConfirmClear; when not allowed nothing
// changes.
func (m *Machine) RequestClear(c ClearCheck) (ClearCheck, error) {
	if err := m.decidable(); err != nil {
		return c, err
	}
	switch {
	case !c.Allowed:
		m.pending = ""
	case c.NeedsReason():
		m.pending = inspect.ActionClear
	}
	return c, nil
}

// ConfirmClear is the second, deliberate step: Clear against the guards,
// with the reason that goes into the audit trail. It returns the reason
// to record, trimmed.
func (m *Machine) ConfirmClear(c ClearCheck, reason string) (string, error) {
	if err := m.decidable(); err != nil {
		return "", err
	}
	if !c.Allowed {
		if c.Has(GuardOpenCase) {
			return "", ErrOpenCase
		}
		return "", ErrStrict
	}
	reason = strings.TrimSpace(reason)
	if c.NeedsReason() && reason == "" {
		return "", ErrNeedsReason
	}
	return reason, nil
}

// Decided records that the store took the decision.
func (m *Machine) Decided(action string) error {
	if err := m.decidable(); err != nil {
		return err
	}
	status, ok := map[string]string{inspect.ActionClear: inspect.StatusCleared, inspect.ActionHold: inspect.StatusHeld,
		inspect.ActionRefuse: inspect.StatusRefused, inspect.ActionRefusePostal: inspect.StatusRefusedPostal}[action]
	if !ok {
		return ErrAction
	}
	m.state, m.status, m.pending = Decided, status, ""
	return nil
}

// Next goes back to the scan field; the parcel stays as it was saved.
func (m *Machine) Next() { *m = Machine{} }

// Status is the open parcel's status, "" when idle.
func (m *Machine) Status() string { return m.status }
