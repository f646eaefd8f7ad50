package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// mineForm is the user's own language and PIN.
type mineForm struct {
	language                    *widget.Select
	pinCurrent, pinNew, pinNew2 *widgets.Entry
	fields                      map[string]*widgets.Field
	save                        *widget.Button
	done                        *widget.Label
}

func (f *mineForm) snapshot() string { return f.pinCurrent.Text + f.pinNew.Text + f.pinNew2.Text }

func (s *Screen) buildMine() fyne.CanvasObject {
	f := &mineForm{pinCurrent: s.env.PinEntry(), pinNew: s.env.PinEntry(), pinNew2: s.env.PinEntry(), done: status()}
	s.mine = f
	current := s.user.Language
	f.language = widgets.LanguageSelect(current, nil)
	f.language.OnChanged = func(string) {
		code := widgets.SelectedLanguage(f.language)
		if code == current {
			return
		}
		// Switching rebuilds every screen: ask first when other sections
		// hold unsaved changes.
		if s.Leave(func() { s.d.SetLanguage(code) }) {
			s.d.SetLanguage(code)
			return
		}
		f.language.SetSelected(i18n.Name(current))
	}
	s.language = f.language
	s.watch(f.pinCurrent, f.pinNew, f.pinNew2)
	f.fields = map[string]*widgets.Field{
		"current": widgets.NewField("settings.pin_current", f.pinCurrent),
		"new":     widgets.NewField("settings.pin_new", f.pinNew),
		"new2":    widgets.NewField("settings.pin_again", f.pinNew2),
	}
	f.save = s.saveButton("settings.pin_save", s.changeOwnPIN)
	return container.NewVBox(
		widgets.FormGrid(widgets.NewField("settings.language", f.language)),
		widget.NewSeparator(),
		widgets.FormGrid(f.fields["current"], f.fields["new"], f.fields["new2"]),
		container.NewHBox(f.save, f.done))
}

func (s *Screen) changeOwnPIN() {
	f := s.mine
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.done.SetText("")
	if _, err := s.d.Store.CheckOwnPIN(s.ctx(), s.user, f.pinCurrent.Text); err != nil {
		f.fields["current"].SetError(widgets.ErrorKey(err))
		return
	}
	if err := store.CheckPIN(f.pinNew.Text); err != nil {
		f.fields["new"].SetError(widgets.ErrorKey(err))
		return
	}
	if f.pinNew.Text != f.pinNew2.Text {
		f.fields["new2"].SetError("firstrun.err.pin_mismatch")
		return
	}
	pin := f.pinNew.Text
	if _, err := s.d.Store.UpdateUser(s.ctx(), s.user, s.user.ID, store.UserUpdate{PIN: &pin}); err != nil {
		f.fields["new"].SetError(widgets.ErrorKey(err))
		return
	}
	f.pinCurrent.SetText("")
	f.pinNew.SetText("")
	f.pinNew2.SetText("")
	setStatus(f.done, true, i18n.T("settings.pin_changed"))
	s.saved(Mine)
}
