package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// signInScreen lists the depot's users as large buttons: on a shared
// counter PC, switching user is one tap and a PIN.
type signInScreen struct {
	users    []*store.User
	buttons  []*widget.Button
	selected *store.User
	who      *widget.Label
	pin      *widgets.Entry
	submit   *widget.Button
	message  *widget.Label
	locked   bool
}

// showSignIn shows the sign-in screen; with lockedUser set it is the lock
// screen, with that user preselected.
func (u *UI) showSignIn(lockedUser *store.User) {
	u.leaveScreens()
	users, err := u.deps.Store.Users(u.ctx(), false)
	s := &signInScreen{
		users:   users,
		who:     &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		pin:     u.env.PinEntry(),
		message: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
		locked:  lockedUser != nil,
	}
	if err != nil {
		s.message.SetText(i18n.T("common.err.unexpected"))
	}
	s.pin.SetPlaceHolder(i18n.T("signin.pin"))
	s.pin.OnSubmitted = func(string) { u.trySignIn(s) }
	s.submit = &widget.Button{Text: i18n.T("signin.submit"), Icon: theme.LoginIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() { u.trySignIn(s) })}
	list := container.NewVBox()
	for _, usr := range users {
		usr := usr
		b := &widget.Button{Text: fmt.Sprintf("%s · %s", usr.Name, i18n.T("role."+string(usr.Role))),
			Icon: theme.AccountIcon(), Alignment: widget.ButtonAlignLeading}
		b.OnTapped = func() { u.selectSignInUser(s, usr) }
		s.buttons = append(s.buttons, b)
		list.Add(b)
	}
	u.signIn = s

	title := widgets.Heading("signin.title")
	sub := widget.NewLabel(i18n.T("signin.choose"))
	if s.locked {
		title = widgets.Heading("signin.locked_title")
		sub = widget.NewLabel(i18n.T("signin.locked_hint"))
	}
	depotName := ""
	if u.depot != nil {
		depotName = u.depot.Name + " · " + u.depot.Code
	}
	right := container.NewVBox(s.who, s.pin, s.submit, s.message)
	header := container.NewVBox(container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel(depotName)), title, sub)
	// The list fills the height, so a depot with many users scrolls it.
	body := container.NewBorder(header, nil, nil, nil,
		container.NewGridWithColumns(2, container.NewVScroll(list), container.NewVBox(right)))
	u.setContent(container.NewPadded(body))
	switch {
	case lockedUser != nil:
		u.selectSignInUserByID(s, lockedUser.ID)
	case len(users) == 1:
		u.selectSignInUser(s, users[0])
	default:
		s.who.SetText(i18n.T("signin.nobody"))
	}
}

func (u *UI) selectSignInUserByID(s *signInScreen, id int64) {
	for _, usr := range s.users {
		if usr.ID == id {
			u.selectSignInUser(s, usr)
		}
	}
}

func (u *UI) selectSignInUser(s *signInScreen, usr *store.User) {
	u.idle.touch()
	s.selected = usr
	for i, b := range s.buttons {
		b.Importance = widget.MediumImportance
		if s.users[i].ID == usr.ID {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	s.who.SetText(usr.Name)
	s.message.SetText("")
	s.pin.SetText("")
	u.win.Canvas().Focus(s.pin)
}

func (u *UI) trySignIn(s *signInScreen) {
	if s.selected == nil {
		s.message.SetText(i18n.T("signin.err.choose"))
		return
	}
	user, err := u.deps.Store.SignIn(u.ctx(), s.selected.ID, s.pin.Text)
	s.pin.SetText("")
	if err != nil {
		var le *store.LockedError
		if errors.As(err, &le) {
			s.message.SetText(i18n.T("signin.err.locked", "Time", le.Until.In(u.deps.Now().Location()).Format("15:04:05")))
			return
		}
		s.message.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	u.signedIn(user)
}
