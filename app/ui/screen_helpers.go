package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
)

// The helpers the shell's own screens share; the screens in their own
// packages use widgets instead.

// pack is the pack shown now, or nil when none loaded.
func (u *UI) pack() *sop.Pack {
	if u.deps.Pack == nil {
		return nil
	}
	return u.deps.Pack.Current()
}

func wrapped(text string, imp widget.Importance) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, Importance: imp}
}
