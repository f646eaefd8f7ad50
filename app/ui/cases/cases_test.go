package cases

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/store"
	"tusk/i18n"
)

func TestSupervisorMakesSlipThatVerifies(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	if len(s.list.Objects) != 1 || !strings.Contains(s.count.Text, "1") {
		t.Fatalf("case list: %d rows, %q", len(s.list.Objects), s.count.Text)
	}
	s.openCase(number)
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
	slip, err := s.makeSlip(store.SlipOut{}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if slip.Number != first.Number || slip.Payload != first.Payload || slip.Issued || slip.Lang == first.Lang {
		t.Errorf("copy in %s is slip %s (issued %t), the referral's is %s in %s", slip.Lang, slip.Number, slip.Issued, first.Number, first.Lang)
	}
	if len(slip.PDF) < 1000 || !strings.HasPrefix(string(slip.PDF), "%PDF") || slip.QRVersion > 12 {
		t.Errorf("slip: %d bytes, QR version %d", len(slip.PDF), slip.QRVersion)
	}
	// The police desk's side: the payload verifies (the Verify screen
	// has its own tests), and any one character changed fails.
	if c, _, err := h.st.VerifySlip(bg, slip.Payload); err != nil || c.CaseNo != number {
		t.Fatalf("valid payload refused: %v", err)
	}
	tampered := []byte(slip.Payload)
	i := len(tampered) / 2
	if tampered[i] == 'A' {
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}
	if _, _, err := h.st.VerifySlip(bg, string(tampered)); err == nil {
		t.Error("tampered payload verifies")
	}

	// A correction is explicit: without a reason nothing is issued; with
	// one, a new number replaces the old, which the register then names.
	s.openCase(number)
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
	if newer, err := h.st.SlipSupersededBy(bg, first.Number); err != nil || newer != again.Number {
		t.Errorf("the old slip is replaced by %q (%v), want %s", newer, err, again.Number)
	}
}

// referredCase holds a parcel as the inspector and has the supervisor
// refer it; it returns the case number.
func (h *harness) referredCase() string {
	h.t.Helper()
	number := h.heldCase()
	sup := h.users["Amina Juma"]
	refs := h.live.Current().Referrals(h.depot.Country)
	if len(refs) == 0 {
		h.t.Fatal("no referral addressee in the pack")
	}
	for _, d := range []store.CaseDecision{{Kind: store.KindReview}, {Kind: store.KindRefer, Addressee: refs[0].ID}} {
		if _, err := h.st.DecideCase(bg, sup, number, d); err != nil {
			h.t.Fatal(err)
		}
	}
	return number
}

// slipActions are the words of every action that makes, saves, prints or
// re-issues a slip.
func slipActions() []string {
	var out []string
	for _, k := range []string{"case.slip_save", "case.slip_print", "case.slip", "review.do.refer", "review.do.confirm", "review.confirm.refer"} {
		out = append(out, i18n.T(k))
	}
	for _, k := range i18n.Keys() {
		if strings.Contains(k, "reissue") || strings.Contains(k, "re_issue") {
			out = append(out, i18n.T(k))
		}
	}
	return out
}

// TestInspectorCannotMakeSlips: an inspector who opens a referred case
// sees what was recorded and the thread, but no slip, print or re-issue
// action, none is reachable with Tab or a shortcut, and the store refuses
// to make a slip for them anyway. (It used to check only that a pointer
// was nil, which a case view that shows nothing also passes.)
func TestInspectorCannotMakeSlips(t *testing.T) {
	h := newHarness(t)
	number := h.referredCase()
	s := h.open("Neema Mushi")
	if len(s.list.Objects) != 0 {
		t.Fatalf("a referred case in the inspector's waiting queue: %d rows", len(s.list.Objects))
	}
	s.status.SetSelectedIndex(len(statusChoices) - 1) // all cases
	if len(s.list.Objects) != 1 {
		t.Fatalf("inspector's queue, all cases: %d rows", len(s.list.Objects))
	}
	test.Tap(s.row(0))
	if s.view == nil || s.view.cs.Number != number || !h.sees("Juma Hassan") || !h.sees(i18n.T("case.status.referred")) {
		t.Fatal("the case view does not show the referred case")
	}
	for _, b := range buttons(h.w.Content()) {
		if slices.Contains(slipActions(), b.Text) {
			t.Errorf("an inspector sees the button %q", b.Text)
		}
	}
	if s.slip != nil || len(s.view.buttons) != 0 {
		t.Error("an inspector is offered the slip form or decisions")
	}
	// Tab reaches every field and button there is: none of them is a slip's.
	c := h.w.Canvas()
	for range 300 {
		c.FocusNext()
		if b, ok := c.Focused().(*widget.Button); ok && slices.Contains(slipActions(), b.Text) {
			t.Fatalf("Tab reaches %q", b.Text)
		}
	}
	// No shortcut makes one either.
	for _, sc := range h.shortcuts {
		sc()
	}
	if slips := h.slipCount(number); slips != 0 {
		t.Errorf("%d slips after the inspector's keys", slips)
	}
	// The store refuses the inspector a slip, whatever the UI shows.
	if _, err := caserecord.MakeSlip(bg, h.st, h.user, h.live.Current(), caserecord.SlipRequest{Case: number}); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("store made an inspector a slip: %v", err)
	}
	test.AssertRendersToMarkup(t, "inspector_referred_case.xml", c)
}

// TestSlipSaveAs: Save as… opens Tusk's save dialog with a safe name
// (case, kind, language); Enter there writes the slip's PDF.
func TestSlipSaveAs(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Amina Juma")
	s.openCase(number)
	test.Tap(s.view.buttons[store.KindRefer])
	test.Tap(s.view.confirm)
	if s.slip == nil {
		t.Fatal("no slip form after the referral")
	}
	test.Tap(s.slip.save)
	top := h.w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(strings.Join(texts(top), " "), "Save the referral slip") {
		t.Fatal("no save dialog")
	}
	d := s.slip.saving
	if want := number + "-slip-en.pdf"; d.Name().Text != want {
		t.Errorf("proposed %q, want %q", d.Name().Text, want)
	}
	dir := t.TempDir()
	d.Open(dir)
	before := s.slip.lastSlip
	h.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	b, err := os.ReadFile(filepath.Join(dir, number+"-slip-en.pdf"))
	if err != nil || !strings.HasPrefix(string(b), "%PDF") || !d.Closed() {
		t.Fatalf("slip not saved: %v, dialog closed %v", err, d.Closed())
	}
	if s.slip.lastSlip == before || !strings.Contains(s.slip.message.Text, dir) {
		t.Errorf("form says %q", s.slip.message.Text)
	}
}
