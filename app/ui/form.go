package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// field is one labelled input with its error shown right under it, where
// the user is looking.
type field struct {
	label *widget.Label
	input fyne.CanvasObject
	err   *widget.Label
}

func newField(labelKey string, input fyne.CanvasObject) *field {
	e := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	e.Hide()
	return &field{label: widget.NewLabel(i18n.T(labelKey)), input: input, err: e}
}

// setError shows the translated message of key, or clears it when key is "".
func (f *field) setError(key string) {
	if key == "" {
		f.err.SetText("")
		f.err.Hide()
		return
	}
	f.err.SetText(i18n.T(key))
	f.err.Show()
}

// formGrid lays fields out as label | input-with-error rows.
func formGrid(fields ...*field) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(fields))
	for _, f := range fields {
		objs = append(objs, container.NewVBox(f.label), container.NewVBox(f.input, f.err))
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// entry is Fyne's Entry that hands Alt shortcuts on to the screen: a
// focused Entry otherwise swallows every shortcut, and at the counter the
// cursor is almost always in a field.
type entry struct {
	widget.Entry
	u *UI
}

// TypedShortcut runs the window's shortcut (Alt+digit, Ctrl+L, a screen's
// Alt keys), else the Entry's own.
func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if e.u.runShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey hands Esc to the open dialog, so it cancels from a field too.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.u.dialogs.TypedKey(ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

func (u *UI) newEntry() *entry {
	e := &entry{u: u}
	e.ExtendBaseWidget(e)
	e.OnChanged = func(string) { u.idle.touch() }
	return e
}

// entry makes a single-line entry that counts typing as activity.
func (u *UI) entry(placeholderKey string) *entry {
	e := u.newEntry()
	if placeholderKey != "" {
		e.SetPlaceHolder(i18n.T(placeholderKey))
	}
	return e
}

// pinEntry makes a masked entry for PINs.
func (u *UI) pinEntry() *entry {
	e := u.newEntry()
	e.Password = true
	return e
}

func (u *UI) multiLineEntry() *entry {
	e := u.newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// altKey binds Alt+key to fn on the window, whether or not a field has
// the focus.
func (u *UI) altKey(key fyne.KeyName, fn func()) {
	u.addShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierAlt}, fn)
}

// errorKey is the one mapping of store errors to messages (widgets.ErrorKey).
func errorKey(err error) string { return widgets.ErrorKey(err) }

// languageSelect offers the five languages by their own names.
func languageSelect(selected string, onChange func(code string)) *widget.Select {
	names := make([]string, len(i18n.Languages))
	for i, l := range i18n.Languages {
		names[i] = l.Name
	}
	s := newSelect(names, nil)
	s.SetSelected(i18n.Name(selected))
	s.OnChanged = func(name string) {
		for _, l := range i18n.Languages {
			if l.Name == name && onChange != nil {
				onChange(l.Code)
			}
		}
	}
	return s
}

// selectedLanguage maps a language select's display name back to its code.
func selectedLanguage(s *widget.Select) string {
	for _, l := range i18n.Languages {
		if l.Name == s.Selected {
			return l.Code
		}
	}
	return i18n.Default
}

// roleSelect offers the roles by their translated names.
func roleSelect(selected store.Role) *widget.Select {
	names := make([]string, len(store.Roles))
	for i, r := range store.Roles {
		names[i] = i18n.T("role." + string(r))
	}
	s := newSelect(names, nil)
	s.SetSelected(i18n.T("role." + string(selected)))
	return s
}

func selectedRole(s *widget.Select) store.Role {
	for _, r := range store.Roles {
		if i18n.T("role."+string(r)) == s.Selected {
			return r
		}
	}
	return ""
}

// heading is a large title label.
func heading(key string) *widget.Label {
	return &widget.Label{Text: i18n.T(key), SizeName: fynetheme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
}
