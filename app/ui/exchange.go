package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/exchange"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Station exchange in the app: while the app runs (StartExchange), new
// cases go to the outbox every minute and the inbox is watched; Settings
// shows both folders and what happened last. The background work runs as
// store.ExchangeActor, so it goes on while nobody is signed in; "Send new
// cases now" runs as the signed-in supervisor.

// exchangeEvery is how often the app sends new cases to the outbox.
const exchangeEvery = time.Minute

// exchangeDo hands the background's UI updates to the UI goroutine. Tests
// replace it: Fyne's test driver runs fyne.Do on the caller's goroutine.
var exchangeDo = fyne.Do

// exchangeRunner is one UI's background exchange. Its fields are shared
// between the watcher goroutine and the UI goroutine: mu guards them, and
// widgets change only inside fyne.Do.
type exchangeRunner struct {
	mu         sync.Mutex
	ctx        context.Context // nil until StartExchange
	stopWatch  context.CancelFunc
	watchDir   string
	watchErr   error
	sent       string // the last send's result, translated
	lastImport *exchange.Result
	view       *exchangeView // the open Settings section, or nil
}

// exchangeView holds the widgets of the Settings section.
type exchangeView struct {
	outbox, inbox       *widgets.Entry
	returns             *widgets.Entry  // the return folder of acknowledgements
	stations            *fyne.Container // one line per station heard from
	outbound            *widget.Label   // this station's unacknowledged cases
	fields              map[string]*widgets.Field
	save, send          *widget.Button
	saved, sent, since  *widget.Label
	watching, lastIn, q *widget.Label
	retry               *widget.Button // quarantined bundles back into the inbox
}

// exchangeRunner is the UI's runner, made on first use (from the UI
// goroutine: StartExchange runs before the window shows).
func (u *UI) exchangeRunner() *exchangeRunner {
	u.exchOnce.Do(func() { u.exch = &exchangeRunner{} })
	return u.exch
}

// Exchange exposes the Settings section to tests.
func (u *UI) Exchange() *exchangeView { return u.exchangeRunner().view }

// StartExchange starts the background exchange: the minute's export into
// the outbox and the inbox watcher. It stops when ctx is cancelled.
func (u *UI) StartExchange(ctx context.Context) {
	r := u.exchangeRunner()
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
	u.restartInboxWatch()
	go func() {
		t := time.NewTicker(exchangeEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				u.sendBundles(store.ExchangeActor())
				exchangeDo(u.refreshExchange)
			}
		}
	}()
}

// sendBundles exports new cases into the outbox when one is set and
// keeps the result for refreshExchange; any goroutine may call it.
func (u *UI) sendBundles(actor *store.User) {
	st := u.deps.Store
	dir, _ := st.Setting(u.ctx(), store.SettingOutbox)
	if dir == "" {
		return
	}
	var sent exchange.Sent
	var err error
	locked := !st.KeyUnlocked(u.ctx()) // a sealed key waits for its passphrase
	if !locked {
		sent, err = exchange.Export(u.ctx(), st, actor, dir)
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
	r := u.exchangeRunner()
	r.mu.Lock()
	r.sent = msg
	r.mu.Unlock()
}

// restartInboxWatch (re)starts the watcher on the saved inbox folder, or
// stops it when none is set. Before StartExchange it does nothing.
func (u *UI) restartInboxWatch() {
	r := u.exchangeRunner()
	dir, _ := u.deps.Store.Setting(u.ctx(), store.SettingInbox)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx == nil || (dir == r.watchDir && r.stopWatch != nil) {
		return
	}
	if r.stopWatch != nil {
		r.stopWatch()
		r.stopWatch = nil
	}
	r.watchDir, r.watchErr = dir, nil
	if dir == "" {
		return
	}
	wctx, cancel := context.WithCancel(r.ctx)
	r.stopWatch = cancel
	w := &exchange.Watcher{Dir: dir, Store: u.deps.Store, Actor: store.ExchangeActor(), OnResult: func(res exchange.Result) {
		r.mu.Lock()
		r.lastImport = &res
		r.mu.Unlock()
		exchangeDo(u.refreshExchange)
	}}
	go func() {
		if err := w.Run(wctx); err != nil {
			r.mu.Lock()
			if r.watchDir == dir {
				r.watchErr = err
			}
			r.mu.Unlock()
			exchangeDo(u.refreshExchange)
		}
	}()
}

// exchangeSettings is the Settings section for the station outbox and
// the supervisor's inbox; nil hides it.
func (u *UI) exchangeSettings() fyne.CanvasObject {
	if !u.user.Can(store.CapManageDepot) {
		return nil
	}
	st := u.deps.Store
	v := &exchangeView{outbox: u.env.Entry("exchange.outbox_hint"), inbox: u.env.Entry("exchange.inbox_hint"),
		returns: u.env.Entry("stations.returns_hint")}
	out, _ := st.Setting(u.ctx(), store.SettingOutbox)
	in, _ := st.Setting(u.ctx(), store.SettingInbox)
	ret, _ := st.Setting(u.ctx(), store.SettingReturns)
	v.outbox.SetText(out)
	v.inbox.SetText(in)
	v.returns.SetText(ret)
	v.fields = map[string]*widgets.Field{"outbox": widgets.NewField("exchange.outbox", v.outbox), "inbox": widgets.NewField("exchange.inbox", v.inbox),
		"returns": widgets.NewField("stations.returns", v.returns)}
	v.stations = container.NewVBox()
	v.outbound = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.saved = &widget.Label{Importance: widget.SuccessImportance}
	v.sent = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.since = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	v.watching = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.lastIn = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.q = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	v.save = &widget.Button{Text: i18n.T("common.save"), Icon: theme.DocumentSaveIcon(), OnTapped: u.act(func() { u.saveExchange(v) })}
	v.send = &widget.Button{Text: i18n.T("exchange.send_now"), Icon: theme.MailSendIcon(), Importance: widget.HighImportance,
		OnTapped: u.act(func() {
			if u.saveExchange(v) {
				u.withKey(func() {
					u.sendBundles(u.user)
					u.refreshExchange()
				}, nil)
			}
		})}
	v.retry = &widget.Button{Text: i18n.T("exchange.requeue"), Icon: theme.ViewRefreshIcon(), OnTapped: u.act(func() { u.requeue(v) })}
	v.retry.Hide()
	r := u.exchangeRunner()
	r.mu.Lock()
	r.view = v
	r.mu.Unlock()
	u.refreshExchange()
	return widget.NewCard(i18n.T("exchange.title"), "", container.NewVBox(
		wrapped(i18n.T("exchange.intro"), widget.MediumImportance),
		wrapped(i18n.T("exchange.privacy"), widget.WarningImportance),
		widgets.FormGrid(v.fields["outbox"], v.fields["inbox"], v.fields["returns"]),
		container.NewHBox(v.save, v.send, v.saved),
		v.sent, v.since,
		widget.NewSeparator(),
		v.watching, v.lastIn, v.q, container.NewHBox(v.retry),
		widget.NewSeparator(),
		&widget.Label{Text: i18n.T("stations.heading"), TextStyle: fyne.TextStyle{Bold: true}},
		v.stations, v.outbound,
		wrapped(i18n.T("exchange.auto"), widget.LowImportance)))
}

// saveExchange checks and saves both folders (empty turns a side off)
// and restarts the inbox watch; false when a folder is wrong.
func (u *UI) saveExchange(v *exchangeView) bool {
	v.saved.SetText("")
	ok := true
	dirs := map[string]string{}
	for name, e := range map[string]*widgets.Entry{"outbox": v.outbox, "inbox": v.inbox, "returns": v.returns} {
		v.fields[name].SetError("")
		dir := strings.TrimSpace(e.Text)
		if dir != "" {
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				v.fields[name].SetError(exchange.ErrNoFolder.Code)
				ok = false
			}
		}
		dirs[name] = dir
	}
	if !ok {
		return false
	}
	st := u.deps.Store
	for name, key := range map[string]string{"outbox": store.SettingOutbox, "inbox": store.SettingInbox, "returns": store.SettingReturns} {
		if cur, _ := st.Setting(u.ctx(), key); cur == dirs[name] {
			continue
		}
		if err := st.SetSetting(u.ctx(), u.user, key, dirs[name]); err != nil {
			v.fields[name].SetError(widgets.ErrorKey(err))
			return false
		}
	}
	u.restartInboxWatch()
	v.saved.SetText(i18n.T("common.saved"))
	u.refreshExchange()
	return true
}

// refreshExchange shows the runner's state in the open section; on the
// UI goroutine only.
func (u *UI) refreshExchange() {
	r := u.exchangeRunner()
	r.mu.Lock()
	v, sent, dir, werr, last := r.view, r.sent, r.watchDir, r.watchErr, r.lastImport
	started := r.ctx != nil
	r.mu.Unlock()
	if v == nil {
		return
	}
	v.sent.SetText(sent)
	if t := u.deps.Store.LastBundleExport(u.ctx()); !t.IsZero() {
		v.since.SetText(i18n.T("exchange.last_export", "Time", t.In(time.Local).Format("2006-01-02 15:04")))
	} else {
		v.since.SetText("")
	}
	switch {
	case werr != nil:
		v.watching.Importance = widget.DangerImportance
		v.watching.SetText(i18n.T(widgets.ErrorKey(werr)) + " " + dir)
	case started && dir != "":
		v.watching.Importance = widget.SuccessImportance
		v.watching.SetText(i18n.T("exchange.watching", "Dir", dir))
	default:
		v.watching.Importance = widget.MediumImportance
		v.watching.SetText(i18n.T("exchange.not_watching"))
	}
	v.lastIn.SetText("")
	if last != nil {
		switch {
		case last.Err == nil:
			v.lastIn.SetText(i18n.T("exchange.imported", "File", last.File, "Station", last.Station,
				"Added", last.Counts.Added, "Updated", last.Counts.Updated, "Unchanged", last.Counts.Unchanged))
		case last.Quarantined:
			v.lastIn.SetText(i18n.T("exchange.quarantined", "File", last.File, "Reason", i18n.T(widgets.ErrorKey(last.Err))))
		default:
			v.lastIn.SetText(i18n.T("exchange.retry", "File", last.File, "Reason", i18n.T(widgets.ErrorKey(last.Err))))
		}
	}
	v.q.SetText("")
	v.retry.Hide()
	// Distinct bundles, by their hash: a bundle delivered again is not
	// counted twice.
	if q, err := u.deps.Store.Quarantined(u.ctx()); err == nil && len(q) > 0 {
		nq := len(q)
		v.q.SetText(i18n.TN("exchange.quarantine_count", nq))
		v.retry.Show()
	}
	u.refreshStations(v)
}

// refreshStations shows what each station sent and what arrived, and
// this station's own cases not yet acknowledged.
func (u *UI) refreshStations(v *exchangeView) {
	st := u.deps.Store
	v.stations.RemoveAll()
	list, _ := st.StationsStatus(u.ctx())
	hours, _ := st.Setting(u.ctx(), store.SettingSilentHours)
	for _, s := range list {
		when := i18n.T("stations.never")
		if !s.LastGood.IsZero() {
			when = s.LastGood.In(time.Local).Format("2006-01-02 15:04")
		}
		row := &widget.Label{Wrapping: fyne.TextWrapWord, Text: i18n.T("stations.row", "Station", s.Station, "Name", s.Name,
			"Acked", s.AckedSeq, "Waiting", s.Waiting(), "Imported", s.Imported, "Quarantined", s.Quarantined, "Time", when)}
		v.stations.Add(row)
		if s.Silent {
			v.stations.Add(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance,
				Text: i18n.T("stations.silent", "Station", s.Station, "Hours", hours)})
		}
	}
	o, err := st.Outbound(u.ctx())
	switch {
	case err != nil || o.SentSeq == 0:
		if len(list) == 0 {
			v.outbound.SetText(i18n.T("stations.none"))
		} else {
			v.outbound.SetText("")
		}
	case !o.Returns:
		v.outbound.SetText(i18n.T("stations.no_returns"))
	default:
		v.outbound.SetText(i18n.T("stations.outbound", "Waiting", o.Waiting, "Sent", o.SentSeq, "Acked", o.AckedSeq))
	}
}

// requeue tries the quarantined bundles of the archive again, once what
// made them fail (a station key not yet imported) is mended.
func (u *UI) requeue(v *exchangeView) {
	res, err := exchange.Requeue(u.ctx(), u.deps.Store, u.user)
	if err != nil {
		v.lastIn.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	r := u.exchangeRunner()
	r.mu.Lock()
	r.lastImport = nil
	for i := range res {
		if res[i].Err == nil {
			r.lastImport = &res[i]
		}
	}
	r.mu.Unlock()
	u.refreshExchange()
	if r.lastImport == nil {
		v.lastIn.SetText(i18n.TN("exchange.requeued", len(res)))
	}
}

// silentStations is the dashboard's warning for each station that has
// sent no good bundle for longer than the delivery.silent_hours setting;
// an empty box when all are heard from.
func (u *UI) silentStations() fyne.CanvasObject {
	box := container.NewVBox()
	list, err := u.deps.Store.StationsStatus(u.ctx())
	if err != nil {
		return box
	}
	hours, _ := u.deps.Store.Setting(u.ctx(), store.SettingSilentHours)
	for _, s := range list {
		if s.Silent {
			box.Add(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance,
				Text: i18n.T("stations.silent", "Station", s.Station, "Hours", hours)})
		}
	}
	return box
}
