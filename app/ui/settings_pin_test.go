package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/i18n"
)

// A supervisor raises the minimum PIN length in Settings; a value out of
// range is marked at its field, and the store then refuses short PINs.
func TestSupervisorSetsMinimumPINLength(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navSettings)
	f := h.u.settings.depot
	f.minPIN.SetText("20")
	test.Tap(f.save)
	if got := f.fields["minpin"].Err.Text; got != i18n.T("security.err.pin_length_setting") {
		t.Errorf("out of range: %q", got)
	}
	f.minPIN.SetText("8")
	test.Tap(f.save)
	if n := h.st.MinPIN(bg); n != 8 {
		t.Fatalf("minimum is %d: %q", n, f.done.Text)
	}
	p := h.u.settings.users
	test.Type(p.name, "Joseph Mbarga")
	test.Type(p.pin, "808080")
	test.Tap(p.add)
	users, _ := h.st.Users(bg, true)
	for _, u := range users {
		if u.Name == "Joseph Mbarga" {
			t.Fatalf("a 6-digit PIN was accepted with a minimum of 8 (%s)", u.Role)
		}
	}
}
