package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
)

// row is the button of the queue's i-th case.
func (s *casesScreen) row(i int) *widget.Button {
	return s.list.Objects[i].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.Button)
}

// rowText is what the queue's i-th case says.
func (s *casesScreen) rowText(i int) string { return strings.Join(texts(s.list.Objects[i]), " ") }

// casesAs holds one parcel as the inspector, signs name in and opens the
// review queue.
func (h *harness) casesAs(name string) (*casesScreen, string) {
	h.t.Helper()
	number := h.heldCase()
	h.u.Start()
	h.signIn(name, "246810")
	test.Tap(h.u.shell.nav[navCases])
	return h.u.cases, number
}

// TestCaseReviewedToReferral is a supervisor's whole path through one
// case: find it in the queue, take it for review, comment, refer it (the
// slip is made), record the police handover and close it.
func TestCaseReviewedToReferral(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	if len(s.list.Objects) != 1 || !strings.Contains(s.rowText(0), number) || !strings.Contains(s.rowText(0), "High risk") {
		t.Fatalf("queue: %d rows", len(s.list.Objects))
	}
	// The search narrows the queue, by waybill and by ID number.
	test.Type(s.text, "no such parcel")
	if len(s.list.Objects) != 0 {
		t.Errorf("search for nothing shows %d rows", len(s.list.Objects))
	}
	s.text.SetText("")
	test.Type(s.text, goodNIDA[:8])
	if len(s.list.Objects) != 1 {
		t.Errorf("search by ID number shows %d rows", len(s.list.Objects))
	}
	// A bad date is marked and the list stays.
	test.Type(s.from, "23/11/2026")
	if !s.filterErr.Visible() || !strings.Contains(s.filterErr.Text, "YYYY-MM-DD") || len(s.list.Objects) != 1 {
		t.Errorf("bad date: %q, %d rows", s.filterErr.Text, len(s.list.Objects))
	}
	s.from.SetText("")

	// Enter in the search opens the case found.
	s.text.SetText("TZ300000001")
	s.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v := s.view
	if v == nil || v.cs.Number != number || !h.sees("Juma Hassan") || !h.sees("Cage 1") {
		t.Fatal("case view does not show what the inspector recorded")
	}
	decideUI := func(kind string, fill func(v *caseView)) *caseView {
		t.Helper()
		v := s.view
		b := v.buttons[kind]
		if b == nil {
			t.Fatalf("no %s button in status %s", kind, v.cs.Status)
		}
		test.Tap(b)
		if fill != nil {
			fill(v)
		}
		test.Tap(v.confirm)
		if s.view == v {
			t.Fatalf("%s not taken: %q", kind, v.message.Text)
		}
		return s.view
	}
	v = decideUI(store.KindReview, nil)
	if v.cs.Status != inspect.CaseUnderReview || !strings.Contains(v.banner.Text, "Under review") {
		t.Errorf("after review: %s, %q", v.cs.Status, v.message.Text)
	}
	test.Type(v.comment, "Called the station: X-ray image is clear.")
	test.Tap(v.addComment)
	if !h.sees("Called the station: X-ray image is clear.") {
		t.Error("comment not in the thread")
	}
	// Refer: the slip is made at once and kept in the home folder.
	v = decideUI(store.KindRefer, nil)
	if v.cs.Status != inspect.CaseReferred || s.slip == nil || s.slip.lastSlip == nil {
		t.Fatalf("after referral: %s, slip %v", v.cs.Status, s.slip)
	}
	pdf := filepath.Join(h.u.deps.Home, "slips", s.slip.lastSlip.Number+".pdf")
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("slip file %s: %v", pdf, err)
	}
	// What a case waits for comes from the case, even when the queue's
	// filter (cases waiting for a decision) no longer lists it.
	if _, err := h.st.DecideCase(bg, h.u.User(), number, store.CaseDecision{Kind: store.KindExpertAsk, Expert: "Herbarium"}); err != nil {
		t.Fatal(err)
	}
	h.u.openCase(s, number)
	v = s.view
	if len(s.items) != 0 || v.buttons[store.KindExpertAnswer] == nil {
		t.Fatalf("referred case waiting for an expert: %d queue rows, answer button %v", len(s.items), v.buttons[store.KindExpertAnswer])
	}
	// Handover: a missing unit is marked at its field, nothing changes.
	test.Tap(v.buttons[store.KindHandover])
	test.Type(v.officer, "Insp. Mrisho")
	test.Tap(v.confirm)
	if s.view != v || !v.fields["unit"].Err.Visible() {
		t.Fatal("handover without a unit was taken")
	}
	test.Type(v.unit, "Wildlife Crime Unit")
	test.Type(v.badge, "4411")
	test.Tap(v.confirm)
	v = s.view
	if v.cs.Status != inspect.CaseHandedOver || !h.sees("Insp. Mrisho #4411 (Wildlife Crime Unit)") {
		t.Fatalf("after handover: %s", v.cs.Status)
	}
	v = decideUI(store.KindClose, func(v *caseView) {
		v.outcome.SetSelectedIndex(0) // seizure confirmed
		test.Type(v.police, "WCU/2026/118")
	})
	if v.cs.Status != inspect.CaseClosed || v.cs.Outcome != store.OutcomeSeizure || !h.sees("Seizure confirmed") {
		t.Errorf("after close: %s %s", v.cs.Status, v.cs.Outcome)
	}
	if len(v.buttons) != 0 {
		t.Errorf("a closed case offers %d decisions", len(v.buttons))
	}
	if !h.sees("Taken for review") || !h.sees("Handed over to the police") || h.sees("case.handover") {
		t.Error("history does not say what happened in words")
	}
	if _, err := h.st.VerifyAudit(bg); err != nil {
		t.Error(err)
	}
}

// TestInspectorCannotDecideInUI: an inspector sees the case and may
// comment, but is offered no decision, and the store refuses one anyway.
func TestInspectorCannotDecideInUI(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Neema Mushi")
	if len(s.list.Objects) != 1 {
		t.Fatalf("inspector's queue: %d rows", len(s.list.Objects))
	}
	if s.export != nil {
		t.Error("an inspector is offered the export")
	}
	test.Tap(s.row(0))
	if s.view == nil || len(s.view.buttons) != 0 || s.slip != nil {
		t.Fatal("an inspector is offered decisions")
	}
	for _, kind := range store.DecisionKinds {
		if _, err := h.st.DecideCase(bg, h.u.user, number, store.CaseDecision{Kind: kind, Reason: "r", Addressee: "x"}); !errors.Is(err, store.ErrForbidden) {
			t.Errorf("store let an inspector %s: %v", kind, err)
		}
	}
	test.Type(s.view.comment, "The sender phoned about this parcel.")
	test.Tap(s.view.addComment)
	if !h.sees("The sender phoned about this parcel.") {
		t.Error("inspector's comment not shown")
	}
}

// TestReferralFourEyesInUI: the supervisor who held the parcel is told
// why they cannot refer it.
func TestReferralFourEyesInUI(t *testing.T) {
	h := newHarness(t)
	users := h.withDepot("en")
	sup := users[store.Supervisor]
	in, err := h.st.StartInspection(bg, sup, "TZ300000009", inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.st.SaveDraft(bg, sup, in); err != nil {
		t.Fatal(err)
	}
	c, err := h.st.Decide(bg, sup, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "r", Seals: []string{"S-2"}, Storage: "Cage 2"}, inspect.Assessment{Level: inspect.LevelAmber})
	if err != nil {
		t.Fatal(err)
	}
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navCases])
	h.u.openCase(h.u.cases, c.Number)
	v := h.u.cases.view
	test.Tap(v.buttons[store.KindRefer])
	test.Tap(v.confirm)
	if h.u.cases.view != v || !strings.Contains(v.message.Text, "Four eyes") {
		t.Errorf("self-referral: %q", v.message.Text)
	}
}

// TestSensitiveCaseHiddenInUI: once marked sensitive, the case leaves
// the inspector's queue.
func TestSensitiveCaseHiddenInUI(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	sup, _ := h.st.Users(bg, false)
	var amina *store.User
	for _, u := range sup {
		if u.Name == "Amina Juma" {
			amina = u
		}
	}
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navCases])
	s := h.u.cases
	h.u.openCase(s, number)
	test.Tap(s.view.buttons[store.KindSensitive])
	test.Tap(s.view.confirm)
	if !s.view.fields["reason"].Err.Visible() {
		t.Fatal("sensitive without a reason was taken")
	}
	test.Type(s.view.reason, "Seal numbers reused on two parcels")
	test.Tap(s.view.confirm)
	if !s.view.cs.Sensitive || !strings.Contains(s.rowText(0), "sensitive") {
		t.Fatal("case not marked sensitive")
	}
	if items, _, _ := h.st.Queue(bg, amina, store.QueueFilter{}); len(items) != 1 {
		t.Errorf("supervisor's queue: %d", len(items))
	}
	h.u.Lock()
	h.signIn("Neema Mushi", "246810")
	test.Tap(h.u.shell.nav[navCases])
	if n := len(h.u.cases.list.Objects); n != 0 {
		t.Errorf("inspector sees %d cases", n)
	}
}
