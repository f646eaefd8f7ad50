package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/i18n"
)

// firstRunScreen asks for the depot and creates its first supervisor.
type firstRunScreen struct {
	code, name, country, address, contact *entry
	language                              *widget.Select
	userName, pin, pin2                   *entry
	fields                                map[string]*field
	submit                                *widget.Button
	message                               *widget.Label
}

func (u *UI) showFirstRun() {
	s := &firstRunScreen{
		code:     u.entry("firstrun.code_hint"),
		name:     u.entry(""),
		country:  u.entry("firstrun.country_hint"),
		address:  u.multiLineEntry(),
		contact:  u.entry(""),
		userName: u.entry(""),
		pin:      u.pinEntry(),
		pin2:     u.pinEntry(),
		message:  &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
	}
	s.address.SetMinRowsVisible(2)
	lang := i18n.CurrentLang()
	s.language = languageSelect(lang, func(code string) {
		// Show the rest of first run in the chosen language at once.
		if code != i18n.CurrentLang() {
			i18n.SetLanguage(code)
			u.showFirstRun()
		}
	})
	s.fields = map[string]*field{
		"code":     newField("firstrun.code", s.code),
		"name":     newField("firstrun.name", s.name),
		"country":  newField("firstrun.country", s.country),
		"address":  newField("firstrun.address", s.address),
		"contact":  newField("firstrun.contact", s.contact),
		"language": newField("firstrun.language", s.language),
		"user":     newField("firstrun.supervisor_name", s.userName),
		"pin":      newField("firstrun.pin", s.pin),
		"pin2":     newField("firstrun.pin_again", s.pin2),
	}
	s.submit = &widget.Button{Text: i18n.T("firstrun.create"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.submitFirstRun(s) })}
	s.pin2.OnSubmitted = func(string) { u.submitFirstRun(s) }
	u.firstRun = s

	f := s.fields
	depotBox := widget.NewCard(i18n.T("firstrun.depot"), i18n.T("firstrun.depot_sub"),
		formGrid(f["language"], f["code"], f["name"], f["country"], f["address"], f["contact"]))
	userBox := widget.NewCard(i18n.T("firstrun.supervisor"), i18n.T("firstrun.supervisor_sub"),
		formGrid(f["user"], f["pin"], f["pin2"]))
	body := container.NewVBox(heading("firstrun.title"), widget.NewLabel(i18n.T("firstrun.intro")),
		depotBox, userBox, s.message, container.NewHBox(s.submit))
	u.setContent(container.NewPadded(container.NewVScroll(body)))
	u.win.Canvas().Focus(s.code)
}

func (u *UI) submitFirstRun(s *firstRunScreen) {
	for _, f := range s.fields {
		f.setError("")
	}
	s.message.SetText("")
	d := store.Depot{Code: s.code.Text, Name: s.name.Text, Country: s.country.Text, Address: s.address.Text,
		Contact: s.contact.Text, Language: selectedLanguage(s.language)}
	bad := false
	for _, fe := range d.Normalize() {
		s.fields[fe.Field].setError(fe.Code)
		bad = true
	}
	if s.userName.Text == "" {
		s.fields["user"].setError("store.err.name_empty")
		bad = true
	}
	if err := store.CheckPIN(s.pin.Text); err != nil {
		s.fields["pin"].setError(errorKey(err))
		bad = true
	} else if s.pin.Text != s.pin2.Text {
		s.fields["pin2"].setError("firstrun.err.pin_mismatch")
		bad = true
	}
	if bad {
		return
	}
	user, err := u.deps.Store.Setup(u.ctx(), d, store.NewUser{Name: s.userName.Text, PIN: s.pin.Text, Language: d.Language})
	if err != nil {
		s.message.SetText(i18n.T(errorKey(err)))
		return
	}
	u.depot, _ = u.deps.Store.Depot(u.ctx())
	// The depot's signing key is made now, so its fingerprint can be given
	// to the police desk before the first slip.
	u.deps.Store.OwnKey(u.ctx())
	u.signedIn(user)
}
