package cases

import (
	"context"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Store is what the case screens ask of the store.
type Store interface {
	Stations(ctx context.Context) ([]string, error)
	Users(ctx context.Context, includeInactive bool) ([]*store.User, error)
	Queue(ctx context.Context, actor *store.User, f store.QueueFilter) ([]store.QueueItem, int, error)
	CaseByNumber(ctx context.Context, actor *store.User, number string) (*inspect.Case, error)
	Inspection(ctx context.Context, actor *store.User, id string) (*inspect.Inspection, error)
	Custody(ctx context.Context, actor *store.User, caseNumber string) ([]inspect.CustodyEvent, error)
	PhotoPath(ctx context.Context, actor *store.User, sha string) (string, error)
	CaseHistory(ctx context.Context, actor *store.User, number string) ([]store.AuditEntry, error)
	CaseEvents(ctx context.Context, actor *store.User, number string) ([]store.CaseEvent, error)
	DecideCase(ctx context.Context, actor *store.User, number string, d store.CaseDecision) (*inspect.Case, error)
	Setting(ctx context.Context, key string) (string, error)
	CurrentSlip(ctx context.Context, actor *store.User, caseNumber string) (*store.Slip, error)
}

// Deps are what the shell hands the case screens.
type Deps struct {
	Env   *widgets.Env
	Store Store
	// MakeSlip makes, signs and records one slip of a case.
	MakeSlip func(ctx context.Context, actor *store.User, pack *sop.Pack, req caserecord.SlipRequest) (*caserecord.Slip, error)
	// Home is the depot's home folder: the slip made on referral is kept
	// in its slips/ folder.
	Home string
	// Export opens the export dialog for the queue's filter; nil: the
	// queue offers no export.
	Export func(store.QueueFilter)
}

// Screen is the review queue: held and refused parcels from every
// station, filtered, with the open case on the right.
type Screen struct {
	d     Deps
	env   *widgets.Env
	user  *store.User
	depot *store.Depot

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

	filters   *fyne.Container
	filtersBt *widget.Button

	root    *fyne.Container // the list alone, or the split with the open case
	left    fyne.CanvasObject
	split   *container.Split
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

// New makes the case screens; Build shows the queue.
func New(d Deps) *Screen { return &Screen{d: d, env: d.Env} }

// Build makes the queue for the signed-in user, with nothing open yet.
func (s *Screen) Build() fyne.CanvasObject {
	*s = Screen{d: s.d, env: s.d.Env, user: s.d.Env.User(), depot: s.d.Env.Depot(),
		list: container.NewVBox(), count: &widget.Label{}, detail: container.NewStack(), limit: queuePage,
		filterErr: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}}
	ready := false // selects call back while they are being set up
	refresh := func(string) {
		if ready {
			s.limit = queuePage
			s.refreshCases()
		}
	}

	var names []string
	for _, st := range statusChoices {
		names = append(names, i18n.T("queue.status."+st))
	}
	s.status = widgets.NewSelect(names, refresh)
	s.status.SetSelectedIndex(0)

	any := i18n.T("cards.filter_any")
	// Each filter says what it is in its own text ("Station: All"), so
	// the filters fit a few compact rows without labels over them.
	labelled := func(key string, values []string) []string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = i18n.T(key) + ": " + v
		}
		return out
	}
	s.stationCodes = []string{""}
	stations := []string{any}
	if codes, err := s.d.Store.Stations(s.ctx()); err == nil {
		for _, c := range codes {
			s.stationCodes = append(s.stationCodes, c)
			stations = append(stations, c)
		}
	}
	s.station = widgets.NewSelect(labelled("queue.f.station", stations), refresh)
	s.station.SetSelectedIndex(0)

	s.inspectorIDs = []int64{0}
	inspectors := []string{any}
	if users, err := s.d.Store.Users(s.ctx(), true); err == nil {
		for _, usr := range users {
			if usr.Role != store.Trainer {
				s.inspectorIDs = append(s.inspectorIDs, usr.ID)
				inspectors = append(inspectors, usr.Name)
			}
		}
	}
	s.inspector = widgets.NewSelect(labelled("queue.f.inspector", inspectors), refresh)
	s.inspector.SetSelectedIndex(0)

	s.productIDs = []string{""}
	products := []string{any}
	if p := s.pack(); p != nil {
		for _, c := range p.Cards {
			s.productIDs = append(s.productIDs, c.ID)
			products = append(products, c.Title.In(i18n.CurrentLang()))
		}
	}
	s.product = widgets.NewSelect(labelled("queue.f.product", products), refresh)
	s.product.SetSelectedIndex(0)

	scores := []string{any}
	for _, n := range scoreChoices[1:] {
		scores = append(scores, "≥ "+strconv.Itoa(n))
	}
	s.minScore = widgets.NewSelect(labelled("queue.f.score", scores), refresh)
	s.minScore.SetSelectedIndex(0)

	mk := func(placeholder string) *widgets.Entry {
		e := s.env.NewEntry()
		e.SetPlaceHolder(i18n.T(placeholder))
		e.OnChanged = func(v string) { s.touch(); refresh(v) }
		return e
	}
	s.text = mk("queue.search_hint")
	// Enter opens the first case found, as a scanned waybill would, or
	// the case whose number was typed, whatever its status (the search
	// does not look at case numbers, and the police quote them).
	s.text.OnSubmitted = func(text string) {
		s.touch()
		if len(s.items) > 0 {
			s.openCase(s.items[0].Number)
		} else if cs, err := s.d.Store.CaseByNumber(s.ctx(), s.user, strings.ToUpper(strings.TrimSpace(text))); err == nil {
			s.openCase(cs.Number)
		}
	}
	s.origin, s.dest = mk("cases.ph.origin"), mk("cases.ph.destination")
	s.from, s.to = mk("cases.ph.from"), mk("cases.ph.to")
	s.oldest = widget.NewCheck(i18n.T("queue.oldest"), func(bool) { refresh("") })
	s.overdue = widget.NewCheck(i18n.T("queue.overdue_only"), func(bool) { refresh("") })
	s.more = &widget.Button{Text: i18n.T("queue.more"), Icon: theme.MoreVerticalIcon(), OnTapped: s.env.Act(func() { s.limit += queuePage; s.refreshCases() })}
	search := fyne.CanvasObject(s.text)
	if s.user.Can(store.CapDecide) && s.d.Export != nil {
		s.export = &widget.Button{Text: i18n.T("queue.export"), Icon: theme.DownloadIcon(), OnTapped: s.env.Act(func() {
			if f, ok := s.queueFilter(); ok {
				f.Limit = 0
				s.d.Export(f)
			}
		})}
		search = container.NewBorder(nil, nil, nil, s.export, s.text)
	}
	// The filters fold into one bar: folded, the list has the height; open,
	// they take a few compact rows and the list keeps most of it.
	cell := fyne.NewSize(220, s.text.MinSize().Height)
	s.filters = container.NewGridWrap(cell, s.status, s.station, s.inspector, s.product, s.minScore,
		s.origin, s.dest, s.from, s.to, s.oldest, s.overdue)
	s.filters.Hide()
	s.filtersBt = &widget.Button{Icon: theme.MenuExpandIcon(), Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading,
		OnTapped: s.env.Act(s.toggleFilters)}
	s.count.Importance = widget.LowImportance
	top := container.NewVBox(search, container.NewBorder(nil, nil, s.filtersBt, nil, s.count), s.filters, s.filterErr)
	s.detail.Add(container.NewPadded(widgets.Wrapped(i18n.T("case.pick"), widget.LowImportance)))
	s.left = container.NewPadded(container.NewBorder(top, nil, nil, nil,
		container.NewVScroll(container.NewThemeOverride(container.NewVBox(s.list, s.more), compactTheme()))))
	// Nothing open, the list has the whole width: the sender and the time
	// held stay in view. A case opens beside it.
	s.root = container.NewStack(s.left)
	ready = true
	s.refreshCases()
	s.env.Focus(s.text)
	return s.root
}

// toggleFilters opens or folds the filter bar.
func (s *Screen) toggleFilters() {
	if s.filters.Visible() {
		s.filters.Hide()
	} else {
		// Laid out once at the list's width first, the bar asks for the
		// rows it needs there at once, not one a filter.
		s.filters.Layout.Layout(s.filters.Objects, fyne.NewSize(s.list.Size().Width, 0))
		s.filters.Show()
	}
	s.showFilterState()
}

// showFilterState says on the bar how many filters are set, folded or not.
func (s *Screen) showFilterState() {
	n := 0
	for _, sel := range []*widget.Select{s.status, s.station, s.inspector, s.product, s.minScore} {
		if sel.SelectedIndex() > 0 {
			n++
		}
	}
	for _, e := range []*widgets.Entry{s.origin, s.dest, s.from, s.to} {
		if strings.TrimSpace(e.Text) != "" {
			n++
		}
	}
	for _, c := range []*widget.Check{s.oldest, s.overdue} {
		if c.Checked {
			n++
		}
	}
	text := i18n.T("queue.filters")
	if n > 0 {
		text = i18n.T("cases.filters_set", "Count", n)
	}
	s.filtersBt.SetText(text)
	s.filtersBt.Icon = theme.MenuExpandIcon()
	if s.filters.Visible() {
		s.filtersBt.Icon = theme.MenuDropDownIcon()
	}
	s.filtersBt.Refresh()
}

// showCase puts the open case beside the list.
func (s *Screen) showCase() {
	if s.split == nil {
		s.split = container.NewHSplit(s.left, s.detail)
		s.split.Offset = 0.42
	}
	if len(s.root.Objects) == 0 || s.root.Objects[0] != s.split {
		s.root.Objects = []fyne.CanvasObject{s.split}
		s.root.Refresh()
	}
}

// closeCase gives the list the whole width again.
func (s *Screen) closeCase() {
	s.current, s.view, s.slip = "", nil, nil
	s.root.Objects = []fyne.CanvasObject{s.left}
	s.root.Refresh()
	s.refreshCases()
	s.env.Focus(s.text)
}

// compactTheme is the queue rows' theme: the app's with less padding, so
// that eight cases fit a 1024×768 screen with the filters open.
func compactTheme() fyne.Theme { return compact{fyne.CurrentApp().Settings().Theme()} }

type compact struct{ fyne.Theme }

func (c compact) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding:
		return 3
	case theme.SizeNamePadding, theme.SizeNameLineSpacing:
		return 2
	}
	return c.Theme.Size(n)
}

// queueFilter reads the filter fields; a date or country the store cannot
// use is marked and the queue keeps its last result.
func (s *Screen) queueFilter() (store.QueueFilter, bool) {
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

func (s *Screen) refreshCases() {
	f, ok := s.queueFilter()
	if !ok {
		return
	}
	items, total, err := s.d.Store.Queue(s.ctx(), s.user, f)
	if err != nil {
		s.count.SetText(i18n.T(widgets.ErrorKey(err)))
		return
	}
	s.items = items
	s.showFilterState()
	s.count.SetText(i18n.TN("case.count", total))
	s.list.RemoveAll()
	for _, it := range items {
		s.list.Add(s.queueRow(it))
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
func (s *Screen) queueRow(it store.QueueItem) fyne.CanvasObject {
	number := it.Number
	swatch := canvas.NewRectangle(riskColours[it.Risk])
	swatch.SetMinSize(fyne.NewSize(8, 8))
	var products []string
	for _, id := range it.Products {
		products = append(products, s.cardTitle(id))
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
	// The time held keeps its place at the right; the products give way
	// (…) before the sender does.
	line2 := strings.Join(nonEmpty(it.Station, it.Waybill, it.Sender, strings.Join(products, ", ")), " · ")
	held := &widget.Label{Text: it.HeldAt.In(time.Local).Format("2006-01-02 15:04")}
	b := &widget.Button{Importance: importanceIf(number == s.current), OnTapped: s.env.Act(func() { s.openCase(number) })}
	text := container.NewVBox(line1, container.NewBorder(nil, nil, nil, held, &widget.Label{Text: line2, Truncation: fyne.TextTruncateEllipsis}))
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
func (s *Screen) cardTitle(id string) string {
	if p := s.pack(); p != nil {
		if c := p.CardByID[id]; c != nil {
			return c.Title.In(i18n.CurrentLang())
		}
	}
	return id
}

func (s *Screen) ctx() context.Context { return s.env.Ctx() }

func (s *Screen) touch() {
	if s.env.Activity != nil {
		s.env.Activity()
	}
}

func (s *Screen) now() time.Time {
	if s.env.Now != nil {
		return s.env.Now()
	}
	return time.Now()
}

// pack is the content pack shown now, nil while none is loaded.
func (s *Screen) pack() *sop.Pack {
	if s.env.Pack == nil {
		return nil
	}
	return s.env.Pack()
}

// Open opens a case of the queue by its number.
func (s *Screen) Open(number string) { s.openCase(number) }

func importanceIf(on bool) widget.Importance {
	if on {
		return widget.HighImportance
	}
	return widget.MediumImportance
}
