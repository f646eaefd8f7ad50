package inspect

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Check names for WaybillPattern.Check.
const (
	CheckNone   = ""
	CheckUPUS10 = "upu_s10" // UPU S10 check digit on digits 3–10
)

// WaybillPattern is one courier's waybill number format. Regex must match
// the whole cleaned number (it is anchored for you). Check names an extra
// check-digit rule, when the format has one.
type WaybillPattern struct {
	Courier string `json:"courier"`
	Name    string `json:"name"`
	Regex   string `json:"regex"`
	Check   string `json:"check,omitempty"`
	// Examples are the numbers a supervisor derived the format from, kept
	// to test it again when it is edited.
	Examples []string `json:"examples,omitempty"`
}

// Waybills is a compiled, ordered list of waybill patterns.
type Waybills struct {
	pats []compiledPattern
}

type compiledPattern struct {
	WaybillPattern
	re *regexp.Regexp
}

// CompilePatterns compiles patterns in order. A pattern that does not
// compile, or names an unknown check, is left out and reported; the others
// still work.
func CompilePatterns(ps []WaybillPattern) (*Waybills, []error) {
	w := &Waybills{}
	var errs []error
	for i, p := range ps {
		if p.Check != CheckNone && p.Check != CheckUPUS10 {
			errs = append(errs, fmt.Errorf("waybill pattern %d (%s): unknown check %q", i, p.Name, p.Check))
			continue
		}
		re, err := regexp.Compile(`^(?:` + p.Regex + `)$`)
		if err != nil {
			errs = append(errs, fmt.Errorf("waybill pattern %d (%s): %w", i, p.Name, err))
			continue
		}
		w.pats = append(w.pats, compiledPattern{p, re})
	}
	return w, errs
}

// Waybill problem codes (i18n keys).
const (
	ErrWaybillMissing    = "inspect.waybill.err.missing"
	ErrWaybillFormat     = "inspect.waybill.err.format"      // no pattern matches
	ErrWaybillCheckDigit = "inspect.waybill.err.check_digit" // shaped like a checked format, wrong check digit
)

// Check returns the first pattern a cleaned number matches, or a problem
// code. A number that has the shape of a pattern with a check digit but
// fails the check stops there: a mistyped postal number must not slip
// through as a generic one.
func (w *Waybills) Check(number string) (WaybillPattern, string) {
	if number == "" {
		return WaybillPattern{}, ErrWaybillMissing
	}
	if w != nil {
		for _, p := range w.pats {
			if !p.re.MatchString(number) {
				continue
			}
			if p.Check == CheckUPUS10 && !ValidS10(number) {
				return WaybillPattern{}, ErrWaybillCheckDigit
			}
			return p.WaybillPattern, ""
		}
	}
	return WaybillPattern{}, ErrWaybillFormat
}

// Match returns the courier of the first pattern number matches. number
// should be cleaned with CleanWaybill first. ok with an empty courier means
// the number is well formed but only a generic pattern knows it.
func (w *Waybills) Match(number string) (courier string, ok bool) {
	p, problem := w.Check(number)
	return p.Courier, problem == ""
}

// aimPrefix is an AIM symbology identifier that some scanners send before
// the data: "]", a code character and a modifier (]C1 GS1-128, ]Q3 QR,
// ]d2 Data Matrix, ]E0 EAN-13 …).
var aimPrefix = regexp.MustCompile(`^\][A-Za-z][0-9A-Za-z]`)

// CleanWaybill turns scanned or typed input into the number to match:
// full-width characters folded (typed with a CJK input method), a leading
// AIM symbology identifier removed, all whitespace and control characters
// (CR, LF, tab, GS) removed, upper case.
func CleanWaybill(s string) string {
	s = width.Fold.String(s)
	s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	s = aimPrefix.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\ufeff' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
	return s
}

// s10Weights are the UPU S10 weights for the eight serial digits.
var s10Weights = [8]int{8, 6, 4, 2, 3, 5, 9, 7}

// S10CheckDigit computes the UPU S10 check digit of an eight-digit serial
// number: 11 − (weighted sum mod 11), where 10 becomes 0 and 11 becomes 5.
func S10CheckDigit(serial string) (byte, bool) {
	if len(serial) != 8 || !allDigits(serial) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(serial[i]-'0') * s10Weights[i]
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return byte('0' + c), true
}

// ValidS10 reports whether s is a UPU S10 item identifier: two service
// letters, eight serial digits, the check digit and a two-letter country
// code, e.g. "RR123456785CN".
func ValidS10(s string) bool {
	if len(s) != 13 {
		return false
	}
	for _, i := range []int{0, 1, 11, 12} {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	c, ok := S10CheckDigit(s[2:10])
	return ok && s[10] == c
}

// DefaultWaybillPatterns are the formats this package is sure of: the UPU
// S10 identifier used by postal operators (EMS and registered mail), then a
// generic 8–30 letters and digits that any courier's number fits. Courier
// formats belong in the content pack, where they can be checked and
// updated.
func DefaultWaybillPatterns() []WaybillPattern {
	return []WaybillPattern{
		{Courier: "upu", Name: "UPU S10", Regex: `[A-Z]{2}[0-9]{9}[A-Z]{2}`, Check: CheckUPUS10},
		{Courier: "", Name: "generic", Regex: `[0-9A-Z]{8,30}`},
	}
}
