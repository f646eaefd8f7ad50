package counter

import (
	"time"
	"unicode"

	"tusk/app/inspect"
)

// Keystroke is one character typed into a field, with when it arrived.
type Keystroke struct {
	Rune rune
	At   time.Time
}

// Defaults of the scan recogniser. A USB scanner types a character every
// 1–15 ms; a fast typist needs 60 ms or more between keys, and nobody
// types eight characters in a row at under 35 ms each.
const (
	DefaultMaxGap = 35 * time.Millisecond
	DefaultMinLen = 8
	// DefaultEnterGap is the longest pause between a burst and its Enter:
	// some scanners, and a scanner simulated from a script, send the Enter
	// as a separate report a little later. The burst itself is the proof.
	DefaultEnterGap = 250 * time.Millisecond
	// DefaultLeadGap is the longest pause before a burst's first
	// characters that still counts them in: a scanner's first character
	// can lag while the system maps its keys. A person rarely types a
	// letter or digit that close before a scan.
	DefaultLeadGap = 100 * time.Millisecond
)

// Recogniser tells a scanner's burst from a person typing, so a scan is
// never lost in whatever field has the focus.
type Recogniser struct {
	// MaxGap is the longest pause between two characters of one burst.
	// Zero: DefaultMaxGap.
	MaxGap time.Duration
	// EnterGap is the longest pause between the burst's last character
	// and Enter. Zero: DefaultEnterGap.
	EnterGap time.Duration
	// LeadGap is the longest pause before the burst's first characters
	// that still joins them to it. Zero: DefaultLeadGap.
	LeadGap time.Duration
	// MinLen is the fewest characters a burst needs. Zero: DefaultMinLen.
	MinLen int
	// Formats are the couriers' waybill formats. A number typed at any
	// speed that matches a format with a named courier is a scan too.
	Formats *inspect.Waybills
}

// Recognise looks at the characters typed into one field, oldest first,
// when Enter arrives at enter. When they end with a scan it returns the
// cleaned waybill and how many of the last keystrokes were the scan (to
// take them out of the field again); otherwise ok is false.
//
// A scan is the trailing run of letters and digits either typed as a
// burst (every gap at most MaxGap, at least MinLen characters, Enter at
// most EnterGap after the last) or matching a named courier's format
// whole.
func (r Recogniser) Recognise(keys []Keystroke, enter time.Time) (waybill string, n int, ok bool) {
	maxGap, minLen, enterGap := r.MaxGap, r.MinLen, r.EnterGap
	if maxGap <= 0 {
		maxGap = DefaultMaxGap
	}
	if enterGap <= 0 {
		enterGap = DefaultEnterGap
	}
	if minLen <= 0 {
		minLen = DefaultMinLen
	}
	// The trailing run of characters a waybill can hold.
	run := 0
	for i := len(keys) - 1; i >= 0 && waybillRune(keys[i].Rune); i-- {
		run++
	}
	if run == 0 {
		return "", 0, false
	}
	// The burst: the trailing keystrokes that came fast, up to Enter.
	burst, next, limit := 0, enter, enterGap
	for i := len(keys) - 1; i >= len(keys)-run; i-- {
		gap := next.Sub(keys[i].At)
		if gap < 0 || gap > limit {
			break
		}
		limit = maxGap
		burst++
		next = keys[i].At
	}
	if burst >= minLen {
		// A lagging first character or two still belongs to the scan.
		lead := r.LeadGap
		if lead <= 0 {
			lead = DefaultLeadGap
		}
		for i := len(keys) - burst - 1; i >= len(keys)-run; i-- {
			if gap := keys[i+1].At.Sub(keys[i].At); gap < 0 || gap > lead {
				break
			}
			burst++
		}
		if wb := inspect.CleanWaybill(runesOf(keys[len(keys)-burst:])); wb != "" {
			return wb, burst, true
		}
	}
	// Typed at any speed, a named courier's format is a scan too.
	if r.Formats != nil {
		for start := len(keys) - run; start < len(keys); start++ {
			wb := inspect.CleanWaybill(runesOf(keys[start:]))
			if p, problem := r.Formats.Check(wb); problem == "" && p.Courier != "" {
				return wb, len(keys) - start, true
			}
		}
	}
	return "", 0, false
}

func waybillRune(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-'
}

func runesOf(ks []Keystroke) string {
	out := make([]rune, len(ks))
	for i, k := range ks {
		out[i] = k.Rune
	}
	return string(out)
}

// LooksLikeWaybill reports whether a whole field's text is one waybill
// number and nothing else: 8 to 30 letters and digits, at least 6 of them
// digits, no spaces. A free-text field (a reason) holding only that was
// scanned into, whatever the typing speed.
func LooksLikeWaybill(text string) bool {
	wb := inspect.CleanWaybill(text)
	if len(wb) < 8 || len(wb) > 30 || len([]rune(text)) > len(wb)+2 {
		return false
	}
	digits := 0
	for _, r := range wb {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z', r == '-':
		default:
			return false
		}
	}
	return digits >= 6
}
