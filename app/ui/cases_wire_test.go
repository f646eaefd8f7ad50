package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/uitest"
)

// heldCase holds one parcel as the inspector and returns its case number.
func (h *harness) heldCase() string {
	h.t.Helper()
	users := h.withDepot("en")
	d := &uitest.Depot{Store: h.st, Sup: users[store.Supervisor], Insp: users[store.Inspector]}
	return d.Held(h.t, "TZ300000001", "Juma Hassan")
}

// tapButton taps the last visible button that says text, as a user
// would, and fails when there is none.
func (h *harness) tapButton(text string) {
	h.t.Helper()
	var last *widget.Button
	for _, b := range uitest.Buttons(h.w.Content()) {
		if b.Text == text {
			last = b
		}
	}
	if last == nil {
		h.t.Fatalf("no %q button", text)
	}
	test.Tap(last)
}

// slipsKept counts the slip PDFs kept in the home folder.
func (h *harness) slipsKept() int {
	ents, _ := os.ReadDir(filepath.Join(h.u.deps.Home, "slips"))
	return len(ents)
}

// The shell wires the case screens: Cases opens the queue with the focus
// in its search, and a case opens from it.
func TestCasesWired(t *testing.T) {
	h := newHarness(t)
	number := h.heldCase()
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	test.Tap(h.u.shell.nav[navCases])
	if _, ok := h.w.Canvas().Focused().(fyne.Focusable); !ok {
		t.Fatal("no focus in the queue")
	}
	h.u.cases.Open(number)
	if !h.sees("Juma Hassan") {
		t.Error("the open case does not show what the inspector recorded")
	}
	test.Tap(h.u.shell.nav[navVerify])
	if h.w.Canvas().Focused() == nil {
		t.Error("no focus in Verify's payload field")
	}
}
