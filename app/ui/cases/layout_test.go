package cases

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// inShell puts the screen where the shell does, at the size of a small
// counter screen: below the top bar, right of the navigation.
func (h *harness) inShell(name string) *Screen {
	h.t.Helper()
	s := h.open(name)
	bar := canvas.NewRectangle(nil)
	bar.SetMinSize(fyne.NewSize(0, 56)) // user, depot, Switch user, Lock
	nav := canvas.NewRectangle(nil)
	nav.SetMinSize(fyne.NewSize(180, 0)) // the screens' buttons
	h.w.SetContent(container.NewBorder(bar, nil, nav, nil, s.root))
	h.w.Resize(fyne.NewSize(1024, 768))
	return s
}

// rowsInView counts the queue rows drawn whole inside the window.
func (h *harness) rowsInView(s *Screen) int {
	d := fyne.CurrentApp().Driver()
	// Lay the window out again, as the next frame does.
	h.w.Resize(fyne.NewSize(1000, 700))
	h.w.Resize(fyne.NewSize(1024, 768))
	n := 0
	for _, r := range s.list.Objects {
		if d.AbsolutePositionForObject(r).Y+r.Size().Height <= h.w.Canvas().Size().Height {
			n++
		}
	}
	return n
}

// TestQueueUsesTheWidth: with no case open the list has the whole width,
// so a row shows its sender and the time held without an ellipsis; with
// the filters open at 1024×768 at least eight cases stay in view. Before,
// the list had 42 % of the width beside an empty pane, and the filters
// left two and a half rows.
func TestQueueUsesTheWidth(t *testing.T) {
	h := newHarness(t)
	for i := range 20 {
		h.heldParcel(fmt.Sprintf("TZ3000000%02d", i+10), "Mwanaisha Abdallah Mwinyimkuu")
	}
	s := h.inShell("Amina Juma")
	if len(s.list.Objects) != 20 {
		t.Fatalf("%d rows", len(s.list.Objects))
	}
	winW := h.w.Canvas().Size().Width
	d := fyne.CurrentApp().Driver()
	row := s.list.Objects[0]
	var detail, held *widget.Label
	line2 := row.(*fyne.Container).Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*fyne.Container)
	detail, held = line2.Objects[0].(*widget.Label), line2.Objects[1].(*widget.Label)
	if need := fyne.MeasureText(detail.Text, 14, fyne.TextStyle{}).Width; detail.Size().Width < need {
		t.Errorf("row details cut off with no case open: %.0f of %.0f px for %q", detail.Size().Width, need, detail.Text)
	}
	if right := d.AbsolutePositionForObject(held).X + held.Size().Width; !held.Visible() || right > winW || held.Size().Width < held.MinSize().Width {
		t.Errorf("time held %q ends at x=%.0f in a %.0f px window", held.Text, right, winW)
	}
	if n := h.rowsInView(s); n < 8 {
		t.Errorf("filters folded: %d rows in view", n)
	}
	s.filtersBt.OnTapped()
	if !s.filters.Visible() {
		t.Fatal("the filter bar did not open")
	}
	if n := h.rowsInView(s); n < 8 {
		t.Errorf("filters open: %d rows in view at 1024×768, want at least 8", n)
	}
	// A filter set is counted on the folded bar.
	s.overdue.SetChecked(true)
	s.filtersBt.OnTapped()
	if s.filters.Visible() || s.filtersBt.Text != "Filters (1 set)" {
		t.Errorf("folded bar says %q", s.filtersBt.Text)
	}
	s.overdue.SetChecked(false)

	// A case opens beside the list, and Back to the list gives the list
	// its width again.
	first := s.list.Objects[0]
	s.row(0).OnTapped()
	if s.split == nil || s.root.Objects[0] != s.split || s.view == nil {
		t.Fatal("the case did not open beside the list")
	}
	s.view.close.OnTapped()
	if s.root.Objects[0] != s.left || s.view != nil || first == nil {
		t.Error("Back to the list left the split")
	}
}

// TestQueueAndCaseMarkup holds what the supervisor sees to the drawn
// markup: the queue alone at the whole width, then a case beside it with
// its decisions. A layout that jumps or a button that goes fails here.
// After a deliberate change, copy testdata/failed/*.xml over the masters.
func TestQueueAndCaseMarkup(t *testing.T) {
	h := newHarness(t)
	h.heldParcel("TZ300000011", "Mwanaisha Abdallah")
	number := h.heldParcel("TZ300000012", "Juma Hassan")
	s := h.open("Amina Juma")
	test.AssertRendersToMarkup(t, "queue.xml", h.w.Canvas())
	s.openCase(number)
	test.AssertRendersToMarkup(t, "supervisor_case.xml", h.w.Canvas())
}
