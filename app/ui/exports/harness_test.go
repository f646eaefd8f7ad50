package exports

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/app/ui/dialogs"
	"tusk/app/ui/widgets"
	"tusk/data"
	"tusk/i18n"
)

var bg = context.Background()

// A well-formed Tanzanian NIDA number: it starts with the birth date.
const goodNIDA = "19850315123450000125"

// harness is the export dialog in a test window, on a fresh store with a
// depot, a supervisor (Amina Juma) and an inspector (Neema Mushi).
type harness struct {
	t     *testing.T
	st    *store.Store
	w     fyne.Window
	x     *Exports
	user  *store.User
	users map[string]*store.User
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
	sup, err := st.Setup(bg, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	insp, err := st.AddUser(bg, sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	i18n.SetLanguage("en")
	t.Cleanup(func() { i18n.SetLanguage(i18n.Default) })
	test.NewTempApp(t)
	h := &harness{t: t, st: st, users: map[string]*store.User{sup.Name: sup, insp.Name: insp}}
	h.w = test.NewTempWindow(t, widget.NewLabel(""))
	h.w.Resize(fyne.NewSize(1024, 768))
	env := &widgets.Env{Win: h.w, Dialogs: dialogs.New(h.w), User: func() *store.User { return h.user },
		Pack: func() *sop.Pack { return live.Current() }, Focus: func(f fyne.Focusable) { h.w.Canvas().Focus(f) }}
	h.x = New(Deps{Env: env, Store: st})
	return h
}

// as signs name in.
func (h *harness) as(name string) { h.user = h.users[name] }

// heldCase holds one parcel as the inspector and returns its case number.
func (h *harness) heldCase() string {
	h.t.Helper()
	insp := h.users["Neema Mushi"]
	in, err := h.st.StartInspection(bg, insp, "TZ300000001", inspect.StageAcceptance)
	if err != nil {
		h.t.Fatal(err)
	}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: goodNIDA}}}
	in.Findings = []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, WeightKg: 1.2}}
	if err := h.st.SaveDraft(bg, insp, in); err != nil {
		h.t.Fatal(err)
	}
	c, err := h.st.Decide(bg, insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "scales on X-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
		inspect.Assessment{Level: inspect.LevelRed, Score: 80})
	if err != nil {
		h.t.Fatal(err)
	}
	return c.Number
}

// texts collects every visible label and button text under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
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
