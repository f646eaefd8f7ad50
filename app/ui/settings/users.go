package settings

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// usersPanel lets a supervisor add users and change their role, PIN and
// whether they may still sign in. A change to a user takes effect at
// once; only the new user's form can be left unsaved.
type usersPanel struct {
	list    *fyne.Container
	rows    map[int64]*userRow
	name    *widgets.Entry
	role    *widget.Select
	lang    *widget.Select
	pin     *widgets.Entry
	fields  map[string]*widgets.Field
	add     *widget.Button
	message *widget.Label
}

type userRow struct {
	user     *store.User
	role     *widget.Select
	pin      *widgets.Entry
	resetPIN *widget.Button
	active   *widget.Check
	message  *widget.Label
}

func (p *usersPanel) snapshot() string { return p.name.Text + "\x00" + p.pin.Text }

func (s *Screen) buildUsers() fyne.CanvasObject {
	p := &usersPanel{list: container.NewVBox(), rows: map[int64]*userRow{}, name: s.env.Entry(""), pin: s.env.PinEntry(),
		message: &widget.Label{Wrapping: fyne.TextWrapWord}}
	s.users = p
	p.role = widgets.RoleSelect(store.Inspector)
	lang := i18n.Default
	if d := s.env.Depot(); d != nil {
		lang = d.Language
	}
	p.lang = widgets.LanguageSelect(lang, nil)
	p.fields = map[string]*widgets.Field{
		"name": widgets.NewField("users.name", p.name), "role": widgets.NewField("users.role", p.role),
		"lang": widgets.NewField("users.language", p.lang), "pin": widgets.NewField("users.pin", p.pin),
	}
	s.watch(p.name, p.pin)
	p.add = &widget.Button{Text: i18n.T("users.add"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: s.act(s.addUser)}
	s.refreshUsers()
	f := p.fields
	return container.NewVBox(
		p.list, widget.NewSeparator(),
		&widget.Label{Text: i18n.T("users.new"), TextStyle: fyne.TextStyle{Bold: true}},
		widgets.FormGrid(f["name"], f["role"], f["lang"], f["pin"]),
		container.NewHBox(p.add), p.message)
}

func (s *Screen) refreshUsers() {
	p := s.users
	users, err := s.d.Store.Users(s.ctx(), true)
	p.list.RemoveAll()
	p.rows = map[int64]*userRow{}
	if err != nil {
		p.list.Add(&widget.Label{Text: i18n.T("common.err.unexpected"), Importance: widget.DangerImportance})
		return
	}
	p.list.Add(widget.NewLabel(i18n.TN("users.count", len(users))))
	for _, usr := range users {
		r := &userRow{user: usr, role: widgets.RoleSelect(usr.Role), pin: s.env.PinEntry(),
			message: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
		r.message.Hide()
		r.pin.SetPlaceHolder(i18n.T("users.new_pin"))
		r.role.OnChanged = func(string) { s.changeUser(r, store.UserUpdate{Role: ptrTo(widgets.SelectedRole(r.role))}) }
		r.active = widget.NewCheck(i18n.T("users.active"), nil)
		r.active.SetChecked(usr.Active)
		r.active.OnChanged = func(on bool) { s.changeUser(r, store.UserUpdate{Active: &on}) }
		r.resetPIN = &widget.Button{Text: i18n.T("users.reset_pin"), Icon: theme.ViewRefreshIcon(), OnTapped: s.act(func() {
			pin := r.pin.Text
			if err := store.CheckPIN(pin); err != nil {
				showText(r.message, i18n.T(widgets.ErrorKey(err)))
				return
			}
			s.changeUser(r, store.UserUpdate{PIN: &pin})
		})}
		p.rows[usr.ID] = r
		p.list.Add(container.NewVBox(
			container.NewGridWithColumns(5, widget.NewLabel(usr.Name), r.role, r.active, r.pin, r.resetPIN),
			r.message))
	}
}

func ptrTo[T any](v T) *T { return &v }

func (s *Screen) changeUser(r *userRow, upd store.UserUpdate) {
	p := s.users
	if s.env.Activity != nil {
		s.env.Activity()
	}
	if upd.Role != nil && *upd.Role == r.user.Role {
		return
	}
	if upd.Active != nil && *upd.Active == r.user.Active {
		return
	}
	if _, err := s.d.Store.UpdateUser(s.ctx(), s.user, r.user.ID, upd); err != nil {
		// Show why, then put the row back as the store has it.
		msg := i18n.T(widgets.ErrorKey(err))
		s.refreshUsers()
		if nr := p.rows[r.user.ID]; nr != nil {
			showText(nr.message, msg)
		}
		return
	}
	if r.user.ID == s.user.ID {
		s.d.UserChanged()
		s.user = s.env.User()
	}
	s.refreshUsers()
	if nr := p.rows[r.user.ID]; nr != nil {
		nr.message.Importance = widget.SuccessImportance
		showText(nr.message, i18n.T("common.saved"))
	}
}

func (s *Screen) addUser() {
	p := s.users
	for _, f := range p.fields {
		f.SetError("")
	}
	p.message.SetText("")
	nu := store.NewUser{Name: p.name.Text, Role: widgets.SelectedRole(p.role), PIN: p.pin.Text, Language: widgets.SelectedLanguage(p.lang)}
	usr, err := s.d.Store.AddUser(s.ctx(), s.user, nu)
	if err != nil {
		key := widgets.ErrorKey(err)
		switch key {
		case "store.err.name_taken", "store.err.name_empty":
			p.fields["name"].SetError(key)
		case "store.err.pin_format", "store.err.pin_trivial", "security.err.pin_short":
			p.fields["pin"].SetError(key)
		case "store.err.bad_role":
			p.fields["role"].SetError(key)
		default:
			p.message.Importance = widget.DangerImportance
			p.message.SetText(i18n.T(key))
		}
		return
	}
	p.name.SetText("")
	p.pin.SetText("")
	s.refreshUsers()
	p.message.Importance = widget.SuccessImportance
	p.message.SetText(i18n.T("users.added", "Name", usr.Name))
	s.saved(Users)
}
