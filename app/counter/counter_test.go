package counter

import (
	"errors"
	"testing"
	"time"

	"tusk/app/inspect"
)

// A well-formed Tanzanian NIDA number, and one with month 13.
const (
	goodNIDA = "19850315123450000125"
	badNIDA  = "19851345123450000125"
)

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// step is one event on the machine.
type step struct {
	do   func(m *Machine) error
	want State
	err  error
}

func scan(f Facts) func(*Machine) error { return func(m *Machine) error { m.Scan(f); return nil } }
func edit(m *Machine) error             { return m.Edit() }
func next(m *Machine) error             { m.Next(); return nil }
func decided(a string) func(*Machine) error {
	return func(m *Machine) error { return m.Decided(a) }
}
func prepare(a string) func(*Machine) error { return func(m *Machine) error { return m.Prepare(a) } }
func open(status string, recorded bool) func(*Machine) error {
	return func(m *Machine) error { m.Open(status, recorded, Facts{Waybill: "X"}); return nil }
}

func TestMachine(t *testing.T) {
	wb := Facts{Waybill: "SF1400000025"}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"scan, edit, clear, next", []step{{scan(wb), Scanned, nil}, {edit, Checking, nil}, {decided(inspect.ActionClear), Decided, nil}, {next, Idle, nil}}},
		{"nothing to edit when idle", []step{{edit, Idle, ErrNoParcel}}},
		{"nothing to decide when idle", []step{{decided(inspect.ActionClear), Idle, ErrNoParcel}, {prepare(inspect.ActionHold), Idle, ErrNoParcel}}},
		{"decided is read-only", []step{{scan(wb), Scanned, nil}, {decided(inspect.ActionHold), Decided, nil}, {edit, Decided, ErrReadOnly},
			{decided(inspect.ActionClear), Decided, ErrReadOnly}, {prepare(inspect.ActionRefuse), Decided, ErrReadOnly}}},
		{"a scan starts the next parcel from a decided one", []step{{scan(wb), Scanned, nil}, {decided(inspect.ActionClear), Decided, nil}, {scan(wb), Scanned, nil}, {edit, Checking, nil}}},
		{"a scan starts the next parcel while checking", []step{{scan(wb), Scanned, nil}, {edit, Checking, nil}, {scan(wb), Scanned, nil}}},
		{"a scan drops a prepared hold", []step{{scan(wb), Scanned, nil}, {prepare(inspect.ActionHold), Scanned, nil}, {scan(wb), Scanned, nil}}},
		{"hold straight after the scan", []step{{scan(wb), Scanned, nil}, {prepare(inspect.ActionHold), Scanned, nil}, {decided(inspect.ActionHold), Decided, nil}}},
		{"refuse", []step{{scan(wb), Scanned, nil}, {edit, Checking, nil}, {prepare(inspect.ActionRefuse), Checking, nil}, {decided(inspect.ActionRefuse), Decided, nil}}},
		{"no such action", []step{{scan(wb), Scanned, nil}, {prepare("burn"), Scanned, ErrAction}, {decided("burn"), Scanned, ErrAction}}},
		{"reopen a held parcel: read-only", []step{{open(inspect.StatusHeld, true), Decided, nil}, {edit, Decided, ErrReadOnly}}},
		{"reopen a draft with answers", []step{{open(inspect.StatusDraft, true), Checking, nil}, {edit, Checking, nil}}},
		{"reopen an empty draft", []step{{open(inspect.StatusDraft, false), Scanned, nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m Machine
			for i, s := range tc.steps {
				err := s.do(&m)
				if !errors.Is(err, s.err) {
					t.Fatalf("step %d: err %v, want %v", i, err, s.err)
				}
				if m.State() != s.want {
					t.Fatalf("step %d: state %v, want %v", i, m.State(), s.want)
				}
			}
		})
	}
}

func TestScanKeepsFactsAndDropsPending(t *testing.T) {
	var m Machine
	m.Scan(Facts{Waybill: "A1"})
	m.Prepare(inspect.ActionHold)
	m.Scan(Facts{Waybill: "B2", OpenCase: "C-2026-0001"})
	if m.Pending() != "" || m.Facts().Waybill != "B2" || m.Facts().OpenCase != "C-2026-0001" || !m.Editable() || m.Status() != inspect.StatusDraft {
		t.Errorf("after the second scan: %+v", m)
	}
}

func parcel(stage string, parties ...inspect.Party) *inspect.Inspection {
	return &inspect.Inspection{Parcel: inspect.Parcel{Waybill: "SF1400000025", Stage: stage}, Parties: parties}
}

func sender(number string) inspect.Party {
	p := inspect.Party{Role: inspect.RoleSender, Name: "Juma Hassan"}
	if number != "" {
		p.ID = &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: number}
	}
	return p
}

func TestCheckClear(t *testing.T) {
	green := &inspect.Assessment{Level: inspect.LevelGreen, Action: inspect.ActionClear}
	hold := &inspect.Assessment{Level: inspect.LevelAmber, Action: inspect.ActionHold, Score: 50}
	refuse := &inspect.Assessment{Level: inspect.LevelRed, Action: inspect.ActionRefuse, Score: 90}
	agentNoID := inspect.Party{Role: inspect.RoleAgent, Name: "Agent"}
	refused := sender(goodNIDA)
	refused.RefusedID = true
	open := Facts{OpenCase: "C-2026-0007"}
	for _, tc := range []struct {
		name    string
		in      *inspect.Inspection
		a       *inspect.Assessment
		f       Facts
		p       Policy
		allowed bool
		guards  []Guard
	}{
		{"clean parcel: one step", parcel("", sender(goodNIDA)), green, Facts{}, Policy{}, true, nil},
		{"right after the scan: no ID", parcel(inspect.StageAcceptance), nil, Facts{}, Policy{}, true, []Guard{GuardIDMissing}},
		{"sender without ID", parcel(inspect.StageAcceptance, sender("")), green, Facts{}, Policy{}, true, []Guard{GuardIDMissing}},
		{"sender refused to show the ID", parcel(inspect.StageAcceptance, refused), green, Facts{}, Policy{}, true, []Guard{GuardIDMissing}},
		{"agent without ID", parcel("", sender(goodNIDA), agentNoID), green, Facts{}, Policy{}, true, []Guard{GuardIDMissing}},
		{"wrong check digit", parcel("", sender(badNIDA)), green, Facts{}, Policy{}, true, []Guard{GuardIDInvalid}},
		{"no real-name rules at the X-ray", parcel(inspect.StageXray), green, Facts{}, Policy{}, true, nil},
		{"stages set by the depot", parcel(inspect.StageXray), green, Facts{}, Policy{RealNameStages: []string{inspect.StageXray}}, true, []Guard{GuardIDMissing}},
		{"suggested hold", parcel("", sender(goodNIDA)), hold, Facts{}, Policy{}, true, []Guard{GuardSuggestHold}},
		{"suggested refuse", parcel("", sender(goodNIDA)), refuse, Facts{}, Policy{}, true, []Guard{GuardSuggestRefuse}},
		{"both", parcel(""), hold, Facts{}, Policy{}, true, []Guard{GuardIDMissing, GuardSuggestHold}},
		{"strict: no ID blocks", parcel(""), green, Facts{}, Policy{Strict: true}, false, []Guard{GuardIDMissing}},
		{"strict: suggestion blocks", parcel("", sender(goodNIDA)), refuse, Facts{}, Policy{Strict: true}, false, []Guard{GuardSuggestRefuse}},
		{"strict: clean parcel still one step", parcel("", sender(goodNIDA)), green, Facts{}, Policy{Strict: true}, true, nil},
		{"open case: never at the counter", parcel("", sender(goodNIDA)), green, open, Policy{}, false, []Guard{GuardOpenCase}},
		{"open case and more", parcel(""), hold, open, Policy{}, false, []Guard{GuardOpenCase, GuardIDMissing, GuardSuggestHold}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CheckClear(tc.in, tc.a, tc.f, tc.p, now)
			if c.Allowed != tc.allowed || len(c.Guards) != len(tc.guards) {
				t.Fatalf("got %+v, want allowed=%v guards=%v", c, tc.allowed, tc.guards)
			}
			for i := range tc.guards {
				if c.Guards[i] != tc.guards[i] {
					t.Fatalf("got %+v, want guards %v", c.Guards, tc.guards)
				}
			}
			if c.NeedsReason() != (tc.allowed && len(tc.guards) > 0) {
				t.Errorf("NeedsReason %v", c.NeedsReason())
			}
		})
	}
}

func TestClearSteps(t *testing.T) {
	clean := ClearCheck{Allowed: true}
	guarded := ClearCheck{Allowed: true, Guards: []Guard{GuardSuggestHold}}
	blocked := ClearCheck{Allowed: false, Guards: []Guard{GuardOpenCase}}
	strict := ClearCheck{Allowed: false, Guards: []Guard{GuardIDMissing}}
	for _, tc := range []struct {
		name    string
		c       ClearCheck
		reason  string
		pending string
		want    string
		err     error
	}{
		{"clean: one step", clean, "", "", "", nil},
		{"guarded: the first press only asks", guarded, "", inspect.ActionClear, "", ErrNeedsReason},
		{"guarded: with a reason", guarded, "  sender known, shown ID at desk  ", inspect.ActionClear, "sender known, shown ID at desk", nil},
		{"open case: never", blocked, "my reason", "", "", ErrOpenCase},
		{"strict: never", strict, "my reason", "", "", ErrStrict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m Machine
			m.Scan(Facts{Waybill: "A"})
			if _, err := m.RequestClear(tc.c); err != nil {
				t.Fatal(err)
			}
			if m.Pending() != tc.pending {
				t.Errorf("pending %q, want %q", m.Pending(), tc.pending)
			}
			got, err := m.ConfirmClear(tc.c, tc.reason)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Errorf("ConfirmClear = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
	var m Machine
	if _, err := m.RequestClear(clean); !errors.Is(err, ErrNoParcel) {
		t.Errorf("clear with nothing open: %v", err)
	}
	m.Open(inspect.StatusHeld, true, Facts{})
	if _, err := m.ConfirmClear(clean, "x"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("clear of a held parcel: %v", err)
	}
}

func TestTriage(t *testing.T) {
	green := &inspect.Assessment{Level: inspect.LevelGreen, Action: inspect.ActionClear}
	greenWithReason := &inspect.Assessment{Level: inspect.LevelGreen, Action: inspect.ActionClear, Score: 20,
		Reasons: []inspect.Reason{{RuleID: "id-format-invalid", Weight: 20}}}
	red := &inspect.Assessment{Level: inspect.LevelRed, Action: inspect.ActionRefuse, Score: 90, Reasons: []inspect.Reason{{RuleID: "x", Weight: 90}}}
	idMissing := ClearCheck{Allowed: true, Guards: []Guard{GuardIDMissing}}
	for _, tc := range []struct {
		name    string
		a       *inspect.Assessment
		c       ClearCheck
		f       Facts
		level   string
		action  string
		missing int
	}{
		{"at the scan: says the ID is missing, not score 0", nil, idMissing, Facts{}, inspect.LevelAmber, SuggestCheck, 1},
		{"nothing known at the X-ray", nil, ClearCheck{Allowed: true}, Facts{}, inspect.LevelGrey, "", 0},
		{"clean", green, ClearCheck{Allowed: true}, Facts{}, inspect.LevelGreen, inspect.ActionClear, 0},
		{"a failed check is never green", greenWithReason, ClearCheck{Allowed: true, Guards: []Guard{GuardIDInvalid}}, Facts{}, inspect.LevelAmber, SuggestCheck, 1},
		{"a reason alone is never green", greenWithReason, ClearCheck{Allowed: true}, Facts{}, inspect.LevelAmber, SuggestCheck, 0},
		{"held before", green, ClearCheck{Allowed: true}, Facts{Seen: 1, Held: 1}, inspect.LevelAmber, SuggestCheck, 0},
		{"seen before, cleared", green, ClearCheck{Allowed: true}, Facts{Seen: 1}, inspect.LevelGreen, inspect.ActionClear, 0},
		{"unknown format", green, ClearCheck{Allowed: true}, Facts{FormatProblem: inspect.ErrWaybillFormat}, inspect.LevelAmber, SuggestCheck, 0},
		{"open case", nil, ClearCheck{Guards: []Guard{GuardOpenCase}}, Facts{OpenCase: "C-1"}, inspect.LevelAmber, SuggestCheck, 1},
		{"red stays red", red, idMissing, Facts{}, inspect.LevelRed, inspect.ActionRefuse, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := TriageOf(tc.a, tc.c, tc.f)
			if tr.Level != tc.level || tr.Action != tc.action || len(tr.Missing) != tc.missing {
				t.Errorf("got %+v, want level %s action %q missing %d", tr, tc.level, tc.action, tc.missing)
			}
		})
	}
}
