// Package counter is the Inspect screen: scan, triage, check, decide. It
// is a thin view over the counter's state machine (tusk/app/counter) and
// reaches the store only through the narrow Store interface below.
package counter

import (
	"context"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/widgets"
	"tusk/i18n"
)

// Store is what the Inspect screen asks of the store.
type Store interface {
	LatestDraft(ctx context.Context, actor *store.User) (*inspect.Inspection, error)
	Day(ctx context.Context, actor *store.User, day time.Time, loc *time.Location, everyone bool) ([]store.InspectionSummary, error)
	Inspection(ctx context.Context, actor *store.User, id string) (*inspect.Inspection, error)
	WaybillPatterns(ctx context.Context) []inspect.WaybillPattern
	StartInspection(ctx context.Context, actor *store.User, waybill, stage string) (*inspect.Inspection, error)
	WaybillHistory(ctx context.Context, actor *store.User, waybill string) ([]store.InspectionSummary, error)
	SaveDraft(ctx context.Context, actor *store.User, in *inspect.Inspection) error
	Decide(ctx context.Context, actor *store.User, id string, d inspect.Decision, a inspect.Assessment) (*inspect.Case, error)
	DiscardDraft(ctx context.Context, actor *store.User, id string) error
	RepeatCounts(ctx context.Context, actor *store.User, in *inspect.Inspection) (map[string]int, error)
	PartyKeys(ctx context.Context, p inspect.Party, country string) ([]string, error)
	RepeatSenders(ctx context.Context, actor *store.User, keys []string) (int, []store.InspectionSummary, error)
	CaseOf(ctx context.Context, actor *store.User, inspectionID string) (*inspect.Case, error)
	Custody(ctx context.Context, actor *store.User, caseNumber string) ([]inspect.CustodyEvent, error)
	CaptureDir(ctx context.Context) string
	WaybillOpenCase(ctx context.Context, actor *store.User, waybill string) (string, error)
	CounterStrict(ctx context.Context) bool
	SetSetting(ctx context.Context, actor *store.User, key, value string) error
	AddPhoto(ctx context.Context, actor *store.User, r io.Reader, name string) (inspect.Photo, error)
	AttachPhoto(ctx context.Context, actor *store.User, inspectionID, sha string) error
	PhotoPath(ctx context.Context, actor *store.User, sha string) (string, error)
}

// Deps are what the shell hands the screen.
type Deps struct {
	Store Store
	Win   fyne.Window
	// User and Depot are read each time the screen is built.
	User  func() *store.User
	Depot func() *store.Depot
	// Pack is the content pack shown now, nil while none is loaded.
	Pack func() *sop.Pack
	// Connector is the company's real-name system, when it has one.
	Connector inspect.IdentityConnector
	Now       func() time.Time
	// Activity restarts the idle lock's countdown.
	Activity func()
	// Shown reports whether the Inspect screen is the one on show.
	Shown func() bool
	// AltKey runs the shell's own Alt shortcut (Alt+1 … the screens) and
	// reports whether there was one.
	AltKey func(fyne.KeyName) bool
	// Shortcut runs any other window shortcut (Ctrl+L locks) and reports
	// whether there was one: a focused field would swallow it otherwise.
	Shortcut func(fyne.Shortcut) bool
	// FocusLater gives the focus once the screen being built is on the
	// canvas.
	FocusLater func(fyne.Focusable)
}

// New makes the screen; Build shows it.
func New(d Deps) *Screen {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Activity == nil {
		d.Activity = func() {}
	}
	if d.Shown == nil {
		d.Shown = func() bool { return true }
	}
	if d.Shortcut == nil {
		d.Shortcut = func(fyne.Shortcut) bool { return false }
	}
	if d.AltKey == nil {
		d.AltKey = func(fyne.KeyName) bool { return false }
	}
	if d.Depot == nil {
		d.Depot = func() *store.Depot { return nil }
	}
	if d.Pack == nil {
		d.Pack = func() *sop.Pack { return nil }
	}
	return &Screen{d: d}
}

// Build makes the screen's content for the signed-in user. Once per
// sign-in, an unfinished inspection comes back by itself; after that the
// day's list reopens it.
func (s *Screen) Build() fyne.CanvasObject {
	s.user, s.depot = s.d.User(), s.d.Depot()
	s.building = true
	defer func() { s.building = false }()
	s.content = container.NewStack()
	s.root = container.NewBorder(container.NewVBox(s.buildScanBar(), widget.NewSeparator()), nil, nil, nil, s.content)
	s.bindKeys()
	s.buildHeader()
	s.form, s.parcelView = nil, nil
	recover := s.recovered != s.user
	s.recovered = s.user
	if d, err := s.d.Store.LatestDraft(s.ctx(), s.user); recover && err == nil && d != nil {
		// A draft left by a crash or a power cut comes back as it was.
		facts, lines := s.factsFor(d.Parcel.Waybill, d.ID)
		s.openInspection(d, facts, lines)
		s.saved.Importance = widget.WarningImportance
		s.saved.SetText(i18n.T("inspect.recovered", "Time", d.UpdatedAt.In(time.Local).Format("15:04:05")))
	} else {
		s.showStart()
	}
	return s.root
}

func (s *Screen) ctx() context.Context { return context.Background() }

func (s *Screen) touch() { s.d.Activity() }

func (s *Screen) shown() bool { return s.d.Shown() }

func (s *Screen) pack() *sop.Pack { return s.d.Pack() }

// act wraps a tap handler so that it also counts as activity.
func (s *Screen) act(fn func()) func() {
	return func() {
		s.touch()
		fn()
	}
}

// focus gives f the keyboard.
func (s *Screen) focus(f fyne.Focusable) {
	if s.building && s.d.FocusLater != nil {
		s.d.FocusLater(f)
		return
	}
	s.d.Win.Canvas().Focus(f)
}

// altKey binds Alt+key to fn on the window, whether or not a field has
// the focus; fn runs only while the screen is shown.
func (s *Screen) altKey(key fyne.KeyName, fn func()) {
	if s.altKeys == nil {
		s.altKeys = map[fyne.KeyName]func(){}
	}
	s.altKeys[key] = fn
	s.d.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) {
		if s.shown() {
			fn()
		}
	})
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// errorKey is the one mapping of store errors to messages (widgets.ErrorKey).
func errorKey(err error) string { return widgets.ErrorKey(err) }
