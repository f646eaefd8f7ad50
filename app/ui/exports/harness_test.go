package exports

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// harness is the export dialog in a test window, on a fresh store with a
// depot, a supervisor (Amina Juma) and an inspector (Neema Mushi).
type harness struct {
	t     *testing.T
	st    *store.Store
	dep   *uitest.Depot
	w     fyne.Window
	x     *Exports
	user  *store.User
	users map[string]*store.User
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	d := uitest.NewDepot(t, "en")
	live, err := sop.NewLive(data.FS, filepath.Join(t.TempDir(), "pack"))
	if err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h := &harness{t: t, st: d.Store, dep: d, users: map[string]*store.User{d.Sup.Name: d.Sup, d.Insp.Name: d.Insp}}
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 768))
	env := &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w), User: func() *store.User { return h.user },
		Pack: func() *sop.Pack { return live.Current() }, Focus: func(f fyne.Focusable) { h.w.Canvas().Focus(f) }}
	h.x = New(Deps{Env: env, Store: d.Store})
	return h
}

// as signs name in.
func (h *harness) as(name string) { h.user = h.users[name] }

// heldCase holds one parcel as the inspector and returns its case number.
func (h *harness) heldCase() string { return h.dep.Held(h.t, "TZ300000001", "Juma Hassan") }

// texts are the visible texts under o.
func texts(o fyne.CanvasObject) []string { return uitest.Texts(o) }
