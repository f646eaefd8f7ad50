package verify

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

// harness is the Verify screen alone in a test window, on a fresh store
// with a depot and an inspector who reads lang.
type harness struct {
	st *store.Store
	w  fyne.Window
	s  *Screen
}

func newHarness(t *testing.T, lang string) *harness {
	t.Helper()
	d := uitest.NewDepot(t, lang)
	live, err := sop.NewLive(data.FS, filepath.Join(t.TempDir(), "pack"))
	if err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage(lang)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 768))
	env := &widgets.Env{Win: w, Dialogs: dialogs.New(w), User: func() *store.User { return d.Insp },
		Pack: func() *sop.Pack { return live.Current() }}
	h := &harness{st: d.Store, w: w, s: New(Deps{Env: env, Store: d.Store})}
	var pending fyne.Focusable
	env.Focus = func(f fyne.Focusable) { pending = f }
	w.SetContent(h.s.Build())
	if pending == nil {
		t.Fatal("Verify gives no field the focus")
	}
	w.Canvas().Focus(pending)
	return h
}
