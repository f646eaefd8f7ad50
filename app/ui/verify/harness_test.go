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
	st, err := store.Open(bg, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	live, err := sop.NewLive(data.FS, filepath.Join(t.TempDir(), "pack"))
	if err != nil {
		t.Fatal(err)
	}
	sup, err := st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	user, err := st.AddUser(bg, sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: lang})
	if err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage(lang)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 768))
	env := &widgets.Env{Win: w, Dialogs: dialogs.New(w), User: func() *store.User { return user },
		Pack: func() *sop.Pack { return live.Current() }}
	h := &harness{st: st, w: w, s: New(Deps{Env: env, Store: st})}
	var pending fyne.Focusable
	env.Focus = func(f fyne.Focusable) { pending = f }
	w.SetContent(h.s.Build())
	if pending == nil {
		t.Fatal("Verify gives no field the focus")
	}
	w.Canvas().Focus(pending)
	return h
}
