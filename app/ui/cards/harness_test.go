package cards

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	tusktheme "tusk/app/ui/theme"
	"tusk/app/ui/widgets"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

// harness is the card library alone in a test window, on a fresh store
// with a depot and one user per role (PIN 246810): Amina Juma
// (supervisor, English), Neema Mushi (inspector, Kiswahili) and Nguyen
// Thi Lan (trainer, English).
type harness struct {
	t       *testing.T
	st      *store.Store
	w       fyne.Window
	env     *widgets.Env
	sc      *Screen
	live    *sop.Live
	home    string
	theme   *tusktheme.Theme
	user    *store.User
	depot   *store.Depot
	users   map[string]*store.User
	changed int   // times the screen said the pack changed
	store   Store // what the screen is given as its store; st by default
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	home := t.TempDir()
	live, err := sop.NewLive(data.FS, filepath.Join(home, "pack"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, st: st, live: live, home: home, users: map[string]*store.User{}}
	sup, err := st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.users[sup.Name] = sup
	for _, nu := range []store.NewUser{
		{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "sw"},
		{Name: "Nguyen Thi Lan", Role: store.Trainer, PIN: "246810", Language: "en"},
	} {
		u, err := st.AddUser(bg, sup, nu)
		if err != nil {
			t.Fatal(err)
		}
		h.users[u.Name] = u
	}
	h.depot, _ = st.Depot(bg)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	a := test.NewTempApp(t)
	h.theme = tusktheme.New()
	a.Settings().SetTheme(h.theme)
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 700))
	h.env = &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w),
		User: func() *store.User { return h.user }, Depot: func() *store.Depot { return h.depot },
		Pack:  func() *sop.Pack { return h.live.Current() },
		Focus: func(f fyne.Focusable) { h.w.Canvas().Focus(f) }}
	return h
}

// openCards signs name in, in their language, and shows the card library.
func (h *harness) openCards(name string) *view {
	h.t.Helper()
	h.user = h.users[name]
	if h.user == nil {
		h.t.Fatalf("no user %q", name)
	}
	i18n.SetLanguage(h.user.Language)
	if h.sc == nil {
		var st Store = h.st
		if h.store != nil {
			st = h.store
		}
		h.sc = New(Deps{Env: h.env, Store: st, Live: func() Live { return h.live }, PackDir: filepath.Join(h.home, "pack"),
			Theme: h.theme, Changed: h.reopen})
	}
	h.show()
	return h.sc.cur
}

// show builds the screen again, as the shell does on each visit.
func (h *harness) show() {
	h.w.SetContent(h.sc.Build())
	h.w.Canvas().Focus(h.sc.cur.search)
}

// reopen is the shell's answer to a changed pack: the screen again, with
// the same search and card.
func (h *harness) reopen() {
	h.changed++
	if h.sc == nil || !h.sc.Shown() {
		return // the library is not on show
	}
	prev, query := h.sc.Selected(), h.sc.Query()
	h.show()
	if query != "" {
		h.sc.Search(query)
	}
	if prev != "" {
		h.sc.Open(prev)
	}
}

// texts collects every visible label and button text under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Check:
			out = append(out, w.Text)
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
		} else if wd, ok := o.(fyne.Widget); ok {
			for _, ch := range test.WidgetRenderer(wd).Objects() {
				walk(ch)
			}
		}
	}
	walk(o)
	return out
}

func (h *harness) sees(s string) bool {
	for _, t := range texts(h.w.Content()) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// seesOverlay says whether the top pop-up shows a text containing s.
func (h *harness) seesOverlay(s string) bool {
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, t := range texts(top) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}
