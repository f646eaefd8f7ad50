package settings

import (
	"context"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Section names, in the order of the list on the left.
const (
	Depot    = "depot"
	Counter  = "counter"
	Review   = "review"
	Stations = "stations"
	Users    = "users"
	Mine     = "mine"
	About    = "about"
)

// section is one page of Settings.
type section struct {
	id      string
	icon    fyne.Resource
	content fyne.CanvasObject
	// status and actions sit in the section's header, in sight however
	// far the page is scrolled: its Save and what became of it.
	status  *widget.Label
	actions []fyne.CanvasObject
	// snapshot is what the section's fields hold now; it differs from
	// saved while there are unsaved changes. nil: nothing to save.
	snapshot func() string
	saved    string
	nav      *widget.Button
}

func (x *section) dirty() bool { return x.snapshot != nil && x.snapshot() != x.saved }

// markSaved takes what the fields hold as saved.
func (x *section) markSaved() {
	if x.snapshot != nil {
		x.saved = x.snapshot()
	}
}

// Screen is the Settings screen. It is made once and built on each visit;
// the section last open stays open.
type Screen struct {
	d    Deps
	env  *widgets.Env
	user *store.User

	current  string
	sections []*section
	byID     map[string]*section
	page     *fyne.Container
	leaving  bool // the unsaved-changes question is open

	language *widget.Select
	mine     *mineForm
	depot    *depotForm
	counter  *counterForm
	review   *reviewForm
	stations *stationsView
	users    *usersPanel
	about    *aboutView
}

// New makes the screen; Build shows it.
func New(d Deps) *Screen {
	if d.SetLanguage == nil {
		d.SetLanguage = func(string) {}
	}
	if d.DepotChanged == nil {
		d.DepotChanged = func() {}
	}
	if d.UserChanged == nil {
		d.UserChanged = func() {}
	}
	return &Screen{d: d, env: d.Env}
}

func (s *Screen) ctx() context.Context { return context.Background() }

func (s *Screen) act(fn func()) func() { return s.env.Act(fn) }

// Build makes the screen for the signed-in user: the sections a role may
// use, the list of them on the left and the open one on the right.
func (s *Screen) Build() fyne.CanvasObject {
	s.user = s.env.User()
	s.sections, s.byID = nil, map[string]*section{}
	s.mine, s.depot, s.counter, s.review, s.stations, s.users, s.about = nil, nil, nil, nil, nil, nil, nil
	if s.d.Exchange != nil {
		s.d.Exchange.setView(nil)
	}
	manage := s.user.Can(store.CapManageDepot)
	if manage {
		s.add(Depot, theme.HomeIcon(), s.buildDepot())
		s.add(Counter, theme.SearchIcon(), s.buildCounter())
		s.add(Review, theme.ConfirmIcon(), s.buildReview())
		s.add(Stations, theme.MailSendIcon(), s.buildStations())
	}
	if s.user.Can(store.CapManageUsers) {
		s.add(Users, theme.AccountIcon(), s.buildUsers())
	}
	s.add(Mine, theme.LoginIcon(), s.buildMine())
	s.add(About, theme.InfoIcon(), s.buildAbout())
	for _, x := range s.sections {
		x.markSaved()
	}
	nav := container.NewVBox()
	width := float32(0)
	for _, x := range s.sections {
		nav.Add(x.nav)
		// The list keeps the width of its longest entry marked unsaved, so
		// the page does not jump when a mark appears.
		probe := &widget.Button{Text: i18n.T("settings2.unsaved_mark", "Section", title(x.id)), Icon: x.icon}
		width = max(width, probe.MinSize().Width)
	}
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(width, 0))
	s.page = container.NewStack()
	if s.byID[s.current] == nil {
		s.current = s.sections[0].id
	}
	s.show(s.current)
	s.changed()
	left := container.NewBorder(widgets.Heading("nav.settings"), nil, nil, nil, container.NewVScroll(container.NewStack(spacer, nav)))
	return container.NewBorder(nil, nil, container.NewHBox(container.NewPadded(left), widget.NewSeparator()), nil, s.page)
}

// add puts a section in the list.
func (s *Screen) add(id string, icon fyne.Resource, content fyne.CanvasObject) {
	x := &section{id: id, icon: icon, content: content}
	switch id {
	case Mine:
		x.snapshot = s.mine.snapshot
	case Depot:
		x.snapshot = s.depot.snapshot
		x.status, x.actions = s.depot.done, []fyne.CanvasObject{s.depot.save}
	case Counter:
		x.snapshot = s.counter.snapshot
		x.status, x.actions = s.counter.done, []fyne.CanvasObject{s.counter.save}
	case Review:
		x.snapshot = s.review.snapshot
		x.status, x.actions = s.review.done, []fyne.CanvasObject{s.review.save}
	case Stations:
		x.snapshot = s.stations.snapshot
		x.status, x.actions = s.stations.saved, []fyne.CanvasObject{s.stations.save, s.stations.send}
	case Users:
		x.snapshot = s.users.snapshot
	}
	x.nav = &widget.Button{Text: title(id), Icon: icon, Alignment: widget.ButtonAlignLeading, OnTapped: s.act(func() { s.show(id) })}
	s.sections = append(s.sections, x)
	s.byID[id] = x
}

func title(id string) string { return i18n.T("settings2.section." + id) }

// show opens a section. The others keep what was typed in them: moving
// between sections loses nothing.
func (s *Screen) show(id string) {
	x := s.byID[id]
	if x == nil {
		return
	}
	s.current = id
	for _, o := range s.sections {
		o.nav.Importance = widget.LowImportance
		if o == x {
			o.nav.Importance = widget.HighImportance
		}
		o.nav.Refresh()
	}
	var head fyne.CanvasObject = widgets.SectionHead(title(id), x.icon)
	if len(x.actions) > 0 {
		head = container.NewBorder(nil, nil, head, container.NewHBox(x.actions...), x.status)
	}
	s.page.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(container.NewPadded(head), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(x.content)))}
	s.page.Refresh()
}

// Current is the section on show.
func (s *Screen) Current() string { return s.current }

// Show opens the section id, when the user has it.
func (s *Screen) Show(id string) { s.show(id) }

// Has reports whether the user has section id.
func (s *Screen) Has(id string) bool { return s.byID[id] != nil }

// changed marks the sections with unsaved changes in the list.
func (s *Screen) changed() {
	for _, x := range s.sections {
		t := title(x.id)
		if x.dirty() {
			t = i18n.T("settings2.unsaved_mark", "Section", t)
		}
		if x.nav.Text != t {
			x.nav.SetText(t)
		}
	}
}

// Unsaved lists the sections with unsaved changes, by title.
func (s *Screen) Unsaved() []string {
	var out []string
	for _, x := range s.sections {
		if x.dirty() {
			out = append(out, title(x.id))
		}
	}
	return out
}

// Leave asks before unsaved changes are left behind. It returns true when
// there are none; otherwise it asks and returns false, and proceed runs
// once the user chooses to leave without saving.
func (s *Screen) Leave(proceed func()) bool {
	unsaved := s.Unsaved()
	if len(unsaved) == 0 {
		return true
	}
	if s.leaving {
		return false
	}
	s.leaving = true
	msg := widgets.Wrapped(i18n.T("settings2.unsaved_body", "Sections", strings.Join(unsaved, ", ")), widget.MediumImportance)
	s.env.Dialogs.Confirm(i18n.T("settings2.unsaved_title"), i18n.T("settings2.leave"), i18n.T("settings2.stay"), msg, func(leave bool) {
		s.leaving = false
		if !leave {
			// Back to the first section with changes.
			for _, x := range s.sections {
				if x.dirty() {
					s.show(x.id)
					break
				}
			}
			return
		}
		for _, x := range s.sections {
			x.saved = ""
			x.snapshot = nil
		}
		proceed()
	})
	return false
}

// watch marks the section's list entry as soon as a field changes.
func (s *Screen) watch(entries ...*widgets.Entry) {
	for _, e := range entries {
		prev := e.OnChanged
		e.OnChanged = func(v string) {
			if prev != nil {
				prev(v)
			}
			s.changed()
		}
	}
}

// saveButton is a section's Save.
func (s *Screen) saveButton(key string, fn func()) *widget.Button {
	return &widget.Button{Text: i18n.T(key), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.act(fn)}
}

// status is the label beside a Save: green when saved, red when not.
func status() *widget.Label { return &widget.Label{Wrapping: fyne.TextWrapWord} }

func setStatus(l *widget.Label, ok bool, text string) {
	l.Importance = widget.SuccessImportance
	if !ok {
		l.Importance = widget.DangerImportance
	}
	l.SetText(text)
}

// saved marks section id as saved and refreshes the list.
func (s *Screen) saved(id string) {
	if x := s.byID[id]; x != nil {
		x.markSaved()
	}
	s.changed()
}

// read reads a setting for field f; when it cannot be read the field says
// so, and ok is false.
func (s *Screen) read(key string, f *widgets.Field) (string, bool) {
	v, err := s.d.Store.Setting(s.ctx(), key)
	if err != nil {
		unreadable(f, err.Error())
		return "", false
	}
	return v, true
}

// unreadable shows at f that its setting could not be read, and why.
func unreadable(f *widgets.Field, problem string) {
	f.Err.SetText(i18n.T("settings2.err.unreadable", "Problem", problem))
	f.Err.Show()
}

// Language is the signed-in user's language select, under My settings.
func (s *Screen) Language() *widget.Select { return s.language }
