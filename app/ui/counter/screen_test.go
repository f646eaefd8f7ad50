package counter

import (
	"context"
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

func altKey(w fyne.Window, k fyne.KeyName) {
	sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(sc)
}

func TestBadIDIsMarkedButNeverBlocks(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456790")
	h.typeFocused("19851345123450000125") // month 13
	f := s.parties["sender"]
	if f.fields["number"].Err.Text == "" || !f.fields["number"].Err.Visible() {
		t.Fatal("bad ID not marked at its field")
	}
	if f.check.Text != i18n.T("inspect.id.unverified") {
		t.Errorf("check says %q", f.check.Text)
	}
	saved, _ := h.st.Inspection(bg, h.user, s.in.ID)
	if saved.Party("sender") == nil || saved.Party("sender").ID.Number == "" {
		t.Error("the draft with a bad ID was not saved")
	}
}

func TestScanThenHoldOpensCase(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ987654321")
	s.parties["sender"].refused.SetChecked(true)
	// One action from triage, even with the cursor in a field: Alt+H.
	altKey(h.w, fyne.KeyH)
	if !s.decide.box.Visible() || h.w.Canvas().Focused() != s.decide.seals {
		t.Fatal("hold form not open on the seals")
	}
	// Without seals and storage nothing is decided, and each field says why.
	test.Tap(s.decide.save)
	if s.in.Status != inspect.StatusDraft || s.decide.fields["seals"].Err.Text == "" || s.decide.fields["storage"].Err.Text == "" {
		t.Fatalf("hold without seals: status %q, errors %q %q", s.in.Status, s.decide.fields["seals"].Err.Text, s.decide.fields["storage"].Err.Text)
	}
	test.Type(s.decide.seals, "S-0001, S-0002")
	test.Type(s.decide.storage, "Locked cage 2")
	test.Tap(s.decide.save)
	if s.in.Status != inspect.StatusHeld {
		t.Fatalf("status %q", s.in.Status)
	}
	c, err := h.st.CaseOf(bg, h.user, s.in.ID)
	if err != nil || c == nil || c.Status != inspect.CaseOpen {
		t.Fatalf("case: %+v %v", c, err)
	}
	if !strings.Contains(s.result.Text, c.Number) {
		t.Errorf("result %q does not name case %s", s.result.Text, c.Number)
	}
	custody, _ := h.st.Custody(bg, h.user, c.Number)
	if len(custody) != 1 || !strings.Contains(custody[0].To, "Locked cage 2") {
		t.Errorf("custody: %+v", custody)
	}
	if n, err := h.st.VerifyAudit(bg); err != nil || n == 0 {
		t.Errorf("audit: %d %v", n, err)
	}
}

func TestDraftRecoveredAfterStoreClosed(t *testing.T) {
	h := newHarness(t)
	s := h.open()
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
	h.st = st
	h.s = nil
	// A new sign-in (a new user value) gets the draft back by itself.
	h.user, _ = st.User(bg, h.user.ID)
	r := h.open()
	if r.in == nil || r.in.ID != id {
		t.Fatalf("draft not reopened: %+v", r.in)
	}
	if r.parties["sender"].number.Text != goodNIDA || r.parties["sender"].name.Text != "Juma Hassan" ||
		r.decl.measuredKg.Text != "3.5" || r.decl.name.Text != "Wood carvings" {
		t.Errorf("fields lost: %q %q %q %q", r.parties["sender"].number.Text, r.parties["sender"].name.Text, r.decl.measuredKg.Text, r.decl.name.Text)
	}
	if !strings.Contains(r.saved.Text, "Unfinished") {
		t.Errorf("recovery not said: %q", r.saved.Text)
	}
	// The message does not widen the screen: it fits 1024 px with the
	// shell's navigation beside it.
	if w := r.root.MinSize().Width; w > 900 {
		t.Errorf("the screen needs %v px with the recovery message", w)
	}
	// Once offered, it does not come back by itself on every visit.
	h.open()
	if h.s.in != nil {
		t.Error("the draft reopened again by itself")
	}
}

func TestLiveAnimalSafetyShowsFirst(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ222333444")
	if s.safety.Visible() {
		t.Fatal("safety note before any sign")
	}
	s.decl.category.SetSelectedIndex(indexOf(s.decl.categoryIDs, "live_animals"))
	if !s.safety.Visible() {
		t.Error("no handling note when live animals are declared")
	}
}

func TestWaybillPatternsWarnButNeverBlock(t *testing.T) {
	h := newHarness(t)
	if err := h.st.SetWaybillPatterns(bg, h.sup, []inspect.WaybillPattern{{Courier: "SF", Name: "SF Express", Regex: `SF[0-9]{10}`},
		{Courier: "upu", Name: "UPU S10", Regex: `[A-Z]{2}[0-9]{9}[A-Z]{2}`, Check: inspect.CheckUPUS10}}); err != nil {
		t.Fatal(err)
	}
	s := h.open()
	h.scan("SF1234567890")
	if s.in.Parcel.Courier != "SF" || s.history.Visible() {
		t.Errorf("SF waybill: courier %q, warning %q", s.in.Parcel.Courier, s.history.Text)
	}
	s = h.open()
	h.scan("XX12345678")
	if s.in == nil || !s.history.Visible() || !strings.Contains(s.history.Text, i18n.T("inspect.waybill.err.format")) {
		t.Errorf("unknown format: started=%v warning %q", s.in != nil, s.history.Text)
	}
}

// fakeConnector stands in for a company's real-name system.
type fakeConnector struct{ answer string }

func (f fakeConnector) Verify(context.Context, inspect.Party) (string, error) { return f.answer, nil }

func TestCompanyRealNameSystemAnswerIsRecorded(t *testing.T) {
	h := newHarness(t)
	h.open()
	h.s.d.Connector = fakeConnector{inspect.ExternalVerified}
	s := h.open()
	h.scan("TZ777000111")
	h.typeFocused(goodNIDA)
	id, user := s.in.ID, h.user
	test.Tap(s.ask)
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

func TestRepeatSenderShowsCountAndLinks(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ100000001")
	h.typeFocused(goodNIDA)
	h.typeFocused("Juma Hassan")
	test.Tap(s.groups[0].head)
	for id, rg := range s.checks {
		rg.SetSelected(rg.Options[0])
		s.checkNotes[id].SetText("tape over tape")
		break
	}
	altKey(h.w, fyne.KeyH)
	test.Type(s.decide.seals, "S-9")
	test.Type(s.decide.storage, "Cage 1")
	test.Tap(s.decide.save)
	first := s.in.ID
	saved, _ := h.st.Inspection(bg, h.user, first)
	if len(saved.Answers) == 0 || saved.Answers[0].Note != "tape over tape" {
		t.Errorf("checklist note not saved: %+v", saved.Answers)
	}
	s = h.open()
	h.scan("TZ100000002")
	h.typeFocused(goodNIDA)
	f := s.parties["sender"]
	if !f.repeat.Visible() || len(f.repeatLinks.Objects) != 1 {
		t.Fatalf("repeat sender: %q, %d links", f.repeat.Text, len(f.repeatLinks.Objects))
	}
	test.Tap(f.repeatLinks.Objects[0].(*widget.Button))
	if s.in.ID != first {
		t.Errorf("link opened %s, want %s", s.in.ID, first)
	}
}

func TestDiscardWrongScan(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZWRONG0001")
	id := s.in.ID
	s.discardDraft()
	if s.in != nil || h.w.Canvas().Focused() != s.waybill {
		t.Error("not back at the scan after discarding")
	}
	if _, err := h.st.Inspection(bg, h.user, id); err == nil {
		t.Error("discarded draft still stored")
	}
}

// The agent's form is built when someone hands the parcel in for another,
// and what is typed in it is saved.
func TestAgentFormOnDemand(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ000000021")
	if s.parties[inspect.RoleAgent] != nil {
		t.Fatal("agent form built for every parcel")
	}
	s.agentOn.SetChecked(true)
	a := s.parties[inspect.RoleAgent]
	if a == nil {
		t.Fatal("no agent form")
	}
	a.name.SetText("Baraka Said")
	saved, _ := h.st.Inspection(bg, h.user, s.in.ID)
	if p := saved.Party(inspect.RoleAgent); p == nil || p.Name != "Baraka Said" {
		t.Errorf("agent not saved: %+v", p)
	}
	// Reopened, the agent's form is there at once.
	s.reopen(s.in.ID)
	if s.parties[inspect.RoleAgent] == nil || s.parties[inspect.RoleAgent].name.Text != "Baraka Said" || !s.agentOn.Checked {
		t.Error("the agent's form did not come back")
	}
}

// The form is reused from parcel to parcel: nothing of the last parcel
// shows in the next, and a form locked for a decided parcel opens again.
func TestNextParcelStartsWithAnEmptyForm(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ000000031")
	first := s.in.ID
	h.typeFocused(goodNIDA)
	h.typeFocused("Juma Hassan")
	s.decl.name.SetText("Wood carvings")
	s.notes.SetText("taped twice")
	test.Tap(s.groups[0].head)
	for _, rg := range s.checks {
		rg.SetSelected(rg.Options[1])
	}
	s.parties[inspect.RoleSender].vague.SetChecked(true)
	altKey(h.w, fyne.KeyC)
	if s.clearStep.box.Visible() {
		typeHere(h.w, "known sender")
		press(h.w, fyne.KeyReturn)
	}
	if s.in.Status != inspect.StatusCleared || !s.notes.Disabled() {
		t.Fatalf("first parcel: %q, notes disabled %v", s.in.Status, s.notes.Disabled())
	}
	h.scan("TZ000000032")
	f := s.parties[inspect.RoleSender]
	if f.number.Text != "" || f.name.Text != "" || f.vague.Checked || s.decl.name.Text != "" || s.notes.Text != "" || len(s.checks) != 0 {
		t.Errorf("the last parcel shows in the next: %q %q %v %q %q %d", f.number.Text, f.name.Text, f.vague.Checked, s.decl.name.Text, s.notes.Text, len(s.checks))
	}
	if f.number.Disabled() || s.notes.Disabled() || s.clearBt.Disabled() || s.result.Visible() {
		t.Error("the next parcel's form is still locked")
	}
	if !strings.Contains(s.groups[0].head.Text, "(0/") {
		t.Errorf("answered count carried over: %q", s.groups[0].head.Text)
	}
	saved, _ := h.st.Inspection(bg, h.user, first)
	if saved.Notes != "taped twice" || saved.Party("sender").Name != "Juma Hassan" || len(saved.Answers) == 0 {
		t.Errorf("the first parcel changed: %+v", saved)
	}
	if next, _ := h.st.Inspection(bg, h.user, s.in.ID); next.Notes != "" || len(next.Answers) != 0 {
		t.Errorf("the next parcel was saved with the last one's values: %+v", next)
	}
}

// The screen fits 1024 px beside the shell's navigation in every
// language, a long recovery message and the longest risk words included.
func TestScreenFits1024InEveryLanguage(t *testing.T) {
	for _, lang := range []string{"en", "zh", "vi", "sw", "fr"} {
		h := newHarness(t)
		i18n.SetLanguage(lang)
		s := h.open()
		h.scan("TZ123456789")
		s.saved.SetText(i18n.T("inspect.recovered", "Time", "16:44:09"))
		// The longest triage: a wrong check digit, look closer before clearing.
		s.risk.SetText(i18n.T("risk.amber") + " · " + i18n.T("counter.suggest.check"))
		if w := s.root.MinSize().Width; w > 900 {
			t.Errorf("%s: the screen needs %v px", lang, w)
		}
	}
}
