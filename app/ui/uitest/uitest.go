// Package uitest holds what the screen packages' headless tests share: a
// fresh store with a depot and its people, a held parcel, and reading
// what a window shows. Only tests import it.
package uitest

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
)

// GoodNIDA is a well-formed Tanzanian NIDA number: it starts with the
// birth date.
const GoodNIDA = "19850315123450000125"

// Depot is a fresh store with the depot TZ-DAR1 (English), a supervisor,
// Amina Juma, and an inspector, Neema Mushi who reads inspectorLang; both
// have the PIN 246810.
type Depot struct {
	Store     *store.Store
	Sup, Insp *store.User
}

// NewDepot opens the store in a temporary folder; it closes with the test.
func NewDepot(t testing.TB, inspectorLang string) *Depot {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sup, err := st.Setup(ctx, store.Depot{Code: "TZ-DAR1", Name: "Dar es Salaam Kariakoo", Country: "TZ", Language: "en"},
		store.NewUser{Name: "Amina Juma", PIN: "246810", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	insp, err := st.AddUser(ctx, sup, store.NewUser{Name: "Neema Mushi", Role: store.Inspector, PIN: "246810", Language: inspectorLang})
	if err != nil {
		t.Fatal(err)
	}
	return &Depot{Store: st, Sup: sup, Insp: insp}
}

// Held has the inspector hold a parcel from sender (with a NIDA number)
// with pangolin scales found, and returns the case's number.
func (d *Depot) Held(t testing.TB, waybill, sender string) string {
	t.Helper()
	ctx := context.Background()
	in, err := d.Store.StartInspection(ctx, d.Insp, waybill, inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: sender, ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: GoodNIDA}}}
	in.Findings = []inspect.Finding{{Card: "pangolin-scales", Confidence: inspect.ConfidenceHigh, WeightKg: 1.2}}
	if err := d.Store.SaveDraft(ctx, d.Insp, in); err != nil {
		t.Fatal(err)
	}
	c, err := d.Store.Decide(ctx, d.Insp, in.ID, inspect.Decision{Action: inspect.ActionHold, Reason: "scales on X-ray", Seals: []string{"S-1"}, Storage: "Cage 1"},
		inspect.Assessment{Level: inspect.LevelRed, Score: 80})
	if err != nil {
		t.Fatal(err)
	}
	return c.Number
}

// Walk calls fn for every visible object under o, widgets' parts included.
func Walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			Walk(ch, fn)
		}
	} else if wd, ok := o.(fyne.Widget); ok {
		for _, ch := range test.WidgetRenderer(wd).Objects() {
			Walk(ch, fn)
		}
	}
}

// Texts are the texts of the visible labels and buttons under o.
func Texts(o fyne.CanvasObject) []string {
	var out []string
	Walk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		}
	})
	return out
}

// Buttons are the visible buttons under o.
func Buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	Walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b)
		}
	})
	return out
}
