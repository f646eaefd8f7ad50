package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/ui/settings"
	"tusk/app/ui/widgets"
)

// firstEntry is the first visible entry under o.
func firstEntry(o fyne.CanvasObject) *widgets.Entry {
	if o == nil || !o.Visible() {
		return nil
	}
	if e, ok := o.(*widgets.Entry); ok {
		return e
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			if e := firstEntry(ch); e != nil {
				return e
			}
		}
	} else if w, ok := o.(fyne.Widget); ok {
		for _, ch := range test.WidgetRenderer(w).Objects() {
			if e := firstEntry(ch); e != nil {
				return e
			}
		}
	}
	return nil
}

// Leaving Settings for another screen with an unsaved section asks
// first: Stay keeps the screen, Leave without saving opens the other one.
func TestLeavingSettingsWithUnsavedChangesAsks(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navSettings)
	s := h.u.Settings()
	s.Show(settings.Review)
	// The Review section's one entry is its due hours.
	e := firstEntry(h.w.Content())
	if e == nil {
		t.Fatal("no entry in the Review section")
	}
	e.SetText("12")
	test.Tap(h.u.shell.nav[navCases])
	if h.u.CurrentScreen() != "settings" || !h.seesOverlay("Unsaved changes") {
		t.Fatalf("left Settings without asking (now %s)", h.u.CurrentScreen())
	}
	h.u.dialogs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.u.CurrentScreen() != "settings" {
		t.Fatal("Stay left Settings")
	}
	test.Tap(h.u.shell.nav[navCases])
	h.u.dialogs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.u.CurrentScreen() != "cases" {
		t.Fatalf("Leave without saving stayed on %s", h.u.CurrentScreen())
	}
	// Nothing changed: no question.
	test.Tap(h.u.shell.nav[navSettings])
	test.Tap(h.u.shell.nav[navCases])
	if h.u.CurrentScreen() != "cases" {
		t.Error("asked although nothing changed")
	}
}
