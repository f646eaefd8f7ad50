// Package ui is Tusk's Fyne user interface: first run, sign-in, the shell
// with its role-based navigation, and one file per screen. Screens are
// structs of widget pointers, so tests tap and type on the same fields the
// user sees. Store calls that take milliseconds run in the callback; slow
// work runs in a goroutine and comes back through fyne.Do.
package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fynewidget "fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/cards"
	"tusk/app/ui/cases"
	"tusk/app/ui/counter"
	"tusk/app/ui/dashboard"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/exports"
	"tusk/app/ui/settings"
	"tusk/app/ui/theme"
	"tusk/app/ui/verify"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Deps are what main hands to the UI.
type Deps struct {
	Store   *store.Store
	Home    string
	Version string
	// Pack is the live content pack (default or the trainer's override).
	Pack *sop.Live
	// Connector is the company's real-name system, when it has one; nil
	// by default, and then the answer is recorded by hand.
	Connector inspect.IdentityConnector
	// Now is the clock; tests inject one.
	Now func() time.Time
}

// UI is the whole application window.
type UI struct {
	app   fyne.App
	win   fyne.Window
	deps  Deps
	theme *theme.Theme

	depot *store.Depot
	user  *store.User // nil while signed out or locked

	firstRun *firstRunScreen
	signIn   *signInScreen
	shell    *shell
	settings *settings.Screen
	cards    *cards.Screen
	dash     *dashboard.Screen
	inspect  *counter.Screen
	cases    *cases.Screen
	exch     *settings.Exchange // station exchange, see settings_wire.go
	exchOnce sync.Once
	verify   *verify.Screen
	exports  *exports.Exports

	pendingFocus fyne.Focusable // focus for a screen still being built
	// The shell's keyboard: the window's shortcuts by name, which fields
	// hand on, and every dialog, so Enter, Esc and a screen change treat
	// them alike.
	keys    map[string]func()
	dialogs *dialogs.Manager

	idle *idleTimer
	// env is what the shell hands every screen package.
	env *widgets.Env

	keyDlg *keyUnlock // the open passphrase dialog of the signing key, or nil
}

// New builds the UI in w. Call Start to show the first screen.
func New(a fyne.App, w fyne.Window, deps Deps) *UI {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	u := &UI{app: a, win: w, deps: deps, dialogs: dialogs.New(w)}
	// Keep the theme Prepare set: setting another would drop the parsed fonts.
	if th, ok := a.Settings().Theme().(*theme.Theme); ok {
		u.theme = th
	} else {
		u.theme = theme.New()
		a.Settings().SetTheme(u.theme)
	}
	u.idle = newIdleTimer(func() { fyne.Do(u.Lock) })
	u.env = u.newEnv()
	u.fitScreen()
	return u
}

func (u *UI) ctx() context.Context { return context.Background() }

// Prepare sets Tusk's theme and starts parsing its font for the text
// styles the first screen uses, in parallel, while main opens the store
// and the window. Fyne parses the large CJK font once per style on first
// use; done one after the other on the UI goroutine, that would delay the
// first frame. Call the returned func before Start to wait for the parses.
func Prepare(a fyne.App) (wait func()) {
	a.Settings().SetTheme(theme.New())
	var wg sync.WaitGroup
	for _, st := range []fyne.TextStyle{{}, {Bold: true}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fyne.MeasureText("Tusk", 14, st)
		}()
	}
	return wg.Wait
}

// Start shows first run when the depot is not set up, else sign-in.
func (u *UI) Start() {
	d, err := u.deps.Store.Depot(u.ctx())
	if err != nil {
		i18n.SetLanguage(i18n.Default)
		u.showFirstRun()
		return
	}
	u.depot = d
	i18n.SetLanguage(d.Language)
	u.showSignIn(nil)
}

// SetPack hands the UI the live pack once it has loaded.
func (u *UI) SetPack(p *sop.Live) {
	u.deps.Pack = p
	u.packChanged()
}

// PackChanged is called (on the UI goroutine) after the content pack was
// reloaded or refused, so the open screen shows it at once.
func (u *UI) PackChanged() { u.packChanged() }

// User is the signed-in user, or nil.
func (u *UI) User() *store.User { return u.user }

// setContent swaps the window content and keeps the idle watch on it.
func (u *UI) setContent(o fyne.CanvasObject) {
	u.dialogs.CloseAll()
	u.win.SetContent(o)
	u.watchActivity()
}

// signedIn opens the shell for a user in their own language.
func (u *UI) signedIn(user *store.User) {
	u.user = user
	i18n.SetLanguage(user.Language)
	u.idle.start(u.deps.Store.IdleTimeout(u.ctx()))
	if user.Can(store.CapManageDepot) {
		// Personal data of cleared parcels goes when its retention period
		// ends; a supervisor's sign-in is when the depot has the right to do it.
		if _, err := u.deps.Store.PurgeExpired(u.ctx(), user); err != nil {
			defer u.dialogs.Info(i18n.T("shell.purge_title"), i18n.T("common.ok"),
				widgets.Wrapped(i18n.T("shell.purge_failed", "Problem", i18n.T(widgets.ErrorKey(err))), fynewidget.DangerImportance))
		}
	}
	u.showShell(navInspect)
}

// Lock hides everything behind the sign-in screen for the same user, after
// the idle time or on request.
func (u *UI) Lock() {
	if u.user == nil {
		return
	}
	prev := u.user
	// The lock never waits: a sign-out that cannot be recorded is logged.
	if err := u.deps.Store.SignOut(u.ctx(), prev, "lock"); err != nil {
		fyne.LogError("recording the lock", err)
	}
	u.lockKey()
	u.user = nil
	u.idle.stop()
	u.showSignIn(prev)
}

// SwitchUser signs the current user out and shows the user list.
func (u *UI) SwitchUser() {
	if u.user != nil {
		if err := u.deps.Store.SignOut(u.ctx(), u.user, "switch"); err != nil {
			fyne.LogError("recording the switch of user", err)
		}
	}
	u.lockKey()
	u.user = nil
	u.idle.stop()
	if u.depot != nil {
		i18n.SetLanguage(u.depot.Language)
	}
	u.showSignIn(nil)
}

// SetLanguage switches the signed-in user's language, saves it and
// rebuilds the UI at once on the same screen.
func (u *UI) SetLanguage(code string) error {
	if u.user == nil || !i18n.Supported(code) {
		return nil
	}
	updated, err := u.deps.Store.UpdateUser(u.ctx(), u.user, u.user.ID, store.UserUpdate{Language: &code})
	if err != nil {
		return err
	}
	u.user = updated
	i18n.SetLanguage(code)
	current := navSettings
	if u.shell != nil {
		current = u.shell.current
	}
	u.showShell(current)
	return nil
}
