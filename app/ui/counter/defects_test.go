package counter

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/i18n"
)

// The tests below are one per defect of issue 10, each written to fail on
// the screen as it was before the fix.

// actions counts what the screen's widgets actually receive: a run of
// characters typed into one field is one action; every other key, every
// shortcut and every tap is one more.
type actions struct {
	n        int
	last     fyne.CanvasObject
	lastKind string
	log      []string
}

func (a *actions) probe(target fyne.CanvasObject, kind string) {
	if kind == "rune" && a.lastKind == "rune" && target == a.last {
		return
	}
	a.n++
	a.last, a.lastKind = target, kind
	a.log = append(a.log, kind)
}

// press sends a key to whatever has the focus, as the window does.
func press(w fyne.Window, k fyne.KeyName) {
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
}

// typeHere types into whatever has the focus, as the window does.
func typeHere(w fyne.Window, text string) {
	test.Type(w.Canvas().Focused(), text)
}

// Defect 12 and the figure: a clean parcel whose sender shows a valid ID
// is cleared in at most 4 actions after the scan, counted as the events
// the widgets receive, and the next scan needs no action first. (The old
// test counted its own increments; on the old screen the next scan landed
// in the name field.)
func TestCleanParcelClearedInFourActionsAndTheNextScanNeedsNone(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456789")
	first := s.in.ID
	var a actions
	s.probe = a.probe
	typeHere(h.w, goodNIDA)      // the sender's ID number
	press(h.w, fyne.KeyReturn)   // Enter moves on to the name
	typeHere(h.w, "Juma Hassan") // the name on the waybill
	altKey(h.w, fyne.KeyC)       // Clear
	s.probe = nil
	if a.n > 4 {
		t.Errorf("%d actions to clear a clean parcel: %v", a.n, a.log)
	}
	if s.in.Status != inspect.StatusCleared {
		t.Fatalf("status %q after %d actions %v; risk %q, %q", s.in.Status, a.n, a.log, s.risk.Text, s.missing.Text)
	}
	if h.w.Canvas().Focused() != s.waybill {
		t.Fatalf("after Clear the focus is on %T, not the scan field", h.w.Canvas().Focused())
	}
	// The next scan, straight away.
	h.scan("TZ123456790")
	if s.in == nil || s.in.ID == first || s.in.Parcel.Waybill != "TZ123456790" {
		t.Fatalf("the next scan did not open the next parcel: %+v", s.in)
	}
	saved, _ := h.st.Inspection(bg, h.user, first)
	if saved.Status != inspect.StatusCleared || saved.Party("sender").Name != "Juma Hassan" {
		t.Errorf("the cleared parcel changed: %+v", saved.Party("sender"))
	}
}

// Defect 1: Alt+C straight after a scan does not clear a parcel with no
// ID; the header says what is missing from the scan on; clearing anyway
// takes a reason, which goes into the audit trail.
func TestClearRightAfterTheScanNeedsAReason(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456780")
	if !s.missing.Visible() || !strings.Contains(s.missing.Text, i18n.T("counter.guard.id_missing")) {
		t.Errorf("header does not say the ID is missing: %q / %q", s.risk.Text, s.missing.Text)
	}
	if strings.Contains(s.risk.Text, i18n.T("risk.grey")) {
		t.Errorf("header still reads %q", s.risk.Text)
	}
	altKey(h.w, fyne.KeyC)
	if s.in.Status != inspect.StatusDraft {
		t.Fatalf("one keystroke cleared a parcel with no ID: %q", s.in.Status)
	}
	if !s.clearStep.box.Visible() || h.w.Canvas().Focused() != s.clearStep.reason {
		t.Fatal("the second step did not open on its reason")
	}
	press(h.w, fyne.KeyReturn) // no reason: refused at the field
	if s.in.Status != inspect.StatusDraft || !s.clearStep.field.Err.Visible() {
		t.Fatalf("cleared without a reason: %q", s.in.Status)
	}
	typeHere(h.w, "regular sender, ID seen at the desk")
	if s.clearStep.field.Err.Visible() {
		t.Error("the error stayed after the reason was typed")
	}
	press(h.w, fyne.KeyReturn)
	if s.in.Status != inspect.StatusCleared {
		t.Fatalf("status %q after the reason", s.in.Status)
	}
	es, _ := h.st.AuditFor(bg, "inspection:"+s.in.ID, 10)
	if len(es) == 0 || !strings.Contains(es[len(es)-1].Detail, "regular sender") {
		t.Errorf("the reason is not in the audit trail: %+v", es)
	}
}

// holdOne holds the open parcel through the hold form.
func holdOne(t *testing.T, h *harness, seals, storage string) {
	t.Helper()
	altKey(h.w, fyne.KeyH)
	typeHere(h.w, seals)
	test.Type(h.s.decide.storage, storage)
	h.w.Canvas().Focus(h.s.decide.storage)
	press(h.w, fyne.KeyReturn)
	if h.s.in.Status != inspect.StatusHeld {
		t.Fatalf("not held: %q (%q %q)", h.s.in.Status, h.s.decide.fields["seals"].Err.Text, h.s.decide.fields["storage"].Err.Text)
	}
}

// Defect 2: a waybill with an open case cannot be cleared at the counter,
// however many keys are pressed.
func TestReScannedHeldWaybillCannotBeCleared(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ300000001")
	holdOne(t, h, "S-1", "Cage 1")
	c, _ := h.st.CaseOf(bg, h.user, s.in.ID)
	h.scan("TZ300000001")
	if s.in.Status != inspect.StatusDraft || !strings.Contains(s.history.Text, c.Number) || !strings.Contains(s.missing.Text, c.Number) {
		t.Fatalf("the re-scan does not name case %s: %q / %q", c.Number, s.history.Text, s.missing.Text)
	}
	typeHere(h.w, goodNIDA)
	press(h.w, fyne.KeyReturn)
	typeHere(h.w, "Juma Hassan")
	altKey(h.w, fyne.KeyC)
	press(h.w, fyne.KeyReturn)
	altKey(h.w, fyne.KeyC)
	if s.in.Status != inspect.StatusDraft {
		t.Fatalf("a parcel with an open case was cleared: %q", s.in.Status)
	}
	if !s.clearStep.box.Visible() || s.clearStep.reason.Visible() || !strings.Contains(s.clearStep.title.Text, c.Number) {
		t.Errorf("no refusal in words: %q", s.clearStep.title.Text)
	}
	saved, _ := h.st.Inspection(bg, h.user, s.in.ID)
	if saved.Status != inspect.StatusDraft {
		t.Errorf("stored as %q", saved.Status)
	}
}

// Defect 3: a scan typed into a field of the open parcel starts the next
// parcel; what was typed into the field stays as it was; decided forms
// are read-only.
func TestScanIntoAFieldStartsTheNextParcel(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ400000001")
	first := s.in.ID
	typeHere(h.w, goodNIDA)
	press(h.w, fyne.KeyReturn)
	typeHere(h.w, "张伟")    // a person types the name ...
	h.scan("SF1400000025") // ... and the scanner fires into the same field
	if s.in.ID == first || s.in.Parcel.Waybill != "SF1400000025" {
		t.Fatalf("the scan did not start the next parcel: %s %s", s.in.ID, s.in.Parcel.Waybill)
	}
	saved, _ := h.st.Inspection(bg, h.user, first)
	if got := saved.Party("sender").Name; got != "张伟" {
		t.Errorf("the name of the earlier parcel was saved as %q", got)
	}
	// A decided parcel is a record.
	typeHere(h.w, goodNIDA)
	press(h.w, fyne.KeyReturn)
	typeHere(h.w, "Wei Zhang")
	altKey(h.w, fyne.KeyC)
	if s.in.Status != inspect.StatusCleared {
		t.Fatalf("status %q", s.in.Status)
	}
	if !s.parties["sender"].name.Disabled() || !s.notes.Disabled() {
		t.Error("a decided form is still editable")
	}
}

// Defect 4: a wrong check digit is never shown as low risk in green.
func TestWrongCheckDigitIsNeverGreen(t *testing.T) {
	good, bad := "11010519491231002X", "110105194912310021"
	if r := inspect.CheckID(inspect.IDDocument{Type: inspect.DocCNResidentID, Number: good}, time.Now()); len(r.Problems) > 0 {
		t.Fatalf("specimen ID refused: %v", r.Problems)
	}
	h := newHarness(t)
	s := h.open()
	h.scan("TZ500000001")
	s.parties["sender"].docType.SetSelected(i18n.T("inspect.doc.cn_rid"))
	h.w.Canvas().Focus(s.parties["sender"].number)
	typeHere(h.w, bad)
	press(h.w, fyne.KeyReturn)
	typeHere(h.w, "Juma Hassan")
	if s.risk.Importance == widget.SuccessImportance || strings.Contains(s.risk.Text, i18n.T("risk.green")) {
		t.Errorf("a wrong check digit shows as %q in green", s.risk.Text)
	}
	for _, o := range s.reasons.Objects {
		if l := o.(*widget.Label); l.Importance == widget.SuccessImportance {
			t.Errorf("reason %q in green", l.Text)
		}
	}
	altKey(h.w, fyne.KeyC)
	if s.in.Status != inspect.StatusDraft {
		t.Error("a wrong check digit was cleared in one key")
	}
}

// relayout lays the whole window out again, top-down, as the driver does
// on the next frame after a minimum size changed.
func relayout(w fyne.Window) {
	var lay func(o fyne.CanvasObject)
	lay = func(o fyne.CanvasObject) {
		switch c := o.(type) {
		case *fyne.Container:
			if c.Layout != nil {
				c.Layout.Layout(c.Objects, c.Size())
			}
			for _, ch := range c.Objects {
				lay(ch)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(c)
			r.Layout(c.Size())
			for _, ch := range r.Objects() {
				lay(ch)
			}
		}
	}
	w.Content().Resize(w.Canvas().Size())
	lay(w.Content())
}

func absPos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// Defect 5: the decision buttons and the form hold still when reasons,
// messages and the hold form appear.
func TestHeaderHoldsStill(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ600000001")
	relayout(h.w)
	btn, body := absPos(s.clearBt), s.body.Size().Height
	// Reasons: a refused ID, a third party, a vague address.
	s.parties["sender"].refused.SetChecked(true)
	s.parties["sender"].thirdParty.SetChecked(true)
	s.parties["sender"].vague.SetChecked(true)
	if len(s.reasons.Objects) < 3 {
		t.Fatalf("only %d reasons", len(s.reasons.Objects))
	}
	relayout(h.w)
	if absPos(s.clearBt) != btn || s.body.Size().Height != body {
		t.Errorf("reasons moved the buttons from %v to %v, the form from %v to %v px", btn, absPos(s.clearBt), body, s.body.Size().Height)
	}
	altKey(h.w, fyne.KeyH)
	press(h.w, fyne.KeyReturn) // errors under the fields
	relayout(h.w)
	if absPos(s.clearBt) != btn || s.body.Size().Height != body {
		t.Errorf("the hold form moved the buttons to %v, the form to %v px", absPos(s.clearBt), s.body.Size().Height)
	}
	if body < 300 {
		t.Errorf("only %v px left for the form", body)
	}
}

// Defect 6: hold in one go: Alt+H before any field is touched opens the
// form with the reason filled in, Enter submits from any field, and an
// error goes as soon as it is fixed.
func TestHoldInOneGo(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ700000001")
	altKey(h.w, fyne.KeyH)
	f := s.decide
	if strings.TrimSpace(f.reason.Text) == "" || h.w.Canvas().Focused() != f.seals {
		t.Fatalf("reason %q, focus %T", f.reason.Text, h.w.Canvas().Focused())
	}
	press(h.w, fyne.KeyReturn) // Enter in the seals field submits
	if !f.fields["seals"].Err.Visible() || h.w.Canvas().Focused() != f.seals {
		t.Fatal("Enter did not submit, or the empty seals field is not marked")
	}
	typeHere(h.w, "S-77")
	if f.fields["seals"].Err.Visible() {
		t.Error("the seals error stayed after a seal was typed")
	}
	h.w.Canvas().Focus(f.storage)
	typeHere(h.w, "Cage 3")
	press(h.w, fyne.KeyReturn)
	if s.in.Status != inspect.StatusHeld {
		t.Fatalf("not held: %q", s.in.Status)
	}
}

// Defect 7: what is seen comes before the checklist, which is folded by
// section with its answered count; the wheel scrolls the page over any
// field; hints are not faint grey.
func TestFormInCounterOrder(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ800000001")
	at := func(o fyne.CanvasObject) int {
		for i, c := range s.form.Objects {
			if contains(c, o) {
				return i
			}
		}
		return -1
	}
	ident, photos, checklist := at(s.ident.box), at(s.photos.box), at(s.checkBox)
	if ident < 0 || photos < 0 || checklist < 0 || ident > checklist || photos > checklist {
		t.Errorf("order: products %d, photos %d, checklist %d", ident, photos, checklist)
	}
	if len(s.groups) == 0 || s.groups[0].box.Visible() || len(s.checks) != 0 {
		t.Fatal("checklist not folded by section")
	}
	if !strings.Contains(s.groups[0].head.Text, "0/") {
		t.Errorf("no answered count in %q", s.groups[0].head.Text)
	}
	test.Tap(s.groups[0].head)
	if !s.groups[0].box.Visible() || len(s.checks) == 0 {
		t.Fatal("the first section did not open")
	}
	for _, rg := range s.checks {
		rg.SetSelected(rg.Options[1])
		break
	}
	if !strings.Contains(s.groups[0].head.Text, "(1/") {
		t.Errorf("the count did not follow the answer: %q", s.groups[0].head.Text)
	}
	saved, _ := h.st.Inspection(bg, h.user, s.in.ID)
	if len(saved.Answers) != 1 {
		t.Errorf("answers saved: %+v", saved.Answers)
	}
	// The wheel: no field keeps a scroller of its own under the pointer.
	for _, e := range []*entry{s.parties["sender"].name, s.decl.name, s.ident.search} {
		for _, o := range test.WidgetRenderer(e).Objects() {
			if _, ok := o.(fyne.Scrollable); ok && o.Visible() {
				t.Errorf("a field scrolls itself: %T", o)
			}
		}
	}
	hints := 0
	walk(s.form, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.TextStyle.Italic {
			hints++
			if l.Importance == widget.LowImportance {
				t.Errorf("hint %q is faint grey", l.Text)
			}
		}
	})
	if hints == 0 {
		t.Error("no hints found")
	}
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walk(c, fn)
		}
	case *container.Scroll:
		walk(w.Content, fn)
	}
}

func contains(root, o fyne.CanvasObject) bool {
	found := false
	walk(root, func(c fyne.CanvasObject) { found = found || c == o })
	return found
}

// Defect 8: a reopened held parcel shows its case number, seals and
// storage, read-only.
func TestReopenedHeldParcelShowsItsCase(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ900000001")
	holdOne(t, h, "S-31 S-32", "Locked cage 4")
	c, _ := h.st.CaseOf(bg, h.user, s.in.ID)
	altKey(h.w, fyne.KeyN)
	if s.in != nil {
		t.Fatal("Alt+N did not go back to the scan")
	}
	test.Tap(s.today.Objects[0].(*widget.Button))
	for _, want := range []string{c.Number, "S-31", "S-32", "Locked cage 4"} {
		if !strings.Contains(s.result.Text, want) {
			t.Errorf("reopened held parcel does not show %q: %q", want, s.result.Text)
		}
	}
	if !s.result.Visible() || !s.parties["sender"].number.Disabled() || !s.clearBt.Disabled() {
		t.Error("the reopened held parcel is not read-only")
	}
}

// Defect 9, on the Inspect screen: the buttons show their keys, Enter
// confirms discarding a wrong scan and Esc keeps it, and a dialog of the
// screen closes when another screen opens.
func TestKeysOnTheInspectScreen(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ000000009")
	for b, key := range map[*button]string{s.clearBt: "Alt+C", s.holdBt: "Alt+H", s.refuseBt: "Alt+R", s.nextBt: "Alt+N", s.discard: "Alt+D"} {
		if !strings.Contains(b.Text, key) {
			t.Errorf("button %q does not show %s", b.Text, key)
		}
	}
	id := s.in.ID
	altKey(h.w, fyne.KeyD)
	press(h.w, fyne.KeyEscape)
	if s.in == nil || s.discardStep.Visible() {
		t.Fatal("Esc did not keep the scan")
	}
	altKey(h.w, fyne.KeyD)
	press(h.w, fyne.KeyReturn)
	if s.in != nil {
		t.Fatal("Enter did not discard the wrong scan")
	}
	if _, err := h.st.Inspection(bg, h.user, id); err == nil {
		t.Error("the discarded draft is still stored")
	}
	// A dialog goes when the screen does.
	var check func() bool
	s.watchDialog = func(c func() bool) { check = c }
	h.scan("TZ000000010")
	test.Tap(s.photos.attach)
	if h.w.Canvas().Overlays().Top() == nil || check == nil {
		t.Fatal("the file dialog did not open, or nothing watches it")
	}
	if check() || h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the dialog closed while the screen was still shown")
	}
	h.shown = false // another screen opens (Alt+3)
	if !check() || h.w.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed over the next screen")
	}
}

// The supervisor's strict setting: Clear of a parcel with no ID is then
// refused at the counter instead of asking for a reason.
func TestStrictSettingBlocksClearWithoutID(t *testing.T) {
	h := newHarness(t)
	h.user = h.sup
	s := h.open()
	var strict *widget.Check
	walk(s.content, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == i18n.T("counter.strict_setting") {
			strict = c
		}
	})
	if strict == nil {
		t.Fatal("no strict setting for the supervisor")
	}
	test.Tap(strict)
	if !h.st.CounterStrict(bg) {
		t.Fatal("the setting was not saved")
	}
	h.scan("TZ000000011")
	altKey(h.w, fyne.KeyC)
	if s.in.Status != inspect.StatusDraft || s.clearStep.reason.Visible() || s.clearStep.title.Text != i18n.T("counter.clear.blocked_strict") {
		t.Errorf("strict: status %q, step %q", s.in.Status, s.clearStep.title.Text)
	}
}

// A scan that arrives slowly (a loaded machine) into the clear step's
// reason is the next parcel, never the reason for clearing this one.
func TestSlowScanIntoTheClearReasonIsNotAReason(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ000000012")
	first := s.in.ID
	altKey(h.w, fyne.KeyC)
	if h.w.Canvas().Focused() != s.clearStep.reason {
		t.Fatal("the clear step did not open")
	}
	h.s.clock = humanClock() // as slow as a person
	typeHere(h.w, "TZ000000013")
	press(h.w, fyne.KeyReturn)
	if s.in.ID == first || s.in.Parcel.Waybill != "TZ000000013" {
		t.Fatalf("the scan did not open the next parcel: %s %s", s.in.ID, s.in.Parcel.Waybill)
	}
	saved, _ := h.st.Inspection(bg, h.user, first)
	if saved.Status != inspect.StatusDraft {
		t.Errorf("the first parcel was %s with the waybill as its reason", saved.Status)
	}
}
