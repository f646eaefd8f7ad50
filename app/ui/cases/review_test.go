package cases

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/inspect"
	"tusk/app/store"
)

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
	pdf := filepath.Join(h.home, "slips", s.slip.lastSlip.Number+".pdf")
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("slip file %s: %v", pdf, err)
	}
	// What a case waits for comes from the case, even when the queue's
	// filter (cases waiting for a decision) no longer lists it.
	if _, err := h.st.DecideCase(bg, h.user, number, store.CaseDecision{Kind: store.KindExpertAsk, Expert: "Herbarium"}); err != nil {
		t.Fatal(err)
	}
	s.openCase(number)
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
		if _, err := h.st.DecideCase(bg, h.user, number, store.CaseDecision{Kind: kind, Reason: "r", Addressee: "x"}); !errors.Is(err, store.ErrForbidden) {
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
	sup := h.users["Amina Juma"]
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
	s := h.open("Amina Juma")
	s.openCase(c.Number)
	v := s.view
	test.Tap(v.buttons[store.KindRefer])
	test.Tap(v.confirm)
	if s.view != v || !strings.Contains(v.message.Text, "Four eyes") {
		t.Errorf("self-referral: %q", v.message.Text)
	}
}

// TestSensitiveCaseHiddenInUI: once marked sensitive, the case leaves
// the inspector's queue.
func TestSensitiveCaseHiddenInUI(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	amina := h.users["Amina Juma"]
	s := h.open("Amina Juma")
	s.openCase(number)
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
	h.open("Neema Mushi")
	if n := len(s.list.Objects); n != 0 {
		t.Errorf("inspector sees %d cases", n)
	}
}

// TestCaseViewLeavesOutEmptyValues: what the inspector did not record is
// left out of the case view, not shown as "0.00 kg" or "From  to ".
func TestCaseViewLeavesOutEmptyValues(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	s.openCase(number)
	for _, bad := range []string{"0.00 kg", "From ", "Declared: "} {
		if h.sees(bad) {
			t.Errorf("the case view shows %q", bad)
		}
	}
	if !h.sees("Pangolin scales") {
		t.Error("the finding is not shown")
	}
}

// TestEnterOpensTypedCaseNumber: a case number typed in the search and
// Enter opens that case, though the queue (waiting for a decision) does
// not list it any more.
func TestEnterOpensTypedCaseNumber(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	if _, err := h.st.DecideCase(bg, h.users["Amina Juma"], number, store.CaseDecision{Kind: store.KindRelease, Reason: "herbal tea", Outcome: store.OutcomeNotWildlife}); err != nil {
		t.Fatal(err)
	}
	s := h.open("Amina Juma")
	test.Type(s.text, strings.ToLower(number))
	s.text.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(s.items) != 0 || s.view == nil || s.view.cs.Number != number {
		t.Fatalf("Enter on %s: %d rows, view %v", number, len(s.items), s.view != nil)
	}
}
