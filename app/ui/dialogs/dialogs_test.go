package dialogs

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// press delivers a key the way the desktop driver does: to the focused
// widget, else to the canvas's key handler.
func press(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

func newWindow(t *testing.T) (fyne.Window, *Manager) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("screen"))
	w.Resize(fyne.NewSize(800, 600))
	return w, New(w)
}

func TestEnterConfirmsEscCancels(t *testing.T) {
	for _, tc := range []struct {
		key  fyne.KeyName
		want []bool
	}{
		{fyne.KeyReturn, []bool{true}},
		{fyne.KeyEnter, []bool{true}},
		{fyne.KeyEscape, []bool{false}},
	} {
		w, m := newWindow(t)
		var got []bool
		m.Confirm("Discard this scan?", "Discard", "Cancel", widget.NewLabel("SF1400000025"), func(ok bool) { got = append(got, ok) })
		if w.Canvas().Overlays().Top() == nil {
			t.Fatal("dialog not shown")
		}
		press(w.Canvas(), tc.key)
		if len(got) != 1 || got[0] != tc.want[0] {
			t.Errorf("%s: answers %v, want %v", tc.key, got, tc.want)
		}
		if w.Canvas().Overlays().Top() != nil || m.Open() != 0 {
			t.Errorf("%s: dialog still open", tc.key)
		}
		// A second press reaches no dialog and answers nothing.
		press(w.Canvas(), tc.key)
		if len(got) != 1 {
			t.Errorf("%s: answered twice: %v", tc.key, got)
		}
	}
}

func TestInfoClosesWithEnterOrEsc(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		w, m := newWindow(t)
		m.Info("Export", "OK", widget.NewLabel("12 cases written"))
		press(w.Canvas(), key)
		if w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s left the message open", key)
		}
	}
}

func TestCustomEnterRunsConfirmEscCloses(t *testing.T) {
	w, m := newWindow(t)
	saved := 0
	d := m.Custom("Add a code word", widget.NewLabel("form"), func() { saved++ }, fyne.NewSize(400, 0))
	press(w.Canvas(), fyne.KeyReturn)
	if saved != 1 {
		t.Errorf("Enter saved %d times", saved)
	}
	press(w.Canvas(), fyne.KeyEscape)
	if !d.Closed() || w.Canvas().Overlays().Top() != nil {
		t.Error("Esc did not close the dialog")
	}
}

func TestCloseAllLeavesNothingOverTheScreen(t *testing.T) {
	w, m := newWindow(t)
	var answers []bool
	m.Confirm("First", "Yes", "No", widget.NewLabel("1"), func(ok bool) { answers = append(answers, ok) })
	m.Info("Second", "OK", widget.NewLabel("2"))
	sel := widget.NewSelect([]string{"a", "b"}, nil)
	widget.ShowPopUp(sel, w.Canvas())
	m.CloseAll()
	if w.Canvas().Overlays().Top() != nil {
		t.Error("a pop-up is left over the screen")
	}
	if m.Open() != 0 {
		t.Errorf("%d dialogs still tracked", m.Open())
	}
	if len(answers) != 1 || answers[0] {
		t.Errorf("closing answered %v, want one false", answers)
	}
}

func TestNestedDialogsNewestFirst(t *testing.T) {
	w, m := newWindow(t)
	var order []string
	m.Confirm("Outer", "Yes", "No", widget.NewLabel("o"), func(bool) { order = append(order, "outer") })
	m.Confirm("Inner", "Yes", "No", widget.NewLabel("i"), func(bool) { order = append(order, "inner") })
	press(w.Canvas(), fyne.KeyEscape)
	if len(order) != 1 || order[0] != "inner" {
		t.Fatalf("Esc closed %v, want the inner dialog", order)
	}
	// The outer dialog has the keyboard again once the inner one is gone.
	press(w.Canvas(), fyne.KeyReturn)
	if len(order) != 2 || order[1] != "outer" {
		t.Errorf("Enter closed %v", order)
	}
}

func TestEscCancelsWorkUnderWay(t *testing.T) {
	w, m := newWindow(t)
	cancelled := false
	d := m.Custom("Export", widget.NewProgressBar(), nil, fyne.Size{})
	d.OnEsc(func() { cancelled = true })
	press(w.Canvas(), fyne.KeyEscape)
	if !cancelled {
		t.Error("Esc did not cancel the work")
	}
	if d.Closed() {
		t.Error("the progress closed before the work stopped")
	}
}
