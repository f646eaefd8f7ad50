package cases

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
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
