// Package widgets holds the small building blocks the screens share: a
// labelled field with its error under it, the form grid, wrapped labels,
// section headings, and the risk colour, word and icon.
package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/i18n"
)

// Field is one labelled input with its error shown right under it, where
// the user is looking.
type Field struct {
	Label *widget.Label
	Input fyne.CanvasObject
	Err   *widget.Label
}

// NewField labels input with the translation of labelKey.
func NewField(labelKey string, input fyne.CanvasObject) *Field {
	e := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	e.Hide()
	return &Field{Label: widget.NewLabel(i18n.T(labelKey)), Input: input, Err: e}
}

// SetError shows the translated message of key, or clears it when key is "".
func (f *Field) SetError(key string) {
	if key == "" {
		f.Err.SetText("")
		f.Err.Hide()
		return
	}
	f.Err.SetText(i18n.T(key))
	f.Err.Show()
}

// FormGrid lays fields out as label | input-with-error rows.
func FormGrid(fields ...*Field) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(fields))
	for _, f := range fields {
		objs = append(objs, container.NewVBox(f.Label), container.NewVBox(f.Input, f.Err))
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// Wrapped is a word-wrapped label.
func Wrapped(text string, imp widget.Importance) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, Importance: imp}
}

// Heading is a large bold title.
func Heading(key string) *widget.Label {
	return &widget.Label{Text: i18n.T(key), SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
}

// SectionHead is a heading with an icon: icons next to words for staff
// who read slowly.
func SectionHead(text string, icon fyne.Resource) *fyne.Container {
	return container.NewHBox(widget.NewIcon(icon), &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText})
}

// Section is a separator and a heading over its content.
func Section(key string, icon fyne.Resource, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), SectionHead(i18n.T(key), icon), content)
}

// LevelImportance is a risk level's colour.
func LevelImportance(level string) widget.Importance {
	switch level {
	case inspect.LevelGreen:
		return widget.SuccessImportance
	case inspect.LevelAmber:
		return widget.WarningImportance
	case inspect.LevelRed:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// RiskIcon is a risk level's icon: colour alone fails the colour-blind.
func RiskIcon(level string) fyne.Resource {
	switch level {
	case inspect.LevelGreen:
		return theme.ConfirmIcon()
	case inspect.LevelAmber:
		return theme.WarningIcon()
	case inspect.LevelRed:
		return theme.ErrorIcon()
	}
	return theme.QuestionIcon()
}
