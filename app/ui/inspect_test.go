package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/i18n"
)

// A well-formed Tanzanian NIDA number: it starts with the birth date.
const goodNIDA = "19850315123450000125"

func (h *harness) openInspect(name string) *inspectScreen {
	h.t.Helper()
	h.startAs(name, navInspect)
	if h.u.inspect == nil || h.u.inspect.waybill == nil {
		h.t.Fatal("inspect screen not built")
	}
	return h.u.inspect
}

// scan types a waybill into the focused field and presses Enter, as a
// USB scanner does.
func (h *harness) scan(number string) {
	h.t.Helper()
	e, ok := h.w.Canvas().Focused().(*entry)
	if !ok || e != h.u.inspect.waybill {
		h.t.Fatalf("the waybill field does not have focus (%T)", h.w.Canvas().Focused())
	}
	test.Type(e, number)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// typeFocused types into whatever has focus: one user action.
func (h *harness) typeFocused(text string) {
	h.t.Helper()
	e, ok := h.w.Canvas().Focused().(*entry)
	if !ok {
		h.t.Fatalf("nothing to type into (%T)", h.w.Canvas().Focused())
	}
	test.Type(e, text)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func TestScanThenClearInFourActions(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ123456789")
	if s.in == nil || s.in.Parcel.Waybill != "TZ123456789" {
		t.Fatal("scan did not start an inspection")
	}
	actions := 0
	h.typeFocused(goodNIDA) // 1: the sender's ID number, Enter moves on
	actions++
	h.typeFocused("Juma Hassan") // 2: the sender's name on the waybill
	actions++
	test.Tap(s.clearBt) // 3: clear
	actions++
	if actions > 4 {
		t.Errorf("%d actions to clear", actions)
	}
	if s.in.Status != inspect.StatusCleared {
		t.Fatalf("status %q after Clear; check says %q, risk %q", s.in.Status, s.parties["sender"].check.Text, s.risk.Text)
	}
	if !strings.Contains(s.parties["sender"].check.Text, i18n.New("sw").T("inspect.id.format_ok")) {
		t.Errorf("valid ID not shown as format OK: %q", s.parties["sender"].check.Text)
	}
	saved, err := h.st.Inspection(bg, h.u.User(), s.in.ID)
	if err != nil || saved.Status != inspect.StatusCleared || saved.Party("sender").ID.Number != goodNIDA {
		t.Fatalf("stored: %+v %v", saved, err)
	}
	if !s.clearBt.Disabled() {
		t.Error("a decided inspection can still be decided")
	}
	// The inspector's day lists it.
	test.Tap(h.u.shell.nav[navInspect])
	if !strings.Contains(h.u.inspect.todayCount.Text, "1") {
		t.Errorf("today: %q", h.u.inspect.todayCount.Text)
	}
}

func TestBadIDIsMarkedButNeverBlocks(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ123456790")
	h.typeFocused("19851345123450000125") // month 13
	f := s.parties["sender"]
	if f.fields["number"].err.Text == "" || !f.fields["number"].err.Visible() {
		t.Fatal("bad ID not marked at its field")
	}
	if f.check.Text != i18n.New("sw").T("inspect.id.unverified") {
		t.Errorf("check says %q", f.check.Text)
	}
	// Saved anyway, as identity unverified.
	saved, _ := h.st.Inspection(bg, h.u.User(), s.in.ID)
	if saved.Party("sender") == nil || saved.Party("sender").ID.Number == "" {
		t.Error("the draft with a bad ID was not saved")
	}
}

func TestScanThenHoldOpensCase(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ987654321")
	s.parties["sender"].refused.SetChecked(true)
	// One action from triage, even with the cursor in a field: Alt+H.
	h.w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyH, Modifier: fyne.KeyModifierAlt})
	if !s.decide.box.Visible() || h.w.Canvas().Focused() != s.decide.seals {
		t.Fatal("hold form not open on the seals")
	}
	// Without seals and storage nothing is decided, and each field says why.
	test.Tap(s.decide.save)
	if s.in.Status != inspect.StatusDraft || s.decide.fields["seals"].err.Text == "" || s.decide.fields["storage"].err.Text == "" {
		t.Fatalf("hold without seals: status %q, errors %q %q", s.in.Status, s.decide.fields["seals"].err.Text, s.decide.fields["storage"].err.Text)
	}
	test.Type(s.decide.seals, "S-0001, S-0002")
	test.Type(s.decide.storage, "Locked cage 2")
	test.Tap(s.decide.save)
	if s.in.Status != inspect.StatusHeld {
		t.Fatalf("status %q", s.in.Status)
	}
	c, err := h.st.CaseOf(bg, h.u.User(), s.in.ID)
	if err != nil || c == nil || c.Status != inspect.CaseOpen {
		t.Fatalf("case: %+v %v", c, err)
	}
	if !strings.Contains(s.result.Text, c.Number) {
		t.Errorf("result %q does not name case %s", s.result.Text, c.Number)
	}
	custody, _ := h.st.Custody(bg, h.u.User(), c.Number)
	if len(custody) != 1 || !strings.Contains(custody[0].To, "Locked cage 2") {
		t.Errorf("custody: %+v", custody)
	}
	if n, err := h.st.VerifyAudit(bg); err != nil || n == 0 {
		t.Errorf("audit: %d %v", n, err)
	}
}

func TestDraftRecoveredAfterStoreClosed(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ555000111")
	h.typeFocused(goodNIDA)
	h.typeFocused("Juma Hassan")
	s.decl.measuredKg.SetText("3.5")
	s.decl.name.SetText("Wood carvings")
	id := s.in.ID
	path := h.st.Path()
	// The power goes: the store closes in the middle of the inspection.
	h.st.Close()

	st, err := store.Open(bg, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h2 := newHarnessOn(t, st, filepath.Dir(path), h.u.deps.Pack)
	u := h2.u
	u.Start()
	h2.signIn("Neema Mushi", "246810")
	// The shell opens on Inspect, and the draft comes back by itself.
	r := u.inspect
	if r.in == nil || r.in.ID != id {
		t.Fatalf("draft not reopened: %+v", r.in)
	}
	if r.parties["sender"].number.Text != goodNIDA || r.parties["sender"].name.Text != "Juma Hassan" ||
		r.decl.measuredKg.Text != "3.5" || r.decl.name.Text != "Wood carvings" {
		t.Errorf("fields lost: %q %q %q %q", r.parties["sender"].number.Text, r.parties["sender"].name.Text, r.decl.measuredKg.Text, r.decl.name.Text)
	}
	if !strings.Contains(r.saved.Text, "Unfinished") && !strings.Contains(r.saved.Text, "umefunguliwa") {
		t.Errorf("recovery not said: %q", r.saved.Text)
	}
	// Once offered, it does not come back by itself on every visit.
	test.Tap(u.shell.nav[navCards])
	test.Tap(u.shell.nav[navInspect])
	if u.inspect.in != nil {
		t.Error("the draft reopened again by itself")
	}
}

func TestLiveAnimalSafetyShowsFirst(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ222333444")
	if s.safety.Visible() {
		t.Fatal("safety note before any sign")
	}
	s.decl.category.SetSelectedIndex(indexOf(s.decl.categoryIDs, "live_animals"))
	if !s.safety.Visible() {
		t.Error("no handling note when live animals are declared")
	}
}

func TestTrainerCannotInspect(t *testing.T) {
	h := newHarness(t)
	users := h.withDepot("en")
	if _, err := h.st.StartInspection(bg, users[store.Trainer], "X1", inspect.StageAcceptance); err == nil {
		t.Error("the store let a trainer start an inspection")
	}
}

func TestWaybillPatternsWarnButNeverBlock(t *testing.T) {
	h := newHarness(t)
	h.startAs("Amina Juma", navSettings)
	f := h.u.settings.depot
	f.patterns.SetText("SF | SF Express | SF[0-9]{10}\nEMS | bad | (")
	test.Tap(f.save)
	if f.fields["patterns"].err.Text == "" {
		t.Fatal("a broken regular expression was accepted")
	}
	f.patterns.SetText("SF | SF Express | SF[0-9]{10}\nupu | UPU S10 | [A-Z]{2}[0-9]{9}[A-Z]{2} | upu_s10")
	test.Tap(f.save)
	if f.fields["patterns"].err.Visible() {
		t.Fatalf("valid formats refused: %q", f.fields["patterns"].err.Text)
	}
	test.Tap(h.u.shell.nav[navInspect])
	s := h.u.inspect
	h.scan("SF1234567890")
	if s.in.Parcel.Courier != "SF" || s.history.Visible() {
		t.Errorf("SF waybill: courier %q, warning %q", s.in.Parcel.Courier, s.history.Text)
	}
	s2 := h.u.inspect
	test.Tap(h.u.shell.nav[navInspect])
	s2 = h.u.inspect
	h.scan("XX12")
	if s2.in == nil || !s2.history.Visible() || !strings.Contains(s2.history.Text, i18n.T("inspect.waybill.err.format")) {
		t.Errorf("unknown format: started=%v warning %q", s2.in != nil, s2.history.Text)
	}
}

// fakeConnector stands in for a company's real-name system.
type fakeConnector struct{ answer string }

func (f fakeConnector) Verify(context.Context, inspect.Party) (string, error) { return f.answer, nil }

func TestCompanyRealNameSystemAnswerIsRecorded(t *testing.T) {
	h := newHarness(t)
	h.u.deps.Connector = fakeConnector{inspect.ExternalVerified}
	s := h.openInspect("Neema Mushi")
	h.scan("TZ777000111")
	h.typeFocused(goodNIDA)
	id, user := s.in.ID, h.u.User()
	test.Tap(s.ask)
	// The answer comes back on its own goroutine; watch the store, which
	// is safe to read from here, not the widgets.
	var got string
	for deadline := time.Now().Add(2 * time.Second); got != inspect.ExternalVerified && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		if saved, err := h.st.Inspection(bg, user, id); err == nil {
			got = saved.External
		}
	}
	if got != inspect.ExternalVerified {
		t.Errorf("external result saved as %q", got)
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

func TestRepeatSenderShowsCountAndLinks(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZ100000001")
	h.typeFocused(goodNIDA)
	h.typeFocused("Juma Hassan")
	// A checklist answer with its note.
	for id, rg := range s.checks {
		rg.SetSelected(rg.Options[0])
		s.checkNotes[id].SetText("tape over tape")
		break
	}
	h.w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyH, Modifier: fyne.KeyModifierAlt})
	test.Type(s.decide.seals, "S-9")
	test.Type(s.decide.storage, "Cage 1")
	test.Tap(s.decide.save)
	first := s.in.ID
	saved, _ := h.st.Inspection(bg, h.u.User(), first)
	if len(saved.Answers) == 0 || saved.Answers[0].Note != "tape over tape" {
		t.Errorf("checklist note not saved: %+v", saved.Answers)
	}

	test.Tap(h.u.shell.nav[navInspect])
	s = h.u.inspect
	h.scan("TZ100000002")
	h.typeFocused(goodNIDA)
	f := s.parties["sender"]
	if !f.repeat.Visible() || len(f.repeatLinks.Objects) != 1 {
		t.Fatalf("repeat sender: %q, %d links", f.repeat.Text, len(f.repeatLinks.Objects))
	}
	test.Tap(f.repeatLinks.Objects[0].(*widget.Button))
	if h.u.inspect.in.ID != first {
		t.Errorf("link opened %s, want %s", h.u.inspect.in.ID, first)
	}
}

func TestDiscardWrongScan(t *testing.T) {
	h := newHarness(t)
	s := h.openInspect("Neema Mushi")
	h.scan("TZWRONG0001")
	id := s.in.ID
	h.u.discardDraft(s)
	if s.in != nil || h.w.Canvas().Focused() != s.waybill {
		t.Error("not back at the scan after discarding")
	}
	if _, err := h.st.Inspection(bg, h.u.User(), id); err == nil {
		t.Error("discarded draft still stored")
	}
}
