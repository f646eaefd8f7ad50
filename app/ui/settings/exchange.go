package settings

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"tusk/app/exchange"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Station exchange in the app: while the app runs (Start), new cases go to
// the outbox every minute and the inbox is watched; Settings → Stations
// shows both folders and what happened last. The background work runs as
// store.ExchangeActor, so it goes on while nobody is signed in; "Send new
// cases now" runs as the signed-in supervisor.

// ExchangeEvery is how often the app sends new cases to the outbox.
const ExchangeEvery = time.Minute

// ExchangeStore is what the background exchange asks of the store.
type ExchangeStore interface {
	Setting(ctx context.Context, key string) (string, error)
	KeyUnlocked(ctx context.Context) bool
}

// ExchangeDeps are the exchange's own operations, bound to the store by
// the shell.
type ExchangeDeps struct {
	Store   ExchangeStore
	Export  func(ctx context.Context, actor *store.User, dir string) (exchange.Sent, error)
	Requeue func(ctx context.Context, actor *store.User) ([]exchange.Result, error)
	// Watch watches dir for bundles until ctx ends, reporting each.
	Watch func(ctx context.Context, dir string, onResult func(exchange.Result)) error
	// Do hands the background's UI updates to the UI goroutine (fyne.Do
	// when nil). Tests replace it.
	Do func(func())
}

// Exchange is the app's background exchange. Its fields are shared
// between the watcher goroutine and the UI goroutine: mu guards them, and
// widgets change only inside Do.
type Exchange struct {
	d          ExchangeDeps
	mu         sync.Mutex
	ctx        context.Context // nil until Start
	stopWatch  context.CancelFunc
	watchDir   string
	watchErr   error
	sent       string // the last send's result, translated
	lastImport *exchange.Result
	refresh    func() // the open Stations section's refresh, or nil
}

// NewExchange makes the background exchange; Start runs it.
func NewExchange(d ExchangeDeps) *Exchange {
	if d.Do == nil {
		d.Do = fyne.Do
	}
	return &Exchange{d: d}
}

func (x *Exchange) setView(refresh func()) {
	x.mu.Lock()
	x.refresh = refresh
	x.mu.Unlock()
}

// update asks the open section, if any, to show the state again.
func (x *Exchange) update() {
	x.d.Do(func() {
		x.mu.Lock()
		f := x.refresh
		x.mu.Unlock()
		if f != nil {
			f()
		}
	})
}

// Start starts the minute's export into the outbox and the inbox watcher.
// It stops when ctx is cancelled.
func (x *Exchange) Start(ctx context.Context) {
	x.mu.Lock()
	x.ctx = ctx
	x.mu.Unlock()
	x.RestartWatch()
	go func() {
		t := time.NewTicker(ExchangeEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				x.Send(store.ExchangeActor())
				x.update()
			}
		}
	}()
}

// Send exports new cases into the outbox when one is set and keeps the
// result to show; any goroutine may call it.
func (x *Exchange) Send(actor *store.User) {
	ctx := context.Background()
	dir, _ := x.d.Store.Setting(ctx, store.SettingOutbox)
	if dir == "" {
		return
	}
	var sent exchange.Sent
	var err error
	locked := !x.d.Store.KeyUnlocked(ctx) // a sealed key waits for its passphrase
	if !locked {
		sent, err = x.d.Export(ctx, actor, dir)
	}
	var msg string
	switch {
	case locked:
		msg = i18n.T("keyunlock.outbox_waiting")
	case err != nil:
		msg = i18n.T(widgets.ErrorKey(err))
	case sent.Cases == 0:
		msg = i18n.T("exchange.nothing_new")
	default:
		msg = i18n.TN("exchange.sent", sent.Cases)
	}
	x.mu.Lock()
	x.sent = msg
	x.mu.Unlock()
}

// RestartWatch (re)starts the watcher on the saved inbox folder, or stops
// it when none is set. Before Start it does nothing.
func (x *Exchange) RestartWatch() {
	dir, _ := x.d.Store.Setting(context.Background(), store.SettingInbox)
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ctx == nil || (dir == x.watchDir && x.stopWatch != nil) {
		return
	}
	if x.stopWatch != nil {
		x.stopWatch()
		x.stopWatch = nil
	}
	x.watchDir, x.watchErr = dir, nil
	if dir == "" {
		return
	}
	wctx, cancel := context.WithCancel(x.ctx)
	x.stopWatch = cancel
	go func() {
		err := x.d.Watch(wctx, dir, func(res exchange.Result) {
			x.mu.Lock()
			x.lastImport = &res
			x.mu.Unlock()
			x.update()
		})
		if err != nil {
			x.mu.Lock()
			if x.watchDir == dir {
				x.watchErr = err
			}
			x.mu.Unlock()
			x.update()
		}
	}()
}

// state is a copy of what the section shows.
type exchangeState struct {
	sent, dir string
	werr      error
	last      *exchange.Result
	started   bool
}

func (x *Exchange) state() exchangeState {
	x.mu.Lock()
	defer x.mu.Unlock()
	return exchangeState{sent: x.sent, dir: x.watchDir, werr: x.watchErr, last: x.lastImport, started: x.ctx != nil}
}

// requeue tries the quarantined bundles again and keeps the last good one
// to show.
func (x *Exchange) requeue(actor *store.User) ([]exchange.Result, error) {
	res, err := x.d.Requeue(context.Background(), actor)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	x.lastImport = nil
	for i := range res {
		if res[i].Err == nil {
			x.lastImport = &res[i]
		}
	}
	x.mu.Unlock()
	return res, nil
}

// Sent is the last send's result, translated.
func (x *Exchange) Sent() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.sent
}
