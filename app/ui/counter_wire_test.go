package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"tusk/app/inspect"
	"tusk/app/store"
)

// A well-formed Tanzanian NIDA number: it starts with the birth date.
const goodNIDA = "19850315123450000125"

// The Inspect screen, in its own package, is wired into the shell: it
// opens first for an inspector with the scan field focused, and the
// shell's Alt+digit keys work from inside its fields.
func TestInspectScreenWiredIn(t *testing.T) {
	h := newHarness(t)
	h.startAs("Neema Mushi", navInspect)
	if h.u.inspect == nil || h.w.Canvas().Focused() == nil {
		t.Fatal("inspect screen not built or nothing focused")
	}
	f := h.w.Canvas().Focused()
	test.Type(f, "TZ123456789")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierAlt})
	if h.u.CurrentScreen() != string(navCards) {
		t.Errorf("Alt+2 from a field of the open parcel went to %q", h.u.CurrentScreen())
	}
}

func TestTrainerCannotInspect(t *testing.T) {
	h := newHarness(t)
	users := h.withDepot("en")
	if _, err := h.st.StartInspection(bg, users[store.Trainer], "X1", inspect.StageAcceptance); err == nil {
		t.Error("the store let a trainer start an inspection")
	}
}

func TestSupervisorSignInPurgesExpiredPersonalData(t *testing.T) {
	h := newHarness(t)
	users := h.withDepot("en")
	insp := users[store.Inspector]
	// A parcel cleared 200 days ago, past the 90-day default.
	h.st.Now = func() time.Time { return time.Now().AddDate(0, 0, -200) }
	in, err := h.st.StartInspection(bg, insp, "TZ000111222", inspect.StageAcceptance)
	if err != nil {
		t.Fatal(err)
	}
	in.Parties = []inspect.Party{{Role: inspect.RoleSender, Name: "Juma Hassan", Phone: "+255 712 345 678",
		ID: &inspect.IDDocument{Type: inspect.DocTZNIDA, Number: goodNIDA}}}
	if err := h.st.SaveDraft(bg, insp, in); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.Decide(bg, insp, in.ID, inspect.Decision{Action: inspect.ActionClear}, inspect.Assessment{Level: inspect.LevelGreen}); err != nil {
		t.Fatal(err)
	}
	h.st.Now = time.Now
	h.u.Start()
	h.signIn("Amina Juma", "246810")
	got, err := h.st.Inspection(bg, users[store.Supervisor], in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.Party(inspect.RoleSender); p == nil || p.Name == "Juma Hassan" || (p.ID != nil && p.ID.Number == goodNIDA) {
		t.Errorf("personal data kept past retention: %+v", p)
	}
}

// Ctrl+L locks from inside a field of the Inspect screen.
func TestCtrlLFromAnInspectField(t *testing.T) {
	h := newHarness(t)
	h.startAs("Neema Mushi", navInspect)
	f := h.w.Canvas().Focused()
	test.Type(f, "TZ123456788")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	if h.u.User() != nil {
		t.Error("Ctrl+L in a field of the open parcel did not lock")
	}
}
