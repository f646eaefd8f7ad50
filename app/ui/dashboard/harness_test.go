package dashboard

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// harness is the dashboard alone in a test window, on a fresh store with
// a depot, a supervisor (Amina Juma) and an inspector (Neema Mushi).
type harness struct {
	t     *testing.T
	st    *store.Store
	w     fyne.Window
	env   *widgets.Env
	sc    *Screen
	users map[store.Role]*store.User
	user  *store.User // the one signed in
	depot *store.Depot
	pack  *sop.Pack
	now   time.Time // the clock of the screen and the store
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pack, err := sop.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, st: st, pack: pack, users: map[store.Role]*store.User{},
		now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local)}
	sup, err := st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.users[store.Supervisor] = sup
	insp, err := st.AddUser(bg, sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "sw"})
	if err != nil {
		t.Fatal(err)
	}
	h.users[store.Inspector] = insp
	h.user = sup
	h.depot, _ = st.Depot(bg)
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 700))
	h.env = &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w),
		User: func() *store.User { return h.user }, Depot: func() *store.Depot { return h.depot },
		Pack: func() *sop.Pack { return h.pack }, Now: func() time.Time { return h.now }}
	return h
}

// open builds the dashboard in lang for the supervisor and shows it.
func (h *harness) open(lang string) *view {
	h.t.Helper()
	i18n.SetLanguage(lang)
	if h.sc == nil {
		h.sc = New(Deps{Env: h.env, Store: h.st})
	}
	h.w.SetContent(h.sc.Build())
	return h.sc.cur
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
		case *widget.Card:
			out = append(out, w.Title)
			if w.Content != nil {
				walk(w.Content)
			}
			return
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
