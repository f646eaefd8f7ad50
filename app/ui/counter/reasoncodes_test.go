package counter

import (
	"testing"

	"fyne.io/fyne/v2"

	"tusk/app/caserecord"
	"tusk/app/inspect"
	"tusk/i18n"
)

// Issue 13: the proposed reason was stored as text in the inspector's
// language, so an English supervisor read Chinese. Left as proposed, it
// is stored as codes and reads in each reader's language. (With the text
// stored as typed, Reason is the English words and ReasonKey is empty.)
func TestProposedReasonStoredAsCodes(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.scan("TZ123456790")
	h.typeFocused(goodNIDA)
	answerYes(t, s, "waybill-prohibited")
	altKey(h.w, fyne.KeyP)
	proposed := s.decide.reason.Text
	press(h.w, fyne.KeyReturn)
	if s.in.Status != inspect.StatusRefusedPostal {
		t.Fatalf("status %q", s.in.Status)
	}
	saved, err := h.st.Inspection(bg, h.user, s.in.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := saved.Decision
	if d.Reason != "" || d.ReasonKey != "postal.default_reason" || len(d.ReasonRules) == 0 {
		t.Fatalf("decision reason %q key %q rules %v", d.Reason, d.ReasonKey, d.ReasonRules)
	}
	if en := caserecord.DecisionReason(i18n.New("en"), s.pack(), d); en != proposed {
		t.Errorf("English reader sees %q, the inspector was proposed %q", en, proposed)
	}
	if zh := caserecord.DecisionReason(i18n.New("zh"), s.pack(), d); zh == proposed || zh == "" {
		t.Errorf("Chinese reader sees %q", zh)
	}
}
