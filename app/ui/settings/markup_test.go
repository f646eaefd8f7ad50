package settings

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The sections render as recorded in testdata/*.xml (Fyne's markup of
// the window): what sits where, its text, importance and size. A change
// to the layout shows up as a diff; a deliberate one is recorded again
// from testdata/failed/.
func TestSettingsRendersToMarkup(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	for _, id := range []string{Depot, Counter, Review} {
		s.Show(id)
		test.AssertRendersToMarkup(t, "settings_"+id+".xml", h.w.Canvas())
	}
	// A changed section is marked in the list.
	s.Show(Review)
	s.review.dueHours.SetText("12")
	test.AssertRendersToMarkup(t, "settings_review_unsaved.xml", h.w.Canvas())
}
