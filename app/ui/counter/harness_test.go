package counter

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

// A well-formed Tanzanian NIDA number: it starts with the birth date.
const goodNIDA = "19850315123450000125"

// harness is the Inspect screen alone in a test window, on a fresh store
// with a depot, a supervisor and an inspector (PIN 246810).
type harness struct {
	t     *testing.T
	st    *store.Store
	s     *Screen
	w     fyne.Window
	user  *store.User
	sup   *store.User
	depot *store.Depot
	live  *sop.Live
	shown bool
	alt   []fyne.KeyName // the shell's Alt keys that reached it
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	live, err := sop.NewLive(data.FS, filepath.Join(t.TempDir(), "pack"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, st: st, live: live, shown: true}
	h.sup, err = st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.user, err = st.AddUser(bg, h.sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.depot, _ = st.Depot(bg)
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1100, 760))
	return h
}

// open builds the screen for the inspector and puts it in the window.
func (h *harness) open() *Screen {
	h.t.Helper()
	if h.s == nil {
		h.s = New(Deps{Store: h.st, Win: h.w, User: func() *store.User { return h.user }, Depot: func() *store.Depot { return h.depot },
			Pack: func() *sop.Pack { return h.live.Current() }, Shown: func() bool { return h.shown },
			AltKey: func(k fyne.KeyName) bool { h.alt = append(h.alt, k); return k >= fyne.Key1 && k <= fyne.Key9 }})
	}
	var pending fyne.Focusable
	h.s.d.FocusLater = func(f fyne.Focusable) { pending = f }
	h.w.SetContent(h.s.Build())
	if pending != nil {
		h.w.Canvas().Focus(pending)
	}
	return h.s
}

// scanAt types a waybill as a USB scanner does, a few milliseconds a
// key, into whatever has the focus, and presses Enter.
func (h *harness) scan(number string) {
	h.t.Helper()
	f := h.w.Canvas().Focused()
	if f == nil {
		h.t.Fatalf("nothing has the focus for the scan of %s", number)
	}
	h.s.clock = scannerClock()
	test.Type(f, number)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.s.clock = humanClock()
}

// typeFocused types into whatever has focus, as a person does, and
// presses Enter.
func (h *harness) typeFocused(text string) {
	h.t.Helper()
	f := h.w.Canvas().Focused()
	if f == nil {
		h.t.Fatal("nothing to type into")
	}
	test.Type(f, text)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// scannerClock and humanClock stand in for the time keys arrive: 5 ms
// apart from a scanner, 150 ms from a person.
func scannerClock() func() time.Time { return stepClock(5 * time.Millisecond) }
func humanClock() func() time.Time   { return stepClock(150 * time.Millisecond) }

var clockBase = time.Now()

func stepClock(step time.Duration) func() time.Time {
	return func() time.Time {
		clockBase = clockBase.Add(step)
		return clockBase
	}
}
