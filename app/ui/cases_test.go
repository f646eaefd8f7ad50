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
	first := s.slip.lastSlip
	// The slip kept at referral is audited by the store, in the
	// transaction that records it (the screen used to write that entry
	// afterwards and drop its error).
	es, _ := h.st.AuditFor(bg, "case:"+number, 100)
	saved := false
	for _, e := range es {
		saved = saved || e.Action == "slip.save" && strings.Contains(e.Detail, "slip="+first.Number)
	}
	if !saved {
		t.Errorf("no slip.save entry for %s: %+v", first.Number, es)
	}
	// Another copy, in Chinese, is the same slip: same number, same code.
	s.slip.lang.SetSelectedIndex(1)
	slip, err := h.u.makeSlip(s, store.SlipOut{}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if slip.Number != first.Number || slip.Payload != first.Payload || slip.Issued || slip.Lang == first.Lang {
		t.Errorf("copy in %s is slip %s (issued %t), the referral's is %s in %s", slip.Lang, slip.Number, slip.Issued, first.Number, first.Lang)
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

	// A correction is explicit: without a reason nothing is issued; with
	// one, a new number replaces the old, and Verify of the old says so.
	test.Tap(h.u.shell.nav[navCases])
	h.u.openCase(s, number)
	test.Tap(s.slip.reissue)
	if s.slip.lastSlip != nil || !strings.Contains(s.slip.message.Text, "Say why") {
		t.Fatalf("re-issue without a reason: %q", s.slip.message.Text)
	}
	test.Type(s.slip.reason, "wrong addressee")
	test.Tap(s.slip.reissue)
	again := s.slip.lastSlip
	if again == nil || again.Number == first.Number || again.Supersedes != first.Number || !strings.Contains(s.slip.message.Text, first.Number) {
		t.Fatalf("re-issue: %+v %q", again, s.slip.message.Text)
	}
	test.Tap(h.u.shell.nav[navVerify])
	v.payload.SetText(first.Payload)
	test.Tap(v.check)
	if want := "replaced by slip " + again.Number; !strings.Contains(v.result.Text, want) {
		t.Errorf("verify of the old slip: %q, want %q", v.result.Text, want)
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
