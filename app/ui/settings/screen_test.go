package settings

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tusk/app/store"
	"tusk/i18n"
)

// A supervisor has every section in the list; an inspector only their
// own settings and About.
func TestSectionsByRole(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	for _, id := range []string{Depot, Counter, Review, Stations, Users, Mine, About} {
		if !s.Has(id) {
			t.Errorf("supervisor has no %s section", id)
		}
		if !h.sees(i18n.T("settings2.section." + id)) {
			t.Errorf("the list does not show %s", id)
		}
	}
	if s.Current() != Depot {
		t.Errorf("opens on %s", s.Current())
	}
	h.user = h.insp
	h.s = nil
	s = h.open()
	for _, id := range []string{Depot, Counter, Review, Stations, Users} {
		if s.Has(id) {
			t.Errorf("an inspector has the %s section", id)
		}
	}
	if h.sees("Outbox folder") || h.sees("Depot language") {
		t.Error("an inspector sees depot settings")
	}
	if !s.Has(Mine) || s.Current() != Mine {
		t.Errorf("inspector opens on %s", s.Current())
	}
}

// Each section shows on its own with its own Save: the Depot's Save saves
// the depot only, and moving to another section keeps what was typed.
func TestOneSectionOneSave(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	f := s.depot
	if !h.sees(f.fields["minpin"].Label.Text) || h.sees(i18n.T("exchange.outbox")) {
		t.Fatal("the Depot section is not shown alone")
	}
	f.name.SetText("Kariakoo Depot")
	if got := s.byID[Depot].nav.Text; got != "Depot • not saved" {
		t.Errorf("list entry of a changed section: %q", got)
	}
	h.section(Review)
	if h.sees("Kariakoo Depot") || !h.sees(i18n.T("review.settings.due_hours")) {
		t.Error("Review does not replace Depot on the page")
	}
	s.review.dueHours.SetText("48")
	h.section(Depot)
	if f.name.Text != "Kariakoo Depot" || !h.sees("Kariakoo Depot") {
		t.Fatal("what was typed in Depot is lost after moving to Review")
	}
	test.Tap(f.save)
	if d, _ := h.st.Depot(bg); d.Name != "Kariakoo Depot" {
		t.Fatalf("depot not saved: %q", f.done.Text)
	}
	if v, _ := h.st.Setting(bg, store.SettingDueHours); v != "24" {
		t.Errorf("the Depot's Save saved Review too: %q", v)
	}
	if s.byID[Depot].nav.Text != "Depot" || s.byID[Review].nav.Text != "Review • not saved" {
		t.Errorf("marks after saving Depot: %q, %q", s.byID[Depot].nav.Text, s.byID[Review].nav.Text)
	}
	if h.changed != 1 {
		t.Errorf("the shell heard of %d depot changes", h.changed)
	}
}

// A supervisor raises the minimum PIN length in the Depot section; a
// value out of range is marked at its field, and the store then refuses
// short PINs in the Users section.
func TestSupervisorSetsMinimumPINLength(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	f := s.depot
	f.minPIN.SetText("20")
	test.Tap(f.save)
	if got := f.fields["minpin"].Err.Text; got != i18n.T("security.err.pin_length_setting") {
		t.Errorf("out of range: %q", got)
	}
	if f.done.Text != i18n.T("settings2.not_saved") {
		t.Errorf("status: %q", f.done.Text)
	}
	f.minPIN.SetText("8")
	test.Tap(f.save)
	if n := h.st.MinPIN(bg); n != 8 {
		t.Fatalf("minimum is %d: %q", n, f.done.Text)
	}
	h.section(Users)
	p := s.users
	test.Type(p.name, "Joseph Mbarga")
	test.Type(p.pin, "808080")
	test.Tap(p.add)
	users, _ := h.st.Users(bg, true)
	for _, u := range users {
		if u.Name == "Joseph Mbarga" {
			t.Fatalf("a 6-digit PIN was accepted with a minimum of 8 (%s)", u.Role)
		}
	}
	if p.fields["pin"].Err.Text == "" {
		t.Error("the short PIN is not marked at its field")
	}
}

func TestSupervisorAddsUserWithFieldErrors(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.section(Users)
	p := s.users
	test.Type(p.name, "Neema Mushi")
	test.Type(p.pin, "111111")
	test.Tap(p.add)
	if p.fields["pin"].Err.Text == "" && p.fields["name"].Err.Text == "" {
		t.Fatal("no field error for a trivial PIN")
	}
	p.pin.SetText("808080")
	test.Tap(p.add)
	if p.fields["name"].Err.Text == "" {
		t.Fatal("duplicate name accepted")
	}
	p.name.SetText("Joseph Mbarga")
	p.role.SetSelected("Trainer")
	test.Tap(p.add)
	users, _ := h.st.Users(bg, true)
	found := false
	for _, u := range users {
		found = found || (u.Name == "Joseph Mbarga" && u.Role == store.Trainer)
	}
	if !found {
		t.Fatalf("user not added: %s", p.message.Text)
	}
	if s.byID[Users].dirty() {
		t.Error("the Users section is still marked unsaved after the user was added")
	}
}

// Leaving with unsaved changes asks first: Stay keeps them and shows the
// section; Leave goes on without saving.
func TestUnsavedChangesWarnBeforeLeaving(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	if !s.Leave(func() { t.Error("asked although nothing changed") }) {
		t.Fatal("nothing changed, yet leaving is held up")
	}
	s.review.dueHours.SetText("12")
	h.section(About)
	left := 0
	if s.Leave(func() { left++ }) {
		t.Fatal("left with an unsaved change without asking")
	}
	if !h.sees("These sections have changes that are not saved: Review") {
		t.Fatal("the question does not name the section")
	}
	h.env.Dialogs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Stay
	if left != 0 || s.Current() != Review || s.review.dueHours.Text != "12" {
		t.Fatalf("Stay: left=%d section=%s text=%q", left, s.Current(), s.review.dueHours.Text)
	}
	s.Leave(func() { left++ })
	h.env.Dialogs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Leave without saving
	if left != 1 {
		t.Fatal("Leave without saving did not go on")
	}
	if v, _ := h.st.Setting(bg, store.SettingDueHours); v != "24" {
		t.Errorf("leaving saved the change: %q", v)
	}
	// Switching language rebuilds every screen: it asks too.
	h.s = nil
	s = h.open()
	s.depot.contact.SetText("+255 22 000 000")
	s.Language().SetSelected("中文")
	if len(h.lang) != 0 || !h.sees("Depot") {
		t.Fatalf("language switched over unsaved changes: %v", h.lang)
	}
	h.env.Dialogs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.Language().Selected != "English" {
		t.Errorf("language select left on %q after Stay", s.Language().Selected)
	}
}
