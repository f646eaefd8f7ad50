package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// firstRunScreen asks for the depot and creates its first supervisor.
type firstRunScreen struct {
	code, name, country, address, contact *widgets.Entry
	language                              *widget.Select
	userName, pin, pin2                   *widgets.Entry
	fields                                map[string]*widgets.Field
	submit                                *widget.Button
	message                               *widget.Label
}

func (u *UI) showFirstRun() {
	s := &firstRunScreen{
		code:     u.env.Entry("firstrun.code_hint"),
		name:     u.env.Entry(""),
		country:  u.env.Entry("firstrun.country_hint"),
		address:  u.env.MultiLineEntry(),
		contact:  u.env.Entry(""),
		userName: u.env.Entry(""),
		pin:      u.env.PinEntry(),
		pin2:     u.env.PinEntry(),
		message:  &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
	}
	s.address.SetMinRowsVisible(2)
	lang := i18n.CurrentLang()
	s.language = widgets.LanguageSelect(lang, func(code string) {
		// Show the rest of first run in the chosen language at once.
		if code != i18n.CurrentLang() {
			i18n.SetLanguage(code)
			u.showFirstRun()
		}
	})
	s.fields = map[string]*widgets.Field{
		"code":     widgets.NewField("firstrun.code", s.code),
		"name":     widgets.NewField("firstrun.name", s.name),
		"country":  widgets.NewField("firstrun.country", s.country),
		"address":  widgets.NewField("firstrun.address", s.address),
		"contact":  widgets.NewField("firstrun.contact", s.contact),
		"language": widgets.NewField("firstrun.language", s.language),
		"user":     widgets.NewField("firstrun.supervisor_name", s.userName),
		"pin":      widgets.NewField("firstrun.pin", s.pin),
		"pin2":     widgets.NewField("firstrun.pin_again", s.pin2),
	}
	s.submit = &widget.Button{Text: i18n.T("firstrun.create"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.submitFirstRun(s) })}
	s.pin2.OnSubmitted = func(string) { u.submitFirstRun(s) }
	u.firstRun = s

	f := s.fields
	depotBox := widget.NewCard(i18n.T("firstrun.depot"), i18n.T("firstrun.depot_sub"),
		widgets.FormGrid(f["language"], f["code"], f["name"], f["country"], f["address"], f["contact"]))
	userBox := widget.NewCard(i18n.T("firstrun.supervisor"), i18n.T("firstrun.supervisor_sub"),
		widgets.FormGrid(f["user"], f["pin"], f["pin2"]))
	body := container.NewVBox(widgets.Heading("firstrun.title"), widget.NewLabel(i18n.T("firstrun.intro")),
		depotBox, userBox, s.message, container.NewHBox(s.submit))
	u.setContent(container.NewPadded(container.NewVScroll(body)))
	u.win.Canvas().Focus(s.code)
}

func (u *UI) submitFirstRun(s *firstRunScreen) {
	for _, f := range s.fields {
		f.SetError("")
	}
	s.message.SetText("")
	d := store.Depot{Code: s.code.Text, Name: s.name.Text, Country: s.country.Text, Address: s.address.Text,
		Contact: s.contact.Text, Language: widgets.SelectedLanguage(s.language)}
	bad := false
	for _, fe := range d.Normalize() {
		s.fields[fe.Field].SetError(fe.Code)
		bad = true
	}
	if s.userName.Text == "" {
		s.fields["user"].SetError("store.err.name_empty")
		bad = true
	}
	if err := store.CheckPIN(s.pin.Text); err != nil {
		s.fields["pin"].SetError(widgets.ErrorKey(err))
		bad = true
	} else if s.pin.Text != s.pin2.Text {
		s.fields["pin2"].SetError("firstrun.err.pin_mismatch")
		bad = true
	}
	if bad {
		return
	}
	user, err := u.deps.Store.Setup(u.ctx(), d, store.NewUser{Name: s.userName.Text, PIN: s.pin.Text, Language: d.Language})
	if err != nil {
		s.message.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	u.depot, _ = u.deps.Store.Depot(u.ctx())
	// The depot's signing key is made now, so its fingerprint can be given
	// to the police desk before the first slip.
	// Should that fail, the first slip makes it: nothing is lost.
	if _, err := u.deps.Store.OwnKey(u.ctx()); err != nil {
		fyne.LogError("making the depot's signing key", err)
	}
	u.signedIn(user)
}
