package settings

import (
	"context"
	"os"
	"strconv"
	"strings"
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

// stationsView is Settings → Stations: the exchange folders, what was
// sent and imported last, and per station what it sent and what arrived.
type stationsView struct {
	outbox, inbox, returns *widgets.Entry
	fields                 map[string]*widgets.Field
	save, send             *widget.Button
	saved, sent, since     *widget.Label
	watching, lastIn, q    *widget.Label
	retry                  *widget.Button  // quarantined bundles back into the inbox
	table                  *fyne.Container // one row per station heard from
	rows                   []StationRow
	outbound               *widget.Label // this station's unacknowledged cases
}

// StationRow is what the table shows of one station.
type StationRow struct {
	Station, Name, Acked, Waiting, Imported, Quarantined, LastGood string
	Silent                                                         bool
}

func (v *stationsView) snapshot() string {
	return v.outbox.Text + "\x00" + v.inbox.Text + "\x00" + v.returns.Text
}

var folderKeys = map[string]string{"outbox": store.SettingOutbox, "inbox": store.SettingInbox, "returns": store.SettingReturns}

func (s *Screen) buildStations() fyne.CanvasObject {
	v := &stationsView{outbox: s.env.Entry("exchange.outbox_hint"), inbox: s.env.Entry("exchange.inbox_hint"),
		returns: s.env.Entry("stations.returns_hint")}
	s.stations = v
	v.fields = map[string]*widgets.Field{"outbox": widgets.NewField("exchange.outbox", v.outbox), "inbox": widgets.NewField("exchange.inbox", v.inbox),
		"returns": widgets.NewField("stations.returns", v.returns)}
	for name, e := range map[string]*widgets.Entry{"outbox": v.outbox, "inbox": v.inbox, "returns": v.returns} {
		if dir, ok := s.read(folderKeys[name], v.fields[name]); ok {
			e.SetText(dir)
		}
	}
	s.watch(v.outbox, v.inbox, v.returns)
	v.table = container.NewVBox()
	v.outbound = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.saved = status()
	v.sent = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.since = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	v.watching = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.lastIn = &widget.Label{Wrapping: fyne.TextWrapWord}
	v.q = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	v.save = s.saveButton("common.save", func() { s.saveStations() })
	v.send = &widget.Button{Text: i18n.T("exchange.send_now"), Icon: theme.MailSendIcon(), OnTapped: s.act(func() {
		if s.saveStations() && s.d.Exchange != nil {
			s.env.WithKey(func() {
				s.d.Exchange.Send(s.user)
				s.refreshStations()
			}, nil)
		}
	})}
	v.retry = &widget.Button{Text: i18n.T("exchange.requeue"), Icon: theme.ViewRefreshIcon(), OnTapped: s.act(s.requeue)}
	v.retry.Hide()
	if s.d.Exchange != nil {
		s.d.Exchange.setView(s.refreshStations)
	}
	s.refreshStations()
	return container.NewVBox(
		widgets.Wrapped(i18n.T("exchange.intro"), widget.MediumImportance),
		widgets.Wrapped(i18n.T("exchange.privacy"), widget.WarningImportance),
		widgets.FormGrid(v.fields["outbox"], v.fields["inbox"], v.fields["returns"]),
		v.sent, v.since,
		widget.NewSeparator(),
		v.watching, v.lastIn, v.q, container.NewHBox(v.retry),
		widget.NewSeparator(),
		widgets.SectionHead(i18n.T("stations.heading"), theme.StorageIcon()),
		v.table, v.outbound,
		widgets.Wrapped(i18n.T("exchange.auto"), widget.LowImportance))
}

// saveStations checks and saves the folders (empty turns a side off) and
// restarts the inbox watch; false when a folder is wrong.
func (s *Screen) saveStations() bool {
	v := s.stations
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
		setStatus(v.saved, false, i18n.T("settings2.not_saved"))
		return false
	}
	for _, name := range []string{"outbox", "inbox", "returns"} {
		key := folderKeys[name]
		if cur, err := s.d.Store.Setting(s.ctx(), key); err == nil && cur == dirs[name] {
			continue
		}
		if err := s.d.Store.SetSetting(s.ctx(), s.user, key, dirs[name]); err != nil {
			v.fields[name].SetError(widgets.ErrorKey(err))
			setStatus(v.saved, false, i18n.T("settings2.not_saved"))
			return false
		}
	}
	if s.d.Exchange != nil {
		s.d.Exchange.RestartWatch()
	}
	setStatus(v.saved, true, i18n.T("common.saved"))
	s.saved(Stations)
	s.refreshStations()
	return true
}

// refreshStations shows the exchange's state and the stations' table; on
// the UI goroutine only.
func (s *Screen) refreshStations() {
	v := s.stations
	if v == nil {
		return
	}
	var st exchangeState
	if s.d.Exchange != nil {
		st = s.d.Exchange.state()
	}
	showText(v.sent, st.sent)
	if t := s.d.Store.LastBundleExport(s.ctx()); !t.IsZero() {
		showText(v.since, i18n.T("exchange.last_export", "Time", t.In(time.Local).Format("2006-01-02 15:04")))
	} else {
		showText(v.since, "")
	}
	switch {
	case st.werr != nil:
		v.watching.Importance = widget.DangerImportance
		v.watching.SetText(i18n.T(widgets.ErrorKey(st.werr)) + " " + st.dir)
	case st.started && st.dir != "":
		v.watching.Importance = widget.SuccessImportance
		v.watching.SetText(i18n.T("exchange.watching", "Dir", st.dir))
	default:
		v.watching.Importance = widget.MediumImportance
		v.watching.SetText(i18n.T("exchange.not_watching"))
	}
	showText(v.lastIn, "")
	if last := st.last; last != nil {
		switch {
		case last.Err == nil:
			showText(v.lastIn, i18n.T("exchange.imported", "File", last.File, "Station", last.Station,
				"Added", last.Counts.Added, "Updated", last.Counts.Updated, "Unchanged", last.Counts.Unchanged))
		case last.Quarantined:
			showText(v.lastIn, i18n.T("exchange.quarantined", "File", last.File, "Reason", i18n.T(widgets.ErrorKey(last.Err))))
		default:
			showText(v.lastIn, i18n.T("exchange.retry", "File", last.File, "Reason", i18n.T(widgets.ErrorKey(last.Err))))
		}
	}
	showText(v.q, "")
	v.retry.Hide()
	// Distinct bundles, by their hash: a bundle delivered again is not
	// counted twice.
	if q, err := s.d.Store.Quarantined(s.ctx()); err == nil && len(q) > 0 {
		showText(v.q, i18n.TN("exchange.quarantine_count", len(q)))
		v.retry.Show()
	}
	s.refreshTable()
}

// Rows are the stations as the table shows them.
func (s *Screen) Rows() []StationRow {
	if s.stations == nil {
		return nil
	}
	return s.stations.rows
}

// refreshTable shows per station what it sent and what arrived, and this
// station's own cases not yet acknowledged.
func (s *Screen) refreshTable() {
	v := s.stations
	v.table.RemoveAll()
	v.rows = nil
	list, err := s.d.Store.StationsStatus(s.ctx())
	if err != nil {
		v.table.Add(widgets.Wrapped(i18n.T("settings2.err.unreadable", "Problem", err.Error()), widget.DangerImportance))
	}
	hours, herr := s.d.Store.Setting(s.ctx(), store.SettingSilentHours)
	if herr != nil || hours == "" {
		hours = "24"
	}
	if len(list) > 0 {
		head := func(key string) fyne.CanvasObject {
			return &widget.Label{Text: i18n.T(key), TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
		}
		// One grid a row: each row is as tall as its own cells.
		v.table.Add(container.NewGridWithColumns(6, head("settings2.stations.station"), head("settings2.stations.acked"),
			head("settings2.stations.waiting"), head("settings2.stations.imported"), head("settings2.stations.quarantined"),
			head("settings2.stations.last_good")))
		for _, st := range list {
			r := StationRow{Station: st.Station, Name: st.Name, Acked: strconv.FormatInt(st.AckedSeq, 10),
				Waiting: strconv.FormatInt(st.Waiting(), 10), Imported: strconv.Itoa(st.Imported),
				Quarantined: strconv.Itoa(st.Quarantined), LastGood: i18n.T("stations.never"), Silent: st.Silent}
			if !st.LastGood.IsZero() {
				r.LastGood = st.LastGood.In(time.Local).Format("2006-01-02 15:04")
			}
			v.rows = append(v.rows, r)
			cell := func(t string, imp widget.Importance) fyne.CanvasObject {
				return &widget.Label{Text: t, Wrapping: fyne.TextWrapWord, Importance: imp}
			}
			name := strings.TrimSpace(r.Station + " " + r.Name)
			waitImp, qImp, lastImp := widget.MediumImportance, widget.MediumImportance, widget.MediumImportance
			if st.Waiting() > 0 {
				waitImp = widget.WarningImportance
			}
			if st.Quarantined > 0 {
				qImp = widget.DangerImportance
			}
			if st.Silent {
				lastImp = widget.DangerImportance
				r.LastGood = i18n.T("settings2.stations.silent_cell", "Time", r.LastGood, "Hours", hours)
			}
			v.table.Add(widget.NewSeparator())
			v.table.Add(container.NewGridWithColumns(6, cell(name, widget.MediumImportance), cell(r.Acked, widget.MediumImportance),
				cell(r.Waiting, waitImp), cell(r.Imported, widget.MediumImportance), cell(r.Quarantined, qImp), cell(r.LastGood, lastImp)))
		}
		for _, st := range list {
			if st.Silent {
				v.table.Add(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance,
					Text: i18n.T("stations.silent", "Station", st.Station, "Hours", hours)})
			}
		}
	}
	o, err := s.d.Store.Outbound(s.ctx())
	switch {
	case err != nil || o.SentSeq == 0:
		if len(list) == 0 {
			showText(v.outbound, i18n.T("stations.none"))
		} else {
			showText(v.outbound, "")
		}
	case !o.Returns:
		showText(v.outbound, i18n.T("stations.no_returns"))
	default:
		showText(v.outbound, i18n.T("stations.outbound", "Waiting", o.Waiting, "Sent", o.SentSeq, "Acked", o.AckedSeq))
	}
}

// requeue tries the quarantined bundles of the archive again, once what
// made them fail (a station key not yet imported) is mended.
func (s *Screen) requeue() {
	v := s.stations
	if s.d.Exchange == nil {
		return
	}
	res, err := s.d.Exchange.requeue(s.user)
	if err != nil {
		showText(v.lastIn, i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.refreshStations()
	if s.d.Exchange.state().last == nil {
		showText(v.lastIn, i18n.TN("exchange.requeued", len(res)))
	}
}

// SilentStations is the dashboard's warning for each station that has
// sent no good bundle for longer than the delivery.silent_hours setting;
// an empty box when all are heard from.
func SilentStations(st interface {
	StationsStatus(ctx context.Context) ([]store.StationStatus, error)
	Setting(ctx context.Context, key string) (string, error)
}) fyne.CanvasObject {
	box := container.NewVBox()
	ctx := context.Background()
	list, err := st.StationsStatus(ctx)
	if err != nil {
		return box
	}
	hours, _ := st.Setting(ctx, store.SettingSilentHours)
	for _, s := range list {
		if s.Silent {
			box.Add(&widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance,
				Text: i18n.T("stations.silent", "Station", s.Station, "Hours", hours)})
		}
	}
	return box
}

// showText sets l's text and hides it while empty, so that empty lines
// take no room.
func showText(l *widget.Label, text string) {
	l.SetText(text)
	l.Hidden = text == ""
	l.Refresh()
}
