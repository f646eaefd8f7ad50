package counter

import (
	"testing"
	"time"
	"unicode/utf8"

	"tusk/app/inspect"
)

// typed turns text into keystrokes gap apart, the first at t0.
func typed(t0 time.Time, gap time.Duration, text string) []Keystroke {
	var ks []Keystroke
	for _, r := range text {
		ks = append(ks, Keystroke{Rune: r, At: t0})
		t0 = t0.Add(gap)
	}
	return ks
}

func last(ks []Keystroke) time.Time { return ks[len(ks)-1].At }

func TestRecognise(t *testing.T) {
	sf, _ := inspect.CompilePatterns(append([]inspect.WaybillPattern{{Courier: "SF", Name: "SF Express", Regex: `SF[0-9]{10}`}},
		inspect.DefaultWaybillPatterns()...))
	r := Recogniser{Formats: sf}
	human := 150 * time.Millisecond
	scanner := 5 * time.Millisecond
	t0 := now
	// A name typed by a person, then a scan into the same field.
	mixed := append(typed(t0, human, "张伟"), typed(t0.Add(2*time.Second), scanner, "SF1400000025")...)
	for _, tc := range []struct {
		name  string
		keys  []Keystroke
		enter time.Duration // after the last key
		want  string
		n     int
	}{
		{"a scanner's burst", typed(t0, scanner, "JD0012345678901"), scanner, "JD0012345678901", 15},
		{"a scan after a name in the same field", mixed, scanner, "SF1400000025", 12},
		{"a person typing a generic number", typed(t0, human, "JD0012345678901"), human, "", 0},
		{"a person typing a courier format", typed(t0, human, "sf1400000025"), human, "SF1400000025", 12},
		{"a person typing an ID number", typed(t0, human, "19850315123450000125"), human, "", 0},
		{"a burst too short to be a waybill", typed(t0, scanner, "ABC12"), scanner, "", 0},
		{"a burst, then a pause before Enter", typed(t0, scanner, "JD0012345678901"), time.Second, "", 0},
		{"a valid S10 typed slowly", typed(t0, human, "RR123456785CN"), human, "RR123456785CN", 13},
		{"a name only", typed(t0, scanner, "Juma Hassan"), scanner, "", 0},
		{"nothing", nil, 0, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enter := t0
			if len(tc.keys) > 0 {
				enter = last(tc.keys).Add(tc.enter)
			}
			got, n, ok := r.Recognise(tc.keys, enter)
			if got != tc.want || n != tc.n || ok != (tc.want != "") {
				t.Errorf("Recognise = %q, %d, %v; want %q, %d", got, n, ok, tc.want, tc.n)
			}
		})
	}
}

// FuzzRecognise: never panics, never claims more keystrokes than typed,
// and what it returns is the cleaned tail of what was typed.
func FuzzRecognise(f *testing.F) {
	f.Add("SF1400000025", uint8(5), uint8(5))
	f.Add("张伟SF1400000025", uint8(120), uint8(3))
	f.Add("]C1RR123456785CN", uint8(1), uint8(1))
	f.Add("", uint8(0), uint8(0))
	pats, _ := inspect.CompilePatterns(append([]inspect.WaybillPattern{{Courier: "SF", Name: "SF", Regex: `SF[0-9]{10}`}},
		inspect.DefaultWaybillPatterns()...))
	f.Fuzz(func(t *testing.T, text string, gapMs, enterMs uint8) {
		if !utf8.ValidString(text) {
			return
		}
		keys := typed(now, time.Duration(gapMs)*time.Millisecond, text)
		enter := now
		if len(keys) > 0 {
			enter = last(keys).Add(time.Duration(enterMs) * time.Millisecond)
		}
		wb, n, ok := Recogniser{Formats: pats}.Recognise(keys, enter)
		if n < 0 || n > len(keys) || ok != (n > 0) || ok != (wb != "") {
			t.Fatalf("Recognise(%q) = %q, %d, %v", text, wb, n, ok)
		}
		if ok && inspect.CleanWaybill(runesOf(keys[len(keys)-n:])) != wb {
			t.Fatalf("waybill %q is not the cleaned tail of %q", wb, text)
		}
	})
}
