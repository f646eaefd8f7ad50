package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// tapButton taps the last visible button that says text, as a user
// would, and fails when there is none.
func (h *harness) tapButton(text string) {
	h.t.Helper()
	var last *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			last = b
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, ch := range w.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(w).Objects() {
				walk(ch)
			}
		}
	}
	walk(h.w.Content())
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
