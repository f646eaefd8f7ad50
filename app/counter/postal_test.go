package counter

import (
	"errors"
	"testing"

	"tusk/app/inspect"
)

var powerBank = &inspect.Assessment{Level: inspect.LevelGreen, Action: inspect.ActionRefusePostal, Score: 0,
	Reasons: []inspect.Reason{{RuleID: "prohibited-article"}}}

func TestPostalRefusal(t *testing.T) {
	wb := Facts{Waybill: "SF1400000025"}
	hold := &inspect.Assessment{Level: inspect.LevelAmber, Action: inspect.ActionHold, Score: 50}
	for _, tc := range []struct {
		name    string
		open    func(*Machine)
		a       *inspect.Assessment
		reason  string
		prepErr error
		confErr error
		want    string
	}{
		{"power bank: refused with the reason", func(m *Machine) { m.Scan(wb) }, powerBank, "  lithium power bank  ", nil, nil, "lithium power bank"},
		{"a refusal says why", func(m *Machine) { m.Scan(wb) }, powerBank, "   ", nil, ErrNeedsReason, ""},
		{"not offered when the rules suggest a hold", func(m *Machine) { m.Scan(wb) }, hold, "x", ErrNotPostal, ErrNotPostal, ""},
		{"not offered before any assessment", func(m *Machine) { m.Scan(wb) }, nil, "x", ErrNotPostal, ErrNotPostal, ""},
		{"nothing open", func(m *Machine) {}, powerBank, "x", ErrNoParcel, ErrNoParcel, ""},
		{"a decided parcel is read-only", func(m *Machine) { m.Open(inspect.StatusRefusedPostal, true, wb) }, powerBank, "x", ErrReadOnly, ErrReadOnly, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m Machine
			tc.open(&m)
			if err := m.PreparePostal(tc.a); !errors.Is(err, tc.prepErr) {
				t.Fatalf("PreparePostal: %v, want %v", err, tc.prepErr)
			}
			got, err := m.ConfirmPostal(tc.reason)
			if !errors.Is(err, tc.confErr) || got != tc.want {
				t.Fatalf("ConfirmPostal = %q, %v; want %q, %v", got, err, tc.want, tc.confErr)
			}
			if err != nil {
				return
			}
			if m.Pending() != inspect.ActionRefusePostal {
				t.Errorf("pending %q", m.Pending())
			}
			if err := m.Decided(inspect.ActionRefusePostal); err != nil || m.State() != Decided || m.Status() != inspect.StatusRefusedPostal {
				t.Errorf("decided: %v %v %q", err, m.State(), m.Status())
			}
			if err := m.Edit(); !errors.Is(err, ErrReadOnly) {
				t.Errorf("edit after the refusal: %v", err)
			}
		})
	}
}

func TestPostalOffered(t *testing.T) {
	for _, tc := range []struct {
		a    *inspect.Assessment
		want bool
	}{
		{nil, false},
		{&inspect.Assessment{Action: inspect.ActionClear}, false},
		{&inspect.Assessment{Action: inspect.ActionRefuse}, false},
		{powerBank, true},
	} {
		if got := PostalOffered(tc.a); got != tc.want {
			t.Errorf("PostalOffered(%+v) = %v", tc.a, got)
		}
	}
}

// Refuse and refer stays prepared as before while a postal refusal is
// offered: the inspector may see wildlife signs the rules did not.
func TestRefuseAndReferStaysBesidePostal(t *testing.T) {
	var m Machine
	m.Scan(Facts{Waybill: "A"})
	if err := m.PreparePostal(powerBank); err != nil {
		t.Fatal(err)
	}
	if err := m.Prepare(inspect.ActionRefuse); err != nil || m.Pending() != inspect.ActionRefuse {
		t.Fatalf("refuse and refer: %v, pending %q", err, m.Pending())
	}
	if _, err := m.ConfirmPostal("x"); !errors.Is(err, ErrNotPostal) {
		t.Errorf("postal confirmed after switching to refuse and refer: %v", err)
	}
	if err := m.Decided(inspect.ActionRefuse); err != nil || m.Status() != inspect.StatusRefused {
		t.Errorf("decided: %v %q", err, m.Status())
	}
}

func TestPostalGuardAndTriage(t *testing.T) {
	c := CheckClear(parcel("", sender(goodNIDA)), powerBank, Facts{}, Policy{}, now)
	if !c.Allowed || !c.Has(GuardSuggestPostal) || !c.NeedsReason() {
		t.Errorf("clear of a power bank: %+v", c)
	}
	if c := CheckClear(parcel("", sender(goodNIDA)), powerBank, Facts{}, Policy{Strict: true}, now); c.Allowed {
		t.Errorf("strict clear of a power bank: %+v", c)
	}
	tr := TriageOf(powerBank, c, Facts{})
	if tr.Action != inspect.ActionRefusePostal || tr.Level != inspect.LevelAmber {
		t.Errorf("triage %+v", tr)
	}
}
