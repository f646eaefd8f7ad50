package settings

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
	"tusk/app/ui/widgets"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

// harness is the Settings screen alone in a test window, on a fresh store
// with a depot, a supervisor (Amina Juma) and an inspector (Neema Mushi),
// both PIN 246810.
type harness struct {
	t       *testing.T
	st      *store.Store
	s       *Screen
	w       fyne.Window
	env     *widgets.Env
	user    *store.User
	sup     *store.User
	insp    *store.User
	depot   *store.Depot
	live    *sop.Live
	lang    []string // SetLanguage calls
	changed int      // DepotChanged calls
	x       *Exchange
	store   Store // the store the screen sees: h.st unless a test breaks it
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
	h := &harness{t: t, st: st, live: live}
	h.sup, err = st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.insp, err = st.AddUser(bg, h.sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.user = h.sup
	h.depot, _ = st.Depot(bg)
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 768))
	h.env = &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w),
		User: func() *store.User { return h.user }, Depot: func() *store.Depot { return h.depot },
		Pack: func() *sop.Pack { return h.live.Current() }, WithKey: func(sign, _ func()) { sign() }}
	return h
}

// open builds the screen for the user and puts it in the window.
func (h *harness) open() *Screen {
	h.t.Helper()
	if h.s == nil {
		if h.store == nil {
			h.store = h.st
		}
		h.s = New(Deps{Store: h.store, Env: h.env, Version: "test", Home: "/home/depot",
			SetLanguage:  func(code string) { h.lang = append(h.lang, code) },
			DepotChanged: func() { h.changed++; h.depot, _ = h.st.Depot(bg) },
			UserChanged:  func() { h.user, _ = h.st.User(bg, h.user.ID) },
			Exchange:     h.x})
	}
	h.w.SetContent(h.s.Build())
	return h.s
}

// section opens section id.
func (h *harness) section(id string) {
	h.t.Helper()
	x := h.s.byID[id]
	if x == nil {
		h.t.Fatalf("no section %s", id)
	}
	test.Tap(x.nav)
}

// texts are the texts of what o shows.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *widget.Check:
			out = append(out, v.Text)
		case *widget.Select:
			out = append(out, v.Selected)
		case *widgets.Entry:
			out = append(out, v.Text)
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

// sees reports whether the window (dialogs included) shows s.
func (h *harness) sees(s string) bool {
	objs := []fyne.CanvasObject{h.w.Content()}
	objs = append(objs, h.w.Canvas().Overlays().List()...)
	for _, o := range objs {
		for _, t := range texts(o) {
			if strings.Contains(t, s) {
				return true
			}
		}
	}
	return false
}
