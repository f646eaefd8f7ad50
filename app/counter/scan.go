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
)

// Recogniser tells a scanner's burst from a person typing, so a scan is
// never lost in whatever field has the focus.
type Recogniser struct {
	// MaxGap is the longest pause between two characters of one burst,
	// and between the last character and Enter. Zero: DefaultMaxGap.
	MaxGap time.Duration
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
// burst (every gap, Enter included, at most MaxGap, at least MinLen
// characters) or matching a named courier's format whole.
func (r Recogniser) Recognise(keys []Keystroke, enter time.Time) (waybill string, n int, ok bool) {
	maxGap, minLen := r.MaxGap, r.MinLen
	if maxGap <= 0 {
		maxGap = DefaultMaxGap
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
	burst, next := 0, enter
	for i := len(keys) - 1; i >= len(keys)-run; i-- {
		gap := next.Sub(keys[i].At)
		if gap < 0 || gap > maxGap {
			break
		}
		burst++
		next = keys[i].At
	}
	if burst >= minLen {
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
