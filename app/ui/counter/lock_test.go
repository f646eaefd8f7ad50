package counter

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// A decided parcel's form is locked and the next parcel's unlocked: both
// must reach the same inputs, folded checklist sections included.
func TestLockAndUnlockReachTheSameInputs(t *testing.T) {
	plain := widget.NewEntry()
	folded := widget.NewRadioGroup([]string{"yes", "no"}, nil)
	form := container.NewVScroll(container.NewVBox(plain,
		widget.NewAccordion(widget.NewAccordionItem("section", container.NewVBox(folded)))))
	lock(form)
	if !plain.Disabled() || !folded.Disabled() {
		t.Fatalf("locked form: entry disabled %v, folded item disabled %v", plain.Disabled(), folded.Disabled())
	}
	unlock(form)
	if plain.Disabled() || folded.Disabled() {
		t.Fatalf("unlocked form: entry disabled %v, folded item disabled %v", plain.Disabled(), folded.Disabled())
	}
}
