package ui

import (
	"fyne.io/fyne/v2/widget"

	"tusk/app/ui/widgets"
)

// newSelect is a Select whose empty placeholder is in the user's language.
func newSelect(options []string, changed func(string)) *widget.Select {
	return widgets.NewSelect(options, changed)
}
