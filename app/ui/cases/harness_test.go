package cases

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/uitest"
	"tusk/app/ui/widgets"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

const goodNIDA = uitest.GoodNIDA

// harness is the case screens alone in a test window, on a fresh store
// with a depot, a supervisor (Amina Juma) and an inspector (Neema Mushi).
type harness struct {
	t         *testing.T
	st        *store.Store
	dep       *uitest.Depot
	w         fyne.Window
	env       *widgets.Env
	s         *Screen
	user      *store.User
	users     map[string]*store.User
	depot     *store.Depot
	live      *sop.Live
	home      string
	exported  []store.QueueFilter // what the queue's Export asked for
	shortcuts []func()            // what the screen bound to keys
}

// clock is the harness's fixed time: screens drawn in markup tests are
// the same on every run.
var clock = time.Date(2026, 11, 23, 6, 5, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC // the times shown, whatever the machine's zone
	os.Exit(m.Run())
}

// steadyStore gives each inspection the same ID on every run, for the
// markup tests.
type steadyStore struct{ *store.Store }

func (s steadyStore) Inspection(ctx context.Context, actor *store.User, id string) (*inspect.Inspection, error) {
	in, err := s.Store.Inspection(ctx, actor, id)
	if in != nil {
		in.ID = "insp-0001"
	}
	return in, err
}

// slipCount is how many slips the case has.
func (h *harness) slipCount(number string) int {
	h.t.Helper()
	slips, err := h.st.Slips(bg, h.users["Amina Juma"], number)
	if err != nil {
		h.t.Fatal(err)
	}
	return len(slips)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	d := uitest.NewDepot(t, "en")
	st := d.Store
	st.Now = func() time.Time { return clock }
	h := &harness{t: t, st: st, dep: d, home: t.TempDir(), users: map[string]*store.User{d.Sup.Name: d.Sup, d.Insp.Name: d.Insp}}
	var err error
	h.live, err = sop.NewLive(data.FS, filepath.Join(h.home, "pack"))
	if err != nil {
		t.Fatal(err)
	}
	h.depot, _ = st.Depot(bg)
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 768))
	h.env = &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w),
		User: func() *store.User { return h.user }, Depot: func() *store.Depot { return h.depot },
		Pack:        func() *sop.Pack { return h.live.Current() },
		Now:         func() time.Time { return clock },
		AddShortcut: func(_ fyne.Shortcut, fn func()) { h.shortcuts = append(h.shortcuts, fn) },
		// The key is not sealed here: the shell's passphrase dialog has its own test.
		WithKey: func(sign, _ func()) { sign() }}
	h.s = New(Deps{Env: h.env, Store: steadyStore{st}, Home: h.home,
		MakeSlip: func(ctx context.Context, actor *store.User, pack *sop.Pack, req caserecord.SlipRequest) (*caserecord.Slip, error) {
			return caserecord.MakeSlip(ctx, st, actor, pack, req)
		},
		Export: func(f store.QueueFilter) { h.exported = append(h.exported, f) }})
	return h
}

// open shows the queue to name, as the shell does once they signed in
// and chose Cases: built, on the canvas, then focused.
func (h *harness) open(name string) *Screen {
	h.t.Helper()
	h.user = h.users[name]
	if h.user == nil {
		h.t.Fatalf("no user %s", name)
	}
	i18n.SetLanguage(h.user.Language)
	var pending fyne.Focusable
	h.env.Focus = func(f fyne.Focusable) { pending = f }
	h.w.SetContent(h.s.Build())
	h.env.Focus = func(f fyne.Focusable) { h.w.Canvas().Focus(f) }
	if pending != nil {
		h.w.Canvas().Focus(pending)
	}
	return h.s
}

// heldCase holds one parcel as the inspector and returns its case number.
func (h *harness) heldCase() string {
	h.t.Helper()
	return h.heldParcel("TZ300000001", "Juma Hassan")
}

// heldParcel holds a parcel from sender as the inspector.
func (h *harness) heldParcel(waybill, sender string) string {
	h.t.Helper()
	return h.dep.Held(h.t, waybill, sender)
}

// casesAs holds one parcel as the inspector and shows name the queue.
func (h *harness) casesAs(name string) (*Screen, string) {
	h.t.Helper()
	number := h.heldCase()
	return h.open(name), number
}

// texts are the visible texts under o.
func texts(o fyne.CanvasObject) []string { return uitest.Texts(o) }

// sees says whether the window shows a text containing s.
func (h *harness) sees(s string) bool {
	for _, t := range texts(h.w.Content()) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// row is the button of the queue's i-th case.
func (s *Screen) row(i int) *widget.Button {
	return s.list.Objects[i].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.Button)
}

// rowText is what the queue's i-th case says.
func (s *Screen) rowText(i int) string { return strings.Join(texts(s.list.Objects[i]), " ") }

// buttons are the visible buttons under o.
func buttons(o fyne.CanvasObject) []*widget.Button { return uitest.Buttons(o) }
