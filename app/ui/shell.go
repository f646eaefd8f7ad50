package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/assets"
	"tusk/i18n"
)

// navID names a screen of the shell.
type navID string

const (
	navInspect  navID = "inspect"
	navCards    navID = "cards"
	navCases    navID = "cases"
	navDash     navID = "dashboard"
	navTraining navID = "training"
	navVerify   navID = "verify"
	navSettings navID = "settings"
)

// navItem is one entry of the navigation: the capability it needs, its
// icon and the screen it builds.
type navItem struct {
	id    navID
	cap   store.Capability
	icon  fyne.Resource
	build func(u *UI) fyne.CanvasObject
}

// navItems is the navigation in order. A screen whose capability is not
// built yet shows an honest empty state instead of a stub.
func navItems() []navItem {
	return []navItem{
		{navInspect, store.CapInspect, theme.SearchIcon(), func(u *UI) fyne.CanvasObject { return u.buildInspect() }},
		{navCards, store.CapCards, theme.FileImageIcon(), func(u *UI) fyne.CanvasObject { return u.buildCards() }},
		{navCases, store.CapCases, theme.FolderIcon(), func(u *UI) fyne.CanvasObject { return u.buildCases() }},
		{navDash, store.CapDecide, theme.GridIcon(), func(u *UI) fyne.CanvasObject { return u.buildDashboard() }},
		{navTraining, store.CapTraining, theme.DocumentIcon(), func(u *UI) fyne.CanvasObject { return u.notBuilt(navTraining) }},
		{navVerify, store.CapVerify, theme.ConfirmIcon(), func(u *UI) fyne.CanvasObject { return u.buildVerify() }},
		{navSettings, "", theme.SettingsIcon(), func(u *UI) fyne.CanvasObject { return u.buildSettings() }},
	}
}

// shell is the signed-in window: navigation on the left, the screen on the
// right, the user and depot across the top.
type shell struct {
	nav      map[navID]*widget.Button
	order    []navID
	content  *fyne.Container
	view     *container.Scroll // the screen's place: it scrolls rather than widen the window
	current  navID
	building bool // a screen is being built and is not on the canvas yet
	userInfo *widget.Label
	switchBt *widget.Button
	lockBt   *widget.Button
}

// allowed lists the screens the signed-in user may open.
func (u *UI) allowed() []navItem {
	var out []navItem
	for _, it := range navItems() {
		if it.cap == "" || u.user.Can(it.cap) {
			out = append(out, it)
		}
	}
	return out
}

func (u *UI) showShell(start navID) {
	sh := &shell{nav: map[navID]*widget.Button{}, content: container.NewStack()}
	u.shell = sh
	items := u.allowed()
	navBox := container.NewVBox()
	for i, it := range items {
		it := it
		b := &widget.Button{Text: i18n.T("nav." + string(it.id)), Icon: it.icon, Alignment: widget.ButtonAlignLeading}
		b.OnTapped = u.act(func() { u.navigate(it.id) })
		sh.nav[it.id] = b
		sh.order = append(sh.order, it.id)
		navBox.Add(b)
		// Alt+1 … Alt+6 jump to a screen without the mouse.
		u.env.AltKey(fyne.KeyName(string(rune('1'+i))), func() { u.idle.touch(); u.navigate(it.id) })
	}
	u.addShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}, u.Lock)

	sh.userInfo = widget.NewLabel(u.user.Name + " · " + i18n.T("role."+string(u.user.Role)))
	sh.switchBt = &widget.Button{Text: i18n.T("shell.switch_user"), Icon: theme.AccountIcon(), OnTapped: u.SwitchUser}
	sh.lockBt = &widget.Button{Text: i18n.T("shell.lock"), Icon: theme.VisibilityOffIcon(), OnTapped: u.Lock}
	depot := ""
	if u.depot != nil {
		depot = u.depot.Name + " · " + u.depot.Code
	}
	// The depot's name gives way (…) before Switch user and Lock do.
	top := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewIcon(appIcon()), &widget.Label{Text: i18n.T("app.name"), TextStyle: fyne.TextStyle{Bold: true}}),
		container.NewHBox(widget.NewIcon(theme.AccountIcon()), sh.userInfo, sh.switchBt, sh.lockBt),
		&widget.Label{Text: depot, Truncation: fyne.TextTruncateEllipsis})
	left := container.NewBorder(nil, nil, nil, widget.NewSeparator(), navBox)
	// The screen scrolls inside the window rather than widen it: a long
	// message on a screen made the window 1365 px wide and pushed Switch
	// user and Lock off a 1366 px screen.
	sh.view = container.NewScroll(sh.content)
	u.setContent(container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, left, nil, sh.view))

	if _, ok := sh.nav[start]; !ok {
		start = sh.order[0]
	}
	u.navigate(start)
}

// startSize is the window's size as it opens: inside a 1024×768 screen,
// with room left for a title bar and a panel. Every screen fits it, in
// every language (TestWindowFitsSmallScreen).
var startSize = fyne.NewSize(1000, 700)

// fitScreen sizes the window to open inside the smallest counter screen.
func (u *UI) fitScreen() { u.win.Resize(startSize) }

// navigate opens a screen if the user may use it.
func (u *UI) navigate(id navID) {
	sh := u.shell
	if sh == nil || u.user == nil {
		return
	}
	var item *navItem
	for _, it := range u.allowed() {
		if it.id == id {
			item = &it
		}
	}
	if item == nil || !u.leaveSettings(id) {
		return
	}
	for nid, b := range sh.nav {
		b.Importance = widget.MediumImportance
		if nid == id {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
	if sh.current == navInspect && id != navInspect {
		u.leaveScreens()
	}
	sh.current = id
	// Nothing of the last screen stays: no dialog over the next one, and no
	// field of it keeps the keyboard once it is off the canvas, where it
	// would swallow what is typed and the shortcuts.
	u.dialogs.CloseAll()
	u.win.Canvas().Unfocus()
	u.pendingFocus = nil
	sh.building = true
	screen := item.build(u)
	sh.building = false
	sh.content.Objects = []fyne.CanvasObject{screen}
	sh.content.Refresh()
	if f := u.pendingFocus; f != nil {
		u.pendingFocus = nil
		u.win.Canvas().Focus(f)
	}
}

// CurrentScreen is the screen shown in the shell.
func (u *UI) CurrentScreen() string {
	if u.shell == nil {
		return ""
	}
	return string(u.shell.current)
}

// notBuilt is the empty state of a capability that a later version brings.
func (u *UI) notBuilt(id navID) fyne.CanvasObject {
	title := widgets.Heading("nav." + string(id))
	msg := &widget.Label{Text: i18n.T("empty." + string(id)), Wrapping: fyne.TextWrapWord}
	note := &widget.Label{Text: i18n.T("empty.not_built"), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	return container.NewPadded(container.NewVBox(title, widget.NewIcon(theme.InfoIcon()), msg, note))
}

func appIcon() fyne.Resource {
	b, _ := assets.Icon("tusk.svg")
	return fyne.NewStaticResource("tusk.svg", b)
}

// focus gives f the keyboard now, or, while a screen is being built and is
// not on the canvas yet, as soon as navigate has put it there (focusing it
// earlier fails, and the keyboard would stay with the last screen).
func (u *UI) focus(f fyne.Focusable) {
	if u.shell != nil && u.shell.building {
		u.pendingFocus = f
		return
	}
	u.win.Canvas().Focus(f)
}

// addShortcut binds a shortcut to fn on the window, and keeps it by name
// so a focused field hands it on (runShortcut) instead of swallowing it.
func (u *UI) addShortcut(s fyne.Shortcut, fn func()) {
	if u.keys == nil {
		u.keys = map[string]func(){}
	}
	u.keys[s.ShortcutName()] = fn
	u.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { fn() })
}

// runShortcut runs the window's shortcut s, if it has one. A focused
// field calls it first: the desktop driver gives shortcuts to the focused
// widget only, so without it Ctrl+L did nothing while the cursor was in a
// field.
func (u *UI) runShortcut(s fyne.Shortcut) bool {
	fn := u.keys[s.ShortcutName()]
	if fn == nil {
		return false
	}
	fn()
	return true
}
