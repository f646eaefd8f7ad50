package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"tusk/app/exchange"
	"tusk/app/store"
	"tusk/app/ui/settings"
)

// buildSettings shows the Settings screen, made once and rebuilt on each
// visit for the signed-in user.
func (u *UI) buildSettings() fyne.CanvasObject {
	if u.settings == nil {
		u.settings = settings.New(settings.Deps{
			Store:       u.deps.Store,
			Env:         u.env,
			Version:     u.deps.Version,
			Home:        u.deps.Home,
			SetLanguage: func(code string) { _ = u.SetLanguage(code) },
			DepotChanged: func() {
				u.depot, _ = u.deps.Store.Depot(u.ctx())
				u.idle.start(u.deps.Store.IdleTimeout(u.ctx()))
			},
			UserChanged: func() { u.user, _ = u.deps.Store.User(u.ctx(), u.user.ID) },
			Exchange:    u.exchange(),
		})
	}
	return u.settings.Build()
}

// Settings exposes the screen to tests.
func (u *UI) Settings() *settings.Screen { return u.settings }

// leaveSettings asks before unsaved settings are left behind; false while
// the question is open (then to runs once the user leaves).
func (u *UI) leaveSettings(to navID) bool {
	if u.shell == nil || u.shell.current != navSettings || to == navSettings || u.settings == nil {
		return true
	}
	return u.settings.Leave(func() { u.navigate(to) })
}

// exchange is the app's background station exchange, made on first use
// (from the UI goroutine: StartExchange runs before the window shows).
func (u *UI) exchange() *settings.Exchange {
	u.exchOnce.Do(func() {
		st := u.deps.Store
		u.exch = settings.NewExchange(settings.ExchangeDeps{
			Store: st,
			Export: func(ctx context.Context, actor *store.User, dir string) (exchange.Sent, error) {
				return exchange.Export(ctx, st, actor, dir)
			},
			Requeue: func(ctx context.Context, actor *store.User) ([]exchange.Result, error) {
				return exchange.Requeue(ctx, st, actor)
			},
			Watch: func(ctx context.Context, dir string, onResult func(exchange.Result)) error {
				w := &exchange.Watcher{Dir: dir, Store: st, Actor: store.ExchangeActor(), OnResult: onResult}
				return w.Run(ctx)
			},
			Do: func(f func()) { exchangeDo(f) },
		})
	})
	return u.exch
}

// exchangeDo hands the background's UI updates to the UI goroutine. Tests
// replace it: Fyne's test driver runs fyne.Do on the caller's goroutine.
var exchangeDo = fyne.Do

// StartExchange starts the background exchange: the minute's export into
// the outbox and the inbox watcher. It stops when ctx is cancelled.
func (u *UI) StartExchange(ctx context.Context) { u.exchange().Start(ctx) }

// sendBundles exports new cases into the outbox when one is set.
func (u *UI) sendBundles(actor *store.User) { u.exchange().Send(actor) }

// silentStations is the dashboard's warning for each silent station.
func (u *UI) silentStations() fyne.CanvasObject { return settings.SilentStations(u.deps.Store) }
