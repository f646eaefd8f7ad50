package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/app/inspect"
	"tusk/app/store"
)

// heldCase holds one parcel as the inspector and returns its case number.
func (h *harness) heldCase() string {
	h.t.Helper()
	users := h.withDepot("en")
	insp := users[store.Inspector]
	in, err := h.st.StartInspection(bg, insp, "TZ300000001", inspect.StageAcceptance)
	if err != nil {
		h.t.Fatal(err)
	}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: goodNIDA}}}
	in.Findings = []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, WeightKg: 1.2}}
	if err := h.st.SaveDraft(bg, insp, in); err != nil {
		h.t.Fatal(err)
	}
	c, err := h.st.Decide(bg, insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "scales on X-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
		inspect.Assessment{Level: inspect.LevelRed, Score: 80})
	if err != nil {
		h.t.Fatal(err)
	}
	return c.Number
}

func TestSupervisorMakesSlipThatVerifies(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	if len(s.list.Objects) != 1 || !strings.Contains(h.u.cases.count.Text, "1") {
		t.Fatalf("case list: %d rows, %q", len(s.list.Objects), s.count.Text)
	}
	h.u.openCase(s, number)
	if s.slip != nil {
		t.Fatal("slip form before the case is referred")
	}
	test.Tap(s.view.buttons[store.KindRefer])
	test.Tap(s.view.confirm)
	if s.slip == nil || s.slip.lastSlip == nil {
		t.Fatalf("referral made no slip: %q", s.view.message.Text)
	}
	slip, err := h.u.makeSlip(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(slip.PDF) < 1000 || !strings.HasPrefix(string(slip.PDF), "%PDF") || slip.QRVersion > 12 {
		t.Errorf("slip: %d bytes, QR version %d", len(slip.PDF), slip.QRVersion)
	}
	// The police desk's side: the Verify screen.
	test.Tap(h.u.shell.nav[navVerify])
	v := h.u.verify
	test.Type(v.payload, slip.Payload)
	test.Tap(v.check)
	if !v.valid || !strings.Contains(v.result.Text, number) {
		t.Fatalf("valid payload refused: %q", v.result.Text)
	}
	// Any one character changed fails.
	tampered := []byte(slip.Payload)
	i := len(tampered) / 2
	if tampered[i] == 'A' {
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}
	v.payload.SetText(string(tampered))
	test.Tap(v.check)
	if v.valid || !strings.HasPrefix(v.result.Text, "Not valid") {
		t.Errorf("tampered payload: %q", v.result.Text)
	}
}

func TestInspectorCannotMakeSlips(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Neema Mushi")
	h.u.openCase(s, number)
	if h.u.cases.slip != nil {
		t.Error("an inspector sees the slip form")
	}
}
