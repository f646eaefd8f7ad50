package counter

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tusk/app/inspect"
	"tusk/app/sop"
	"tusk/app/store"
	"tusk/i18n"
)

// answerYes answers a checklist item yes, opening its section first.
func answerYes(t *testing.T, s *Screen, item string) {
	t.Helper()
	for _, g := range s.groups {
		for _, it := range g.items {
			if it.ID != item {
				continue
			}
			if !g.box.Visible() {
				test.Tap(g.head)
			}
			rg := s.checks[item]
			rg.SetSelected(rg.Options[0])
			return
		}
	}
	t.Fatalf("checklist item %s not on the screen", item)
}

// headerReasons is the text of the reasons the triage header shows.
func headerReasons(s *Screen) string {
	var out []string
	for _, o := range s.reasons.Objects {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// A power bank: the rules suggest refusing it under the postal rules. The
// screen offers "Refuse (postal rules)" with Alt+P, asks only for the
// reason (filled in), and records it with no case; Refuse and refer stays
// there for an inspector who sees wildlife signs.
func TestRefusePostalAtTheCounter(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456790")
	h.typeFocused(goodNIDA)
	if s.postalBt.Visible() {
		t.Fatal("postal refusal offered before the rules suggest it")
	}
	answerYes(t, s, "waybill-prohibited")
	if s.in.Assessment == nil || s.in.Assessment.Action != inspect.ActionRefusePostal {
		t.Fatalf("assessment %+v", s.in.Assessment)
	}
	if !s.postalBt.Visible() || s.postalBt.Disabled() || !strings.Contains(s.postalBt.Text, i18n.T("postal.refuse")) ||
		!strings.Contains(s.postalBt.Text, "Alt+P") {
		t.Fatalf("postal button: visible %v, %q", s.postalBt.Visible(), s.postalBt.Text)
	}
	if !s.refuseBt.Visible() || s.refuseBt.Disabled() {
		t.Fatal("Refuse and refer not available beside the postal refusal")
	}
	if !strings.Contains(s.risk.Text, i18n.T("inspect.suggest.refuse_postal")) {
		t.Errorf("header says %q", s.risk.Text)
	}

	// Refuse and refer still opens its sealed form.
	altKey(h.w, fyne.KeyR)
	if !s.decide.box.Visible() || s.decide.action != inspect.ActionRefuse || !s.decide.sealed[0].Visible() {
		t.Fatal("Refuse and refer form not open with its seals")
	}
	press(h.w, fyne.KeyEscape)

	altKey(h.w, fyne.KeyP)
	f := s.decide
	if !f.box.Visible() || f.action != inspect.ActionRefusePostal || h.w.Canvas().Focused() != f.reason {
		t.Fatal("postal form not open on its reason")
	}
	if f.sealed[0].Visible() || f.sealed[1].Visible() {
		t.Error("the postal refusal asks for seals or storage")
	}
	if f.title.Text != i18n.T("postal.title") || !strings.HasPrefix(f.reason.Text, i18n.T("postal.default_reason")) {
		t.Errorf("title %q, reason %q", f.title.Text, f.reason.Text)
	}
	// An empty reason is refused at the field.
	f.reason.SetText("")
	press(h.w, fyne.KeyReturn)
	if s.in.Status != inspect.StatusDraft || f.fields["reason"].Err.Text != i18n.T("postal.err.reason") {
		t.Fatalf("empty reason: status %q, error %q", s.in.Status, f.fields["reason"].Err.Text)
	}
	test.Type(f.reason, "Lithium power bank, 20000 mAh")
	press(h.w, fyne.KeyReturn)
	if s.in.Status != inspect.StatusRefusedPostal {
		t.Fatalf("status %q", s.in.Status)
	}
	saved, err := h.st.Inspection(bg, h.user, s.in.ID)
	if err != nil || saved.Decision == nil || saved.Decision.Action != inspect.ActionRefusePostal ||
		saved.Decision.Reason != "Lithium power bank, 20000 mAh" {
		t.Fatalf("saved %+v %v", saved, err)
	}
	if _, err := h.st.CaseOf(bg, h.user, s.in.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a case for a power bank: %v", err)
	}
	if !strings.Contains(s.result.Text, i18n.T("inspect.status.refused_postal")) ||
		!strings.Contains(s.result.Text, "Lithium power bank") {
		t.Errorf("result %q", s.result.Text)
	}
	for _, b := range []*button{s.postalBt, s.refuseBt, s.holdBt, s.clearBt} {
		if !b.Disabled() {
			t.Errorf("%q still on after the decision", b.Text)
		}
	}
	if h.w.Canvas().Focused() != s.waybill {
		t.Error("focus not back on the scan field")
	}
	s.refreshToday()
	if !strings.Contains(s.todayCount.Text, i18n.T("postal.today_count", "N", 1)) {
		t.Errorf("today's counts %q", s.todayCount.Text)
	}
}

// An ID's typed expiry date: checked at its own field, saved with the
// draft, and an expired document shows the id.expired reason in the
// triage header.
func TestIDExpiryField(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456790")
	h.typeFocused(goodNIDA)
	f := s.parties[inspect.RoleSender]
	test.Type(f.expiry, "2031-13-01")
	if !f.fields["expiry"].Err.Visible() || f.fields["expiry"].Err.Text != i18n.T("postal.id.err.expiry") {
		t.Fatalf("bad expiry not marked at its field: %q", f.fields["expiry"].Err.Text)
	}
	if f.fields["number"].Err.Visible() {
		t.Errorf("bad expiry marked at the number: %q", f.fields["number"].Err.Text)
	}
	f.expiry.SetText("")
	test.Type(f.expiry, "2020-01-31")
	if f.fields["expiry"].Err.Visible() {
		t.Errorf("a good date marked: %q", f.fields["expiry"].Err.Text)
	}
	saved, _ := h.st.Inspection(bg, h.user, s.in.ID)
	if p := saved.Party(inspect.RoleSender); p == nil || p.ID == nil || p.ID.Expiry != "2020-01-31" {
		t.Fatalf("expiry not saved: %+v", p)
	}
	var rule *sop.Rule
	if p := h.live.Current(); p != nil {
		rule = p.RuleByID["id-expired"]
	}
	if rule == nil {
		t.Fatal("no id-expired rule in the pack")
	}
	if !strings.Contains(headerReasons(s), rule.Explain.In("en")) {
		t.Errorf("header reasons %q lack the expired document", headerReasons(s))
	}
	// Reopened, the form shows the date again.
	h.s.next()
	s.reopen(saved.ID)
	if f := s.parties[inspect.RoleSender]; f.expiry.Text != "2020-01-31" {
		t.Errorf("reopened expiry %q", f.expiry.Text)
	}
}
