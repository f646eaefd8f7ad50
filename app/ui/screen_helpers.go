package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/i18n"
)

// The helpers the screens still in this package share; the screens in
// their own packages use widgets instead.

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

// section is a heading with an icon over its content: icons next to words
// for staff who read slowly.
func section(key string, icon fyne.Resource, content fyne.CanvasObject) fyne.CanvasObject {
	// The heading wraps: a long one in French must not widen the window.
	head := container.NewBorder(nil, nil, widget.NewIcon(icon), nil,
		&widget.Label{Text: i18n.T(key), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Wrapping: fyne.TextWrapWord})
	return container.NewVBox(widget.NewSeparator(), head, content)
}
