package ui

import (
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// casesScreen is the review queue: held and refused parcels from every
// station, filtered, with the open case on the right.
type casesScreen struct {
	status    *widget.Select
	station   *widget.Select
	inspector *widget.Select
	product   *widget.Select
	origin    *widgets.Entry
	dest      *widgets.Entry
	from, to  *widgets.Entry
	minScore  *widget.Select
	text      *widgets.Entry
	oldest    *widget.Check
	overdue   *widget.Check
	export    *widget.Button
	more      *widget.Button
	filterErr *widget.Label

	list    *fyne.Container
	count   *widget.Label
	detail  *fyne.Container
	current string // the open case
	items   []store.QueueItem

	stationCodes []string
	inspectorIDs []int64
	productIDs   []string
	limit        int

	view *caseView
	slip *slipForm
}

// statusChoices are the status filter's options: what waits for a
// decision (the default), each status, and everything.
var statusChoices = append(append([]string{"waiting"}, inspect.CaseStatuses...), "all")

var scoreChoices = []int{0, 20, 40, 60, 80}

const queuePage = 50

func (u *UI) buildCases() fyne.CanvasObject {
	s := &casesScreen{list: container.NewVBox(), count: &widget.Label{}, detail: container.NewStack(), limit: queuePage,
		filterErr: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
	u.cases = s
	ready := false // selects call back while they are being set up
	refresh := func(string) {
		if ready {
			s.limit = queuePage
			u.refreshCases(s)
		}
	}

	var names []string
	for _, st := range statusChoices {
		names = append(names, i18n.T("queue.status."+st))
	}
	s.status = widgets.NewSelect(names, refresh)
	s.status.SetSelectedIndex(0)

	any := i18n.T("cards.filter_any")
	s.stationCodes = []string{""}
	stations := []string{any}
	if codes, err := u.deps.Store.Stations(u.ctx()); err == nil {
		for _, c := range codes {
			s.stationCodes = append(s.stationCodes, c)
			stations = append(stations, c)
		}
	}
	s.station = widgets.NewSelect(stations, refresh)
	s.station.SetSelectedIndex(0)

	s.inspectorIDs = []int64{0}
	inspectors := []string{any}
	if users, err := u.deps.Store.Users(u.ctx(), true); err == nil {
		for _, usr := range users {
			if usr.Role != store.Trainer {
				s.inspectorIDs = append(s.inspectorIDs, usr.ID)
				inspectors = append(inspectors, usr.Name)
			}
		}
	}
	s.inspector = widgets.NewSelect(inspectors, refresh)
	s.inspector.SetSelectedIndex(0)

	s.productIDs = []string{""}
	products := []string{any}
	if p := u.pack(); p != nil {
		for _, c := range p.Cards {
			s.productIDs = append(s.productIDs, c.ID)
			products = append(products, c.Title.In(i18n.CurrentLang()))
		}
	}
	s.product = widgets.NewSelect(products, refresh)
	s.product.SetSelectedIndex(0)

	scores := []string{any}
	for _, n := range scoreChoices[1:] {
		scores = append(scores, "≥ "+strconv.Itoa(n))
	}
	s.minScore = widgets.NewSelect(scores, refresh)
	s.minScore.SetSelectedIndex(0)

	mk := func(placeholder string) *widgets.Entry {
		e := u.env.NewEntry()
		e.SetPlaceHolder(i18n.T(placeholder))
		e.OnChanged = func(v string) { u.idle.touch(); refresh(v) }
		return e
	}
	s.text = mk("queue.search_hint")
	// Enter opens the first case found, as a scanned waybill would.
	s.text.OnSubmitted = func(string) {
		if len(s.items) > 0 {
			u.idle.touch()
			u.openCase(s, s.items[0].Number)
		}
	}
	s.origin, s.dest = mk("queue.country_hint"), mk("queue.country_hint")
	s.from, s.to = mk("queue.date_hint"), mk("queue.date_hint")
	s.oldest = widget.NewCheck(i18n.T("queue.oldest"), func(bool) { refresh("") })
	s.overdue = widget.NewCheck(i18n.T("queue.overdue_only"), func(bool) { refresh("") })
	s.more = &widget.Button{Text: i18n.T("queue.more"), Icon: theme.MoreVerticalIcon(), OnTapped: u.act(func() { s.limit += queuePage; u.refreshCases(s) })}
	top := container.NewVBox(widgets.Heading("nav.cases"), s.text)
	if u.user.Can(store.CapDecide) {
		s.export = &widget.Button{Text: i18n.T("queue.export"), Icon: theme.DownloadIcon(), OnTapped: u.act(func() {
			if f, ok := u.queueFilter(s); ok {
				f.Limit = 0
				u.showExport(f)
			}
		})}
		top.Objects[0] = container.NewBorder(nil, nil, nil, s.export, widgets.Heading("nav.cases"))
	}
	label := func(key string) *widget.Label {
		return &widget.Label{Text: i18n.T(key), Importance: widget.LowImportance}
	}
	filters := container.NewGridWithColumns(2,
		container.NewVBox(label("queue.f.status"), s.status), container.NewVBox(label("queue.f.station"), s.station),
		container.NewVBox(label("queue.f.inspector"), s.inspector), container.NewVBox(label("queue.f.product"), s.product),
		container.NewVBox(label("queue.f.origin"), s.origin), container.NewVBox(label("queue.f.destination"), s.dest),
		container.NewVBox(label("queue.f.from"), s.from), container.NewVBox(label("queue.f.to"), s.to),
		container.NewVBox(label("queue.f.score"), s.minScore), container.NewVBox(s.oldest, s.overdue),
	)
	more := widget.NewAccordion(widget.NewAccordionItem(i18n.T("queue.filters"), filters))
	top.Add(more)
	top.Add(s.filterErr)
	top.Add(s.count)
	s.detail.Add(container.NewPadded(wrapped(i18n.T("case.pick"), widget.LowImportance)))
	left := container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewVBox(s.list, s.more)))
	split := container.NewHSplit(container.NewPadded(left), s.detail)
	split.Offset = 0.42
	ready = true
	u.refreshCases(s)
	u.focus(s.text)
	return split
}

// queueFilter reads the filter fields; a date or country the store cannot
// use is marked and the queue keeps its last result.
func (u *UI) queueFilter(s *casesScreen) (store.QueueFilter, bool) {
	f := store.QueueFilter{Text: s.text.Text, OldestFirst: s.oldest.Checked, Overdue: s.overdue.Checked, Limit: s.limit}
	switch i := s.status.SelectedIndex(); {
	case i <= 0:
		f.Statuses = []string{inspect.CaseOpen, inspect.CaseUnderReview}
	case i == len(statusChoices)-1:
		f.Statuses = inspect.CaseStatuses
	default:
		f.Statuses = []string{statusChoices[i]}
	}
	if i := s.station.SelectedIndex(); i > 0 {
		f.Station = s.stationCodes[i]
	}
	if i := s.inspector.SelectedIndex(); i > 0 {
		f.InspectorID = s.inspectorIDs[i]
	}
	if i := s.product.SelectedIndex(); i > 0 {
		f.Product = s.productIDs[i]
	}
	if i := s.minScore.SelectedIndex(); i > 0 {
		f.MinScore = scoreChoices[i]
	}
	bad := ""
	for _, c := range []struct {
		e   *widgets.Entry
		dst *string
	}{{s.origin, &f.Origin}, {s.dest, &f.Destination}} {
		v := strings.ToUpper(strings.TrimSpace(c.e.Text))
		if v != "" && (len(v) != 2 || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
			bad = "queue.err.country"
		}
		*c.dst = v
	}
	for _, c := range []struct {
		e    *widgets.Entry
		dst  *time.Time
		next bool
	}{{s.from, &f.From, false}, {s.to, &f.To, true}} {
		v := strings.TrimSpace(c.e.Text)
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", v, time.Local)
		if err != nil {
			bad = "queue.err.date"
			continue
		}
		if c.next { // "to" includes the whole day
			d = d.AddDate(0, 0, 1)
		}
		*c.dst = d
	}
	if bad != "" {
		s.filterErr.SetText(i18n.T(bad))
		s.filterErr.Show()
		return f, false
	}
	s.filterErr.Hide()
	return f, true
}

func (u *UI) refreshCases(s *casesScreen) {
	f, ok := u.queueFilter(s)
	if !ok {
		return
	}
	items, total, err := u.deps.Store.Queue(u.ctx(), u.user, f)
	if err != nil {
		s.count.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.items = items
	s.count.SetText(i18n.TN("case.count", total))
	s.list.RemoveAll()
	for _, it := range items {
		s.list.Add(u.queueRow(s, it))
	}
	if len(items) < total {
		s.more.Show()
	} else {
		s.more.Hide()
	}
}

// riskColours are the swatches beside each case; the word goes with them.
var riskColours = map[string]color.NRGBA{
	inspect.LevelGrey:  {0x9e, 0x9e, 0x9e, 0xff},
	inspect.LevelGreen: {0x2e, 0x7d, 0x32, 0xff},
	inspect.LevelAmber: {0xf5, 0x9e, 0x0b, 0xff},
	inspect.LevelRed:   {0xc6, 0x28, 0x28, 0xff},
}

// queueRow is one case: a risk swatch with its word, a status badge, and
// what identifies the parcel. An overdue case says so in warning colour.
// The labels lie over a plain button, which takes the tap.
func (u *UI) queueRow(s *casesScreen, it store.QueueItem) fyne.CanvasObject {
	number := it.Number
	swatch := canvas.NewRectangle(riskColours[it.Risk])
	swatch.SetMinSize(fyne.NewSize(8, 8))
	var products []string
	for _, id := range it.Products {
		products = append(products, u.cardTitle(id))
	}
	badge := widget.HighImportance
	if number == s.current {
		badge = widget.MediumImportance // the selected row is drawn in the badge's colour
	}
	line1 := container.NewHBox(
		&widget.Label{Text: number, TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: "[" + i18n.T("case.status."+it.Status) + "]", Importance: badge, TextStyle: fyne.TextStyle{Bold: true}},
		widget.NewIcon(widgets.RiskIcon(it.Risk)),
		&widget.Label{Text: i18n.T("risk."+it.Risk) + " " + strconv.Itoa(it.Score), Importance: widgets.LevelImportance(it.Risk)})
	if it.Overdue {
		line1.Add(&widget.Label{Text: i18n.T("queue.overdue"), Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}})
	}
	if it.Sensitive {
		line1.Add(&widget.Label{Text: i18n.T("queue.sensitive"), Importance: widget.DangerImportance})
	}
	line2 := strings.Join(nonEmpty(it.Station, it.Waybill, strings.Join(products, ", "), it.Sender, it.HeldAt.In(time.Local).Format("2006-01-02 15:04")), " · ")
	b := &widget.Button{Importance: importanceIf(number == s.current), OnTapped: u.act(func() { u.openCase(s, number) })}
	text := container.NewVBox(line1, &widget.Label{Text: line2, Truncation: fyne.TextTruncateEllipsis})
	return container.NewBorder(nil, nil, swatch, nil, container.NewStack(b, text))
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// cardTitle is a card's title in the user's language, or its ID.
func (u *UI) cardTitle(id string) string {
	if p := u.pack(); p != nil {
		if c := p.CardByID[id]; c != nil {
			return c.Title.In(i18n.CurrentLang())
		}
	}
	return id
}

func importanceIf(on bool) widget.Importance {
	if on {
		return widget.HighImportance
	}
	return widget.MediumImportance
}
