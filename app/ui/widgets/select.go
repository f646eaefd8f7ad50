package widgets

import (
	"fyne.io/fyne/v2/widget"

	"tusk/i18n/fynelang"
)

// NewSelect is widget.NewSelect with its empty placeholder in the user's
// language: Fyne's own "(Select one)" is a constant it never translates.
func NewSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = fynelang.SelectOne()
	return s
}
