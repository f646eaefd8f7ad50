package cases

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/app/store"
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
	slip, err := s.makeSlip()
	if err != nil {
		t.Fatal(err)
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
}

func TestInspectorCannotMakeSlips(t *testing.T) {
	h := newHarness(t)
	s, number := h.casesAs("Neema Mushi")
	s.openCase(number)
	if s.slip != nil {
		t.Error("an inspector sees the slip form")
	}
}
