package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tusk/app/inspect"
	"tusk/app/store"
	"tusk/i18n"
)

// A supervisor pastes example waybills of a courier, derives the format,
// sees it and how the examples and a typed number fare, and is warned
// that the built-in catch-all lets almost anything through.
func TestWaybillFormatFromExamples(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.section(Counter)
	f := s.counter
	if len(f.formats) != 2 {
		t.Fatalf("built-in formats: %d rows", len(f.formats))
	}
	generic := f.formats[1]
	if !strings.Contains(generic.breadth.Text, "Too broad: it accepts 100% of random") {
		t.Errorf("the catch-all is not flagged as too broad: %q", generic.breadth.Text)
	}
	if strings.Contains(f.formats[0].breadth.Text, "Too broad") {
		t.Errorf("UPU S10 flagged as broad: %q", f.formats[0].breadth.Text)
	}

	test.Tap(f.addFmt)
	r := f.formats[2]
	test.Type(r.courier, "jd")
	test.Type(r.name, "JD Logistics")
	r.examples.SetText("JD0012345678901\njd0098765432109\n JD0055555555555")
	test.Tap(r.derive)
	if r.regex.Text != `JD00[0-9]{11}` {
		t.Errorf("derived %q", r.regex.Text)
	}
	if !h.sees(`JD00[0-9]{11}`) || r.fits.Text != "All 3 examples fit." || !strings.HasPrefix(r.breadth.Text, "Narrow enough") {
		t.Errorf("derived format shown as %q / %q", r.fits.Text, r.breadth.Text)
	}
	// A typed test number: the new format knows it, a mistyped one
	// falls to the catch-all, and with the catch-all gone it is flagged.
	test.Type(f.try, "JD0011112222333")
	if f.tried.Text != "JD0011112222333 fits JD Logistics jd." {
		t.Errorf("try: %q", f.tried.Text)
	}
	test.Tap(generic.remove)
	f.try.SetText("JD001111222233")
	if !strings.Contains(f.tried.Text, "would be flagged at the counter") {
		t.Errorf("try after removing the catch-all: %q", f.tried.Text)
	}
	// An advanced user narrows the pattern by hand: an example that no
	// longer fits is shown, and Save refuses until it is mended.
	r.regex.SetText(`JD001[0-9]{10}`)
	if !strings.Contains(r.fits.Text, "2 of 3 examples do not fit: JD0098765432109, JD0055555555555") {
		t.Errorf("misfits: %q", r.fits.Text)
	}
	test.Tap(f.save)
	if !r.problem.Visible() || f.done.Text != i18n.T("settings2.not_saved") {
		t.Fatalf("saved a format that refuses its own examples: %q", f.done.Text)
	}
	test.Tap(r.derive)
	test.Tap(f.save)
	if f.done.Text != "Saved." && f.done.Text != i18n.T("common.saved") {
		t.Fatalf("not saved: %q / %q", f.done.Text, r.problem.Text)
	}
	v, _ := h.st.Setting(bg, store.SettingWaybillPatterns)
	var ps []inspect.WaybillPattern
	if err := json.Unmarshal([]byte(v), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[1].Courier != "jd" || ps[1].Regex != `JD00[0-9]{11}` || len(ps[1].Examples) != 3 || ps[0].Check != inspect.CheckUPUS10 {
		t.Errorf("saved %+v", ps)
	}
	// The counter now flags what the catch-all let through.
	w, _ := inspect.CompilePatterns(h.st.WaybillPatterns(bg))
	if _, problem := w.Check("ABCDEFGH1234"); problem != inspect.ErrWaybillFormat {
		t.Errorf("a random number is not flagged at the counter: %q", problem)
	}
	// Opened again, the examples are back and still fit.
	h.s = nil
	s = h.open()
	h.section(Counter)
	if r := s.counter.formats[1]; r.examples.Text != "JD0012345678901\nJD0098765432109\nJD0055555555555" || r.fits.Text != "All 3 examples fit." {
		t.Errorf("reopened: %q / %q", r.examples.Text, r.fits.Text)
	}
}

// Postal numbers with a valid UPU check digit derive the S10 format with
// its check, and a mistyped check digit is caught when tried.
func TestWaybillFormatKnowsS10CheckDigit(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.section(Counter)
	f := s.counter
	test.Tap(f.addFmt)
	r := f.formats[len(f.formats)-1]
	r.examples.SetText("RR123456785CN\nEE987654326CN")
	test.Tap(r.derive)
	if r.regex.Text != `[A-Z]{2}[0-9]{9}CN` || !r.s10.Checked {
		t.Errorf("derived %q, S10 check %t", r.regex.Text, r.s10.Checked)
	}
	f.formats = f.formats[2:] // this format alone
	test.Type(f.try, "RR123456784CN")
	if !strings.Contains(f.tried.Text, i18n.T(inspect.ErrWaybillCheckDigit)) {
		t.Errorf("wrong check digit: %q", f.tried.Text)
	}
}

// A broken regular expression typed by hand is said so at its format.
func TestWaybillPatternTypedByHand(t *testing.T) {
	h := newHarness(t)
	s := h.open()
	h.section(Counter)
	r := s.counter.formats[1]
	r.regex.SetText(`[0-9`)
	if !r.problem.Visible() || !strings.Contains(r.problem.Text, "not a valid regular expression") {
		t.Errorf("broken pattern: %q", r.problem.Text)
	}
	test.Tap(s.counter.save)
	if v, _ := h.st.Setting(bg, store.SettingWaybillPatterns); v != "" {
		t.Errorf("a broken pattern was saved: %s", v)
	}
}
